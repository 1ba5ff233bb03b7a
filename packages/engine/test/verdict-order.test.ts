/**
 * Validity never reads derived state (DESIGN §5.7): for every message kind, a message's verdict
 * (result and code) is the same in every delivery order in which its parents are present (scope
 * counting, DESIGN §5.8, aside). Each run gives an engine a random parent-closed subset of a
 * workload holding every kind, delivered in a random order; every message it does not hold but
 * whose parents it holds must get the verdict it gets from an engine holding only its parents.
 * The probes are the workload's valid messages plus hostile ones (alerts whose evidence proves
 * nothing, a claim over the reward, a vote whose root is not its set's, a party voting on its own
 * dispute, …), so a verdict that flips between ACCEPT and REJECT is caught as well.
 */
import {
  type AnySignedMessage,
  FraudKind,
  MessageKind,
  type SignedMessage,
  signMessage,
  toHex,
  Verdict,
} from '@aimesh/protocol'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { Engine, type FraudAlertDraft, type ValidationResult } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  alertFromDraft,
  cancelTask,
  claimReward,
  fraudAlert,
  NET,
  openDispute,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  voteDispute,
  voteIds,
  withProfiles,
} from './helpers/builders.js'
import { shuffle } from './helpers/deliver.js'
import { buildWorkload, prng, type Workload } from './helpers/workload.js'

const watcher = account('verdict-watcher')

/** A workload with every kind: the property workload, its alerts, and hostile probes. */
interface Corpus {
  w: Workload
  /** Valid messages (delivered in subsets). */
  pool: AnySignedMessage[]
  /** Messages whose verdicts are compared: the pool and the hostile probes. */
  probes: AnySignedMessage[]
  /** Transitive parents (hex ids) of each probe, among the pool. */
  parents: Map<string, Set<string>>
}

/** Ids a body names that are messages of the pool: 32-byte fields and lists, nested objects included. */
function namedIds(value: unknown, known: ReadonlySet<string>, out: Set<string>): void {
  if (value instanceof Uint8Array) {
    if (value.length === 32 && known.has(toHex(value))) out.add(toHex(value))
  } else if (Array.isArray(value)) {
    for (const v of value) namedIds(v, known, out)
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) namedIds(v, known, out)
  }
}

function closures(pool: readonly AnySignedMessage[], probes: readonly AnySignedMessage[]) {
  const byId = new Map(pool.map((m) => [toHex(m.id), m]))
  const known = new Set(byId.keys())
  const direct = (m: AnySignedMessage) => {
    const out = new Set<string>()
    namedIds(m.body, known, out)
    out.delete(toHex(m.id))
    return out
  }
  const parents = new Map<string, Set<string>>()
  for (const m of probes) {
    const seen = new Set<string>()
    const stack = [...direct(m)]
    while (stack.length > 0) {
      const id = stack.pop()!
      if (seen.has(id)) continue
      seen.add(id)
      stack.push(...direct(byId.get(id)!))
    }
    parents.set(toHex(m.id), seen)
  }
  return parents
}

/** An engine holding exactly `messages` (parents first or not: IGNOREd ones are retried). */
async function engineHolding(c: Pick<Corpus, 'w'>, messages: readonly AnySignedMessage[]): Promise<Engine> {
  const engine = await Engine.open({
    store: new MemoryEngineStore(),
    genesis: c.w.genesis,
    clock: c.w.genesis.genesisTime,
    now: () => c.w.now,
  })
  let pending = [...messages]
  for (let pass = 0; pending.length > 0 && pass < 20; pass++) {
    const results = await engine.submitManyVerified(pending, c.w.now)
    const retry = pending.filter((_, i) => results[i]!.verdict === Verdict.Ignore)
    const rejected = results.find((r) => r.verdict === Verdict.Reject)
    if (rejected !== undefined) throw new Error(`a valid message was rejected: ${JSON.stringify(rejected)}`)
    if (retry.length === pending.length) throw new Error(`stuck: ${retry.length} messages keep being ignored`)
    pending = retry
  }
  return engine
}

function sign(draft: FraudAlertDraft, at: number): SignedMessage<MessageKind.FraudAlert> {
  return alertFromDraft(watcher, draft, at)
}

