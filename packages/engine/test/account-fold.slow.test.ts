/**
 * Account aggregates folded at certified checkpoints (DESIGN §5.12, §5.6, derive/account-folds.ts):
 * (a) the per-account work of applying messages (open events scanned and refolded, events and scores
 *     read) does not grow with the checkpoints and tasks folded in the accounts' history;
 * (b) in random causal delivery orders, with checkpoints certifying before or after the tasks they
 *     fold arrive and a reopen at a random point, an engine's derived state and account state equal
 *     those of an engine that derived the same set in order, and both equal the fold's definition
 *     computed from scratch over every task's contributions;
 * (c) a reopen loads the bases without folding history again, and a missing base is folded again.
 */
import { MessageKind, toHex } from '@aimesh/protocol'
import { shuffleCausal } from '@aimesh/simulation'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkpointCut, Engine, type Genesis } from '../src/index.js'
import {
  applyTrustEvent,
  clampTrust,
  compareEvents,
  decayTrust,
  TRUST_DEFAULT,
  type TrustEvent,
  type TrustRecord,
} from '../src/rules/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import { levelEngine } from './helpers/deliver.js'
import { accountView, type FoldWorkload, foldedEpochs, foldWorkload } from './helpers/fold-workload.js'
import { apply, fingerprint } from './helpers/sim-workload.js'

const WALL = Number.MAX_SAFE_INTEGER

const workloads = new Map<string, Promise<FoldWorkload>>()
function workloadOf(seed: number, tasks: number, honest = false): Promise<FoldWorkload> {
  const key = `${seed}:${tasks}:${honest}`
  let w = workloads.get(key)
  if (w === undefined) {
    w = foldWorkload(seed, tasks, honest)
    workloads.set(key, w)
  }
  return w
}

/** A clock past every task's final time, so the last checkpoints fold what they can. */
const settledClock = (w: FoldWorkload) => w.end + 600_000

/**
 * The fold's definition, computed from scratch (account-folds.ts file comment): each task's segment
 * from its certificate and the certified checkpoints, base(k) folded checkpoint by checkpoint, then
 * every event not folded by k with time ≤ t, decayed to t.
 */
