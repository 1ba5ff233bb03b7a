/**
 * Simulation → engine, end to end on real LevelDB (DESIGN §5.1, §6): a seeded workload with
 * dishonest miners and validators, ingested as envelope bytes in sync chunks into node A and one by
 * one in a shuffled order (children before parents, re-delivered like sync) into node B, settles to
 * the same state root and byte-identical records; rewards are conserved, flagged answers earn
 * nothing, and every invalid message gets exactly its expected verdict and is never persisted.
 */

import { Finality, fromHex, RewardRole, TaskStatus, toHex, Verdict } from '@aimesh/protocol'
import { INVALID_KINDS } from '@aimesh/simulation'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ingestChunks,
  ingestOneByOne,
  type LevelNode,
  makeCertifiedWorkload,
  nodeState,
  openNode,
  pastEveryDeadline,
  prng,
  testSeed,
} from './helpers/node.js'
import { TempDirs } from './helpers/temp.js'

const temps = new TempDirs()
const nodes: LevelNode[] = []
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.close()))
  await temps.removeAll()
})

function shuffled<T>(xs: readonly T[], rnd: () => number): T[] {
  const out = [...xs]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

describe('simulation → engine on LevelDB', () => {
  it('chunked and shuffled one-by-one delivery settle to the same verified state', async () => {
    const seed = testSeed()
    const w = await makeCertifiedWorkload({
      seed: 4242,
      tasks: 36,
      invalid: INVALID_KINDS,
      invalidPerKind: 2,
    })
    const { sim } = w
    expect(sim.invalid.length).toBeGreaterThanOrEqual(INVALID_KINDS.length)
    expect([...sim.groundTruth.actors.values()].some((a) => !a.honest)).toBe(true)

    const a = await openNode(await temps.make(), w)
    nodes.push(a)
    const b = await openNode(await temps.make(), w)
    nodes.push(b)

    // A: sync-sized chunks in causal order: every valid envelope is accepted.
    const resultsA = await ingestChunks(a.engine, w.envelopes, w.now)
    const notAccepted = resultsA.flatMap((r, i) => (r.verdict === Verdict.Accept ? [] : [{ i, r }]))
    expect(notAccepted).toEqual([])

    // B: a uniform shuffle (children often first), one at a time, IGNOREd ones re-delivered.
    const order = shuffled(w.envelopes, prng(seed))
    const delivery = await ingestOneByOne(b.engine, order, w.now)
    expect(delivery.redelivered, `shuffle seed ${seed}`).toBeGreaterThan(0)

    // Invalid messages: A before the deadlines pass, B after; the verdict is the expected one either way.
    const checkInvalid = async (node: LevelNode) => {
      for (const bad of sim.invalid) {
        const r = await node.engine.ingest(bad.message.bytes, w.now)
        expect({ kind: bad.kind, verdict: r.verdict }).toEqual({ kind: bad.kind, verdict: bad.expected })
        expect(r.verdict === Verdict.Accept ? '' : r.code).not.toBe('')
        expect(node.engine.hasMessage(bad.message.id)).toBe(false)
        expect(await node.store.hasMessage(bad.message.id)).toBe(false)
      }
    }
    await checkInvalid(a)

    const end = Math.max(pastEveryDeadline(a.engine), pastEveryDeadline(b.engine))
    await a.engine.advance(end)
    await b.engine.advance(end)
    expect(pastEveryDeadline(a.engine)).toBe(end + 1) // nothing left to settle: clock is the latest point
    await checkInvalid(b)

    // Same set → same root, byte-identical records in memory and in the store.
    const stateA = await nodeState(a)
    const stateB = await nodeState(b)
    expect(stateB.root, `shuffle seed ${seed}`).toBe(stateA.root)
    expect(stateB.records).toEqual(stateA.records)
    expect(stateB.stored).toEqual(stateA.stored)
    // DESIGN §5.13: equal inputs, equal derived digests.
    expect(toHex(b.engine.derivedDigest())).toBe(toHex(a.engine.derivedDigest()))
    for (const n of [a, b]) {
      const report = await n.store.checkIntegrity()
      expect(report).toMatchObject({ ok: true, missing: [], dangling: [], badRecords: [] })
      expect(report.messages).toBe(sim.messages.length)
      expect(await n.store.count('messages')).toBe(sim.messages.length)
    }

    // Rewards (read back from the store): every distribution sums exactly to its task's reward, and
    // a flagged submission's miner gets nothing from that task.
    let completed = 0
    let flagged = 0
    let claimed = 0
    for (const taskHex of sim.groundTruth.tasks.keys()) {
      const taskId = fromHex(taskHex)
      const task = await a.store.tasks.get(taskId)
      expect(task, taskHex).toBeDefined()
      const dist = await a.store.rewards.get(taskId)
      if (task!.status === TaskStatus.COMPLETED) {
        completed++
        expect(dist, `completed task ${taskHex} has a distribution`).toBeDefined()
        // Every validator of the epoch voted the same root (DESIGN §5.5): the outcome is final.
        expect({ task: taskHex, finality: task!.finality }).toEqual({
          task: taskHex,
          finality: Finality.FINAL,
        })
        if (dist?.entries.some((e) => e.claimed)) claimed++
      }
      if (dist === undefined) continue
      const sum = dist.entries.reduce((s, e) => s + e.amount, 0n)
      expect({ task: taskHex, sum, total: dist.total }).toEqual({
        task: taskHex,
        sum: task!.reward,
        total: task!.reward,
      })
      for (const id of await a.store.submissions.listForTask(taskId)) {
        const sub = (await a.store.submissions.get(id))!
        if (!sub.flagged) continue
        flagged++
        const paid = dist.entries.filter((e) => toHex(e.recipient) === toHex(sub.miner) && e.amount > 0n)
        expect({ submission: toHex(id), paid: paid.map((e) => [e.role, e.amount]) }).toEqual({
          submission: toHex(id),
          paid: [],
        })
        expect(sub.rank).toBe(0)
      }
      // Roles are paid as the rules say: no entry without a role.
      for (const e of dist.entries) expect(e.role).not.toBe(RewardRole.REWARD_ROLE_UNSPECIFIED)
    }
    // The workload exercised what it claims to: completed tasks and flagged fraud.
    expect(completed).toBeGreaterThan(0)
    expect(flagged).toBeGreaterThan(0)
    // Claims name the voted root and take effect (DESIGN §5.5); checkpoints fixed later epochs' sets.
    expect(claimed).toBeGreaterThan(0)
    expect(a.engine.checkpointEpochs().length).toBeGreaterThan(0)
    expect(a.engine.validatorSet(1).checkpoint).not.toBeNull()
    // The certified checkpoints are the ones the node computes itself (DESIGN §5.6): real trust
    // digests, fold roots and sets, not a stand-in.
    const hexOf = (c: ReturnType<typeof a.engine.checkpointProposal>) => ({
      epoch: c.epoch,
      foldRoot: toHex(c.foldRoot),
      foldedTasks: c.foldedTasks,
      trustDigest: toHex(c.trustDigest),
      validators: c.validators.map((v) => [toHex(v.account), v.weight]),
    })
    for (const epoch of a.engine.checkpointEpochs()) {
      const certified = a.engine.checkpoints(epoch).find((c) => c.winner)
      expect(certified, `epoch ${epoch} is certified`).toBeDefined()
      expect(hexOf(certified!.content)).toEqual(hexOf(a.engine.checkpointProposal(epoch)))
    }
  }, 120_000)
})