async function corpus(seed: number): Promise<Corpus> {
  const w = await buildWorkload(seed)
  const of = <K extends MessageKind>(kind: K, task?: SignedMessage): SignedMessage<K>[] =>
    w.messages.filter(
      (m) =>
        m.kind === kind &&
        (task === undefined || ('taskId' in m.body && toHex(m.body.taskId) === toHex(task.id))),
    ) as unknown as SignedMessage<K>[]
  const [t0, t1] = w.tasks as [
    SignedMessage<MessageKind.TaskPublished>,
    SignedMessage<MessageKind.TaskPublished>,
  ]
  const challenge = t0.body.challengeDeadline
  const r0 = of(MessageKind.AnswerRevealed, t0)[0]!
  const r0Scores = of(MessageKind.ValidationScored, t0).filter(
    (s) => toHex(s.body.submissionId) === toHex(r0.id),
  )
  const miner0 = account('m0')
  const miner1 = account('m1')
  const v0 = account('v0')

  // Alerts a node raises on this workload (duplicate, near-duplicate, speed, equivocation …).
  const ref = await engineHolding({ w }, w.messages)
  const drafts: FraudAlertDraft[] = []
  ref.onFraudAlert((d) => drafts.push(d))
  await ref.advance(w.end)
  const byTask = new Map(w.tasks.map((t) => [toHex(t.id), t as SignedMessage<MessageKind.TaskPublished>]))
  const alerts = drafts.map((d) => sign(d, byTask.get(toHex(d.taskId))!.body.challengeDeadline))
  // A collusion alert is admitted on its evidence; whether it reproduces is derived (DESIGN §5.7).
  const collusion = fraudAlert(watcher, t0, miner0, FraudKind.COLLUSION, [r0, ...r0Scores], challenge)
  const dispute = of(MessageKind.DisputeOpened)[0]!
  // A dispute by a non-party is held with no effect.
  const outsiderDispute = openDispute(watcher, t0, v0, challenge - SEC, [r0Scores[0]!])
  const pool = withProfiles([...w.messages, ...alerts, collusion, outsiderDispute])

  const scoresOfV0 = of(MessageKind.ValidationScored, t0).filter(
    (s) => toHex(s.signer) === toHex(v0.publicKey),
  )
  const votes0 = of(MessageKind.ConsensusVote, t0)
  const t1Reveals = of(MessageKind.AnswerRevealed, t1)
  const commits0 = of(MessageKind.AnswerCommitted, t0)
  const otherCommit = commits0.find((c) => toHex(c.signer) !== toHex(miner1.publicKey))!
  const publisher = account('p0')
  const extra = publishTask(publisher, { at: t1.body.timestamp + 7 * SEC, nonce: 60_000 + seed })
  const tooLong = publishTask(publisher, { at: t1.body.timestamp + 8 * SEC, nonce: 61_000 + seed })
  const hostile: AnySignedMessage[] = [
    // A task no run holds (so TaskPublished is compared too), and one that runs too long.
    extra,
    signMessage(
      NET,
      MessageKind.TaskPublished,
      { ...tooLong.body, challengeDeadline: tooLong.body.timestamp + w.genesis.params.maxTaskDurationMs + 1 },
      publisher,
    ),
    // Two scores of different answers prove no equivocation.
    fraudAlert(watcher, t0, v0, FraudKind.EQUIVOCATION, scoresOfV0.slice(0, 2), challenge),
    // One validator's vote alone proves no conflicting certificates.
    fraudAlert(watcher, t0, v0, FraudKind.CONFLICTING_CERTIFICATE, votes0.slice(0, 2), challenge),
    // The original answer is not a copy of the later one.
    fraudAlert(watcher, t1, miner0, FraudKind.DUPLICATE_ANSWER, t1Reveals, t1.body.challengeDeadline),
    // More than the reward.
    claimReward(miner0, t0, t0.body.reward + 1n, t0.body.validationDeadline + 25 * SEC),
    // A root that is not the root of the listed set.
    voteIds(
      v0,
      t0,
      votes0[1]!.body.outcomeRoot,
      votes0[0]!.body.includedIds.map(toHex),
      t0.body.validationDeadline + 40 * SEC,
    ),
    // The accused votes on its own dispute.
    voteDispute(v0, dispute, false, t0.body.validationDeadline + 45 * SEC),
    // A reveal naming another miner's commit.
    revealAnswer(miner1, t0, 'a reveal naming a commit it did not make', t0.body.commitDeadline + 3 * SEC, {
      commit: otherCommit,
    }),
    // Only the publisher cancels.
    cancelTask(miner0, t0, t0.body.timestamp + SEC),
    // A miner scoring its own answer.
    scoreAnswer(miner0, t0, r0, 99, t0.body.submissionDeadline + 3 * SEC),
    // A checkpoint vote outside its epoch's window.
    signMessage(
      NET,
      MessageKind.CheckpointVote,
      {
        ...(of(MessageKind.CheckpointVote)[0]!.body as SignedMessage<MessageKind.CheckpointVote>['body']),
        timestamp: w.genesis.genesisTime + 1,
      },
      v0,
    ),
  ]
  const probes = [...pool, ...hostile]
  return { w, pool, probes, parents: closures(pool, probes) }
}