function definedTrust(e: Engine, g: Genesis, account: string, t: number): number {
  const certified = e.state.epochs.certifiedEpochs()
  const cuts = certified.map((ep) => checkpointCut(g, ep))
  const segmentOf = (winner: boolean, finalAt: number) => {
    if (!winner) return Number.POSITIVE_INFINITY
    const i = cuts.findIndex((c) => c >= finalAt)
    return i < 0 ? Number.POSITIVE_INFINITY : certified[i]!
  }
  let k = 0
  for (const [i, c] of cuts.entries()) if (c < t) k = certified[i]!
  const bySegment = new Map<number, TrustEvent[]>()
  for (const task of e.state.tasks()) {
    const d = task.derived
    const events = d?.contributions.get(account)?.trust
    if (d === null || d === undefined || events === undefined) continue
    const seg = segmentOf(d.winner !== null, d.finalAt)
    bySegment.set(seg, [...(bySegment.get(seg) ?? []), ...events])
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

/** Every account's trust from the book equals the definition, now and around every cut. */
function expectDefinition(e: Engine, now: number): void {
  const g = e.genesis
  const times = [now]
  for (const ep of e.state.epochs.certifiedEpochs())
    times.push(checkpointCut(g, ep) + 1, checkpointCut(g, ep) + 7_000)
  for (const a of e.state.book.trustAccounts())
    for (const t of times) expect(e.state.book.trustAt(a, t)).toBe(definedTrust(e, g, a, t))
}

/** Work counters summed: what applying messages costs per account (DESIGN §5.12). */
function workOf(e: Engine): number {
  const w = e.state.book.work
  return w.refolded + w.scanned + w.visited
}

describe('account aggregates folded at checkpoints', () => {
  it('(a) per-account work per message does not grow with the folded checkpoints', async () => {
    const w = await workloadOf(3, 100, true)
    const e = await Engine.open({
      store: new MemoryEngineStore(),
      genesis: w.genesis,
      clock: w.start,
      now: () => WALL,
    })
    const windows = { early: { work: 0, messages: 0 }, late: { work: 0, messages: 0 } }
    let lateFolded = 0
    let maxOpenEarly = 0
    let maxOpenLate = 0
    const CHUNK = 20
    for (let i = 0; i < w.messages.length; i += CHUNK) {
      const chunk = w.messages.slice(i, i + CHUNK)
      const folded = foldedEpochs(e).size
      const before = workOf(e)
      await apply(e, chunk, WALL)
      const spent = workOf(e) - before
      let maxOpen = 0
      for (const a of e.state.book.accounts()) maxOpen = Math.max(maxOpen, e.state.book.openHistorySize(a))
      const window = folded >= 1 && folded <= 3 ? windows.early : folded >= 20 ? windows.late : undefined
      if (window === undefined) continue
      window.work += spent
      window.messages += chunk.length
      if (window === windows.early) maxOpenEarly = Math.max(maxOpenEarly, maxOpen)
      else {
        maxOpenLate = Math.max(maxOpenLate, maxOpen)
        lateFolded = Math.max(lateFolded, folded)
      }
    }
    expect(lateFolded).toBeGreaterThanOrEqual(20)
    expect(windows.early.messages).toBeGreaterThan(100)
    expect(windows.late.messages).toBeGreaterThan(100)
    const early = windows.early.work / windows.early.messages
    const late = windows.late.work / windows.late.messages
    expect(early).toBeGreaterThan(0)
    // Flat: the same workload shape costs the same per message with 20 folded checkpoints as with 1–3.
    expect(late).toBeLessThanOrEqual(early * 1.5 + 1)
    expect(maxOpenLate).toBeLessThanOrEqual(maxOpenEarly * 1.5 + 4)
    // Every account's trust is still the fold's definition.
    expectDefinition(e, settledClock(w))
  }, 600_000)

  it('(b) folded equals from scratch in random orders, checkpoints certifying anywhere, with a reopen', async () => {
    const refs = new Map<number, Promise<{ fp: unknown; view: unknown }>>()
    const refOf = (seed: number, w: FoldWorkload) => {
      let r = refs.get(seed)
      if (r === undefined) {
        r = (async () => {
          const e = await Engine.open({
            store: new MemoryEngineStore(),
            genesis: w.genesis,
            clock: w.start,
            now: () => WALL,
          })
          await apply(e, w.messages, WALL)
          await e.advance(settledClock(w))
          expectDefinition(e, settledClock(w))
          return { fp: fingerprint(e), view: accountView(e, settledClock(w)) }
        })()
        refs.set(seed, r)
      }
      return r
    }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(1, 2),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 80 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        async (seed, order, chunk, reopenAt, votesFirst) => {
          const w = await workloadOf(seed, 28)
          const ref = await refOf(seed, w)
          const shuffled = shuffleCausal(w.messages, order)
          // Profiles first (admission parents, DESIGN §5.9); with votesFirst, every checkpoint
          // certifies before the tasks it folds arrive.
          const first = (k: MessageKind) =>
            k === MessageKind.MinerProfile || (votesFirst && k === MessageKind.CheckpointVote)
          const msgs = [
            ...shuffled.filter((m) => m.kind === MessageKind.MinerProfile),
            ...(votesFirst ? shuffled.filter((m) => m.kind === MessageKind.CheckpointVote) : []),
            ...shuffled.filter((m) => !first(m.kind)),
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
              await apply(e, msgs.slice(i, i + chunk), WALL)
            }
            await e.advance(settledClock(w))
            expect(fingerprint(e)).toEqual(ref.fp)
            expect(accountView(e, settledClock(w))).toEqual(ref.view)
            expectDefinition(e, settledClock(w))
          } finally {
            await node.close()
          }
        },
      ),
      { numRuns: 6, seed: 20261203 },
    )
  }, 900_000)

  it('(c) a reopen loads the bases without folding history; a missing base is folded again', async () => {
    const w = await workloadOf(1, 28)
    const node = await levelEngine(w.genesis, w.start, WALL)
    try {
      await apply(node.engine, w.messages, WALL)
      await node.engine.advance(settledClock(w))
      const view = accountView(node.engine, settledClock(w))
      const foldedBefore = node.engine.state.book.work.folded
      expect(foldedEpochs(node.engine).size).toBeGreaterThan(3)
      expect(foldedBefore).toBeGreaterThan(0)

      const reopen = () =>
        Engine.open({ store: node.port, genesis: w.genesis, clock: settledClock(w), now: () => WALL })
      const again = await reopen()
      expect(again.counters.derivations).toBe(0)
      expect(again.state.book.work.folded).toBe(0)
      let open = 0
      for (const a of again.state.book.accounts()) open += again.state.book.openHistorySize(a)
      expect(again.state.book.work.refolded).toBeLessThanOrEqual(open)
      expect(accountView(again, settledClock(w))).toEqual(view)

      // One stored base deleted: its account's bases are folded again, and nothing else.
      let baseKey: Uint8Array | undefined
      for await (const [k] of node.store.iterateEngineState()) if (k.length === 37 && k[0] === 2) baseKey = k
      expect(baseKey).toBeDefined()
      await node.store.applyMessage({ puts: [], deletes: [], engineState: [{ key: baseKey!, value: null }] })
      const repaired = await reopen()
      expect(repaired.state.book.work.folded).toBeGreaterThan(0)
      expect(repaired.state.book.work.folded).toBeLessThan(foldedBefore)
      expect(accountView(repaired, settledClock(w))).toEqual(view)
      expect(toHex(repaired.derivedDigest())).toBe(toHex(node.engine.derivedDigest()))
    } finally {
      await node.close()
    }
  }, 600_000)
})
