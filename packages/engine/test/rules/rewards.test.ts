import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { distributeRewards, maxWinners, NETWORK_ACCOUNT, splitProRata } from '../../src/rules/rewards.js'
import type { RewardEntry, RewardInput, RewardSubmission, RewardValidator } from '../../src/rules/types.js'
import { TASK_TYPES } from '../../src/rules/types.js'
import { acct, RUNS, withPermutation } from './arbitraries.js'

const PUBLISHER = acct(0xaa)

function sub(n: number, score: number | null, extra: Partial<RewardSubmission> = {}): RewardSubmission {
  return {
    id: n.toString(16).padStart(4, '0'),
    miner: acct(n),
    score,
    reached: score !== null,
    flagged: false,
    submittedAt: 1_000 + n,
    ...extra,
  }
}

function val(n: number, outlier = false, weight = 1000): RewardValidator {
  return { validator: acct(0x80 + n), weight, outlier }
}

function total(entries: RewardEntry[]): bigint {
  return entries.reduce((a, e) => a + e.amount, 0n)
}

function amountOf(entries: RewardEntry[], role: RewardEntry['role'], recipient: string): bigint {
  return entries
    .filter((e) => e.role === role && e.recipient === recipient)
    .reduce((a, e) => a + e.amount, 0n)
}

describe('maxWinners', () => {
  it('is clamp(floor(n/4), 1, 2), and 1 for security audits', () => {
    expect(maxWinners('general', 0)).toBe(1)
    expect(maxWinners('general', 7)).toBe(1)
    expect(maxWinners('general', 8)).toBe(2)
    expect(maxWinners('general', 100)).toBe(2)
    expect(maxWinners('security-audit', 100)).toBe(1)
  })
})

describe('splitProRata', () => {
  it('gives the remainder to the first share', () => {
    expect(splitProRata(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n])
    expect(splitProRata(10n, [])).toEqual([])
  })
})

describe('distributeRewards examples', () => {
  const base: RewardInput = {
    publisher: PUBLISHER,
    reward: 1_000n,
    taskType: 'general',
    submissions: [sub(1, 90), sub(2, 80), sub(3, 50), sub(4, 30)],
    validators: [val(1), val(2), val(3)],
  }

  it('splits 65 / 15 / 15 / 5 with one winner among four', () => {
    const e = distributeRewards(base)
    expect(amountOf(e, 'winner', acct(1))).toBe(650n)
    // participants pro rata 9000 : 8000 : 5000 : 3000 of 150
    expect(amountOf(e, 'participant', acct(1))).toBe(54n)
    expect(amountOf(e, 'participant', acct(2))).toBe(48n)
    expect(amountOf(e, 'participant', acct(3))).toBe(30n)
    expect(amountOf(e, 'participant', acct(4))).toBe(18n)
    for (const n of [1, 2, 3]) expect(amountOf(e, 'validator', acct(0x80 + n))).toBe(50n)
    expect(amountOf(e, 'network', NETWORK_ACCOUNT)).toBe(50n)
    expect(total(e)).toBe(1_000n)
  })

  it('uses rank weights 1.0 / 0.6 for two winners', () => {
    const submissions = [sub(1, 95), sub(2, 85), sub(3, 70), ...[4, 5, 6, 7, 8].map((n) => sub(n, 40))]
    const e = distributeRewards({ ...base, reward: 16_000n, submissions })
    expect(amountOf(e, 'winner', acct(1))).toBe(6_500n) // 10 400 · 10/16
    expect(amountOf(e, 'winner', acct(2))).toBe(3_900n) // 10 400 · 6/16
    expect(amountOf(e, 'winner', acct(3))).toBe(0n)
  })

  it('has a single winner for security audits', () => {
    const submissions = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => sub(n, 90 - n))
    const e = distributeRewards({ ...base, taskType: 'security-audit', submissions })
    expect(e.filter((x) => x.role === 'winner')).toHaveLength(1)
  })

  it('breaks score ties by earlier commit', () => {
    const submissions = [sub(1, 80, { submittedAt: 5_000 }), sub(2, 80, { submittedAt: 4_000 })]
    const e = distributeRewards({ ...base, submissions })
    expect(e.find((x) => x.role === 'winner')?.recipient).toBe(acct(2))
  })

  it('gives flagged submissions nothing even when they score best', () => {
    const submissions = [sub(1, 99, { flagged: true }), sub(2, 70)]
    const e = distributeRewards({ ...base, submissions })
    expect(e.filter((x) => x.recipient === acct(1))).toEqual([])
    expect(amountOf(e, 'winner', acct(2))).toBe(650n)
  })

  it('returns the miners’ pools to the publisher when no answer passes', () => {
    const e = distributeRewards({ ...base, submissions: [sub(1, 59), sub(2, null)] })
    expect(amountOf(e, 'refund', PUBLISHER)).toBe(800n)
    expect(e.some((x) => x.role === 'participant' || x.role === 'winner')).toBe(false)
    expect(total(e)).toBe(1_000n)
  })

  it('returns the validators’ pool to the publisher when no validator earns', () => {
    const e = distributeRewards({ ...base, validators: [val(1, true), val(2, false, 0)] })
    expect(amountOf(e, 'refund', PUBLISHER)).toBe(150n)
    expect(e.some((x) => x.role === 'validator')).toBe(false)
  })

  it('pays outliers nothing', () => {
    const e = distributeRewards({ ...base, validators: [val(1), val(2, true)] })
    expect(amountOf(e, 'validator', acct(0x81))).toBe(150n)
    expect(amountOf(e, 'validator', acct(0x82))).toBe(0n)
  })

  it('rejects a split that does not sum to 100 %', () => {
    const split = { winnersBps: 6_500, participantsBps: 1_500, validatorsBps: 1_500, networkBps: 1_500 }
    expect(() => distributeRewards({ ...base, split })).toThrow(RangeError)
    expect(() => distributeRewards({ ...base, reward: -1n })).toThrow(RangeError)
  })
})

