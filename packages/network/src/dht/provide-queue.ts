/**
 * A bounded, rate-capped queue of DHT provide operations (DESIGN §8 Kad-DHT). Each provide is a
 * DHT query plus an ADD_PROVIDER to the closest peers (each of which writes a record), so a node
 * announcing everything it receives at gossip rate spends more on the DHT than on gossip. Here:
 *
 * - a token bucket caps provides started per second (`ratePerSecond`, bursts of `burst`), with at
 *   most `concurrency` in flight;
 * - a key queued or provided recently (the last `recent` keys) is not queued again (coalescing);
 * - two lanes: `urgent` (what this node publishes or serves) before `sample` (held tasks walked a
 *   page at a time); at most `capacity` keys wait, a full queue drops the oldest sample first and
 *   never grows — a dropped key is not marked provided, so the next pass over held tasks offers
 *   it again.
 */
import { LRUCache } from 'lru-cache'

/** Which lane a key waits in. */
export type ProvideLane = 'urgent' | 'sample'

/** The queue's limits. */
export interface ProvideQueueInit {
  /** Provides started per second at most (default 4). */
  ratePerSecond?: number
  /** Provides that may start back to back after a quiet spell (default 8). */
  burst?: number
  /** Provides in flight at once (default 2). */
  concurrency?: number
  /** Keys waiting at most (default 512). */
  capacity?: number
  /** Keys remembered as provided, so they are not queued again (default 8,192). */
  recent?: number
  /** Monotonic clock in ms (tests). */
  now?: () => number
}

/** Counts of what the queue did (tests and metrics). */
export interface ProvideCounts {
  queued: number
  coalesced: number
  dropped: number
  started: number
  failed: number
}

interface Job<T> {
  key: string
  item: T
}

export const PROVIDE_RATE_PER_SECOND = 4
export const PROVIDE_BURST = 8
export const PROVIDE_CONCURRENCY = 2
export const PROVIDE_CAPACITY = 512
export const PROVIDE_RECENT = 8_192

/** See the file comment. `run` performs one provide; a rejection un-marks the key. */
export class ProvideQueue<T> {
  readonly #run: (item: T) => Promise<void>
  readonly #rate: number
  readonly #burst: number
  readonly #concurrency: number
  readonly #capacity: number
  readonly #now: () => number
  readonly #lanes: Record<ProvideLane, Job<T>[]> = { urgent: [], sample: [] }
  /** Keys waiting, in flight, or provided recently. */
  readonly #known: LRUCache<string, true>
  readonly counts: ProvideCounts = { queued: 0, coalesced: 0, dropped: 0, started: 0, failed: 0 }
  #tokens: number
  #refilledAt: number
  #running = 0
  #timer: NodeJS.Timeout | null = null
  #closed = false

  constructor(run: (item: T) => Promise<void>, init: ProvideQueueInit = {}) {
    this.#run = run
    this.#rate = init.ratePerSecond ?? PROVIDE_RATE_PER_SECOND
    this.#burst = init.burst ?? PROVIDE_BURST
    this.#concurrency = init.concurrency ?? PROVIDE_CONCURRENCY
    this.#capacity = init.capacity ?? PROVIDE_CAPACITY
    this.#now = init.now ?? (() => performance.now())
    this.#known = new LRUCache({ max: Math.max(init.recent ?? PROVIDE_RECENT, this.#capacity) })
    this.#tokens = this.#burst
    this.#refilledAt = this.#now()
  }

  /** Keys waiting to start. */
  get waiting(): number {
    return this.#lanes.urgent.length + this.#lanes.sample.length
  }

  /** Provides in flight. */
  get running(): number {
    return this.#running
  }

  /** True when `key` waits, runs or was provided recently. */
  has(key: string): boolean {
    return this.#known.has(key)
  }

  /** Queues a provide unless the key is known; returns false when coalesced or dropped. */
  add(key: string, item: T, lane: ProvideLane): boolean {
    if (this.#closed) return false
    if (this.#known.has(key)) {
      this.counts.coalesced++
      return false
    }
    if (this.waiting >= this.#capacity) {
      // Full: make room by dropping the oldest sample, else refuse a sample; an urgent key drops
      // the oldest urgent one (the newest announcement matters most).
      const victim =
        this.#lanes.sample.shift() ?? (lane === 'urgent' ? this.#lanes.urgent.shift() : undefined)
      this.counts.dropped++
      if (victim === undefined) return false
      this.#known.delete(victim.key)
    }
    this.#known.set(key, true)
    this.#lanes[lane].push({ key, item })
    this.counts.queued++
    this.#pump()
    return true
  }

  /** Drops everything waiting and stops starting provides (those in flight finish). */
  close(): void {
    this.#closed = true
    for (const lane of Object.values(this.#lanes)) lane.length = 0
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
  }

  #refill(): void {
    const now = this.#now()
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#refilledAt) * this.#rate) / 1000)
    this.#refilledAt = now
  }

  #pump(): void {
    if (this.#closed) return
    this.#refill()
    while (this.#running < this.#concurrency && this.waiting > 0 && this.#tokens >= 1) {
      const job = (this.#lanes.urgent.shift() ?? this.#lanes.sample.shift())!
      this.#tokens -= 1
      this.#running++
      this.counts.started++
      this.#run(job.item)
        .catch(() => {
          // Not announced: forget the key so a later pass offers it again.
          this.counts.failed++
          this.#known.delete(job.key)
        })
        .finally(() => {
          this.#running--
          this.#pump()
        })
    }
    // Out of tokens with work waiting: come back when the next token is due.
    if (this.waiting > 0 && this.#tokens < 1 && this.#timer === null && this.#running < this.#concurrency) {
      const dueMs = Math.ceil(((1 - this.#tokens) * 1000) / this.#rate)
      this.#timer = setTimeout(() => {
        this.#timer = null
        this.#pump()
      }, dueMs)
      this.#timer.unref()
    }
  }
}
