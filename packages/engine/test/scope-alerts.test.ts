/**
 * Overflow alerts for every kind (DESIGN §5.8 "Evidence travels inside alerts"): an overflowed
 * scope — two answers by one miner, two equal scores of one answer, two votes in one round, two
 * claims of one root, two dispute votes — is an equivocation the node's validators are asked to
 * announce (unsignedFindings), naming the held messages; an alert carrying their envelopes is
 * ACCEPTed by a node that never saw them, and one whose envelopes lie in two scopes is REJECTed.
 */
import { type AnySignedMessage, FraudKind, Verdict } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { hex } from '../src/ids.js'
import type { Engine } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  claimReward,
  fraudAlert,
  openDispute,
  openTestEngine,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
  voteDispute,
  voteRoot,
} from './helpers/builders.js'

const pub = account('alert-pub')
const m1 = account('alert-m1')
const m2 = account('alert-m2')
const v1 = account('alert-v1')
const v2 = account('alert-v2')
const v3 = account('alert-v3')
const AT = T0 + 60 * SEC
const task = publishTask(pub, { at: AT })
const t = task.body
const NOW = t.challengeDeadline + 3_600_000
const answer = revealAnswer(m2, task, 'an answer', AT + 30 * SEC)

async function engine(): Promise<Engine> {
  const genesis = testGenesis([v1, v2, v3])
  return openTestEngine({ store: new MemoryEngineStore(), genesis, clock: T0, now: () => NOW })
}

async function accept(e: Engine, ...msgs: AnySignedMessage[]): Promise<void> {
  for (const m of msgs)
    expect(await e.submitVerified(m, NOW), hex(m.id).slice(0, 8)).toEqual({ verdict: Verdict.Accept })
}

/** Two messages of one scope per kind, by the account that signs them. */
function overflows(): { subject: typeof m1; pair: [AnySignedMessage, AnySignedMessage] }[] {
  const dispute = openDispute(m1, task, v1, t.validationDeadline + 10 * SEC)
  return [
    {
      subject: m1,
      pair: [revealAnswer(m1, task, 'one', AT + 40 * SEC), revealAnswer(m1, task, 'two', AT + 41 * SEC)],
    },
    {
      subject: v1,
      pair: [
        scoreAnswer(v1, task, answer, 70, t.submissionDeadline + SEC),
        scoreAnswer(v1, task, answer, 70, t.submissionDeadline + 2 * SEC),
      ],
    },
    {
      subject: v2,
      pair: [
        voteRoot(v2, task, [answer], t.validationDeadline + SEC),
        voteRoot(v2, task, [], t.validationDeadline + 2 * SEC),
      ],
    },
    {
      subject: m2,
      pair: [
        claimReward(m2, task, 5n, t.validationDeadline + 3 * SEC),
        claimReward(m2, task, 6n, t.validationDeadline + 4 * SEC),
      ],
    },
    {
      subject: v3,
      pair: [
        voteDispute(v3, dispute, true, t.validationDeadline + 20 * SEC),
        voteDispute(v3, dispute, false, t.validationDeadline + 21 * SEC),
      ],
    },
  ]
}

describe('overflow alerts for every kind (DESIGN §5.8)', () => {
  it('each overflow is a finding; its alert with the envelopes is accepted where the flood was never seen', async () => {
    const seen = await engine()
    const cases = overflows()
    const dispute = openDispute(m1, task, v1, t.validationDeadline + 10 * SEC)
    await accept(seen, task, answer, dispute)
    for (const c of cases) await accept(seen, ...c.pair)
    await seen.advance(NOW)
    const findings = seen.unsignedFindings().filter((f) => f.alert.fraudKind === FraudKind.EQUIVOCATION)

    const fresh = await engine()
    await accept(fresh, task, answer, dispute)
    for (const c of cases) {
      const mine = findings.find((f) => hex(f.alert.subject) === hex(c.subject.publicKey))
      expect(mine, `a finding against ${hex(c.subject.publicKey).slice(0, 8)}`).toBeDefined()
      const ids = c.pair.map((m) => hex(m.id)).sort()
      expect(mine!.alert.evidenceIds.map(hex).sort()).toEqual(ids)
      expect(mine!.signers.length).toBeGreaterThan(0)
      // Signed by a validator that is not the subject, carrying the envelopes.
      const sender = c.subject === v1 ? v2 : v1
      const alert = fraudAlert(
        sender,
        task,
        c.subject,
        FraudKind.EQUIVOCATION,
        c.pair,
        t.challengeDeadline - SEC,
        true,
      )
      for (const m of c.pair) expect(fresh.hasMessage(m.id)).toBe(false)
      expect(await fresh.submitVerified(alert, NOW)).toEqual({ verdict: Verdict.Accept })
    }
  })

  it('envelopes of two different scopes prove nothing', async () => {
    const fresh = await engine()
    await accept(fresh, task, answer)
    const [a] = overflows()[0]!.pair
    const other = claimReward(m1, task, 5n, t.validationDeadline + 3 * SEC)
    const alert = fraudAlert(
      v2,
      task,
      m1,
      FraudKind.EQUIVOCATION,
      [a, other],
      t.challengeDeadline - SEC,
      true,
    )
    expect(await fresh.submitVerified(alert, NOW)).toMatchObject({
      verdict: Verdict.Reject,
      code: 'EVIDENCE_INVALID',
    })
  })
})
