/**
 * Binary key building blocks. Numbers are big-endian so a forward range scan comes out in numeric
 * order; ids are fixed-width 32 bytes so a composite key can be split without separators.
 */
import { StoreError } from './errors.js'

/** Width of every id (task, message, submission, validation, dispute, account) in a key. */
export const ID_LENGTH = 32

/** The all-zero id: account-level messages (miner profiles) are filed under it. */
export const ZERO_ID: Uint8Array = new Uint8Array(ID_LENGTH)

const EMPTY = new Uint8Array(0)

/** Throws INVALID_ARGUMENT unless `id` is exactly 32 bytes; returns it for chaining. */
export function checkId(id: Uint8Array, what: string): Uint8Array {
  if (id.length !== ID_LENGTH)
    throw new StoreError('INVALID_ARGUMENT', `${what} must be ${ID_LENGTH} bytes, got ${id.length}`)
  return id
}

/** One byte. */
export function u8(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff)
}

/** Big-endian u16. */
export function u16(n: number): Uint8Array {
  const out = new Uint8Array(2)
  new DataView(out.buffer).setUint16(0, n)
  return out
}

/** Big-endian u32. */
export function u32(n: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, n >>> 0)
  return out
}

/** Big-endian u64 from a non-negative safe integer (timestamps). */
export function u64(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new StoreError('INVALID_ARGUMENT', `not a u64 timestamp: ${n}`)
  const out = new Uint8Array(8)
  // Two 32-bit halves: exact for safe integers, and no BigInt on the write path.
  const view = new DataView(out.buffer)
  view.setUint32(0, Math.floor(n / 0x1_0000_0000))
  view.setUint32(4, n >>> 0)
  return out
}

/** Reads a big-endian u64 at `offset` as a number. */
export function readU64(bytes: Uint8Array, offset: number): number {
  return Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset))
}

/** Reads a big-endian u32 at `offset`. */
export function readU32(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset)
}

/** Size of the shared chunks that `key` carves its results from. */
const POOL_SIZE = 16 * 1024
let pool = new ArrayBuffer(POOL_SIZE)
let poolOffset = 0

/**
 * A zeroed view of `n` bytes carved from a shared chunk (like Node's Buffer pool). V8 gives a typed
 * array over 64 bytes its own off-heap backing store, which costs ~10x a view; composite keys
 * (prefix ‖ id ‖ id) are mostly over 64 bytes and the write path builds a dozen per message.
 */
function allocKey(n: number): Uint8Array {
  if (n > POOL_SIZE / 8) return new Uint8Array(n)
  if (poolOffset + n > POOL_SIZE) {
    pool = new ArrayBuffer(POOL_SIZE)
    poolOffset = 0
  }
  const out = new Uint8Array(pool, poolOffset, n)
  // Keep later views 8-byte aligned (DataView readers do not need it, but it is free).
  poolOffset += (n + 7) & ~7
  return out
}

/** Concatenates key parts (the result may share its ArrayBuffer with other keys; use byteOffset). */
export function key(...parts: Uint8Array[]): Uint8Array {
  let n = 0
  for (const p of parts) n += p.length
  const out = allocKey(n)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** The smallest key greater than every key starting with `prefix` (undefined when none exists). */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  const end = Uint8Array.from(prefix)
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]! += 1
      return end.subarray(0, i + 1)
    }
  }
  return undefined
}

/** Iterator range options covering exactly the keys that start with `prefix`. */
export function prefixRange(prefix: Uint8Array): { gte: Uint8Array; lt?: Uint8Array } {
  const lt = prefixEnd(prefix)
  return lt === undefined ? { gte: prefix } : { gte: prefix, lt }
}

/** Bytes from `start` (a copy-free view). */
export function tail(bytes: Uint8Array, start: number, length?: number): Uint8Array {
  return bytes.subarray(start, length === undefined ? undefined : start + length)
}

/** Hex of bytes, used as a map key for ids. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

/** Bytes of a hex string produced by `hex`. */
export function unhex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'hex'))
}

/** Empty value for index entries (the key carries everything). */
export const EMPTY_VALUE: Uint8Array = EMPTY

/** A plain Uint8Array view of `b` (classic-level hands out Buffers; callers get the standard type). */
export function plain(b: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(b) === Uint8Array.prototype
    ? b
    : new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
}
