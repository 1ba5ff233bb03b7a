/**
 * A small seeded PRNG (sfc32) so a simulation seed reproduces its workload byte for byte on
 * every machine. Not for cryptography: keys come from `deriveSeed`, which hashes instead.
 */
import { sha256 } from '@aimesh/protocol'

/** Version tag mixed into every derivation, so a future change of scheme cannot collide. */
const DERIVATION_TAG = 'aimesh-sim/v1'
/** sfc32 mixes poorly for its first outputs; its author recommends discarding about a dozen. */
const WARMUP_ROUNDS = 12
const TWO_POW_32 = 2 ** 32
const TWO_POW_53 = 2 ** 53

/** A seed as given in options: numbers and strings are both accepted (1 and '1' are the same seed). */
export type SimulationSeed = number | string

/** 32 bytes derived from the simulation seed and a label: account seeds, salts of named things. */
export function deriveSeed(seed: SimulationSeed, label: string): Uint8Array {
  return sha256(new TextEncoder().encode(`${DERIVATION_TAG}/${String(seed)}/${label}`))
}

/** A deterministic random stream (sfc32: 128-bit state, passes PractRand, a few lines). */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  /** A stream for `label` under `seed`; distinct labels give independent streams. */
  constructor(seed: SimulationSeed, label = '') {
    const bytes = deriveSeed(seed, `rng/${label}`)
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.a = view.getUint32(0)
    this.b = view.getUint32(4)
    this.c = view.getUint32(8)
    this.d = view.getUint32(12)
    for (let i = 0; i < WARMUP_ROUNDS; i++) this.next()
  }

  /** The next uint32. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A float in [0, 1) with 53 random bits (time offsets span more than 2^32 ms). */
  float(): number {
    const hi = this.next() >>> 11
    const lo = this.next()
    return (hi * TWO_POW_32 + lo) / TWO_POW_53
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max}): empty range`)
    return min + Math.floor(this.float() * (max - min + 1))
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)]
    if (item === undefined) throw new RangeError('pick() from an empty list')
    return item
  }

  /** A standard normal sample (Box–Muller). */
  gaussian(): number {
    const u = 1 - this.float() // (0, 1]: log(0) would be -Infinity
    const v = this.float()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i += 4) {
      let word = this.next()
      for (let j = i; j < Math.min(i + 4, n); j++) {
        out[j] = word & 0xff
        word >>>= 8
      }
    }
    return out
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i)
      const tmp = out[i] as T
      out[i] = out[j] as T
      out[j] = tmp
    }
    return out
  }
}
