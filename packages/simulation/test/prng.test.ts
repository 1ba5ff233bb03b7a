import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deriveSeed, Rng } from '../src/index.js'

describe('Rng', () => {
  it('is deterministic per seed and label, and labels give independent streams', () => {
    const draw = (r: Rng) => Array.from({ length: 8 }, () => r.next())
    expect(draw(new Rng(7, 'a'))).toEqual(draw(new Rng(7, 'a')))
    expect(draw(new Rng(7, 'a'))).not.toEqual(draw(new Rng(7, 'b')))
    expect(draw(new Rng(7))).not.toEqual(draw(new Rng(8)))
  })

  it('int stays in range, float in [0, 1), bytes have the asked length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: 0, max: 4e10 }),
        (seed, min, span) => {
          const r = new Rng(seed)
          for (let i = 0; i < 20; i++) {
            const v = r.int(min, min + span)
            expect(Number.isInteger(v) && v >= min && v <= min + span).toBe(true)
            const f = r.float()
            expect(f >= 0 && f < 1).toBe(true)
          }
          expect(r.bytes(seed % 70).length).toBe(seed % 70)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('is roughly uniform and its gaussian has mean 0 and σ 1', () => {
    const r = new Rng('stats')
    const buckets = new Array<number>(10).fill(0)
    let sum = 0
    let sq = 0
    const n = 20_000
    for (let i = 0; i < n; i++) {
      const b = r.int(0, 9)
      buckets[b] = (buckets[b] ?? 0) + 1
      const g = r.gaussian()
      sum += g
      sq += g * g
    }
    for (const b of buckets) expect(Math.abs(b - n / 10)).toBeLessThan(n / 50)
    expect(Math.abs(sum / n)).toBeLessThan(0.05)
    expect(Math.abs(Math.sqrt(sq / n) - 1)).toBeLessThan(0.05)
  })

  it('shuffle is a permutation', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer(), (items, seed) => {
        const out = new Rng(seed).shuffle(items)
        expect([...out].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b))
      }),
      { numRuns: 100 },
    )
  })

  it('deriveSeed gives 32 bytes that depend on seed and label', () => {
    expect(deriveSeed(1, 'x').length).toBe(32)
    expect(Buffer.from(deriveSeed(1, 'x')).equals(Buffer.from(deriveSeed(1, 'x')))).toBe(true)
    expect(Buffer.from(deriveSeed(1, 'x')).equals(Buffer.from(deriveSeed(1, 'y')))).toBe(false)
    expect(() => new Rng(1).int(3, 2)).toThrow(RangeError)
  })
})
