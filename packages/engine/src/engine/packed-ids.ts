/**
 * A task's held message ids, sorted (DESIGN §5.2: the task digest is sha256 over them), packed as
 * 32 bytes each in one byte array instead of one hex string per id (DESIGN §5.12: memory per held
 * message). Reads and writes speak hex, as the rest of the engine does.
 */

const ID_BYTES = 32

/** Sorted, packed message ids (see the file comment). */
export class PackedIds implements Iterable<string> {
  #bytes: Uint8Array
  #length = 0

  constructor(packed?: Uint8Array) {
    this.#bytes = packed === undefined ? new Uint8Array(0) : Uint8Array.from(packed)
    this.#length = this.#bytes.length / ID_BYTES
  }

  /** Ids held. */
  get length(): number {
    return this.#length
  }

  /** Room for more ids beyond those held (none once trimmed). */
  get spare(): number {
    return this.#bytes.length / ID_BYTES - this.#length
  }

  /** The ids, in order, as one byte string (32 bytes each): what the task digest hashes. */
  bytes(): Uint8Array {
    return this.#bytes.subarray(0, this.#length * ID_BYTES)
  }

  /** The id at `i`, as hex. */
  at(i: number): string {
    return Buffer.from(this.#bytes.buffer, this.#bytes.byteOffset + i * ID_BYTES, ID_BYTES).toString('hex')
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let i = 0; i < this.#length; i++) yield this.at(i)
  }

  /** Where `idHex` is, or where it would go (first position not below it), and whether it is there. */
  #search(id: Uint8Array): { at: number; found: boolean } {
    let lo = 0
    let hi = this.#length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.#compareAt(mid, id) < 0) lo = mid + 1
      else hi = mid
    }
    return { at: lo, found: lo < this.#length && this.#compareAt(lo, id) === 0 }
  }

  #compareAt(i: number, id: Uint8Array): number {
    const b = this.#bytes
    const base = i * ID_BYTES
    for (let k = 0; k < ID_BYTES; k++) {
      const d = b[base + k]! - id[k]!
      if (d !== 0) return d
    }
    return 0
  }

  /** Position of `idHex`, or -1. */
  indexOf(idHex: string): number {
    const { at, found } = this.#search(Buffer.from(idHex, 'hex'))
    return found ? at : -1
  }

  /** Adds `idHex` in order; false when it is there already. */
  insert(idHex: string): boolean {
    const id = Buffer.from(idHex, 'hex')
    const { at, found } = this.#search(id)
    if (found) return false
    const used = this.#length * ID_BYTES
    if (used + ID_BYTES > this.#bytes.length) {
      // Room for a few more: a task's messages arrive one by one.
      const grown = new Uint8Array(
        Math.max(ID_BYTES * 4, Math.ceil((used * 3) / 2 / ID_BYTES) * ID_BYTES + ID_BYTES),
      )
      grown.set(this.#bytes.subarray(0, used))
      this.#bytes = grown
    }
    this.#bytes.copyWithin((at + 1) * ID_BYTES, at * ID_BYTES, used)
    this.#bytes.set(id, at * ID_BYTES)
    this.#length++
    return true
  }

  /** Removes `count` ids from position `start` (as Array.prototype.splice, without a return). */
  splice(start: number, count: number): void {
    if (start < 0 || count <= 0) return
    const end = Math.min(this.#length, start + count)
    this.#bytes.copyWithin(start * ID_BYTES, end * ID_BYTES, this.#length * ID_BYTES)
    this.#length -= end - start
  }

  /** Replaces the ids with these, packed and sorted (a stored derivation's). */
  load(packed: Uint8Array): void {
    this.#bytes = Uint8Array.from(packed)
    this.#length = this.#bytes.length / ID_BYTES
  }

  /** Drops spare room (once a task is complete, at load or when it goes cold). */
  trim(): void {
    const used = this.#length * ID_BYTES
    if (this.#bytes.length > used) this.#bytes = this.#bytes.slice(0, used)
  }
}
