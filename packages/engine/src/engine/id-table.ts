/**
 * Every held message id and the task it is filed under (DESIGN §5.2), in memory for a year of
 * history (DESIGN §5.12): an open-addressing hash table over typed arrays — 32 id bytes and a task
 * number per message, no string or object per id — with the decoded bodies the engine keeps
 * (resident tasks, publishes) beside it. It reads like the Map<id hex, HeldMessage> the engine
 * files of engine/ use: `get` returns a view whose `msg` reads and sets the kept body.
 */
import type { AnySignedMessage } from '@aimesh/protocol'
import type { HeldMessage } from './state.js'

const ID_BYTES = 32
const ID_WORDS = ID_BYTES / 4
/** Entries a new table has room for. */
const INITIAL = 1024
/** A removed entry's task number (its slot still chains the probe). */
const GONE = -1

/** A held message seen through the table (see HeldMessage). */
class HeldView implements HeldMessage {
  constructor(
    readonly table: IdTable,
    readonly idHex: string,
    readonly task: string,
  ) {}

  get msg(): AnySignedMessage | null {
    return this.table.body(this.idHex)
  }

  set msg(m: AnySignedMessage | null) {
    this.table.keepBody(this.idHex, m)
  }
}

/** Held ids → task, and the decoded bodies kept (see the file comment). */
export class IdTable {
  /** Id bytes of entry i at [i·32, i·32+32). */
  #ids = new Uint8Array(INITIAL * ID_BYTES)
  #words = new Uint32Array(this.#ids.buffer)
  /** Task number of entry i, GONE once removed. */
  #task = new Int32Array(INITIAL)
  /** Open addressing: entry index + 1, 0 for an empty slot. */
  #slots = new Int32Array(INITIAL * 2)
  /** Entries used (removed ones included). */
  #used = 0
  #size = 0
  readonly #taskHex: string[] = []
  readonly #taskNo = new Map<string, number>()
  readonly #bodies = new Map<string, AnySignedMessage>()
  readonly #probe = new Uint32Array(ID_WORDS)
  readonly #probeBytes = new Uint8Array(this.#probe.buffer)

  /** Held ids. */
  get size(): number {
    return this.#size
  }

  /** Decoded bodies kept in memory (for tests and the heap budget). */
  get bodies(): number {
    return this.#bodies.size
  }

  /** Slots and entries the table has room for (for tests and the heap budget). */
  get capacity(): { entries: number; slots: number } {
    return { entries: this.#task.length, slots: this.#slots.length }
  }

  /** Makes room for `n` ids at once (open knows how many it will add). */
  reserve(n: number): void {
    if (n > this.#task.length) this.#grow(n)
  }

  has(idHex: string): boolean {
    return this.#find(idHex) >= 0
  }

  get(idHex: string): HeldMessage | undefined {
    const e = this.#find(idHex)
    if (e < 0) return undefined
    return new HeldView(this, idHex, this.#taskHex[this.#task[e]!]!)
  }

  /** The task a held id is filed under, or undefined. */
  taskOf(idHex: string): string | undefined {
    const e = this.#find(idHex)
    return e < 0 ? undefined : this.#taskHex[this.#task[e]!]
  }

  set(idHex: string, held: { msg: AnySignedMessage | null; task: string }): this {
    const task = this.#numberOf(held.task)
    const e = this.#find(idHex)
    if (e >= 0) this.#task[e] = task
    else this.#add(task)
    this.keepBody(idHex, held.msg)
    return this
  }

  delete(idHex: string): boolean {
    const e = this.#find(idHex)
    if (e < 0) return false
    this.#task[e] = GONE
    this.#size--
    this.#bodies.delete(idHex)
    return true
  }

  /** Every held id (hex), in the order they were added. */
  *keys(): IterableIterator<string> {
    for (let e = 0; e < this.#used; e++) {
      if (this.#task[e] === GONE) continue
      yield Buffer.from(this.#ids.buffer, e * ID_BYTES, ID_BYTES).toString('hex')
    }
  }

  /** The decoded body kept for a held id, or null (read from the store, or pruned). */
  body(idHex: string): AnySignedMessage | null {
    return this.#bodies.get(idHex) ?? null
  }

  /** Keeps a decoded body in memory, or drops it (null). */
  keepBody(idHex: string, m: AnySignedMessage | null): void {
    if (m === null) this.#bodies.delete(idHex)
    else this.#bodies.set(idHex, m)
  }

  #numberOf(taskHex: string): number {
    let n = this.#taskNo.get(taskHex)
    if (n === undefined) {
      n = this.#taskHex.length
      this.#taskHex.push(taskHex)
      this.#taskNo.set(taskHex, n)
    }
    return n
  }

  /** The entry of the id in #probe, or -1; the probe ends at an empty slot. */
  #find(idHex: string): number {
    this.#probeBytes.set(Buffer.from(idHex, 'hex'))
    const mask = this.#slots.length - 1
    for (let i = this.#probe[0]! & mask; ; i = (i + 1) & mask) {
      const slot = this.#slots[i]!
      if (slot === 0) return -1
      const e = slot - 1
      if (this.#task[e] !== GONE && this.#matches(e)) return e
    }
  }

  #matches(e: number): boolean {
    const w = this.#words
    const base = e * ID_WORDS
    for (let k = 0; k < ID_WORDS; k++) if (w[base + k] !== this.#probe[k]) return false
    return true
  }

  /** Adds the id in #probe as a new entry. */
  #add(task: number): void {
    if (this.#used === this.#task.length || (this.#used + 1) * 2 > this.#slots.length) this.#grow()
    const e = this.#used++
    this.#words.set(this.#probe, e * ID_WORDS)
    this.#task[e] = task
    this.#place(e)
    this.#size++
  }

  #place(e: number): void {
    const mask = this.#slots.length - 1
    let i = this.#words[e * ID_WORDS]! & mask
    while (this.#slots[i] !== 0) i = (i + 1) & mask
    this.#slots[i] = e + 1
  }

  /** Makes room: live entries compacted into arrays of half again as many (or `atLeast`), slots rebuilt. */
  #grow(atLeast = 0): void {
    const entries = Math.max(INITIAL, atLeast, Math.ceil(((this.#size + 1) * 3) / 2))
    let slots = INITIAL * 2
    while (slots < entries * 2) slots *= 2
    const ids = new Uint8Array(entries * ID_BYTES)
    const task = new Int32Array(entries)
    let n = 0
    for (let e = 0; e < this.#used; e++) {
      if (this.#task[e] === GONE) continue
      ids.set(this.#ids.subarray(e * ID_BYTES, (e + 1) * ID_BYTES), n * ID_BYTES)
      task[n++] = this.#task[e]!
    }
    this.#ids = ids
    this.#words = new Uint32Array(ids.buffer)
    this.#task = task
    this.#slots = new Int32Array(slots)
    this.#used = n
    for (let e = 0; e < n; e++) this.#place(e)
  }
}
