/**
 * Finality against the epoch's total weight (DESIGN §5.5): two colluders of four cannot certify a
 * root naming only themselves; shadow scores stay out of outcome roots yet earn trust; rounds are
 * bounded; the task record moves provisional → certified → final; a claim takes effect only from
 * the winning root; the engine says which vote a validator should sign; fraud findings survive a
 * restart unsigned (DESIGN §5.11); and checkpoints fold certified tasks once (DESIGN §5.6).
 */
import {
  type AccountKey,
  type AnySignedMessage,
  Finality,
  FraudKind,
  MessageKind,
  type SignedMessage,
  toHex,
  ValidationRecord,
} from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { DEFAULT_GENESIS_PARAMS, Engine, getRewardDistribution, getTask, taskOutcome } from '../src/index.js'
import { rankHash } from '../src/rules/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  claimReward,
  fraudAlert,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  signWithProfile,
  T0,
  testGenesis,
  voteIds,
  voteRoot,
} from './helpers/builders.js'
import { deliver, levelEngine } from './helpers/deliver.js'

const FAR = T0 + 1_000 * 86_400_000
const ROUND = DEFAULT_GENESIS_PARAMS.roundMs
const LAST = DEFAULT_GENESIS_PARAMS.maxRounds * ROUND
const pub = account('cert-pub')
const [v1, v2, v3, v4] = ['cert-v1', 'cert-v2', 'cert-v3', 'cert-v4'].map(account) as [
  AccountKey,
  AccountKey,
  AccountKey,
  AccountKey,
]
const shadow = account('cert-shadow')
const [m1, m2] = ['cert-m1', 'cert-m2'].map(account) as [AccountKey, AccountKey]
const genesis = testGenesis([v1, v2, v3, v4])
const hx = (k: AccountKey) => toHex(k.publicKey)

async function engineOf(messages: readonly AnySignedMessage[], clock: number) {
  const engine = await Engine.open({ store: new MemoryEngineStore(), genesis, clock: T0, now: () => FAR })
  await deliver(engine, messages, FAR)
  await engine.advance(clock)
  return engine
}

function scene(nonce: number) {
  const task = publishTask(pub, { at: T0 + 10 * SEC, nonce })
  const sd = task.body.submissionDeadline
  const vd = task.body.validationDeadline
  const reveals = [m1, m2].map((m, i) =>
    revealAnswer(m, task, `answer ${i}: ${['the bound is off', 'a race on close'][i]}`, T0 + (70 + i) * SEC),
  )
  const scores = new Map<AccountKey, SignedMessage<MessageKind.ValidationScored>[]>()
  ;[v1, v2, v3, v4, shadow].forEach((v, k) => {
    scores.set(
      v,
      reveals.map((r, i) => scoreAnswer(v, task, r, [88, 64][i]! + k, sd + (k + 1) * SEC + i)),
    )
  })
  const all = [...scores.values()].flat()
  return { task, sd, vd, reveals, scores, all, base: [task, ...reveals, ...all] as AnySignedMessage[] }
}

