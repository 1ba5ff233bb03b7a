/**
 * A participant's flood racing certification (DESIGN §5.5, §5.8), as a property over simulated
 * workloads (@aimesh/simulation): a counted validator whose score and vote are inside a certified
 * outcome, and a miner whose answer is, flood their own scopes (scores of the answer, votes in the
 * certificate's round, answers and commits of the task) while the task's votes arrive. Whatever
 * the delivery order and batching — the flood before, during or after certification — every engine
 * ends with the same held set, state root and derived digest, holds at most quota + 1 per scope,
 * and keeps the certified outcome the engine that never saw the flood derives.
 */
import {
  type AnySignedMessage,
  type BodyOf,
  MessageKind,
  outcomeIds,
  outcomeRoot,
  type SignedMessage,
  sha256,
  signMessage,
  Verdict,
} from '@aimesh/protocol'
import type { Actor } from '@aimesh/simulation'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hex } from '../src/ids.js'
import { Engine, getRewardDistribution, getTask } from '../src/index.js'
import { scopeOf } from '../src/scopes.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import { shuffle } from './helpers/deliver.js'
import { type SimWorkload, simWorkload } from './helpers/sim-workload.js'
import { prng } from './helpers/workload.js'

type Task = SignedMessage<MessageKind.TaskPublished>

const workloads = new Map<number, Promise<SimWorkload>>()
function workload(seed: number): Promise<SimWorkload> {
  let w = workloads.get(seed)
  if (w === undefined) {
    w = simWorkload(seed, 3)
    workloads.set(seed, w)
  }
  return w
}

async function engineOf(w: SimWorkload): Promise<Engine> {
  return Engine.open({ store: new MemoryEngineStore(), genesis: w.genesis, clock: w.start, now: () => w.now })
}

/**
 * Delivers messages in order as group commits of the given sizes, retrying what waits for a parent
 * (as the pending buffer would) until nothing moves; SCOPE_FULL and DUPLICATE are final. A REJECT
 * fails the test: every message here is valid.
 */
async function deliver(e: Engine, msgs: readonly AnySignedMessage[], sizes: () => number, now: number) {
  let pending = [...msgs]
  for (let pass = 0; pending.length > 0 && pass < 30; pass++) {
    const retry: AnySignedMessage[] = []
    for (let i = 0; i < pending.length; ) {
      const chunk = pending.slice(i, i + sizes())
      i += chunk.length
      const rs = await e.submitManyVerified(chunk, now)
      rs.forEach((r, j) => {
        if (r.verdict === Verdict.Reject) throw new Error(`valid message rejected: ${r.code} ${r.reason}`)
        if (r.verdict === Verdict.Ignore && r.code === 'MISSING_PARENT') retry.push(chunk[j]!)
      })
    }
    if (retry.length === pending.length) return
    pending = retry
  }
}

/** Held ids of every task, sorted. */
function heldIds(e: Engine): string[] {
  const out: string[] = []
  for (const entry of e.inventory()) out.push(...(e.state.task(hex(entry.taskId))?.ids ?? []))
  return out.sort()
}

/** Held messages per scope: count and quota. */
function perScope(e: Engine, w: SimWorkload): Map<string, { count: number; quota: number }> {
  const out = new Map<string, { count: number; quota: number }>()
  for (const id of heldIds(e)) {
    const m = e.getMessage(Uint8Array.from(Buffer.from(id, 'hex')))
    if (m === undefined) continue
    const s = scopeOf(m, w.genesis.params)
    const c = out.get(s.key) ?? { count: 0, quota: s.quota }
    c.count++
    out.set(s.key, c)
  }
  return out
}

function sign<K extends MessageKind>(
  w: SimWorkload,
  kind: K,
  body: BodyOf[K],
  actor: Actor,
): SignedMessage<K> {
  return signMessage(w.genesis.networkId, kind, body, actor.key)
}

