/** Every REJECT and IGNORE code is triggered, and nothing invalid is persisted. */
import {
  type AnySignedMessage,
  bytesEqual,
  concatBytes,
  domainTag,
  Envelope,
  FraudKind,
  MessageKind,
  signMessage,
  TaskPublishedBody,
  toHex,
  Verdict,
} from '@aimesh/protocol'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Engine } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  cancelTask,
  claimReward,
  commitAnswer,
  fraudAlert,
  knownProfiles,
  NET,
  openDispute,
  openTestEngine,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
  voteDispute,
  voteIds,
  voteRoot,
} from './helpers/builders.js'

const pub = account('pub')
const m1 = account('m1')
const m2 = account('m2')
const v1 = account('v1')
const v2 = account('v2')
const NOW = T0 + 10_000 * SEC
const AT = T0 + 10 * SEC

let store: MemoryEngineStore
let engine: Engine
beforeEach(async () => {
  store = new MemoryEngineStore()
  engine = await openTestEngine({ store, genesis: testGenesis([v1, v2]), clock: T0, now: () => NOW })
})

async function ok(...msgs: Parameters<Engine['submit']>[0][]) {
  for (const m of msgs) expect(await engine.submit(m)).toEqual({ verdict: Verdict.Accept })
}

async function expectCode(msg: Parameters<Engine['submit']>[0], verdict: Verdict, code: string) {
  const logged = store.log.size
  const records = JSON.stringify([...store.records.keys()])
  const r = await engine.submit(msg)
  expect(r.verdict).toBe(verdict)
  expect('code' in r ? r.code : undefined).toBe(code)
  // Nothing invalid is ever persisted.
  expect(store.log.size).toBe(logged)
  expect(JSON.stringify([...store.records.keys()])).toBe(records)
  if (code !== 'DUPLICATE') expect(engine.hasMessage(msg.id)).toBe(false)
}