describe('certificates against the epoch’s total weight', () => {
  it('two colluders of four cannot certify a root naming only their own scores', async () => {
    const s = scene(1)
    const theirs = [...s.reveals, ...s.scores.get(v1)!, ...s.scores.get(v2)!]
    const votes = [v1, v2].map((v, i) => voteRoot(v, s.task, theirs, s.vd + (i + 1) * SEC))
    const engine = await engineOf([...s.base, ...votes], s.vd + 60 * SEC)
    expect(getTask(engine, s.task.id)!.certifiedRoot).toHaveLength(0)
    expect(getTask(engine, s.task.id)!.finality).toBe(Finality.PROVISIONAL)
  })

  it('shadow scores are in no root, never block a certificate, and still earn trust', async () => {
    const s = scene(2)
    const engine = await engineOf(s.base, s.vd + SEC)
    const outcome = taskOutcome(engine, s.task.id)!
    const shadowIds = s.scores.get(shadow)!.map((m) => toHex(m.id))
    expect(outcome.includedIds.map(toHex).filter((id) => shadowIds.includes(id))).toEqual([])
    expect(outcome.includedIds).toHaveLength(2 + 8)
    const votes = [v1, v2, v3].map((v, i) =>
      voteIds(v, s.task, outcome.root, outcome.includedIds.map(toHex), s.vd + (i + 1) * SEC),
    )
    await deliver(engine, votes, FAR)
    expect(toHex(getTask(engine, s.task.id)!.certifiedRoot)).toBe(toHex(outcome.root))
    const records = [...engine.dumpRecords()]
      .filter(([k]) => k.startsWith('validation:'))
      .map(([, b]) => ValidationRecord.decode(b))
      .filter((r) => toHex(r.validator) === hx(shadow))
    expect(records).toHaveLength(2)
    expect(records.every((r) => !r.counted)).toBe(true)
    expect(engine.state.book.trustAt(hx(shadow), FAR - 1)).not.toBe(0.5)
  })

  it('a vote must name the round its time falls in, below maxRounds (BAD_ROUND)', async () => {
    const s = scene(3)
    const engine = await engineOf(s.base, s.vd)
    const included = [...s.reveals, ...s.scores.get(v1)!]
    expect(engine.validate(voteRoot(v1, s.task, included, s.vd + ROUND + SEC, 1), FAR)).toEqual({
      verdict: 'ACCEPT',
    })
    expect(engine.validate(voteRoot(v1, s.task, included, s.vd + ROUND + SEC, 0), FAR)).toMatchObject({
      verdict: 'REJECT',
      code: 'BAD_ROUND',
    })
    expect(engine.validate(voteRoot(v1, s.task, included, s.vd + LAST), FAR)).toMatchObject({
      verdict: 'REJECT',
      code: 'BAD_ROUND',
    })
    expect(engine.validate(voteRoot(v1, s.task, included, s.vd + LAST - 1), FAR)).toEqual({
      verdict: 'ACCEPT',
    })
  })

  it('provisional → certified → final; uncertified stays provisional after the last round', async () => {
    const s = scene(4)
    const engine = await engineOf(s.base, s.sd + SEC)
    expect(getTask(engine, s.task.id)!.finality).toBe(Finality.FINALITY_UNSPECIFIED)
    await engine.advance(s.vd)
    expect(getTask(engine, s.task.id)!.finality).toBe(Finality.PROVISIONAL)
    const uncertified = await engineOf(s.base, s.vd + LAST + SEC)
    expect(getTask(uncertified, s.task.id)!.finality).toBe(Finality.PROVISIONAL)

    // The engine says what each validator votes: the same root, round 1.
    const at = s.vd + ROUND + 5 * SEC
    const votes = [v1, v2, v3].map((v) => {
      const body = engine.consensusVoteFor(hx(v), s.task.id, at)!
      expect(body.round).toBe(1)
      return signWithProfile(v, MessageKind.ConsensusVote, body)
    })
    expect(engine.consensusVoteFor(hx(shadow), s.task.id, at)).toBeNull()
    expect(engine.consensusVoteFor(hx(v1), s.task.id, s.vd - 1)).toBeNull()
    expect(engine.consensusVoteFor(hx(v1), s.task.id, s.vd + LAST)).toBeNull()
    await deliver(engine, votes.slice(0, 1), FAR)
    expect(engine.consensusVoteFor(hx(v1), s.task.id, at + SEC)).toBeNull() // already voted this root
    await deliver(engine, votes.slice(1), FAR)
    const t = getTask(engine, s.task.id)!
    expect(t.finality).toBe(Finality.CERTIFIED)
    expect(t.certifiedRound).toBe(1)
    expect(engine.consensusVoteFor(hx(v4), s.task.id, at)).toBeNull() // nothing left to vote
    await engine.advance(s.vd + LAST)
    expect(getTask(engine, s.task.id)!.finality).toBe(Finality.FINAL)
    expect(taskOutcome(engine, s.task.id)).toMatchObject({
      finality: Finality.FINAL,
      certifiedRound: 1,
      finalAt: s.vd + LAST,
    })
  })

  it('a claim takes effect only from the winning root and for an account with an entry', async () => {
    const s = scene(5)
    const engine = await engineOf(s.base, s.vd + SEC)
    const outcome = taskOutcome(engine, s.task.id)!
    const ids = outcome.includedIds.map(toHex)
    const votes = [v1, v2, v3].map((v, i) => voteIds(v, s.task, outcome.root, ids, s.vd + (i + 1) * SEC))
    const other = voteRoot(v4, s.task, [...s.reveals], s.vd + 4 * SEC)
    const amountOf = (k: AccountKey) =>
      getRewardDistribution(engine, s.task.id)!
        .entries.filter((e) => toHex(e.recipient) === hx(k))
        .reduce((a, e) => a + e.amount, 0n)
    const before = amountOf(m1)
    expect(before).toBeGreaterThan(0n)
    const wrong = claimReward(m1, s.task, before, s.vd + 10 * SEC, other.body.outcomeRoot)
    await deliver(engine, [other, wrong], FAR)
    expect(getRewardDistribution(engine, s.task.id)!.entries.some((e) => e.claimed)).toBe(false)
    const stranger = claimReward(account('cert-nobody'), s.task, 1n, s.vd + 11 * SEC, outcome.root)
    const right = claimReward(m1, s.task, before, s.vd + 12 * SEC, outcome.root)
    await deliver(engine, [...votes, stranger, right], FAR)
    const claimed = getRewardDistribution(engine, s.task.id)!.entries.filter((e) => e.claimed)
    expect(claimed.map((e) => toHex(e.recipient))).toEqual(claimed.map(() => hx(m1)))
    expect(claimed.every((e) => toHex(e.claimId) === toHex(right.id))).toBe(true)
  })
})

