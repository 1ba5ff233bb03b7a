/** What the property workload derives: every feature is exercised, and rewards are conserved. */
import { DisputeStatus, Finality, RewardRole, TaskStatus, toHex, ValidationRecord } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { getRewardDistribution, getTask, listDisputes, listSubmissions } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import { account, openTestEngine, T0 } from './helpers/builders.js'
import { deliver } from './helpers/deliver.js'
import { buildWorkload } from './helpers/workload.js'

describe('workload derivation', () => {
  it('exercises lifecycle, fraud, finality, claims and disputes', async () => {
    const w = await buildWorkload(7)
    const engine = await openTestEngine({
      store: new MemoryEngineStore(),
      genesis: w.genesis,
      clock: T0,
      now: () => w.now,
    })
    const alerts: unknown[] = []
    engine.onFraudAlert((a) => alerts.push(a))
    await deliver(engine, w.messages, w.now)
    await engine.advance(w.end)
    const statuses = w.tasks.map((t) => getTask(engine, t.id)!.status)
    expect(statuses[3]).toBe(TaskStatus.CANCELLED)
    expect(statuses.slice(0, 3).every((s) => s === TaskStatus.COMPLETED)).toBe(true)
    const t0 = getTask(engine, w.tasks[0]!.id)!
    expect(t0.transitions.map((t) => t.to)).toEqual([
      TaskStatus.PUBLISHED,
      TaskStatus.IN_PROGRESS,
      TaskStatus.ANSWERS_SUBMITTED,
      TaskStatus.UNDER_VALIDATION,
      TaskStatus.COMPLETED,
      TaskStatus.DISPUTED,
      TaskStatus.COMPLETED,
    ])
    expect(t0.certifiedRoot.length).toBe(32)
    const disputes = listDisputes(engine, w.tasks[0]!.id)
    expect(disputes).toHaveLength(1)
    expect(disputes[0]!.status).toBe(DisputeStatus.UPHELD)
    // Task 1: m1 copied m0's answer → flagged, announced, and paid nothing.
    const subs1 = listSubmissions(engine, w.tasks[1]!.id)
    const flagged = subs1.filter((s) => s.flagged)
    expect(flagged).toHaveLength(1)
    expect(alerts.length).toBeGreaterThan(0)
    const dist1 = getRewardDistribution(engine, w.tasks[1]!.id)!
    expect(dist1.entries.some((e) => toHex(e.recipient) === toHex(flagged[0]!.miner))).toBe(false)
    // Conservation and claims on every completed task.
    for (const t of w.tasks.slice(0, 3)) {
      const d = getRewardDistribution(engine, t.id)!
      expect(d.entries.reduce((a, e) => a + e.amount, 0n)).toBe(d.total)
      expect(d.total).toBe(getTask(engine, t.id)!.reward)
    }
    // Claims name the winning root (DESIGN §5.5): they take effect on every completed task, since
    // consensus weights come from the epoch's validator set, not from trust moved by the dispute.
    for (const t of w.tasks.slice(0, 3)) {
      const d = getRewardDistribution(engine, t.id)!
      expect(d.entries.some((e) => e.claimed && e.role === RewardRole.WINNER)).toBe(true)
      const task = getTask(engine, t.id)!
      expect(task.finality).toBe(Finality.FINAL)
      expect(task.certifiedRound).toBe(0)
    }
    expect(getTask(engine, w.tasks[3]!.id)!.finality).toBe(Finality.FINALITY_UNSPECIFIED)

    // Epochs (DESIGN §5.4, §5.6): task i lies in epoch i; each epoch 1–3 has a certified checkpoint
    // (the outsider's vote for another content is held, uncounted); epoch 2's set adds newcomer n0,
    // whose scores count in task 2 only.
    expect(w.tasks.map((t) => engine.epochAt(t.body.timestamp))).toEqual([0, 1, 2, 3])
    expect(engine.checkpointEpochs()).toEqual([1, 2, 3])
    for (const epoch of [1, 2, 3]) {
      const cps = engine.checkpoints(epoch)
      expect(cps.filter((c) => c.winner)).toHaveLength(1)
      expect(cps.some((c) => !c.certified && c.voters.length === 0)).toBe(true)
      expect(engine.validatorSet(epoch).checkpoint).toBe(cps.find((c) => c.winner)!.digest)
    }
    const n0 = toHex(account('n0').publicKey)
    expect(engine.validatorSet(2).weights.get(n0)).toBe(650)
    for (const [i, t] of w.tasks.slice(0, 3).entries()) {
      const mine = [...engine.dumpRecords()]
        .filter(([k]) => k.startsWith('validation:'))
        .map(([, bytes]) => ValidationRecord.decode(bytes))
        .filter((v) => toHex(v.taskId) === toHex(t.id) && toHex(v.validator) === n0)
      expect(mine.length).toBeGreaterThan(0)
      expect(mine.every((v) => v.counted === (i === 2))).toBe(true)
    }
    expect(getRewardDistribution(engine, w.tasks[3]!.id)).toBeUndefined()
  })
})
