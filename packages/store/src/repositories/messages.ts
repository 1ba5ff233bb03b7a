/** The raw message log (id → envelope bytes) and the task→messages index kept beside it. */
import type { StoreCore } from '../core.js'
import { checkId, ID_LENGTH, plain, prefixRange } from '../keys.js'

/** One logged message as stored. */
export interface StoredMessage {
  id: Uint8Array
  bytes: Uint8Array
}

/** Message log repository. */
export class MessageRepository {
  readonly #core: StoreCore

  constructor(core: StoreCore) {
    this.#core = core
  }

  /** True when the message is in the log. */
  async has(id: Uint8Array): Promise<boolean> {
    return (await this.#core.readUncached('messages', checkId(id, 'message id'))) !== undefined
  }

  /** The envelope bytes of a logged message, or undefined. */
  get(id: Uint8Array): Promise<Uint8Array | undefined> {
    return this.#core.readUncached('messages', checkId(id, 'message id'))
  }

  /** Ids of a task's messages, sorted by id (the order task digests hash them in). */
  async listForTask(taskId: Uint8Array): Promise<Uint8Array<ArrayBuffer>[]> {
    const keys = await this.#core.keys('taskMessages', prefixRange(checkId(taskId, 'task id')))
    return keys.map((k) => new Uint8Array(k.subarray(ID_LENGTH)))
  }

  /** Every logged message, in id order, streamed (for repair and re-indexing). */
  async *iterate(): AsyncIterable<StoredMessage> {
    this.#core.assertOpen()
    for await (const [id, bytes] of this.#core.columns.byName.messages.iterator()) {
      yield { id: plain(id as Uint8Array), bytes: plain(bytes as Uint8Array) }
    }
  }

  /** Number of logged messages (a full key scan). */
  async count(): Promise<number> {
    let n = 0
    for await (const _ of this.#core.columns.byName.messages.keys()) n++
    return n
  }
}
