/**
 * A small persistent table keyed by peer id (bans, long-term peer quality; DESIGN §8), kept in the
 * network's own LevelDB directory beside libp2p's peer store, never in the state store. The whole
 * table is held in memory (it is bounded by its owner) so the connection gater reads it
 * synchronously; every change is written through.
 */
import type { LevelDatastore } from 'datastore-level'

/** The LevelDB sublevel API the table uses (a sublevel of the datastore's own database). */
interface JsonLevel<T> {
  put(key: string, value: T): Promise<void>
  del(key: string): Promise<void>
  batch(ops: Array<{ type: 'put'; key: string; value: T } | { type: 'del'; key: string }>): Promise<void>
  iterator(): AsyncIterable<[string, T]>
}

/** One table of JSON values by peer id. */
export class PeerTable<T> {
  readonly #db: JsonLevel<T>
  readonly #rows = new Map<string, T>()

  private constructor(db: JsonLevel<T>) {
    this.#db = db
  }

  /** Opens the table `name` inside the datastore's LevelDB and loads every row. */
  static async open<T>(datastore: LevelDatastore, name: string): Promise<PeerTable<T>> {
    // Sublevel keys start with `!name!`, outside libp2p's `/…` key space.
    const db = datastore.db.sublevel<string, T>(name, { valueEncoding: 'json' }) as unknown as JsonLevel<T>
    const table = new PeerTable<T>(db)
    for await (const [key, value] of db.iterator()) table.#rows.set(key, value)
    return table
  }

  get size(): number {
    return this.#rows.size
  }

  get(peerId: string): T | undefined {
    return this.#rows.get(peerId)
  }

  entries(): IterableIterator<[string, T]> {
    return this.#rows.entries()
  }

  /** Sets a row, in memory at once and on disk before the promise resolves. */
  async put(peerId: string, value: T): Promise<void> {
    this.#rows.set(peerId, value)
    await this.#db.put(peerId, value)
  }

  /** Sets a row in memory only; a later `write` of the same key persists it. */
  stage(peerId: string, value: T): void {
    this.#rows.set(peerId, value)
  }

  /** Removes a row; false when there was none. */
  async delete(peerId: string): Promise<boolean> {
    if (!this.#rows.delete(peerId)) return false
    await this.#db.del(peerId)
    return true
  }

  /** Writes several rows and removals as one LevelDB batch. */
  async write(puts: ReadonlyMap<string, T>, deletes: Iterable<string> = []): Promise<void> {
    const ops: Array<{ type: 'put'; key: string; value: T } | { type: 'del'; key: string }> = []
    for (const [key, value] of puts) {
      this.#rows.set(key, value)
      ops.push({ type: 'put', key, value })
    }
    for (const key of deletes) if (this.#rows.delete(key)) ops.push({ type: 'del', key })
    if (ops.length > 0) await this.#db.batch(ops)
  }
}
