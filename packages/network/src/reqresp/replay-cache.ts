/**
 * The replay cache (DESIGN §4): a request's (sender, nonce) is remembered until the request
 * expires, so a captured frame is refused the second time. Requests expire within
 * REQRESP_LIMITS.requestTtlMs (plus the clock skew), so entries leave on their own; the cache is
 * still capped, and when full of live entries it refuses new requests rather than forget a nonce
 * that could then be replayed.
 */

/** Most remembered nonces: far above what the rate limits admit in one request lifetime. */
export const REPLAY_CACHE_MAX = 100_000

export type ReplayCheck = 'fresh' | 'replayed' | 'full'

export class ReplayCache {
  readonly #expiry = new Map<string, number>()
  readonly #max: number

  constructor(max = REPLAY_CACHE_MAX) {
    this.#max = max
  }

  /** Records `key` (sender ‖ nonce) until `expiresAt`; says whether it was fresh. */
  check(key: string, expiresAt: number, now: number): ReplayCheck {
    const seen = this.#expiry.get(key)
    if (seen !== undefined && seen > now) return 'replayed'
    if (this.#expiry.size >= this.#max) {
      for (const [k, exp] of this.#expiry) if (exp <= now) this.#expiry.delete(k)
      if (this.#expiry.size >= this.#max) return 'full'
    }
    this.#expiry.set(key, expiresAt)
    return 'fresh'
  }

  get size(): number {
    return this.#expiry.size
  }
}
