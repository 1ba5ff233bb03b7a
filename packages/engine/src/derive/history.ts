/**
 * A per-account event history kept sorted by (time, id) with the folded state after every event,
 * so "state as of t" is a binary search and appending in time order costs O(1). Inserting out of
 * order refolds only the suffix. The fold functions are the rules' own, so results equal the rules'
 * `*FromEvents` folds over the same set. The fold may start from an initial state instead of nothing
 * (an account's base folded at its last certified checkpoint, DESIGN §5.12): then the history holds
 * only the events since, and its length, not the account's whole history, is what a change costs.
 */

import type { EventBase } from '../rules/index.js'
import { compareEvents } from '../rules/index.js'

/** Sorted events with prefix states. */
export class EventHistory<E extends EventBase, R> {
  readonly #events: E[] = []
  readonly #states: R[] = []
  /** Index from which #states must be recomputed. */
  #dirtyFrom = 0
  /** State the first event is applied to (undefined: the rules' default). */
  #initial: R | undefined
  constructor(
    readonly apply: (prior: R | undefined, event: E) => R,
    /** Counts the events the fold applies (DESIGN §5.12: tests assert it does not grow with history). */
    readonly work: { refolded: number } = { refolded: 0 },
  ) {}

  /** The state the fold starts from. */
  get initial(): R | undefined {
    return this.#initial
  }

  /** Sets the state the fold starts from (every prefix state is recomputed on next read). */
  setInitial(initial: R | undefined): void {
    this.#initial = initial
    this.#dirtyFrom = 0
  }

  /** Number of events held. */
  get size(): number {
    return this.#events.length
  }

  /** The events in (time, id) order. */
  events(): readonly E[] {
    return this.#events
  }

  /** Adds events (ids must be new). */
  add(events: readonly E[]): void {
    for (const e of events) {
      const i = this.#upperBound(e)
      this.#events.splice(i, 0, e)
      this.#dirtyFrom = Math.min(this.#dirtyFrom, i)
    }
  }

  /** Removes events by id. */
  remove(ids: ReadonlySet<string>): void {
    if (ids.size === 0) return
    for (let i = this.#events.length - 1; i >= 0; i--) {
      if (ids.has(this.#events[i]!.id)) {
        this.#events.splice(i, 1)
        this.#dirtyFrom = Math.min(this.#dirtyFrom, i)
      }
    }
  }

  /** The folded state after every event with time ≤ t, or the initial state when there is none. */
  stateAt(t: number): R | undefined {
    this.#refold()
    let lo = 0
    let hi = this.#events.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.#events[mid]!.time <= t) lo = mid + 1
      else hi = mid
    }
    return lo === 0 ? this.#initial : this.#states[lo - 1]
  }

  /** The state after the last event (the initial state when there is none), or undefined. */
  lastState(): R | undefined {
    this.#refold()
    const n = this.#events.length
    return n === 0 ? this.#initial : this.#states[n - 1]
  }

  #refold(): void {
    const n = this.#events.length
    if (this.#dirtyFrom >= n) {
      this.#states.length = n
      this.#dirtyFrom = n
      return
    }
    this.#states.length = n
    for (let i = this.#dirtyFrom; i < n; i++) {
      this.#states[i] = this.apply(i === 0 ? this.#initial : this.#states[i - 1], this.#events[i]!)
    }
    this.work.refolded += n - this.#dirtyFrom
    this.#dirtyFrom = n
  }

  #upperBound(e: E): number {
    let lo = 0
    let hi = this.#events.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (compareEvents(this.#events[mid]!, e) <= 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