describe('REJECT codes', () => {
  const task = publishTask(pub, { at: AT })
  const crTask = publishTask(pub, { at: AT, commitReveal: true, nonce: 1 })
  const sub = revealAnswer(m1, task, 'answer one', AT + 60 * SEC)
  const sd = task.body.submissionDeadline
  const vd = task.body.validationDeadline

  it('MALFORMED: a body that breaks the schema', async () => {
    // Signed by its author, so only the schema can refuse it.
    const bodyBytes = TaskPublishedBody.encode({ ...task.body, title: '' })
    const signature = pub.sign(concatBytes(domainTag(NET, MessageKind.TaskPublished), bodyBytes))
    const bytes = Envelope.encode({
      kind: MessageKind.TaskPublished,
      body: bodyBytes,
      signer: Uint8Array.from(pub.publicKey),
      signature,
    })
    expect(await engine.ingest(bytes)).toMatchObject({ verdict: Verdict.Reject, code: 'MALFORMED' })
    // The trusted path checks the schema too.
    const bad = { ...task, body: { ...task.body, title: '' } } as typeof task
    expect(await engine.submitVerified(bad)).toMatchObject({ verdict: Verdict.Reject, code: 'MALFORMED' })
    expect(store.log.size).toBe(knownProfiles().length)
  })
  it('BAD_SIGNATURE: a tampered envelope on ingest', async () => {
    const bytes = Uint8Array.from(task.bytes)
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1
    const r = await engine.ingest(bytes)
    expect(r).toMatchObject({ verdict: Verdict.Reject, code: 'BAD_SIGNATURE' })
    expect(store.log.size).toBe(knownProfiles().length)
  })
  it('BEFORE_GENESIS', async () => {
    await expectCode(publishTask(pub, { at: T0 - 1_000 }), Verdict.Reject, 'BEFORE_GENESIS')
  })
  it('TASK_TOO_LONG', async () => {
    const long = signMessage(
      NET,
      MessageKind.TaskPublished,
      { ...task.body, challengeDeadline: AT + 100 * 86_400_000 },
      pub,
    )
    await expectCode(long, Verdict.Reject, 'TASK_TOO_LONG')
  })
  it('NOT_PUBLISHER: someone else cancels', async () => {
    await ok(task)
    await expectCode(cancelTask(m1, task, AT + SEC), Verdict.Reject, 'NOT_PUBLISHER')
  })
  it('PUBLISHER_ANSWER', async () => {
    await ok(task)
    await expectCode(revealAnswer(pub, task, 'mine', AT + 60 * SEC), Verdict.Reject, 'PUBLISHER_ANSWER')
  })
  it('NO_COMMIT_PHASE', async () => {
    await ok(task)
    await expectCode(commitAnswer(m1, task, 'x', AT + SEC), Verdict.Reject, 'NO_COMMIT_PHASE')
  })
  it('OUTSIDE_WINDOW: answer after the submission deadline, score before it', async () => {
    await ok(task)
    await expectCode(revealAnswer(m1, task, 'late', sd), Verdict.Reject, 'OUTSIDE_WINDOW')
    await ok(sub)
    await expectCode(scoreAnswer(v1, task, sub, 70, sd - 1), Verdict.Reject, 'OUTSIDE_WINDOW')
    await expectCode(scoreAnswer(v1, task, sub, 70, vd), Verdict.Reject, 'OUTSIDE_WINDOW')
    await expectCode(voteRoot(v1, task, [], vd - 1, 0), Verdict.Reject, 'OUTSIDE_WINDOW')
    await expectCode(claimReward(m1, task, 10n, vd - 1), Verdict.Reject, 'OUTSIDE_WINDOW')
    await expectCode(openDispute(m1, task, v1, vd - 1), Verdict.Reject, 'OUTSIDE_WINDOW')
  })
  it('COMMIT_MISMATCH: the reveal does not open the commitment', async () => {
    const commit = commitAnswer(m1, crTask, 'committed answer', AT + 30 * SEC)
    await ok(crTask, commit)
    const cd = crTask.body.commitDeadline
    await expectCode(
      revealAnswer(m1, crTask, 'a different answer', cd + SEC, { commit }),
      Verdict.Reject,
      'COMMIT_MISMATCH',
    )
    await ok(revealAnswer(m1, crTask, 'committed answer', cd + SEC, { commit }))
  })
  it('BAD_REFERENCE: a score naming a non-answer', async () => {
    await ok(task)
    const notAnswer = { ...scoreAnswer(v1, task, task, 50, sd + SEC) }
    await expectCode(notAnswer, Verdict.Reject, 'BAD_REFERENCE')
  })
  it('SELF_VALIDATION and PUBLISHER_VALIDATION', async () => {
    await ok(task, sub)
    await expectCode(scoreAnswer(m1, task, sub, 100, sd + SEC), Verdict.Reject, 'SELF_VALIDATION')
    await expectCode(scoreAnswer(pub, task, sub, 100, sd + SEC), Verdict.Reject, 'PUBLISHER_VALIDATION')
  })
  it('INVOLVED_VOTER: a party votes on its own dispute', async () => {
    await ok(task, sub, scoreAnswer(v1, task, sub, 70, sd + SEC))
    const d = openDispute(m1, task, v1, vd + SEC)
    await ok(d)
    await expectCode(voteDispute(v1, d, false, vd + 2 * SEC), Verdict.Reject, 'INVOLVED_VOTER')
  })
  it('CLAIM_EXCEEDS_REWARD', async () => {
    await ok(task)
    await expectCode(
      claimReward(m1, task, task.body.reward + 1n, vd + SEC),
      Verdict.Reject,
      'CLAIM_EXCEEDS_REWARD',
    )
  })
  it('EVIDENCE_INVALID: an alert whose evidence does not prove it', async () => {
    const s1 = scoreAnswer(v1, task, sub, 70, sd + SEC)
    const s2 = scoreAnswer(v1, task, sub, 71, sd + 2 * SEC)
    await ok(task, sub, s1)
    // Equivocation with one score only: not proven.
    await expectCode(
      fraudAlert(v2, task, v1, FraudKind.EQUIVOCATION, [s1], vd + SEC),
      Verdict.Reject,
      'EVIDENCE_INVALID',
    )
    // A carried envelope that fails verification.
    const forged = { ...s2, bytes: Uint8Array.from(s2.bytes) }
    forged.bytes[forged.bytes.length - 1] = forged.bytes[forged.bytes.length - 1]! ^ 1
    await expectCode(
      fraudAlert(v2, task, v1, FraudKind.EQUIVOCATION, [s1, forged], vd + SEC, true),
      Verdict.Reject,
      'EVIDENCE_INVALID',
    )
    // With the real second score carried, the alert is proven.
    await ok(fraudAlert(v2, task, v1, FraudKind.EQUIVOCATION, [s1, s2], vd + SEC, true))
  })
})