/** A certified task of the workload, a validator and a miner inside its certificate. */
interface Race {
  task: Task
  validator: Actor
  score: SignedMessage<MessageKind.ValidationScored>
  vote: SignedMessage<MessageKind.ConsensusVote>
  miner: Actor
  answer: SignedMessage<MessageKind.AnswerRevealed>
}

function findRace(ref: Engine, w: SimWorkload): Race | null {
  const msg = (id: string) => ref.getMessage(Uint8Array.from(Buffer.from(id, 'hex')))
  for (const m of w.messages) {
    if (m.kind !== MessageKind.TaskPublished) continue
    const derived = ref.state.task(hex(m.id))?.derived
    if (derived?.winner == null) continue
    const root = derived.winner.root
    const included = derived.outcomeIds.map(msg)
    const held = [...(ref.state.task(hex(m.id))?.ids ?? [])].map(msg)
    const votes = held.filter(
      (x): x is SignedMessage<MessageKind.ConsensusVote> =>
        x?.kind === MessageKind.ConsensusVote && hex(x.body.outcomeRoot) === root,
    )
    for (const vote of votes) {
      const voter = hex(vote.signer)
      const validator = w.actors.find((a) => a.hex === voter)
      const score = included.find((x) => x?.kind === MessageKind.ValidationScored && hex(x.signer) === voter)
      const answer = included.find((x) => x?.kind === MessageKind.AnswerRevealed)
      const miner = answer && w.actors.find((a) => a.hex === hex(answer.signer))
      if (validator && score && answer && miner)
        return {
          task: m as Task,
          validator,
          score: score as SignedMessage<MessageKind.ValidationScored>,
          vote,
          miner,
          answer: answer as SignedMessage<MessageKind.AnswerRevealed>,
        }
    }
  }
  return null
}

/**
 * The flood: the validator's scores of the certified answer and votes in its certified vote's
 * round (other sets of the task's answers), the miner's answers (its certified one again at other
 * times) and, for a commit–reveal task, commits. All valid, all distinct.
 */
function flood(w: SimWorkload, ref: Engine, r: Race, n: number, rnd: () => number): AnySignedMessage[] {
  const out: AnySignedMessage[] = []
  const t = r.task.body
  const p = w.genesis.params
  const span = (from: number, to: number) => from + Math.floor(rnd() * Math.max(1, to - from))
  for (let i = 0; i < n; i++)
    out.push(
      sign(
        w,
        MessageKind.ValidationScored,
        {
          ...r.score.body,
          score: Math.floor(rnd() * 101),
          timestamp: span(t.submissionDeadline + 1, t.validationDeadline),
        },
        r.validator,
      ),
    )
  const answers = [...(ref.state.task(hex(r.task.id))?.ids ?? [])]
    .map((id) => ref.getMessage(Uint8Array.from(Buffer.from(id, 'hex')))!)
    .filter((m) => m.kind === MessageKind.AnswerRevealed)
  const round = r.vote.body.round
  const from = t.validationDeadline + round * p.roundMs
  for (let i = 0; i < Math.ceil(n / 4); i++) {
    const subset = answers.filter(() => rnd() < 0.5).map((m) => hex(m.id))
    out.push(
      sign(
        w,
        MessageKind.ConsensusVote,
        {
          ...r.vote.body,
          timestamp: span(
            Math.max(from, r.vote.body.timestamp - 1_000),
            Math.min(from + p.roundMs, r.vote.body.timestamp + 1_000),
          ),
          outcomeRoot: outcomeRoot(r.task.id, subset, []) as Uint8Array<ArrayBuffer>,
          messageCount: subset.length,
          includedIds: outcomeIds(subset, []).map((id) => Uint8Array.from(Buffer.from(id, 'hex'))),
        },
        r.validator,
      ),
    )
  }
  const revealFrom = t.commitDeadline > 0 ? t.commitDeadline : r.answer.body.workStartedAt
  for (let i = 0; i < Math.ceil(n / 4); i++)
    out.push(
      sign(
        w,
        MessageKind.AnswerRevealed,
        { ...r.answer.body, timestamp: span(revealFrom + 1, t.submissionDeadline) },
        r.miner,
      ),
    )
  if (t.commitDeadline > 0)
    for (let i = 0; i < Math.ceil(n / 8); i++)
      out.push(
        sign(
          w,
          MessageKind.AnswerCommitted,
          {
            timestamp: span(t.timestamp + 1, t.commitDeadline),
            profileId: r.answer.body.profileId,
            taskId: r.answer.body.taskId,
            commitment: sha256(new Uint8Array([i, 7]), r.miner.key.publicKey) as Uint8Array<ArrayBuffer>,
          },
          r.miner,
        ),
      )
  return out
}

