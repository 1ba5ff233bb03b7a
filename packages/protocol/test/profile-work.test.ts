/** Profile proof of work (DESIGN §5.9): solve and check agree, bounded search, network binding. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  checkProfileWork,
  isProtocolError,
  leadingZeroBits,
  profileWorkDigest,
  solveProfileWork,
} from '../src/index.js'

const signer = new Uint8Array(32).fill(7)

describe('profile work', () => {
  it('leadingZeroBits counts whole and partial bytes', () => {
    expect(leadingZeroBits(new Uint8Array([0xff]))).toBe(0)
    expect(leadingZeroBits(new Uint8Array([0x01, 0xff]))).toBe(7)
    expect(leadingZeroBits(new Uint8Array([0x00, 0x10]))).toBe(11)
    expect(leadingZeroBits(new Uint8Array(4))).toBe(32)
  })

  it('a solved nonce checks for its bits and fewer, on its network and signer only', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (bits, key) => {
          const nonce = solveProfileWork('worknet', key, bits)
          expect(leadingZeroBits(profileWorkDigest('worknet', key, nonce))).toBeGreaterThanOrEqual(bits)
          expect(checkProfileWork('worknet', key, nonce, bits)).toBe(true)
          expect(checkProfileWork('worknet', key, nonce, bits - 1)).toBe(true)
        },
      ),
      { numRuns: 30 },
    )
    const nonce = solveProfileWork('worknet', signer, 12)
    // Another network or another account must do its own work (1 chance in 4096 to pass by luck).
    expect(checkProfileWork('othernet', signer, nonce, 12)).toBe(false)
    expect(checkProfileWork('worknet', new Uint8Array(32).fill(8), nonce, 12)).toBe(false)
  })

  it('0 bits needs no work; nonces longer than 32 bytes and bits beyond 32 are refused', () => {
    expect(solveProfileWork('worknet', signer, 0)).toEqual(new Uint8Array(0))
    expect(checkProfileWork('worknet', signer, new Uint8Array(0), 0)).toBe(true)
    expect(checkProfileWork('worknet', signer, new Uint8Array(33), 0)).toBe(false)
    expect(() => checkProfileWork('worknet', signer, new Uint8Array(0), 33)).toThrow(/bits/)
  })

  it('the search is bounded: WORK_NOT_FOUND after maxAttempts', () => {
    let err: unknown
    try {
      solveProfileWork('worknet', signer, 32, { maxAttempts: 100 })
    } catch (e) {
      err = e
    }
    expect(isProtocolError(err, 'WORK_NOT_FOUND')).toBe(true)
  })
})
