/**
 * Dispute derivation (DESIGN §6) with the rule's freeze-at-first-majority: only panel members'
 * votes count, the decision instant is the first strict majority (later votes, a flip included,
 * change nothing), an empty panel expires with no adjustments, and delivery order does not matter.
 */
import { type AnySignedMessage, DisputeStatus, toHex } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { listDisputes } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  openDispute,
  openTestEngine,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
  voteDispute,
} from './helpers/builders.js'

const pub = account('dd-pub')
const m1 = account('dd-m1')
const validators = ['a', 'b', 'c', 'd', 'e'].map((l) => account(`dd-v-${l}`))
const [v1, v2] = validators as [(typeof validators)[0], (typeof validators)[0]]
const AT = T0 + 10 * SEC
const task = publishTask(pub, { at: AT })
const sd = task.body.submissionDeadline
const vd = task.body.validationDeadline
const reveal = revealAnswer(m1, task, 'an original answer with some substance', AT + 60 * SEC)
const base: AnySignedMessage[] = [
  task,
  reveal,
  scoreAnswer(v1, task, reveal, 70, sd + SEC),
  scoreAnswer(v2, task, reveal, 72, sd + 2 * SEC),
]

async function engineWith(pre: typeof validators, msgs: readonly AnySignedMessage[], clock = vd) {
  const engine = await openTestEngine({
    store: new MemoryEngineStore(),
    genesis: testGenesis(pre),
    clock: T0,
    now: () => T0 + 100 * 86_400_000,
  })
  for (const m of msgs) expect((await engine.submit(m)).verdict).toBe('ACCEPT')
  await engine.advance(clock)
  return engine
}

describe('dispute derivation', () => {
  it('freezes at the first strict majority of the panel; non-panel votes and later flips do not count', async () => {
    const dispute = openDispute(m1, task, v1, vd + 10 * SEC)
    const probe = await engineWith(validators, [...base, dispute])
    const panel = listDisputes(probe, task.id)[0]!.panel.map(toHex)
    expect(panel).toHaveLength(3)
    const key = (k: (typeof validators)[0]) => toHex(k.publicKey)
    const [p0, p1, p2] = panel.map((h) => validators.find((v) => key(v) === h)!)
    const outsider = validators.find((v) => v !== v1 && !panel.includes(key(v)))!
    const t = (s: number) => vd + s * SEC
    const votes = [
      voteDispute(outsider, dispute, false, t(20)), // not on the panel: ignored by the rule
      voteDispute(p0!, dispute, true, t(30)),
      voteDispute(p1!, dispute, true, t(40)), // strict majority (2 of 3): decided here
      voteDispute(p2!, dispute, false, t(50)),
      voteDispute(p0!, dispute, false, t(60)), // a flip after the decision changes nothing
    ]
    const all = [...base, dispute, ...votes]
    const end = task.body.challengeDeadline + 2 * 86_400_000
    const forward = await engineWith(validators, all, end)
    const backward = await engineWith(validators, [...base, dispute, ...[...votes].reverse()], end)
    const d = listDisputes(forward, task.id)[0]!
    expect(d.status).toBe(DisputeStatus.UPHELD)
    expect(d.resolvedAt).toBe(t(40))
    expect([d.votesUphold, d.votesDismiss]).toEqual([2, 0])
    expect(backward.dumpRecords()).toEqual(forward.dumpRecords())
    // v1 (accused) carries the upheld adjustments; the outsider's vote moved nothing.
    const contrib = forward.state.task(toHex(task.id))!.derived!.contributions
    expect(contrib.get(key(v1))!.trust.some((e) => e.kind === 'adjustment' && e.time === t(40))).toBe(true)
    expect(contrib.get(key(outsider))).toBeUndefined()
  })

  it('an empty panel expires at the voting deadline with no adjustments', async () => {
    // Only v1 and v2 are trusted; v2 accuses v1, so nobody uninvolved can sit on the panel.
    const dispute = openDispute(v2, task, v1, vd + 10 * SEC)
    const deadline = task.body.challengeDeadline + testGenesis().params.disputeVoteWindowMs
    const engine = await engineWith([v1, v2], [...base, dispute], deadline + SEC)
    const d = listDisputes(engine, task.id)[0]!
    expect(d.panel).toHaveLength(0)
    expect(d.status).toBe(DisputeStatus.EXPIRED_DISPUTE)
    expect(d.resolvedAt).toBe(deadline)
    const contrib = engine.state.task(toHex(task.id))!.derived!.contributions
    for (const c of contrib.values()) {
      expect(c.trust.some((e) => e.kind === 'adjustment')).toBe(false)
      expect(c.reputation.some((e) => e.kind === 'adjustment')).toBe(false)
    }
  })
})
