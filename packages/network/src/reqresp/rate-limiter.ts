/**
 * GCRA (generic cell rate algorithm) rate limiter per key (DESIGN §4, STYLE: "GCRA is small and
 * exact"). A quota of `maxTokens` per `byTimeMs` admits a burst of `maxTokens` and then one token
 * every `byTimeMs / maxTokens`. The server keys it by peer × protocol; clients keep the same quota
 * for each server to throttle themselves. Only one number per key is kept (the theoretical arrival
 * time), and keys whose time has passed are pruned, so memory is bounded by active keys.
 */

/** A quota: at most `maxTokens` per `byTimeMs`, bursts included. */
export interface Quota {
  maxTokens: number
  byTimeMs: number
}

/** How many keys to hold before pruning idle ones (each key is one map entry). */
const PRUNE_AT_KEYS = 4096

export class GcraLimiter {
  readonly #tat = new Map<string, number>()
  readonly #now: () => number

  /** `now` is a monotonic clock in ms (wall-clock steps must not refill or drain a quota). */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now
  }

  /**
   * Takes `tokens` for `key` if the quota allows it now; returns 0 when allowed, else how many ms
   * to wait before the same request would be allowed (nothing is taken then). `slackMs` tightens
   * the burst tolerance: a client keeps that margin so a request delayed on the way still fits the
   * server's count.
   */
  take(key: string, quota: Quota, tokens = 1, slackMs = 0): number {
    const now = this.#now()
    const interval = quota.byTimeMs / quota.maxTokens
    const tat = Math.max(this.#tat.get(key) ?? now, now)
    // A cost above the burst could never pass; it is charged as a full burst instead.
    const next = tat + interval * Math.min(tokens, quota.maxTokens)
    // Sub-microsecond remainders are floating-point noise from the monotonic clock's fractions.
    const wait = tat - now + interval * Math.min(tokens, quota.maxTokens) - (quota.byTimeMs - slackMs)
    if (wait > 1e-6) return Math.ceil(wait)
    if (!this.#tat.has(key) && this.#tat.size >= PRUNE_AT_KEYS) this.#prune(now)
    this.#tat.set(key, next)
    return 0
  }

  /** Number of keys held (for tests and metrics). */
  get size(): number {
    return this.#tat.size
  }

  #prune(now: number): void {
    for (const [key, tat] of this.#tat) if (tat <= now) this.#tat.delete(key)
  }
}
