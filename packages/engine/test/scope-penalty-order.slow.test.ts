/**
 * Penalties of overflowed scopes of no task (DESIGN §5.8, §5.12; engine/account-scope-penalties.ts)
 * over a simulated workload whose checkpoints fold accounts epoch after epoch: a validator floods
 * checkpoint votes in one round, a fresh account and a miner flood profiles in one hour. In random
 * causal orders and batch sizes, with the checkpoint votes before or after everything else, the flood
 * first, last or mixed in, and a LevelDB reopen at a random point, an engine ends with the same held
 * ids, state root, derived digest, records and account state as one that took everything in order;
 * the floods hold quota + 1 per scope and penalize each signer (a record per scope, a trust failure
 * folded at its time like any event: the book's trust equals the fold computed from scratch); and no
 * task's certified outcome differs from an engine that never saw the floods.
 */
import {
  type AccountKey,
  type AnySignedMessage,
  accountFromSeed,
  FraudAnalysis,
  MessageKind,
  type SignedMessage,
  sha256,
  signMessage,
  toHex,
  Verdict,
} from '@aimesh/protocol'
import { shuffleCausal } from '@aimesh/simulation'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { overflowEventId } from '../src/derive/scope-penalty.js'
import { checkpointCut, Engine, type Genesis, getTask, ZERO_TASK_ID } from '../src/index.js'
import {
  applyTrustEvent,
  clampTrust,
  compareEvents,
  decayTrust,
  TRUST_DEFAULT,
  type TrustEvent,
  type TrustRecord,
} from '../src/rules/index.js'
import { scopeOf } from '../src/scopes.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import { levelEngine, shuffle } from './helpers/deliver.js'
import { accountView, type FoldWorkload, foldWorkload } from './helpers/fold-workload.js'
import { fingerprint } from './helpers/sim-workload.js'
import { prng } from './helpers/workload.js'

const WALL = Number.MAX_SAFE_INTEGER
const HOUR = 3_600_000

/** Applies messages in batches of `size`; SCOPE_FULL and DUPLICATE are expected, nothing else refused. */
async function apply(e: Engine, msgs: readonly AnySignedMessage[], size = 40): Promise<void> {
  for (let i = 0; i < msgs.length; i += size) {
    const rs = await e.submitManyVerified(msgs.slice(i, i + size), WALL)
    rs.forEach((r, j) => {
      if (r.verdict === Verdict.Accept) return
      if (r.verdict === Verdict.Ignore && (r.code === 'SCOPE_FULL' || r.code === 'DUPLICATE')) return
      throw new Error(`${toHex(msgs[i + j]!.id).slice(0, 8)} refused: ${JSON.stringify(r)}`)
    })
  }
}

type Vote = SignedMessage<MessageKind.CheckpointVote>
type Profile = SignedMessage<MessageKind.MinerProfile>

/** A fresh account that only floods profiles. */
function freshKey(): AccountKey {
  return accountFromSeed(sha256(new TextEncoder().encode('account:scope-penalty-fresh')))
}

/** Copies of a profile by `key` at the given times (other names, so other ids). */
function profilesAt(g: Genesis, key: AccountKey, like: Profile, times: readonly number[]): Profile[] {
  return times.map((at, i) =>
    signMessage(
      g.networkId,
      MessageKind.MinerProfile,
      { ...like.body, timestamp: at, name: `flood ${i}` },
      key,
    ),
  )
}

interface Floods {
  messages: AnySignedMessage[]
  /** The flooding accounts (hex). */
  signers: string[]
  /** The flooded scope keys. */
  keys: string[]
}

/**
 * The floods against a workload: its first validator votes 6 times in round 2 of the first checkpoint
 * it voted for (its real votes, in earlier rounds, keep their effect), a fresh account signs 7
 * profiles within the workload, and the first miner 5 profiles in the hour after its own.
 */
function floodsOf(w: FoldWorkload): Floods {
  const g = w.genesis
  const validator = w.validators[0]!
  const real = w.messages.find(
    (m): m is Vote => m.kind === MessageKind.CheckpointVote && toHex(m.signer) === validator.hex,
  )!
  const cut = checkpointCut(g, real.body.epoch)
  const round = 2
  const votes = Array.from({ length: 6 }, (_, i) =>
    signMessage(
      g.networkId,
      MessageKind.CheckpointVote,
      {
        ...real.body,
        timestamp: cut + round * g.params.roundMs + 1_000 + i * 500,
        round,
        foldedTasks: real.body.foldedTasks + 1 + i,
      },
      validator.key,
    ),
  )
  const fresh = freshKey()
  const likeProfile = validator.profile
  const hourOf = (t: number) => Math.floor(t / HOUR)
  // Inside the workload, so the penalty is folded into a checkpoint like the tasks around it.
  const mid = w.start + Math.floor((w.end - w.start) / 3)
  const freshProfiles = profilesAt(
    g,
    fresh,
    likeProfile,
    Array.from({ length: 7 }, (_, i) => Math.max(hourOf(mid) * HOUR, mid - 30_000) + i * 7_000),
  )
  const miner = w.actors.find((a) => a.role === 'miner')!
  const next = (hourOf(miner.profile.body.timestamp) + 1) * HOUR
  const minerProfiles = profilesAt(
    g,
    miner.key,
    miner.profile,
    Array.from({ length: 5 }, (_, i) => next + 60_000 + i * 1_000),
  )
  const messages = [...votes, ...freshProfiles, ...minerProfiles]
  return {
    messages,
    signers: [validator.hex, toHex(fresh.publicKey), miner.hex],
    keys: [...new Set(messages.map((m) => scopeOf(m, g.params).key))],
  }
}

