/**
 * Bounded gossip validation queues (DESIGN §8, after Lodestar's gossip queues): one FIFO per topic
 * with a capacity and a drop-oldest policy (the oldest message is the likeliest to be redundant by
 * now, and a flood cannot hold the queue), and one cap on jobs in flight across all topics. Topics
 * are served round-robin so a busy topic cannot starve the others.
 */

/** Default capacity of one topic's queue. */
export const DEFAULT_QUEUE_CAPACITY = 4096
/**
 * Default jobs in flight: the engine groups the ingests of one tick into one commit (up to 512
 * messages), so a few hundred in flight keep its batches full without unbounded memory.
 */
export const DEFAULT_MAX_IN_FLIGHT = 256

/** A queue of jobs per key with a capacity, a drop-oldest policy and a global concurrency cap. */
export class ValidationQueue<K extends string, J> {
  readonly #queues = new Map<K, J[]>()
  readonly #capacity: number
  readonly #maxInFlight: number
  readonly #run: (job: J) => Promise<void>
  readonly #dropped: (key: K, job: J) => void
  #inFlight = 0
  #turn = 0
  #closed = false
  readonly #idle = new Set<() => void>()

  constructor(init: {
    keys: readonly K[]
    capacity?: number
    maxInFlight?: number
    /** Runs a job; must not throw (rejections are swallowed). */
    run: (job: J) => Promise<void>
    /** Told about a job dropped because its queue was full or the queue closed. */
    dropped: (key: K, job: J) => void
  }) {
    for (const key of init.keys) this.#queues.set(key, [])
    this.#capacity = init.capacity ?? DEFAULT_QUEUE_CAPACITY
    this.#maxInFlight = init.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT
    this.#run = init.run
    this.#dropped = init.dropped
  }

  /** Jobs waiting (not in flight) for a key. */
  length(key: K): number {
    return this.#queues.get(key)?.length ?? 0
  }

  get inFlight(): number {
    return this.#inFlight
  }

  /** Queues a job; when the key's queue is full its oldest job is dropped. */
  push(key: K, job: J): void {
    const queue = this.#queues.get(key)
    if (queue === undefined || this.#closed) {
      this.#dropped(key, job)
      return
    }
    queue.push(job)
    if (queue.length > this.#capacity) this.#dropped(key, queue.shift()!)
    this.#pump()
  }

  /** Drops every waiting job and refuses new ones; resolves when jobs in flight are done. */
  async close(): Promise<void> {
    this.#closed = true
    for (const [key, queue] of this.#queues) for (const job of queue.splice(0)) this.#dropped(key, job)
    if (this.#inFlight === 0) return
    await new Promise<void>((resolve) => this.#idle.add(resolve))
  }

  #pump(): void {
    const keys = [...this.#queues.keys()]
    while (this.#inFlight < this.#maxInFlight) {
      let job: J | undefined
      for (let i = 0; i < keys.length && job === undefined; i++) {
        const key = keys[(this.#turn + i) % keys.length]!
        job = this.#queues.get(key)!.shift()
        if (job !== undefined) this.#turn = (this.#turn + i + 1) % keys.length
      }
      if (job === undefined) return
      this.#inFlight++
      this.#run(job)
        .catch(() => undefined)
        .finally(() => {
          this.#inFlight--
          if (this.#closed && this.#inFlight === 0) for (const resolve of this.#idle) resolve()
          else this.#pump()
        })
    }
  }
}
