/**
 * A per-account event history kept sorted by (time, id) with the folded state after every event,
 * so "state as of t" is a binary search and appending in time order costs O(1). Inserting out of
 * order refolds only the suffix. The fold functions are the rules' own, so results equal the rules'
 * `*FromEvents` folds over the same set.
 */

import type { EventBase } from '../rules/index.js'
import { compareEvents } from '../rules/index.js'

/** Sorted events with prefix states. */
export class EventHistory<E extends EventBase, R> {
  readonly #events: E[] = []
  readonly #states: R[] = []
  /** Index from which #states must be recomputed. */
  #dirtyFrom = 0

  constructor(readonly apply: (prior: R | undefined, event: E) => R) {}

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

  /** The folded state after every event with time ≤ t, or undefined when there is none. */
  stateAt(t: number): R | undefined {
    this.#refold()
    let lo = 0
    let hi = this.#events.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.#events[mid]!.time <= t) lo = mid + 1
      else hi = mid
    }
    return lo === 0 ? undefined : this.#states[lo - 1]
  }

  /** The state after the last event and that event's time. */
  last(): { state: R; time: number } | undefined {
    this.#refold()
    const n = this.#events.length
    return n === 0 ? undefined : { state: this.#states[n - 1]!, time: this.#events[n - 1]!.time }
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
      this.#states[i] = this.apply(i === 0 ? undefined : this.#states[i - 1], this.#events[i]!)
    }
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