/** The fold's definition from scratch, task events and scope penalties alike (account-folds.ts). */
function definedTrust(e: Engine, g: Genesis, account: string, t: number): number {
  const certified = e.state.epochs.certifiedEpochs()
  const cuts = certified.map((ep) => checkpointCut(g, ep))
  const segmentOf = (folded: boolean, at: number) => {
    if (!folded) return Number.POSITIVE_INFINITY
    const i = cuts.findIndex((c) => c >= at)
    return i < 0 ? Number.POSITIVE_INFINITY : certified[i]!
  }
  let k = 0
  for (const [i, c] of cuts.entries()) if (c < t) k = certified[i]!
  const bySegment = new Map<number, TrustEvent[]>()
  const add = (seg: number, events: readonly TrustEvent[]) =>
    bySegment.set(seg, [...(bySegment.get(seg) ?? []), ...events])
  for (const task of e.state.tasks()) {
    const d = task.derived
    const events = d?.contributions.get(account)?.trust
    if (d === null || d === undefined || events === undefined) continue
    add(segmentOf(d.winner !== null, d.finalAt), events)
  }
  // A penalty of a scope of no task: its record names the zero task; it applies at analyzedAt.
  for (const [key, bytes] of e.dumpRecords()) {
    if (!key.startsWith('fraud:')) continue
    const r = FraudAnalysis.decode(bytes)
    if (toHex(r.taskId) !== toHex(ZERO_TASK_ID) || toHex(r.account) !== account) continue
    const first = e.getMessage(r.signals[0]!.evidenceIds[0]!)!
    const id = overflowEventId(scopeOf(first, g.params).key)
    add(segmentOf(true, r.analyzedAt), [{ id, account, time: r.analyzedAt, kind: 'failure' }])
  }
  let state: TrustRecord | undefined
  if (g.preTrustedValidators.includes(account))
    state = applyTrustEvent(undefined, {
      id: `genesis:${account}`,
      account,
      time: g.genesisTime,
      kind: 'adjustment',
      delta: g.params.preTrustedScore - TRUST_DEFAULT,
    })
  for (const ep of certified) {
    if (ep > k) break
    for (const ev of [...(bySegment.get(ep) ?? [])].sort(compareEvents)) state = applyTrustEvent(state, ev)
  }
  const rest: TrustEvent[] = []
  for (const [seg, events] of bySegment) if (seg > k) rest.push(...events.filter((ev) => ev.time <= t))
  for (const ev of rest.sort(compareEvents)) state = applyTrustEvent(state, ev)
  if (state === undefined) return TRUST_DEFAULT
  return clampTrust(decayTrust(state.score, t - state.updatedAt))
}

/** Held ids per flooded scope. */
function heldByScope(e: Engine, g: Genesis, keys: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = Object.fromEntries(keys.map((k) => [k, []]))
  for (const id of e.state.task(toHex(ZERO_TASK_ID))?.ids ?? []) {
    const m = e.getMessage(Uint8Array.from(Buffer.from(id, 'hex')))!
    const key = scopeOf(m, g.params).key
    if (key in out) out[key]!.push(id)
  }
  return out
}

/** Certified outcome of every task: root, finality, round. */
function outcomes(e: Engine): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const t of e.state.tasks()) {
    if (t.publish === null) continue
    const r = getTask(e, t.id)
    if (r !== undefined) out[t.hex] = [toHex(r.certifiedRoot), r.finality]
  }
  return out
}

const settled = (w: FoldWorkload) => w.end + 600_000

const workloads = new Map<number, Promise<FoldWorkload>>()
function workloadOf(seed: number): Promise<FoldWorkload> {
  let w = workloads.get(seed)
  if (w === undefined) {
    w = foldWorkload(seed, 20)
    workloads.set(seed, w)
  }
  return w
}

interface Reference {
  fp: ReturnType<typeof fingerprint>
  view: unknown
  held: Record<string, string[]>
  floods: Floods
}

