/**
 * The protobuf runtime our generated codecs use (DESIGN §4 protocol, §6 rewards: amounts are
 * uint64 across the whole range). It is protons-runtime with one repair: its writer encodes a
 * bigint uint64 in [2^31, 2^32) wrongly (`LongBits` keeps the low word signed, so the varint
 * comes out as one byte of junk padded with zeros, or the write runs past its buffer and throws
 * `index out of range`). That broke rewards of 2,147,483,648 and refused a correct client's
 * encoding of such amounts as NON_CANONICAL.
 *
 * `npm run generate` points every generated file here instead of at 'protons-runtime'
 * (scripts/route-generated-runtime.ts), so the fix holds for regenerated code; nothing else in
 * the repository should call protons-runtime's `encodeMessage` (a test checks both).
 */
import { type Codec, writer as createRuntimeWriter, type Writer } from 'protons-runtime'

// Everything else is protons-runtime's own; the local `encodeMessage` below shadows its namesake.
export * from 'protons-runtime'

/** Largest value of a uint64 field. */
const MAX_U64 = (1n << 64n) - 1n
/** Largest integer a double holds exactly: below it the runtime's number varint writer is exact. */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/**
 * A protons writer whose `uint64` (and so `int64`, which delegates to it) is exact over the whole
 * range. Values up to 2^53 − 1 go through the runtime's number varint writer (exact there);
 * larger ones have a non-zero high word, where the runtime's bigint path is exact. Values the
 * field cannot carry throw instead of being truncated silently.
 */
export function createWriter(): Writer {
  const w = createRuntimeWriter()
  // An own property shadowing the prototype's method: one assignment per writer, no closure.
  w.uint64 = exactUint64
  return w
}

/** The runtime's own bigint varint writer: exact once the high word is non-zero (≥ 2^32). */
const runtimeUint64: Writer['uint64'] = Object.getPrototypeOf(createRuntimeWriter()).uint64

function exactUint64(this: Writer, value: bigint): Writer {
  if (value < 0n || value > MAX_U64) throw new RangeError(`${value} is outside the uint64 range 0..2^64-1`)
  if (value <= MAX_SAFE) return this.uint64Number(Number(value))
  return runtimeUint64.call(this, value)
}

/** Encodes a message with the repaired writer (same signature as protons-runtime's). */
export function encodeMessage<T>(
  message: Partial<T>,
  codec: Pick<Codec<T>, 'encode'>,
): Uint8Array<ArrayBuffer> {
  const w = createWriter()
  codec.encode(message, w, { lengthDelimited: false })
  return w.finish()
}
