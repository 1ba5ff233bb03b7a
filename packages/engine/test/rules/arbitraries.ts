import { bytesToHex } from '@noble/hashes/utils.js'
import fc from 'fast-check'

/** Bounded runs for every property in these suites. */
export const RUNS = { numRuns: 200 } as const

/** A 32-byte key as lowercase hex, like an account. */
export const accountArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => bytesToHex(b))

/** A 32-byte id as lowercase hex. */
export const idArb = accountArb

/** A deterministic account for examples: the byte `n` repeated 32 times. */
export function acct(n: number): string {
  return n.toString(16).padStart(2, '0').repeat(32)
}

/** An array together with a permutation of it. */
export function withPermutation<T>(arb: fc.Arbitrary<T[]>): fc.Arbitrary<[T[], T[]]> {
  return arb.chain((items) =>
    fc
      .shuffledSubarray(items, { minLength: items.length, maxLength: items.length })
      .map((shuffled) => [items, shuffled] as [T[], T[]]),
  )
}
