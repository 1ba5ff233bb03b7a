/** A promise-chain mutex: writers run one at a time, in call order, so old → new index diffs never race. */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve()

  /** Runs `fn` after every earlier call has settled; a failure does not block later calls. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn, fn)
    this.#tail = result.catch(() => undefined)
    return result
  }

  /** Resolves when every queued call has settled. */
  async idle(): Promise<void> {
    await this.#tail
  }
}