const verdictOf = (r: ValidationResult) => ({ verdict: r.verdict, code: 'code' in r ? r.code : undefined })

describe('verdicts do not depend on delivery order (DESIGN §5.7)', () => {
  const corpora: Corpus[] = []
  /** The verdict of each probe on an engine holding only its parents. */
  const reference = new Map<string, ReturnType<typeof verdictOf>>()
  const checkedKinds = new Set<MessageKind>()
  const verdicts = new Set<string>()

  beforeAll(async () => {
    for (const seed of [3, 11]) corpora.push(await corpus(seed))
  }, 120_000)

  async function referenceOf(c: Corpus, m: AnySignedMessage) {
    const key = `${c.w.tasks[0]!.body.timestamp}:${toHex(m.id)}`
    let v = reference.get(key)
    if (v === undefined) {
      const ids = c.parents.get(toHex(m.id))!
      const engine = await engineHolding(
        c,
        c.pool.filter((p) => ids.has(toHex(p.id))),
      )
      v = verdictOf(engine.validate(m, c.w.now))
      reference.set(key, v)
    }
    return v
  }

  it('every message held by none gets the verdict it gets with only its parents, in any order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.double({ min: 0.1, max: 0.95, noNaN: true }),
        async (which, seed, keep) => {
          const c = corpora[which]!
          const rnd = prng(seed)
          // A random subset, closed under parents, in a random order.
          const chosen = new Set<string>()
          for (const m of c.pool) {
            if (rnd() >= keep) continue
            chosen.add(toHex(m.id))
            for (const p of c.parents.get(toHex(m.id))!) chosen.add(p)
          }
          const subset = shuffle(
            c.pool.filter((m) => chosen.has(toHex(m.id))),
            rnd,
          )
          const engine = await engineHolding(c, subset)
          for (const m of c.probes) {
            const id = toHex(m.id)
            if (chosen.has(id)) continue
            if (![...c.parents.get(id)!].every((p) => chosen.has(p))) continue
            const got = verdictOf(engine.validate(m, c.w.now))
            const want = await referenceOf(c, m)
            // DESIGN §5.8: scope counting reads held messages of the same signer and scope.
            if (got.code === 'SCOPE_FULL' || want.code === 'SCOPE_FULL') continue
            expect({ kind: MessageKind[m.kind], id, ...got }).toEqual({
              kind: MessageKind[m.kind],
              id,
              ...want,
            })
            checkedKinds.add(m.kind)
            verdicts.add(`${got.verdict}:${got.code ?? ''}`)
          }
        },
      ),
      { numRuns: 16 },
    )
    // A kind the random subsets happened to miss is compared once on the largest engine that can
    // lack it: everything in the pool except the probe and what depends on it, in a random order.
    const kinds = Object.values(MessageKind).filter((k): k is MessageKind => typeof k === 'number')
    for (const kind of kinds) {
      if (checkedKinds.has(kind)) continue
      for (const c of corpora) {
        const m = c.probes.find((p) => p.kind === kind)
        if (m === undefined) continue
        const id = toHex(m.id)
        const held = c.pool.filter((p) => toHex(p.id) !== id && !c.parents.get(toHex(p.id))!.has(id))
        const engine = await engineHolding(c, shuffle(held, prng(kind)))
        const got = verdictOf(engine.validate(m, c.w.now))
        const want = await referenceOf(c, m)
        if (got.code === 'SCOPE_FULL' || want.code === 'SCOPE_FULL') continue
        expect({ kind: MessageKind[m.kind], id, ...got }).toEqual({ kind: MessageKind[m.kind], id, ...want })
        checkedKinds.add(kind)
        break
      }
    }
    // Not vacuous: every kind was compared, accepted and rejected verdicts alike.
    expect([...checkedKinds].sort((a, b) => a - b)).toEqual(kinds.sort((a, b) => a - b))
    expect([...verdicts].some((v) => v.startsWith('ACCEPT'))).toBe(true)
    expect([...verdicts].filter((v) => v.startsWith('REJECT')).length).toBeGreaterThanOrEqual(5)
  }, 600_000)
})
