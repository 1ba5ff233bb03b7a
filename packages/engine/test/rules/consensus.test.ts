import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeConsensus, validatorWeight, weightedMedian } from '../../src/rules/consensus.js'
import type { ValidatorScore } from '../../src/rules/types.js'
import { acct, RUNS, withPermutation } from './arbitraries.js'

const SUB = 'ab'.repeat(32)

function equal(scores: number[], weight = 1000): ValidatorScore[] {
  return scores.map((score, i) => ({ validator: acct(i + 1), score, weight }))
}

function plainMedian(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

describe('validatorWeight', () => {
  it('is zero below trust 0.6 and milli-trust from there', () => {
    expect(validatorWeight(0.59, false)).toBe(0)
    expect(validatorWeight(0.6, false)).toBe(600)
    expect(validatorWeight(0.9, false)).toBe(900)
    expect(validatorWeight(1.5, false)).toBe(1000)
  })
  it('counts genesis pre-trusted validators regardless of trust', () => {
    expect(validatorWeight(0.1, true)).toBe(600)
    expect(validatorWeight(0.9, true)).toBe(900)
  })
})

describe('computeConsensus examples', () => {
  it('agreeing validators reach consensus at their mean', () => {
    const r = computeConsensus(SUB, equal([70, 72, 74, 76]), 2)
    expect(r.median).toBe(73)
    expect(r.score).toBe(73)
    expect(r.reached).toBe(true)
    expect(r.outliers).toEqual([])
    expect(r.agreeing).toHaveLength(4)
  })

  it('clips an outlier into the band and names it', () => {
    const r = computeConsensus(SUB, equal([70, 72, 74, 20]), 2)
    expect(r.median).toBe(71)
    // Band: median ± 15 = [56, 86] narrowed to the 40 %–60 % bounds [70, 72]: (70 + 70 + 72 + 72) / 4
    expect([r.clipLow, r.clipHigh]).toEqual([70, 72])
    expect(r.score).toBe(71)
    expect(r.outliers).toEqual([acct(4)])
    expect(r.reached).toBe(true)
  })

  it('stays inside the honest scores where clipping to median ± 15 alone does not', () => {
    // 4 colluders at 0, 6 honest validators between 50 and 80. The median is 50, the band [35, 65]:
    // plain clipping gives (4·35 + 50 + 50 + 51 + 3·65) / 10 = 48.6, below every honest score.
    const r = computeConsensus(SUB, equal([0, 0, 0, 0, 50, 50, 51, 80, 80, 80]), 2)
    expect(r.median).toBe(50)
    expect(r.score).toBe(50)
    expect(r.outliers).toHaveLength(7)
  })

  it('is not reached below the required reviewers, never fewer than 2', () => {
    expect(computeConsensus(SUB, equal([80]), 1).reached).toBe(false)
    expect(computeConsensus(SUB, equal([80, 80]), 3).reached).toBe(false)
    expect(computeConsensus(SUB, equal([80, 80, 80]), 3).reached).toBe(true)
  })

  it('is not reached when under 60 % of weight lies in the band', () => {
    const r = computeConsensus(SUB, equal([10, 50, 90]), 2)
    expect(r.median).toBe(50)
    expect(r.inBandWeight * 10).toBeLessThan(r.totalWeight * 6)
    expect(r.reached).toBe(false)
    // exactly 60 %: 3 of 5 in band
    expect(computeConsensus(SUB, equal([50, 50, 50, 0, 100]), 2).reached).toBe(true)
  })

  it('computes confidence from count and spread', () => {
    expect(computeConsensus(SUB, equal(Array(10).fill(80)), 2).confidence).toBeCloseTo(1, 12)
    // n = 2, σ = 10: 0.4·0.2 + 0.6·0.8
    expect(computeConsensus(SUB, equal([70, 90]), 2).confidence).toBeCloseTo(0.56, 12)
  })

  it('classifies zero-weight validators without counting them', () => {
    const scores = [...equal([80, 82]), { validator: acct(9), score: 0, weight: 0 }]
    const r = computeConsensus(SUB, scores, 2)
    expect(r.counted).toBe(2)
    expect(r.score).toBe(81)
    expect(r.outliers).toEqual([acct(9)])
  })

  it('has no score when nobody counts', () => {
    const r = computeConsensus(SUB, [{ validator: acct(1), score: 70, weight: 0 }], 2)
    expect(r.score).toBeNull()
    expect(r.reached).toBe(false)
  })

  it('drops a validator that appears with two different scores', () => {
    const scores = [...equal([80, 82, 84]), { validator: acct(1), score: 10, weight: 1000 }]
    const r = computeConsensus(SUB, scores, 2)
    expect(r.counted).toBe(2)
    expect(r.score).toBe(83)
  })

  it('weights the median by trust: low-weight validators cannot move it', () => {
    const scores: ValidatorScore[] = [
      { validator: acct(1), score: 40, weight: 1000 },
      { validator: acct(2), score: 42, weight: 1000 },
      { validator: acct(3), score: 95, weight: 600 },
      { validator: acct(4), score: 95, weight: 600 },
    ]
    expect(weightedMedian([...scores].sort((a, b) => a.score - b.score))).toBe(42)
  })

  it('rejects scores outside 0..100 and bad weights', () => {
    expect(() => computeConsensus(SUB, equal([101]), 2)).toThrow(RangeError)
    expect(() => computeConsensus(SUB, equal([50], 0.5), 2)).toThrow(RangeError)
  })
})

describe('computeConsensus properties', () => {
  it('a colluding minority (≤ 40 % of equal weight) stays within 15 of the honest median', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 3, maxLength: 15 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 10 }),
        (truth, noise, colludeAt, colluderJitter) => {
          const honest = noise.map((d) => Math.min(Math.max(truth + d, 0), 100))
          const maxColluders = Math.floor((2 * honest.length) / 3) // c / (h + c) ≤ 0.4
          // Colluders mostly agree on one target score; jitter lets some scatter anywhere.
          const colluders = colluderJitter.slice(0, maxColluders).map((j, i) => (i % 2 === 0 ? colludeAt : j))
          const r = computeConsensus(SUB, equal([...honest, ...colluders]), 2)
          expect(r.score).not.toBeNull()
          expect(Math.abs(r.score! - plainMedian(honest))).toBeLessThanOrEqual(15)
        },
      ),
      RUNS,
    )
  })

  it('is the same under any permutation of the scores', () => {
    const scoreArb = fc.record({
      validator: fc.integer({ min: 1, max: 40 }).map(acct),
      score: fc.integer({ min: 0, max: 100 }),
      weight: fc.oneof(fc.constant(0), fc.integer({ min: 600, max: 1000 })),
    })
    fc.assert(
      fc.property(withPermutation(fc.array(scoreArb, { maxLength: 25 })), ([a, b]) => {
        expect(computeConsensus(SUB, b, 3)).toEqual(computeConsensus(SUB, a, 3))
      }),
      RUNS,
    )
  })

  it('keeps the score inside the counted scores and confidence in [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 30 }), (raw) => {
        const r = computeConsensus(SUB, equal(raw), 2)
        expect(r.score!).toBeGreaterThanOrEqual(Math.min(...raw))
        expect(r.score!).toBeLessThanOrEqual(Math.max(...raw))
        expect(Math.abs(r.score! - r.median!)).toBeLessThanOrEqual(15)
        expect(r.confidence).toBeGreaterThanOrEqual(0)
        expect(r.confidence).toBeLessThanOrEqual(1)
        expect(r.outliers.length + r.agreeing.length).toBe(raw.length)
      }),
      RUNS,
    )
  })

  it('stays within the honest scores with ≤ 40 % colluding weight at either extreme (honest spread ±15)', () => {
    const weight = fc.integer({ min: 600, max: 1000 })
    const colluder = fc.record({
      at: fc.oneof(fc.constantFrom(0, 100), fc.integer({ min: 0, max: 100 })),
      weight,
    })
    fc.assert(
      fc.property(
        fc.integer({ min: 15, max: 85 }),
        fc.array(fc.record({ offset: fc.integer({ min: -15, max: 15 }), weight }), {
          minLength: 2,
          maxLength: 12,
        }),
        fc.constantFrom('low', 'high', 'both', 'scattered'),
        fc.array(colluder, { maxLength: 9 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 4 }),
        (centre, honestRaw, side, colluderRaw, sybils) => {
          const honest = honestRaw.map((h, i) => ({
            validator: acct(i + 1),
            score: centre + h.offset,
            weight: h.weight,
          }))
          const honestWeight = honest.reduce((a, h) => a + h.weight, 0)
          // Keep the colluders while their share of the counted weight stays ≤ 40 % (c ≤ 2/3 · h).
          const colluders: ValidatorScore[] = []
          let colluding = 0
          for (const [i, c] of colluderRaw.entries()) {
            if (3 * (colluding + c.weight) > 2 * honestWeight) break
            colluding += c.weight
            const at = side === 'low' ? 0 : side === 'high' ? 100 : side === 'both' ? (i % 2) * 100 : c.at
            colluders.push({ validator: acct(100 + i), score: at, weight: c.weight })
          }
          // Untrusted (zero-weight) accounts may score anything: they never count.
          const zero = sybils.map((score, i) => ({ validator: acct(200 + i), score, weight: 0 }))
          const r = computeConsensus(SUB, [...honest, ...colluders, ...zero], 2)
          const scores = honest.map((h) => h.score)
          expect(r.score!).toBeGreaterThanOrEqual(Math.min(...scores))
          expect(r.score!).toBeLessThanOrEqual(Math.max(...scores))
          expect(r.clipLow!).toBeLessThanOrEqual(r.median!)
          expect(r.clipHigh!).toBeGreaterThanOrEqual(r.median!)
        },
      ),
      RUNS,
    )
  })
})
