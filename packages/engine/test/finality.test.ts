/**
 * Finality (DESIGN §5.4): a certificate freezes the outcome to its set (a backdated score that
 * arrives later changes nothing); of nesting certificates the containing one wins whatever the
 * arrival order; certificates that do not nest are fraud evidence against validators that signed
 * both; and the state is still a function of the message set (LevelDB property below).
 */
import {
  type AccountKey,
  type AnySignedMessage,
  Finality,
  FraudKind,
  MessageKind,
  type SignedMessage,
  signMessage,
  toHex,
  Verdict,
} from '@aimesh/protocol'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_GENESIS_PARAMS,
  type FraudAlertDraft,
  getBehaviour,
  getRewardDistribution,
  getTask,
  taskOutcome,
  trustOf,
} from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  claimReward,
  commitAnswer,
  NET,
  openTestEngine,
  profileOf,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
  voteRoot,
} from './helpers/builders.js'
import { deliver, levelEngine, shuffle } from './helpers/deliver.js'
import { prng } from './helpers/workload.js'

const FAR = T0 + 1_000 * 86_400_000
/** One vote round of the test genesis (DESIGN §5.5). */
const ROUND = DEFAULT_GENESIS_PARAMS.roundMs
const pub = account('fin-pub')
const [v1, v2, v3, v4] = ['fin-v1', 'fin-v2', 'fin-v3', 'fin-v4'].map(account) as [
  AccountKey,
  AccountKey,
  AccountKey,
  AccountKey,
]
const [m1, m2, m3] = ['fin-m1', 'fin-m2', 'fin-m3'].map(account) as [AccountKey, AccountKey, AccountKey]
const genesis = testGenesis([v1, v2, v3, v4])

const hexMap = (m: Map<string, Uint8Array>) =>
  Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, toHex(v)]))

async function engineOf(messages: readonly AnySignedMessage[], clock: number) {
  const engine = await openTestEngine({ store: new MemoryEngineStore(), genesis, clock: T0, now: () => FAR })
  const alerts: FraudAlertDraft[] = []
  engine.onFraudAlert((a) => alerts.push(a))
  await deliver(engine, messages, FAR)
  await engine.advance(clock)
  return { engine, alerts }
}

/** One plain task: three answers, v1–v3 score them; v4's low score of m1 is "backdated" (sent late). */
function plainTask(nonce: number) {
  const AT = T0 + 10 * SEC
  const task = publishTask(pub, { at: AT, nonce })
  const sd = task.body.submissionDeadline
  const vd = task.body.validationDeadline
  const reveals = [m1, m2, m3].map((m, i) =>
    revealAnswer(
      m,
      task,
      `answer ${i}: ${['parse bug', 'cache leak', 'race on close'][i]} in depth`,
      AT + (60 + i) * SEC,
    ),
  )
  const quality = [
    [90, 88, 70],
    [72, 74, 95],
    [50, 55, 52],
  ]
  const scores = new Map<AccountKey, SignedMessage<MessageKind.ValidationScored>[]>()
  ;[v1, v2, v3].forEach((v, k) => {
    scores.set(
      v,
      reveals.map((r, i) => scoreAnswer(v, task, r, quality[i]![k]!, sd + (k + 1) * SEC + i)),
    )
  })
  const late = scoreAnswer(v4, task, reveals[0]!, 5, sd + 30 * SEC)
  return { task, sd, vd, reveals, scores, late }
}