describe('IGNORE codes', () => {
  const task = publishTask(pub, { at: AT })
  const crTask = publishTask(pub, { at: AT, commitReveal: true, nonce: 2 })
  const sub = revealAnswer(m1, task, 'answer one', AT + 60 * SEC)
  const sd = task.body.submissionDeadline
  const vd = task.body.validationDeadline

  it('DUPLICATE', async () => {
    await ok(task)
    await expectCode(task, Verdict.Ignore, 'DUPLICATE')
  })
  it('FUTURE_TIMESTAMP: beyond our clock plus skew', async () => {
    await expectCode(publishTask(pub, { at: NOW + 60 * SEC }), Verdict.Ignore, 'FUTURE_TIMESTAMP')
  })
  it('MISSING_PARENT names the missing ids and the task (DESIGN §5.10)', async () => {
    const missing = async (m: AnySignedMessage, ids: Uint8Array[], taskId?: Uint8Array) => {
      const r = await engine.submit(m)
      expect(r).toMatchObject({ verdict: Verdict.Ignore, code: 'MISSING_PARENT' })
      const got = r as { missing?: Uint8Array[]; taskId?: Uint8Array }
      expect((got.missing ?? []).map(toHex)).toEqual(ids.map(toHex))
      expect(got.taskId === undefined ? undefined : toHex(got.taskId)).toBe(
        taskId === undefined ? undefined : toHex(taskId),
      )
    }
    await missing(sub, [task.id], task.id)
    await ok(task)
    await missing(scoreAnswer(v1, task, sub, 70, sd + SEC), [sub.id], task.id)
    await ok(crTask)
    const unheld = revealAnswer(m2, crTask, 'x', crTask.body.commitDeadline + SEC)
    await missing(unheld, [unheld.body.commitId], crTask.id)
    const d = openDispute(m1, task, v1, vd + SEC)
    await missing(voteDispute(v2, d, true, vd + 2 * SEC), [d.id])
    await missing(fraudAlert(v2, task, m1, FraudKind.DUPLICATE_ANSWER, [sub], vd + SEC), [sub.id], task.id)
    await missing(openDispute(m1, task, v1, vd + SEC, [sub]), [sub.id], task.id)
  })
  it('envelopes(ids) serves the held parents by id, skipping what is not held', async () => {
    await ok(task, sub)
    const got = engine.envelopes([sub.id, crTask.id, task.id])
    expect(got.map(toHex)).toEqual([toHex(sub.bytes), toHex(task.bytes)])
  })
})

describe('derivation decides sibling effects', () => {
  const task = publishTask(pub, { at: AT })
  const sd = task.body.submissionDeadline
  it('a cancel after the first answer has no effect; before it, it cancels', async () => {
    const answer = revealAnswer(m1, task, 'early answer', AT + 60 * SEC)
    await ok(task, cancelTask(pub, task, AT + 61 * SEC), answer)
    const rec = engine.state.task(toHex(task.id))!.derived!
    expect(rec.status).toBe('IN_PROGRESS')
    await ok(cancelTask(pub, task, AT + 59 * SEC))
    expect(engine.state.task(toHex(task.id))!.derived!.status).toBe('CANCELLED')
  })
  it('a second claim by the same account takes no effect', async () => {
    const sub = revealAnswer(m1, task, 'answer', AT + 60 * SEC)
    await ok(task, sub, scoreAnswer(v1, task, sub, 90, sd + SEC), scoreAnswer(v2, task, sub, 90, sd + SEC))
    await engine.advance(task.body.validationDeadline)
    const { getRewardDistribution } = await import('../src/index.js')
    const total = getRewardDistribution(engine, task.id)!
      .entries.filter((e) => bytesEqual(e.recipient, m1.publicKey))
      .reduce((a, e) => a + e.amount, 0n)
    // Both genesis validators certify the outcome; the claims name its root (DESIGN §5.5).
    const outcome = engine.state.task(toHex(task.id))!.derived!
    const vd = task.body.validationDeadline
    await ok(
      voteIds(v1, task, outcome.outcomeRoot, outcome.outcomeIds, vd + SEC),
      voteIds(v2, task, outcome.outcomeRoot, outcome.outcomeIds, vd + SEC),
    )
    const first = claimReward(m1, task, total, vd + SEC, outcome.outcomeRoot)
    const second = claimReward(m1, task, total, vd + 2 * SEC, outcome.outcomeRoot)
    const wrongRoot = claimReward(m1, task, total, vd + SEC / 2)
    await ok(second, wrongRoot, first)
    const entries = getRewardDistribution(engine, task.id)!.entries.filter((e) =>
      bytesEqual(e.recipient, m1.publicKey),
    )
    expect(entries.every((e) => e.claimed && bytesEqual(e.claimId, first.id))).toBe(true)
  })
})
