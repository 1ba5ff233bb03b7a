/**
 * A due-time queue of keys (task ids) for the signer's duties (DESIGN §5.11): each key is due once,
 * at its earliest scheduled time; `takeDue` hands out what is due, earliest first and at most a
 * bounded number per call, so a node with a year of tasks looks only at the few whose round just
 * turned or whose messages just changed. A binary heap with lazy deletion (a rescheduled key leaves
 * a stale entry behind, skipped when it surfaces and swept when they pile up).
 */

type Entry = readonly [at: number, key: string]

/** See the file comment. */
export class DueQueue {
  readonly #due = new Map<string, number>()
  #heap: Entry[] = []

  /** Keys scheduled. */
  get size(): number {
    return this.#due.size
  }

  /** When the key is due, or undefined. */
  dueAt(key: string): number | undefined {
    return this.#due.get(key)
  }

  /** The earliest due time, or undefined when empty. */
  nextAt(): number | undefined {
    this.#dropStale()
    return this.#heap[0]?.[0]
  }

  /** Schedules `key` at `at`; a key already due earlier keeps its earlier time. */
  schedule(key: string, at: number): void {
    const current = this.#due.get(key)
    if (current !== undefined && current <= at) return
    this.#due.set(key, at)
    this.#push([at, key])
    if (this.#heap.length > 2 * this.#due.size + 64) this.#rebuild()
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.#due.delete(key)
  }

  /** Removes and returns up to `limit` keys due at `now`, earliest first. */
  takeDue(now: number, limit: number): string[] {
    const out: string[] = []
    while (out.length < limit) {
      this.#dropStale()
      const top = this.#heap[0]
      if (top === undefined || top[0] > now) break
      this.#pop()
      this.#due.delete(top[1])
      out.push(top[1])
    }
    return out
  }

  #dropStale(): void {
    for (let top = this.#heap[0]; top !== undefined && this.#due.get(top[1]) !== top[0]; top = this.#heap[0])
      this.#pop()
  }

  #rebuild(): void {
    this.#heap = []
    for (const [key, at] of this.#due) this.#push([at, key])
  }

  #push(e: Entry): void {
    const h = this.#heap
    h.push(e)
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1
      if (!before(h[i]!, h[parent]!)) break
      ;[h[i], h[parent]] = [h[parent]!, h[i]!]
      i = parent
    }
  }

  #pop(): void {
    const h = this.#heap
    const last = h.pop()
    if (last === undefined || h.length === 0) return
    h[0] = last
    for (let i = 0; ; ) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < h.length && before(h[l]!, h[m]!)) m = l
      if (r < h.length && before(h[r]!, h[m]!)) m = r
      if (m === i) break
      ;[h[i], h[m]] = [h[m]!, h[i]!]
      i = m
    }
  }
}

function before(a: Entry, b: Entry): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])
}