describe('finality', () => {
  it('a late backdated score after certification changes neither rewards nor the certified root', async () => {
    const p = plainTask(1)
    const all = [...p.scores.values()].flat()
    const base = [p.task, ...p.reveals, ...all]
    const included = [...p.reveals, ...all]
    const votes = [v1, v2, v3].map((v, i) => voteRoot(v, p.task, included, p.vd + (i + 1) * SEC))
    const end = p.vd + 60 * SEC

    const certified = await engineOf([...base, ...votes], end)
    const before = getRewardDistribution(certified.engine, p.task.id)!
    const root = getTask(certified.engine, p.task.id)!.certifiedRoot
    expect(toHex(root)).toBe(toHex(votes[0]!.body.outcomeRoot))
    expect((await certified.engine.submit(p.late, FAR)).verdict).toBe(Verdict.Accept)
    expect(getRewardDistribution(certified.engine, p.task.id)).toEqual(before)
    expect(toHex(getTask(certified.engine, p.task.id)!.certifiedRoot)).toBe(toHex(root))

    // Without a certificate the same late score is part of the provisional outcome and moves rewards.
    const provisional = await engineOf([...base, p.late], end)
    expect(getRewardDistribution(provisional.engine, p.task.id)).not.toEqual(before)
    expect(getTask(provisional.engine, p.task.id)!.certifiedRoot).toHaveLength(0)
  })

  it('of two nesting certificates the containing one wins, whatever the arrival order', async () => {
    const p = plainTask(2)
    const s12 = [...p.scores.get(v1)!, ...p.scores.get(v2)!]
    const all = [...s12, ...p.scores.get(v3)!]
    // v4 scored nothing but is a validator of the epoch: its vote counts toward ⅔ of the total.
    const small = [v1, v2, v4].map((v, i) =>
      voteRoot(v, p.task, [...p.reveals, ...s12], p.vd + (i + 1) * SEC, 0),
    )
    const large = [v1, v2, v3].map((v, i) =>
      voteRoot(v, p.task, [...p.reveals, ...all], p.vd + ROUND + (10 + i) * SEC, 1),
    )
    const msgs = [p.task, ...p.reveals, ...all, ...small, ...large]
    const end = p.vd + ROUND + 60 * SEC
    const reference = await engineOf(msgs, end)
    const task = getTask(reference.engine, p.task.id)!
    expect(toHex(task.certifiedRoot)).toBe(toHex(large[0]!.body.outcomeRoot))
    // Only the small certificate: it is final, and its outcome differs (v3's scores are not in it).
    const onlySmall = await engineOf([p.task, ...p.reveals, ...all, ...small], end)
    expect(toHex(getTask(onlySmall.engine, p.task.id)!.certifiedRoot)).toBe(toHex(small[0]!.body.outcomeRoot))
    expect(getRewardDistribution(onlySmall.engine, p.task.id)).not.toEqual(
      getRewardDistribution(reference.engine, p.task.id),
    )
    for (const seed of [1, 2, 3, 4]) {
      const shuffled = await engineOf(shuffle(msgs, prng(seed)), end)
      expect(hexMap(shuffled.engine.dumpRecords())).toEqual(hexMap(reference.engine.dumpRecords()))
      expect(toHex(shuffled.engine.stateRoot())).toBe(toHex(reference.engine.stateRoot()))
    }
    expect(reference.alerts.filter((a) => a.fraudKind === FraudKind.CONFLICTING_CERTIFICATE)).toEqual([])
    // What the node would vote for is the winning set.
    const outcome = taskOutcome(reference.engine, p.task.id)!
    expect(toHex(outcome.root)).toBe(toHex(large[0]!.body.outcomeRoot))
    expect(outcome.includedIds.map(toHex)).toEqual(large[0]!.body.includedIds.map(toHex))
    expect(taskOutcome(reference.engine, new Uint8Array(32))).toBeUndefined()
  })

  it('certificates that do not nest, completed at one instant: fraud evidence against those that signed both, no winner', async () => {
    const p = plainTask(3)
    const a = [...p.reveals, ...p.scores.get(v1)!, ...p.scores.get(v2)!]
    const b = [...p.reveals, ...p.scores.get(v1)!, ...p.scores.get(v3)!]
    const votes = [
      voteRoot(v1, p.task, a, p.vd + SEC),
      voteRoot(v2, p.task, a, p.vd + 2 * SEC),
      voteRoot(v1, p.task, b, p.vd + 3 * SEC), // v1 signs both
      voteRoot(v3, p.task, b, p.vd + 4 * SEC),
      voteRoot(v4, p.task, a, p.vd + 5 * SEC),
      voteRoot(v4, p.task, b, p.vd + 5 * SEC), // v4 signs both too, completing both at one instant
    ]
    const all = [...p.scores.values()].flat()
    const msgs = [p.task, ...p.reveals, ...all, ...votes]
    const end = p.vd + 60 * SEC
    const { engine, alerts } = await engineOf(msgs, end)
    expect(getTask(engine, p.task.id)!.certifiedRoot).toHaveLength(0)
    const conflicts = alerts.filter((x) => x.fraudKind === FraudKind.CONFLICTING_CERTIFICATE)
    // Each certificate holds ¾ of the epoch's weight: the two overlap in v1 and v4 (at least a third).
    const bySubject = new Map(conflicts.map((x) => [toHex(x.subject), x]))
    expect([...bySubject.keys()].sort()).toEqual([toHex(v1.publicKey), toHex(v4.publicKey)].sort())
    expect(bySubject.get(toHex(v1.publicKey))!.evidenceIds.map(toHex).sort()).toEqual(
      [toHex(votes[0]!.id), toHex(votes[2]!.id)].sort(),
    )
    expect(bySubject.get(toHex(v4.publicKey))!.evidenceIds.map(toHex).sort()).toEqual(
      [toHex(votes[4]!.id), toHex(votes[5]!.id)].sort(),
    )
    const fraud = [...engine.dumpRecords().keys()].filter((k) => k.startsWith('fraud:'))
    expect(fraud.length).toBeGreaterThan(0)
    // The outcome is the provisional one over the full set.
    const noVotes = await engineOf([p.task, ...p.reveals, ...all], end)
    expect(getRewardDistribution(engine, p.task.id)).toEqual(getRewardDistribution(noVotes.engine, p.task.id))
    // A peer holding the same set accepts the alert; a vote whose root is not its listed set's is REJECTed.
    const peer = (await engineOf(shuffle(msgs, prng(9)), end)).engine
    const d = bySubject.get(toHex(v1.publicKey))!
    const alert = signMessage(
      NET,
      MessageKind.FraudAlert,
      {
        timestamp: end,
        profileId: profileOf(v4).id as Uint8Array<ArrayBuffer>,
        taskId: d.taskId as Uint8Array<ArrayBuffer>,
        subject: d.subject as Uint8Array<ArrayBuffer>,
        fraudKind: d.fraudKind,
        evidenceIds: d.evidenceIds as Uint8Array<ArrayBuffer>[],
        evidence: [],
        riskBps: d.riskBps,
      },
      v4,
    )
    expect(peer.validate(alert, FAR)).toEqual({ verdict: Verdict.Accept })
    const forged = signMessage(
      NET,
      MessageKind.ConsensusVote,
      { ...votes[1]!.body, outcomeRoot: votes[3]!.body.outcomeRoot as Uint8Array<ArrayBuffer> },
      v2,
    )
    expect(peer.validate(forged, FAR)).toMatchObject({ verdict: Verdict.Reject, code: 'BAD_REFERENCE' })
    const unheld = voteRoot(v2, p.task, [...a, p.late], p.vd + 5 * SEC)
    expect(peer.validate(unheld, FAR)).toMatchObject({ verdict: Verdict.Ignore, code: 'MISSING_PARENT' })
  })
})