const refs = new Map<number, Promise<Reference>>()
function referenceOf(seed: number, w: FoldWorkload): Promise<Reference> {
  let r = refs.get(seed)
  if (r === undefined) {
    r = (async () => {
      const floods = floodsOf(w)
      const e = await Engine.open({
        store: new MemoryEngineStore(),
        genesis: w.genesis,
        clock: w.start,
        now: () => WALL,
      })
      await apply(e, [...w.messages, ...floods.messages])
      await e.advance(settled(w))
      const g = w.genesis
      const held = heldByScope(e, g, floods.keys)
      for (const ids of Object.values(held)) {
        const m = e.getMessage(Uint8Array.from(Buffer.from(ids[0]!, 'hex')))!
        expect(ids).toHaveLength(scopeOf(m, g.params).quota + 1)
      }
      // Each flooder: a record per flooded scope, a trust failure, the fold's definition.
      const records = [...e.dumpRecords()]
        .filter(([k]) => k.startsWith('fraud:'))
        .map(([, v]) => FraudAnalysis.decode(v))
        .filter((a) => toHex(a.taskId) === toHex(ZERO_TASK_ID))
      expect(records).toHaveLength(floods.keys.length)
      for (const signer of floods.signers) {
        expect(records.some((a) => toHex(a.account) === signer)).toBe(true)
        expect(e.state.book.trustSummary(signer)!.failures).toBeGreaterThanOrEqual(1)
      }
      const times = [settled(w)]
      for (const ep of e.state.epochs.certifiedEpochs())
        times.push(checkpointCut(g, ep), checkpointCut(g, ep) + 1, checkpointCut(g, ep) + 7_000)
      for (const a of e.state.book.trustAccounts())
        for (const t of times)
          expect(e.state.book.trustAt(a, t), `${a} at ${t}`).toBe(definedTrust(e, g, a, t))
      // The fresh account's penalty lies inside the workload: some certified checkpoint folds it.
      const fresh = records.find((a) => toHex(a.account) === floods.signers[1])!
      const cuts = e.state.epochs.certifiedEpochs().map((ep) => checkpointCut(g, ep))
      expect(cuts.some((c) => c >= fresh.analyzedAt)).toBe(true)
      // No certified outcome differs from an engine that never saw the floods.
      const clean = await Engine.open({
        store: new MemoryEngineStore(),
        genesis: g,
        clock: w.start,
        now: () => WALL,
      })
      await apply(clean, w.messages)
      await clean.advance(settled(w))
      expect(outcomes(e)).toEqual(outcomes(clean))
      return { fp: fingerprint(e), view: accountView(e, settled(w)), held, floods }
    })()
    refs.set(seed, r)
  }
  return r
}

describe('penalties of scopes of no task are order independent (DESIGN §5.8, §5.12)', () => {
  it('floods in any order, batch size, checkpoint timing and across a reopen give one state', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(1, 2),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        fc.constantFrom('first', 'last', 'mixed'),
        async (seed, order, chunk, reopenAt, votesFirst, floodAt) => {
          const w = await workloadOf(seed)
          const ref = await referenceOf(seed, w)
          const flood = ref.floods.messages
          const rnd = prng(order)
          const base =
            floodAt === 'mixed'
              ? shuffleCausal([...w.messages, ...flood], order)
              : shuffleCausal(w.messages, order)
          const shuffledFlood = shuffle(flood, rnd)
          const body =
            floodAt === 'first'
              ? [...shuffledFlood, ...base]
              : floodAt === 'last'
                ? [...base, ...shuffledFlood]
                : base
          // Profiles first (admission parents, DESIGN §5.9); with votesFirst the checkpoint votes
          // follow, so checkpoints certify (and fold) before the tasks and the floods arrive.
          const realProfile = (m: AnySignedMessage) =>
            m.kind === MessageKind.MinerProfile && !flood.includes(m)
          const realVote = (m: AnySignedMessage) =>
            m.kind === MessageKind.CheckpointVote && !flood.includes(m)
          const msgs = [
            ...body.filter(realProfile),
            ...(votesFirst ? body.filter(realVote) : []),
            ...body.filter((m) => !realProfile(m) && !(votesFirst && realVote(m))),
          ]
          const node = await levelEngine(w.genesis, w.start, WALL)
          try {
            let e = node.engine
            const reopenIndex = Math.floor(reopenAt * msgs.length)
            let reopened = false
            for (let i = 0; i < msgs.length; i += chunk) {
              if (!reopened && i >= reopenIndex) {
                e = await node.reopen()
                reopened = true
              }
              await apply(e, msgs.slice(i, i + chunk), chunk)
            }
            await e.advance(settled(w))
            expect(heldByScope(e, w.genesis, ref.floods.keys)).toEqual(ref.held)
            expect(fingerprint(e)).toEqual(ref.fp)
            expect(accountView(e, settled(w))).toEqual(ref.view)
            // A reopen of the final state loads it as it is, deriving nothing.
            const again = await Engine.open({
              store: node.port,
              genesis: w.genesis,
              clock: settled(w),
              now: () => WALL,
            })
            expect(again.counters.derivations).toBe(0)
            expect(fingerprint(again)).toEqual(ref.fp)
            expect(accountView(again, settled(w))).toEqual(ref.view)
          } finally {
            await node.close()
          }
        },
      ),
      { numRuns: 6, seed: 20261203 },
    )
  }, 900_000)
})
