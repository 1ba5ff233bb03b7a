import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { accountKey, u64, updateKey, updateKeyOrder } from '../../src/trust/level-keys.js'

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

describe('level trust keys', () => {
  it('order big-endian numbers like the numbers', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        (a, b) => {
          expect(Math.sign(compareBytes(u64(a), u64(b)))).toBe(Math.sign(a - b))
        },
      ),
    )
  })

  it('store canonical hex ids as 33 bytes and keep other ids distinct and self-delimiting', () => {
    const hex = 'ab'.repeat(32)
    expect(accountKey(hex)).toHaveLength(33)
    expect(compareBytes(accountKey(hex), accountKey(hex.toUpperCase()))).not.toBe(0)
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        fc.pre(a !== b)
        const ka = accountKey(a)
        const kb = accountKey(b)
        // Neither key is a prefix of the other, so per-account ranges never overlap.
        expect(Buffer.from(kb).subarray(0, ka.length).equals(Buffer.from(ka))).toBe(false)
      }),
    )
  })

  it('round-trip the time order of update keys', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (ts, seq) => {
        expect(updateKeyOrder(updateKey('acct', ts, seq))).toEqual({ timestamp: ts, seq })
      }),
    )
  })
})