describe('finality holds against a later conflicting certificate (DESIGN §5.5)', () => {
  /**
   * Certificate A (v1, v2, v4 on the set without v3's scores) in round 0; certificate B (v1, v3, v4
   * on the set without v2's scores, which does not nest with A's) in round 1. B's votes are valid
   * (their rounds are below maxRounds) and may arrive after A is final.
   */
  function conflicting(nonce: number) {
    const p = plainTask(nonce)
    const all = [...p.scores.values()].flat()
    const a = [...p.reveals, ...p.scores.get(v1)!, ...p.scores.get(v2)!]
    const b = [...p.reveals, ...p.scores.get(v1)!, ...p.scores.get(v3)!]
    const votesA = [v1, v2, v4].map((v, i) => voteRoot(v, p.task, a, p.vd + (i + 1) * SEC, 0))
    const votesB = [v1, v3, v4].map((v, i) => voteRoot(v, p.task, b, p.vd + ROUND + (i + 1) * SEC, 1))
    const finalAt = p.vd + DEFAULT_GENESIS_PARAMS.maxRounds * ROUND
    const vdPlus = (ms: number) => p.vd + ms
    return { p, base: [p.task, ...p.reveals, ...all], votesA, votesB, finalAt, vdPlus }
  }

  it('A stays the final outcome whether B arrives before or after A is final; v1 and v4 are penalized', async () => {
    const c = conflicting(4)
    const end = c.finalAt + 60 * SEC
    const rootA = toHex(c.votesA[0]!.body.outcomeRoot)

    // Only A: final, the reference outcome.
    const onlyA = await engineOf([...c.base, ...c.votesA], end)
    const taskA = getTask(onlyA.engine, c.p.task.id)!
    expect(toHex(taskA.certifiedRoot)).toBe(rootA)
    expect(taskA.finality).toBe(Finality.FINAL)

    // Every delivery of the votes relative to the clock: all at once; A, the clock past the last
    // round, then B; B first (before the last round closes), then A, then the clock.
    const atOnce = await engineOf([...c.base, ...c.votesA, ...c.votesB], end)
    const late = await engineOf([...c.base, ...c.votesA], end)
    await deliver(late.engine, c.votesB, FAR)
    await late.engine.advance(end + SEC)
    const early = await openTestEngine({ store: new MemoryEngineStore(), genesis, clock: T0, now: () => FAR })
    await deliver(early, [...c.base, ...c.votesB], FAR)
    await early.advance(c.vdPlus(ROUND + 10 * SEC))
    expect(getTask(early, c.p.task.id)!.finality).toBe(Finality.CERTIFIED)
    await deliver(early, shuffle(c.votesA, prng(4)), FAR)
    await early.advance(end + SEC)

    for (const engine of [atOnce.engine, late.engine, early]) {
      const task = getTask(engine, c.p.task.id)!
      expect(toHex(task.certifiedRoot)).toBe(rootA)
      expect(task.finality).toBe(Finality.FINAL)
      expect(task.certifiedRound).toBe(0)
      expect(getRewardDistribution(engine, c.p.task.id)).toEqual(
        getRewardDistribution(onlyA.engine, c.p.task.id),
      )
      expect(toHex(engine.derivedDigest())).toBe(toHex(atOnce.engine.derivedDigest()))
      expect(toHex(engine.stateRoot())).toBe(toHex(atOnce.engine.stateRoot()))
    }

    // Later evidence only penalizes signers: v1 and v4 signed both and are flagged, v2 and v3 are not.
    const conflicts = atOnce.alerts.filter((x) => x.fraudKind === FraudKind.CONFLICTING_CERTIFICATE)
    expect(conflicts.map((x) => toHex(x.subject)).sort()).toEqual(
      [toHex(v1.publicKey), toHex(v4.publicKey)].sort(),
    )
    const at = end + SEC
    for (const v of [v1, v4]) {
      expect(getBehaviour(late.engine, v.publicKey)?.equivocations).toBe(1)
      expect(trustOf(late.engine, v.publicKey, at)).toBeLessThan(trustOf(onlyA.engine, v.publicKey, at))
    }
    for (const v of [v2, v3]) expect(getBehaviour(late.engine, v.publicKey)?.equivocations ?? 0).toBe(0)
  })

  it('B alone, or A and then a superset certificate in a later round, still decide as before', async () => {
    const c = conflicting(5)
    const end = c.finalAt + 60 * SEC
    const onlyB = await engineOf([...c.base, ...c.votesB], end)
    expect(toHex(getTask(onlyB.engine, c.p.task.id)!.certifiedRoot)).toBe(
      toHex(c.votesB[0]!.body.outcomeRoot),
    )
    // A superset of both sets, certified in round 2, replaces A (DESIGN §5.5: a later round's superset).
    const full = [...c.p.reveals, ...[...c.p.scores.values()].flat()]
    const votesC = [v1, v2, v3].map((v, i) =>
      voteRoot(v, c.p.task, full, c.vdPlus(2 * ROUND + (i + 1) * SEC), 2),
    )
    const msgs = [...c.base, ...c.votesA, ...c.votesB, ...votesC]
    const reference = await engineOf(msgs, end)
    expect(toHex(getTask(reference.engine, c.p.task.id)!.certifiedRoot)).toBe(
      toHex(votesC[0]!.body.outcomeRoot),
    )
    for (const seed of [1, 2]) {
      const shuffled = await engineOf(shuffle(msgs, prng(seed)), end)
      expect(hexMap(shuffled.engine.dumpRecords())).toEqual(hexMap(reference.engine.dumpRecords()))
    }
  })
})

