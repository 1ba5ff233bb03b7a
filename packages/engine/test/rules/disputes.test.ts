import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DISPUTE_PANEL_SIZE, resolveDispute, selectDisputePanel } from '../../src/rules/disputes.js'
import { rankByHash } from '../../src/rules/hash-rank.js'
import type { DisputeCase, DisputeVoteRecord } from '../../src/rules/types.js'
import { acct, RUNS, withPermutation } from './arbitraries.js'

const DISPUTE: DisputeCase = {
  id: 'de'.repeat(32),
  type: 'plagiarism',
  opener: acct(1),
  publisher: acct(2),
  accusedMiners: [acct(3)],
  accusedValidators: [acct(4)],
  disputedSubmissions: ['s3'],
}
const PANEL = [acct(0x51), acct(0x52), acct(0x53)]
const DEADLINE = 10_000

function vote(n: number, voter: string, verdict: 'uphold' | 'reject', time = 1_000): DisputeVoteRecord {
  return { messageId: `m${n}`, voter, verdict, time }
}

describe('selectDisputePanel', () => {
  it('takes uninvolved candidates with trust ≥ 0.7, ranked by hash, panel size 3', () => {
    const outsiders = [0x51, 0x52, 0x53, 0x54, 0x55].map((n) => ({ account: acct(n), trust: 0.7 }))
    const involved = [1, 2, 3, 4].map((n) => ({ account: acct(n), trust: 1 }))
    const low = { account: acct(0x56), trust: 0.69 }
    const panel = selectDisputePanel(DISPUTE, [...involved, low, ...outsiders])
    expect(DISPUTE_PANEL_SIZE).toBe(3)
    expect(panel).toEqual(
      rankByHash(
        DISPUTE.id,
        outsiders.map((o) => o.account),
      ).slice(0, 3),
    )
  })

  it('is independent of candidate order', () => {
    const candArb = fc.record({
      account: fc.integer({ min: 1, max: 40 }).map(acct),
      trust: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    fc.assert(
      fc.property(withPermutation(fc.array(candArb, { maxLength: 30 })), ([a, b]) => {
        // one candidate record per account: the permutation property is about order, not duplicates
        const dedupe = (xs: typeof a) =>
          xs.filter((x, i) => xs.findIndex((y) => y.account === x.account) === i)
        const ua = dedupe(a)
        const ub = b.filter((x) => ua.includes(x))
        const panel = selectDisputePanel(DISPUTE, ua)
        expect(selectDisputePanel(DISPUTE, ub)).toEqual(panel)
        for (const p of panel)
          expect([
            DISPUTE.opener,
            DISPUTE.publisher,
            ...DISPUTE.accusedMiners,
            ...DISPUTE.accusedValidators,
          ]).not.toContain(p)
      }),
      RUNS,
    )
  })
})

describe('resolveDispute', () => {
  it('upholds on a panel majority and adjusts the accused and the opener', () => {
    const r = resolveDispute(
      DISPUTE,
      PANEL,
      [vote(1, PANEL[0]!, 'uphold'), vote(2, PANEL[1]!, 'uphold')],
      2_000,
      DEADLINE,
    )
    expect(r.status).toBe('upheld')
    expect(r.adjustments?.reward).toEqual({
      redistribute: true,
      excludeSubmissions: ['s3'],
      excludeValidators: [acct(4)],
    })
    expect(r.adjustments?.reputation).toEqual([
      { account: acct(1), delta: 20 },
      { account: acct(3), delta: -100 },
      { account: acct(4), delta: -100 },
    ])
    expect(r.adjustments?.trust.find((t) => t.account === acct(3))?.delta).toBeCloseTo(-0.1, 12)
  })

  it('rejects on a reject majority and costs the opener', () => {
    const r = resolveDispute(
      DISPUTE,
      PANEL,
      [vote(1, PANEL[0]!, 'reject'), vote(2, PANEL[2]!, 'reject')],
      2_000,
      DEADLINE,
    )
    expect(r.status).toBe('rejected')
    expect(r.adjustments?.reward.redistribute).toBe(false)
    expect(r.adjustments?.reputation).toEqual([{ account: acct(1), delta: -50 }])
  })

  it('stays pending without a majority, then rejects at the deadline', () => {
    const votes = [vote(1, PANEL[0]!, 'uphold'), vote(2, PANEL[1]!, 'reject')]
    expect(resolveDispute(DISPUTE, PANEL, votes, 2_000, DEADLINE)).toMatchObject({
      status: 'pending',
      adjustments: null,
    })
    expect(resolveDispute(DISPUTE, PANEL, votes, DEADLINE, DEADLINE).status).toBe('rejected')
  })

  it('ignores outsiders, late votes, future votes and a voter who cast both verdicts', () => {
    const votes = [
      vote(1, PANEL[0]!, 'uphold'),
      vote(2, PANEL[0]!, 'reject'),
      vote(3, acct(0x99), 'uphold'),
      vote(4, PANEL[1]!, 'uphold', DEADLINE + 1),
      vote(5, PANEL[2]!, 'uphold', 5_000),
    ]
    const r = resolveDispute(DISPUTE, PANEL, votes, 4_000, DEADLINE)
    expect(r).toMatchObject({ status: 'pending', upholdVotes: 0, rejectVotes: 0 })
    expect(resolveDispute(DISPUTE, PANEL, votes, 6_000, DEADLINE).upholdVotes).toBe(1)
  })

  it('freezes the outcome at the first strict majority: later votes, flips included, cannot overturn it', () => {
    const votes = [
      vote(1, PANEL[0]!, 'uphold', 1_000),
      vote(2, PANEL[1]!, 'uphold', 2_000),
      // After the decision at 2 000: both upholders flip and the third votes reject.
      vote(3, PANEL[0]!, 'reject', 3_000),
      vote(4, PANEL[1]!, 'reject', 3_000),
      vote(5, PANEL[2]!, 'reject', 4_000),
    ]
    for (const asOf of [2_000, 3_500, 5_000, DEADLINE]) {
      const r = resolveDispute(DISPUTE, PANEL, votes, asOf, DEADLINE)
      expect(r).toMatchObject({ status: 'upheld', upholdVotes: 2, rejectVotes: 0 })
      expect(r.adjustments?.reward.redistribute).toBe(true)
    }
    expect(resolveDispute(DISPUTE, PANEL, votes, 1_999, DEADLINE).status).toBe('pending')
  })

  it('a voter who cast both verdicts before the decision counts for neither', () => {
    const votes = [
      vote(1, PANEL[0]!, 'uphold', 1_000),
      vote(2, PANEL[0]!, 'reject', 1_500),
      vote(3, PANEL[1]!, 'reject', 2_000),
      vote(4, PANEL[2]!, 'uphold', 2_500),
    ]
    // PANEL[0] counts for neither, so neither side reaches 2 of 3.
    expect(resolveDispute(DISPUTE, PANEL, votes, 3_000, DEADLINE)).toMatchObject({
      status: 'pending',
      upholdVotes: 1,
      rejectVotes: 1,
    })
    expect(resolveDispute(DISPUTE, PANEL, votes, DEADLINE, DEADLINE).status).toBe('rejected')
  })

  it('with an empty panel expires at the deadline with no adjustments (the opener is not punished)', () => {
    const outsider = [vote(1, acct(0x99), 'reject', 1_000)]
    expect(resolveDispute(DISPUTE, [], outsider, 5_000, DEADLINE)).toMatchObject({
      status: 'pending',
      adjustments: null,
    })
    expect(resolveDispute(DISPUTE, [], outsider, DEADLINE, DEADLINE)).toEqual({
      status: 'expired',
      upholdVotes: 0,
      rejectVotes: 0,
      adjustments: null,
    })
  })

  it('property: votes authored after the decision never change it', () => {
    const voteArb = fc.record({
      messageId: fc.integer({ min: 0, max: 999 }).map((n) => `m${n}`),
      voter: fc.constantFrom(...PANEL, acct(0x99)),
      verdict: fc.constantFrom('uphold' as const, 'reject' as const),
      time: fc.integer({ min: 0, max: DEADLINE }),
    })
    fc.assert(
      fc.property(
        fc.array(voteArb, { maxLength: 10 }),
        fc.array(voteArb, { maxLength: 6 }),
        (early, extra) => {
          const decided = resolveDispute(DISPUTE, PANEL, early, DEADLINE - 1, DEADLINE)
          if (decided.status === 'pending') return
          // The instant of the decision: the earliest asOf at which it is no longer pending.
          const at = [...new Set(early.map((v) => v.time))]
            .sort((x, y) => x - y)
            .find((t) => resolveDispute(DISPUTE, PANEL, early, t, DEADLINE).status !== 'pending')!
          const later = extra.map((v, i) => ({
            ...v,
            messageId: `x${i}`,
            time: Math.min(at + 1 + v.time, DEADLINE),
          }))
          const r = resolveDispute(DISPUTE, PANEL, [...early, ...later], DEADLINE, DEADLINE)
          expect(r).toEqual(decided)
        },
      ),
      RUNS,
    )
  })

  it('is independent of vote order', () => {
    const voteArb = fc.record({
      messageId: fc.integer({ min: 0, max: 99 }).map((n) => `m${n}`),
      voter: fc.constantFrom(...PANEL, acct(0x99)),
      verdict: fc.constantFrom('uphold' as const, 'reject' as const),
      time: fc.integer({ min: 0, max: 2 * DEADLINE }),
    })
    fc.assert(
      fc.property(
        withPermutation(fc.array(voteArb, { maxLength: 12 })),
        fc.integer({ min: 0, max: 2 * DEADLINE }),
        ([a, b], asOf) => {
          const r = resolveDispute(DISPUTE, PANEL, a, asOf, DEADLINE)
          expect(resolveDispute(DISPUTE, PANEL, b, asOf, DEADLINE)).toEqual(r)
          expect(r.upholdVotes + r.rejectVotes).toBeLessThanOrEqual(PANEL.length)
        },
      ),
      RUNS,
    )
  })
})