const submissionArb = fc.record({
  id: fc.integer({ min: 0, max: 30 }).map((n) => n.toString(16).padStart(4, '0')),
  miner: fc.integer({ min: 1, max: 20 }).map(acct),
  score: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
  reached: fc.boolean(),
  flagged: fc.boolean(),
  submittedAt: fc.integer({ min: 0, max: 10 }),
})
const validatorArb = fc.record({
  validator: fc.integer({ min: 0x40, max: 0x60 }).map(acct),
  weight: fc.oneof(fc.constant(0), fc.integer({ min: 600, max: 1000 })),
  outlier: fc.boolean(),
})
const splitArb = fc
  .tuple(
    fc.integer({ min: 0, max: 10_000 }),
    fc.integer({ min: 0, max: 10_000 }),
    fc.integer({ min: 0, max: 10_000 }),
  )
  .map(([a, b, c]) => {
    const [x, y, z] = [a, b, c].sort((p, q) => p - q) as [number, number, number]
    return { winnersBps: x, participantsBps: y - x, validatorsBps: z - y, networkBps: 10_000 - z }
  })
const inputArb = fc.record({
  reward: fc.bigInt({ min: 0n, max: 10n ** 24n }),
  taskType: fc.constantFrom(...TASK_TYPES),
  submissions: fc.array(submissionArb, { maxLength: 20 }),
  validators: fc.array(validatorArb, { maxLength: 12 }),
  split: splitArb,
})

describe('distributeRewards properties', () => {
  it('always sums exactly to the reward, with positive amounts only', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const entries = distributeRewards({ ...input, publisher: PUBLISHER })
        expect(total(entries)).toBe(input.reward)
        for (const e of entries) expect(e.amount > 0n).toBe(true)
      }),
      RUNS,
    )
  })

  it('never pays flagged or non-consensus submissions', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const entries = distributeRewards({ ...input, publisher: PUBLISHER })
        const paid = new Set(entries.map((e) => e.submissionId).filter((id) => id !== null))
        const ids = new Set(input.submissions.map((s) => s.id))
        for (const id of paid) {
          expect(ids.has(id!)).toBe(true)
          // every record with this id is the one canonical record: it must qualify
          const qualifying = input.submissions.filter((s) => s.id === id && !s.flagged && s.reached)
          expect(qualifying.length).toBeGreaterThan(0)
        }
        expect(entries.filter((e) => e.role === 'winner').length).toBeLessThanOrEqual(2)
      }),
      RUNS,
    )
  })

  it('is identical under any permutation of submissions and validators', () => {
    fc.assert(
      fc.property(
        inputArb,
        withPermutation(fc.array(submissionArb, { maxLength: 20 })),
        withPermutation(fc.array(validatorArb, { maxLength: 12 })),
        (input, [s1, s2], [v1, v2]) => {
          const a = distributeRewards({ ...input, publisher: PUBLISHER, submissions: s1, validators: v1 })
          const b = distributeRewards({ ...input, publisher: PUBLISHER, submissions: s2, validators: v2 })
          expect(b).toEqual(a)
        },
      ),
      RUNS,
    )
  })
})