describe('durable findings (DESIGN §5.11)', () => {
  it('an equivocation finding survives a restart unsigned, ranked by hash, until an alert is held', async () => {
    const s = scene(6)
    const twice = scoreAnswer(v2, s.task, s.reveals[0]!, 10, s.sd + 40 * SEC)
    const node = await levelEngine(genesis, T0, FAR)
    try {
      await deliver(node.engine, [...s.base, twice], FAR)
      await node.engine.advance(s.vd + SEC)
      const reopened = await node.reopen()
      const findings = reopened.unsignedFindings()
      const eq = findings.filter((f) => f.alert.fraudKind === FraudKind.EQUIVOCATION)
      expect(eq.map((f) => toHex(f.alert.subject))).toEqual([hx(v2)])
      const seed = `${toHex(s.task.id)}${hx(v2)}`
      const ranked = [v1, v2, v3, v4].map(hx).sort((a, b) => (rankHash(seed, a) < rankHash(seed, b) ? -1 : 1))
      expect(eq[0]!.signers).toEqual(ranked)
      const evidence = [s.scores.get(v2)![0]!, twice]
      await deliver(
        reopened,
        [fraudAlert(v1, s.task, v2, FraudKind.EQUIVOCATION, evidence, s.vd + 2 * SEC)],
        FAR,
      )
      expect(reopened.unsignedFindings().filter((f) => f.alert.fraudKind === FraudKind.EQUIVOCATION)).toEqual(
        [],
      )
    } finally {
      await node.close()
    }
  })
})

describe('checkpoint proposals fold certified tasks once (DESIGN §5.6)', () => {
  it('a task final by the cut is folded by the next checkpoint and not by the one after', async () => {
    const epochMs = 4 * 3_600_000
    const g = testGenesis([v1, v2, v3, v4], { epochMs, checkpointDelayMs: 3_600_000 })
    const s = scene(7)
    const engine = await Engine.open({
      store: new MemoryEngineStore(),
      genesis: g,
      clock: T0,
      now: () => FAR,
    })
    await deliver(engine, s.base, FAR)
    await engine.advance(s.vd + SEC)
    const outcome = taskOutcome(engine, s.task.id)!
    const ids = outcome.includedIds.map(toHex)
    await deliver(
      engine,
      [v1, v2, v3].map((v, i) => voteIds(v, s.task, outcome.root, ids, s.vd + (i + 1) * SEC)),
      FAR,
    )
    // The task is final at vd + 80 min, before epoch 2's cut (4 h + 1 h): epoch 1's cut (1 h) is too early.
    expect(engine.checkpointProposal(1).foldedTasks).toBe(0)
    const p2 = engine.checkpointProposal(2)
    expect(p2.foldedTasks).toBe(1)
    expect(p2.validators.map((v) => toHex(v.account)).sort()).toEqual([v1, v2, v3, v4].map(hx).sort())
    const cut2 = T0 + epochMs + 3_600_000
    const votes = [v1, v2, v3].map((v, i) => {
      const body = engine.checkpointVoteFor(hx(v), cut2 + (i + 1) * SEC)!
      expect(body.foldedTasks).toBe(1)
      return signWithProfile(v, MessageKind.CheckpointVote, body)
    })
    expect(engine.checkpointVoteFor(hx(shadow), cut2 + SEC)).toBeNull()
    expect(engine.checkpointVoteFor(hx(v1), cut2 - SEC)).toBeNull()
    await deliver(engine, votes, FAR)
    expect(engine.checkpoints(2).find((c) => c.winner)?.certifiedRound).toBe(0)
    expect(engine.checkpointVoteFor(hx(v4), cut2 + 10 * SEC)).toBeNull() // certified: nothing to vote
    expect(engine.checkpointProposal(3).foldedTasks).toBe(0)
  })
})