/** Where the flood goes: before every vote, after every message, or mixed in at random. */
const PLACES = ['before-votes', 'after-all', 'mixed'] as const

function arrange(
  base: readonly AnySignedMessage[],
  extra: readonly AnySignedMessage[],
  place: (typeof PLACES)[number],
  rnd: () => number,
): AnySignedMessage[] {
  if (place === 'after-all') return [...shuffle(base, rnd), ...shuffle(extra, rnd)]
  if (place === 'mixed') return shuffle([...base, ...extra], rnd)
  const votes = base.filter((m) => m.kind === MessageKind.ConsensusVote)
  const rest = base.filter((m) => m.kind !== MessageKind.ConsensusVote)
  return [...shuffle([...rest, ...extra], rnd), ...shuffle(votes, rnd)]
}

describe('a participant flooding its scopes while its outcome certifies (DESIGN §5.8)', () => {
  it('every delivery order ends with the same held set, roots and certified outcome', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer(),
        fc.array(fc.constantFrom(...PLACES), { minLength: 2, maxLength: 3 }),
        fc.integer({ min: 20, max: 160 }),
        async (seed, order, places, n) => {
          const w = await workload(seed)
          const ref = await engineOf(w)
          await deliver(ref, w.messages, () => 64, w.now)
          await ref.advance(w.end)
          const race = findRace(ref, w)
          expect(race, 'a certified task with a scoring validator and an answer').not.toBeNull()
          const r = race!
          const certified = getTask(ref, r.task.id)!
          const rewards = getRewardDistribution(ref, r.task.id)
          const rnd = prng(order)
          const extra = flood(w, ref, r, n, rnd)
          const engines: Engine[] = []
          for (const place of places) {
            const e = await engineOf(w)
            const sizes = () => 1 + Math.floor(rnd() * 96)
            await deliver(e, arrange(w.messages, extra, place, rnd), sizes, w.now)
            await e.advance(w.end)
            engines.push(e)
          }
          const [first, ...others] = engines
          for (const e of engines) {
            // The certified outcome is the one derived without the flood.
            const t = getTask(e, r.task.id)!
            expect(hex(t.certifiedRoot)).toBe(hex(certified.certifiedRoot))
            expect(t.finality).toBe(certified.finality)
            expect(getRewardDistribution(e, r.task.id)).toEqual(rewards)
            for (const [key, { count, quota }] of perScope(e, w))
              expect(count, key).toBeLessThanOrEqual(quota + 1)
            // The flooders' scopes overflowed: both are penalized.
            const c = e.state.task(hex(r.task.id))!.derived!.contributions
            for (const a of [r.validator, r.miner])
              expect(c.get(a.hex)?.trust.some((x) => x.kind === 'failure' && x.id.startsWith('scope:'))).toBe(
                true,
              )
          }
          for (const e of others) {
            expect(heldIds(e)).toEqual(heldIds(first!))
            expect(hex(e.stateRoot())).toBe(hex(first!.stateRoot()))
            expect(hex(e.derivedDigest())).toBe(hex(first!.derivedDigest()))
          }
        },
      ),
      {
        numRuns: Number(process.env.SCOPE_RACE_RUNS ?? 8),
        // A flood before the votes whose recall re-held a message while recalling its parent.
        examples: [[4, 13, ['before-votes', 'before-votes'], 22]],
      },
    )
  }, 900_000)
})