/**
 * A commit–reveal task with two commits per miner (the first commit's answer is the submission),
 * scores of every reveal, votes in two rounds (v1, v2 on the set without v3's scores; then v1–v3 on
 * the full set), a backdated score by v4, and competing claims (the right amount and a wrong one).
 */
async function hardSet(seed: number): Promise<{ messages: AnySignedMessage[]; end: number }> {
  const rnd = prng(seed)
  const AT = T0 + 10 * SEC + Math.floor(rnd() * 10) * SEC
  const task = publishTask(pub, { at: AT, commitReveal: true, nonce: seed })
  const cd = task.body.commitDeadline
  const sd = task.body.submissionDeadline
  const vd = task.body.validationDeadline
  const topics = ['parse bug', 'cache leak', 'race on close', 'overflow', 'null router', 'timezone']
  const phase1: AnySignedMessage[] = [task]
  const accepted: SignedMessage<MessageKind.AnswerRevealed>[] = []
  const allReveals: SignedMessage<MessageKind.AnswerRevealed>[] = []
  ;[m1, m2, m3].forEach((m, j) => {
    for (let k = 0; k < 2; k++) {
      const answer = `miner ${j} take ${k}: ${topics[(j * 2 + k) % topics.length]} ${seed}`
      const commit = commitAnswer(m, task, answer, AT + (40 + j * 3 + k * 20 + Math.floor(rnd() * 3)) * SEC)
      const reveal = revealAnswer(m, task, answer, cd + (5 + j * 2 + k) * SEC, { commit })
      phase1.push(commit, reveal)
      allReveals.push(reveal)
      if (k === 0) accepted.push(reveal)
    }
  })
  // Validators agree within ±8 of each answer's quality, so consensus is reached and rewards (and
  // therefore claims) exist for every seed.
  const quality = allReveals.map(() => 45 + Math.floor(rnd() * 50))
  const scores = new Map<AccountKey, SignedMessage<MessageKind.ValidationScored>[]>()
  ;[v1, v2, v3].forEach((v, k) => {
    scores.set(
      v,
      allReveals.map((r, i) =>
        scoreAnswer(
          v,
          task,
          r,
          Math.min(100, quality[i]! + Math.floor(rnd() * 17) - 8),
          sd + (k + 1) * SEC + i,
        ),
      ),
    )
  })
  phase1.push(...[...scores.values()].flat())
  const onAccepted = (v: AccountKey) =>
    scores.get(v)!.filter((s) => accepted.some((r) => toHex(r.id) === toHex(s.body.submissionId)))
  const s12 = [...accepted, ...onAccepted(v1), ...onAccepted(v2)]
  const full = [...s12, ...onAccepted(v3)]
  const votes = [
    ...[v1, v2].map((v, i) => voteRoot(v, task, s12, vd + (1 + i) * SEC, 0)),
    ...[v1, v2, v3].map((v, i) => voteRoot(v, task, full, vd + ROUND + (5 + i) * SEC, 1)),
  ]
  const late = scoreAnswer(v4, task, accepted[0]!, 3, sd + 40 * SEC)
  const end = vd + ROUND + 120 * SEC
  // Claims from the outcome a node holding everything derives.
  const ref = await engineOf([...phase1, ...votes, late], end)
  const expected = getRewardDistribution(ref.engine, task.id)!
  const totals = new Map<string, { who: AccountKey; amount: bigint }>()
  for (const e of expected.entries) {
    const who = [m1, m2, m3, v1, v2, v3].find((k) => toHex(k.publicKey) === toHex(e.recipient))
    if (who === undefined) continue
    const prior = totals.get(toHex(e.recipient))
    totals.set(toHex(e.recipient), { who, amount: (prior?.amount ?? 0n) + e.amount })
  }
  const claims: AnySignedMessage[] = []
  const winning = votes[votes.length - 1]!.body.outcomeRoot
  const losing = votes[0]!.body.outcomeRoot
  for (const { who, amount } of totals.values()) {
    claims.push(claimReward(who, task, amount, vd + 30 * SEC, winning))
    claims.push(claimReward(who, task, amount, vd + 29 * SEC, losing)) // earlier, another root: no effect
  }
  return { messages: [...phase1, ...votes, late, ...claims], end }
}

