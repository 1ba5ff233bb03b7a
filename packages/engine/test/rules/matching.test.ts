import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { difficultyFit, MATCH_MIN_SCORE, matchScore, rankCandidates } from '../../src/rules/matching.js'
import { DIFFICULTIES, type MatchTask, type MinerCandidate, TASK_TYPES } from '../../src/rules/types.js'
import { acct, RUNS, withPermutation } from './arbitraries.js'

const TASK: MatchTask = { taskType: 'code-analysis', difficulty: 'advanced' }

function miner(n: number, extra: Partial<MinerCandidate> = {}): MinerCandidate {
  return {
    account: acct(n),
    proficiency: { 'code-analysis': 0.8 },
    difficulty: 'advanced',
    reputation: 5_000,
    successRate: 0.5,
    availability: 1,
    ...extra,
  }
}

describe('matching', () => {
  it('weights the five terms 0.4 / 0.2 / 0.2 / 0.1 / 0.1', () => {
    // 0.4·0.8 + 0.2·1 + 0.2·0.5 + 0.1·0.5 + 0.1·1
    expect(matchScore(TASK, miner(1))).toBeCloseTo(0.77, 12)
    const perfect = miner(1, { proficiency: { 'code-analysis': 1 }, reputation: 10_000, successRate: 1 })
    expect(matchScore(TASK, perfect)).toBeCloseTo(1, 12)
  })

  it('fits difficulty by level distance', () => {
    expect(difficultyFit('advanced', 'advanced')).toBe(1)
    expect(difficultyFit('expert', 'advanced')).toBeCloseTo(2 / 3, 12)
    expect(difficultyFit('beginner', 'expert')).toBe(0)
  })

  it('counts a missing specialization as zero and clamps out-of-range inputs', () => {
    const none = miner(1, { proficiency: { general: 1 } })
    expect(matchScore(TASK, none)).toBeCloseTo(0.45, 12)
    const wild = miner(1, {
      proficiency: { 'code-analysis': 7 },
      reputation: 1e9,
      successRate: -3,
      availability: Number.NaN,
    })
    expect(matchScore(TASK, wild)).toBeCloseTo(0.4 + 0.2 + 0.2, 12)
  })

  it('keeps only candidates above 0.3, best first, ties by account', () => {
    const weak = miner(5, {
      proficiency: {},
      difficulty: 'beginner',
      reputation: 0,
      successRate: 0,
      availability: 1,
    })
    const ranked = rankCandidates(TASK, [miner(3), weak, miner(2), miner(4, { successRate: 1 })])
    expect(ranked.map((c) => c.account)).toEqual([acct(4), acct(2), acct(3)])
    // exactly 0.3 is not above it: 0.2 (fit) + 0.1 (availability)
    const edge = miner(6, { proficiency: {}, reputation: 0, successRate: 0 })
    expect(matchScore(TASK, edge)).toBeCloseTo(MATCH_MIN_SCORE, 12)
    expect(rankCandidates(TASK, [edge])).toEqual([])
  })

  const minerArb: fc.Arbitrary<MinerCandidate> = fc.record({
    account: fc.integer({ min: 1, max: 30 }).map(acct),
    proficiency: fc.dictionary(fc.constantFrom(...TASK_TYPES), fc.double({ min: 0, max: 1, noNaN: true })),
    difficulty: fc.constantFrom(...DIFFICULTIES),
    reputation: fc.integer({ min: 0, max: 10_000 }),
    successRate: fc.double({ min: 0, max: 1, noNaN: true }),
    availability: fc.double({ min: 0, max: 1, noNaN: true }),
  })

  it('ranks identically under permutation, scores in (0.3, 1], sorted', () => {
    const taskArb = fc.record({
      taskType: fc.constantFrom(...TASK_TYPES),
      difficulty: fc.constantFrom(...DIFFICULTIES),
    })
    fc.assert(
      fc.property(taskArb, withPermutation(fc.array(minerArb, { maxLength: 25 })), (task, [a, b]) => {
        const ranked = rankCandidates(task, a)
        expect(rankCandidates(task, b)).toEqual(ranked)
        for (const [i, c] of ranked.entries()) {
          expect(c.score).toBeGreaterThan(MATCH_MIN_SCORE)
          expect(c.score).toBeLessThanOrEqual(1 + 1e-12)
          if (i > 0) expect(ranked[i - 1]!.score).toBeGreaterThanOrEqual(c.score)
        }
      }),
      RUNS,
    )
  })
})
