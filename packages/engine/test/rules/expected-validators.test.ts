import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  expectedValidators,
  expectedValidatorsAt,
  rankEligibleValidators,
} from '../../src/rules/expected-validators.js'
import type { ValidatorCandidate, ValidatorTask } from '../../src/rules/types.js'
import { accountArb, acct, idArb, RUNS, withPermutation } from './arbitraries.js'

const TASK: ValidatorTask = { id: 'cd'.repeat(32), publisher: acct(0xee), miners: [acct(0xd1), acct(0xd2)] }

/** Independent reference: node:crypto sha256 over the concatenated key bytes. */
function referenceHash(taskId: string, account: string): string {
  return createHash('sha256')
    .update(Buffer.from(taskId + account, 'hex'))
    .digest('hex')
}

function cand(account: string, trust = 0.8, preTrusted = false): ValidatorCandidate {
  return { account, trust, preTrusted }
}

describe('rankEligibleValidators', () => {
  it('orders by sha256(task id ‖ key) and gates by trust, publisher and miners', () => {
    const good = [1, 2, 3, 4, 5, 6].map((n) => acct(n))
    const candidates = [
      ...good.map((a) => cand(a)),
      cand(acct(7), 0.59),
      cand(acct(8), 0.1, true),
      cand(TASK.publisher, 1, true),
      cand(acct(0xd1), 1, true),
    ]
    const ranked = rankEligibleValidators(TASK, candidates)
    const expected = [...good, acct(8)].sort((a, b) =>
      referenceHash(TASK.id, a) < referenceHash(TASK.id, b) ? -1 : 1,
    )
    expect(ranked).toEqual(expected)
    expect(ranked).not.toContain(acct(7))
  })

  it('is independent of candidate order and differs per task', () => {
    fc.assert(
      fc.property(
        idArb,
        withPermutation(
          fc.array(
            fc.record({
              account: accountArb,
              trust: fc.double({ min: 0, max: 1, noNaN: true }),
              preTrusted: fc.boolean(),
            }),
            { maxLength: 20 },
          ),
        ),
        (id, [a, b]) => {
          const task = { ...TASK, id }
          expect(rankEligibleValidators(task, b)).toEqual(rankEligibleValidators(task, a))
        },
      ),
      RUNS,
    )
    const all = Array.from({ length: 20 }, (_, i) => cand(acct(i + 1)))
    expect(rankEligibleValidators({ ...TASK, id: '01'.repeat(32) }, all)).not.toEqual(
      rankEligibleValidators({ ...TASK, id: '02'.repeat(32) }, all),
    )
  })
})

describe('expectedValidatorsAt', () => {
  const list = ['v1', 'v2', 'v3', 'v4', 'v5']

  it('expects the first `required` until half the window', () => {
    expect(expectedValidators(list, 3)).toEqual(['v1', 'v2', 'v3'])
    expect(expectedValidatorsAt(list, [], 1_000, 2_000, 1_499, 3)).toEqual(['v1', 'v2', 'v3'])
  })

  it('replaces silent validators with the next ones from half the window on', () => {
    expect(expectedValidatorsAt(list, ['v1', 'v3'], 1_000, 2_000, 1_500, 3)).toEqual(['v1', 'v3', 'v4'])
    expect(expectedValidatorsAt(list, ['v2'], 1_000, 2_000, 1_900, 3)).toEqual(['v2', 'v4', 'v5'])
    expect(expectedValidatorsAt(list, ['v1', 'v2', 'v3'], 1_000, 2_000, 1_900, 3)).toEqual(['v1', 'v2', 'v3'])
    // the list runs out: fewer expected, never anyone off the list
    expect(expectedValidatorsAt(list, [], 1_000, 2_000, 1_900, 3)).toEqual(['v4', 'v5'])
  })

  it('always returns at most `required` members of the list, in list order, keeping those who scored', () => {
    fc.assert(
      fc.property(
        fc.subarray(list),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 3_000 }),
        (scored, required, now) => {
          const out = expectedValidatorsAt(list, scored, 1_000, 2_000, now, required)
          expect(out.length).toBeLessThanOrEqual(required)
          expect(out).toEqual(list.filter((v) => out.includes(v)))
          for (const v of list.slice(0, required)) if (scored.includes(v)) expect(out).toContain(v)
        },
      ),
      RUNS,
    )
  })
})