describe('finality order independence (LevelDB)', () => {
  it('several commits per miner, competing claims, votes in two rounds, a backdated score: any order, same state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer(), async (seed, order) => {
        const { messages, end } = await hardSet(seed)
        const a = await levelEngine(genesis, T0, FAR)
        const b = await levelEngine(genesis, T0, FAR)
        try {
          await deliver(a.engine, messages, FAR)
          await a.engine.advance(end)
          const shuffled = shuffle(messages, prng(order))
          const half = Math.floor(shuffled.length / 2)
          const left = await deliver(b.engine, shuffled.slice(0, half), FAR, true)
          await b.engine.advance(end - 100 * SEC)
          await deliver(b.engine, [...left, ...shuffled.slice(half)], FAR)
          await b.engine.advance(end)
          expect(toHex(b.engine.stateRoot())).toBe(toHex(a.engine.stateRoot()))
          expect(hexMap(b.engine.dumpRecords())).toEqual(hexMap(a.engine.dumpRecords()))
          expect(hexMap(await b.port.dumpRecords())).toEqual(hexMap(await a.port.dumpRecords()))
          const t = getTask(a.engine, (messages[0] as SignedMessage<MessageKind.TaskPublished>).id)!
          expect(t.certifiedRoot).toHaveLength(32)
          const d = getRewardDistribution(a.engine, t.id)!
          expect(messages.some((m) => m.kind === MessageKind.RewardClaimed)).toBe(true)
          expect(d.entries.some((e) => e.claimed)).toBe(true)
        } finally {
          await a.close()
          await b.close()
        }
      }),
      { numRuns: 5 },
    )
  }, 120_000)
})
