/** What the property workload derives: every feature is exercised, and rewards are conserved. */
import { DisputeStatus, RewardRole, TaskStatus, toHex } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import {
  getRewardDistribution,
  getTask,
  listDisputes,
  listSubmissions,
  MemoryEngineStore,
} from '../src/index.js'
import { openTestEngine, T0 } from './helpers/builders.js'
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
    // Claims signed before the dispute match tasks 0 and 1. Task 2 was published after the dispute
    // on task 0 cut v0's trust, so its consensus weights (and amounts) moved: stale claims take no effect.
    for (const t of w.tasks.slice(0, 2)) {
      const d = getRewardDistribution(engine, t.id)!
      expect(d.entries.some((e) => e.claimed && e.role === RewardRole.WINNER)).toBe(true)
    }
    expect(getRewardDistribution(engine, w.tasks[2]!.id)!.entries.some((e) => e.claimed)).toBe(false)
    expect(getRewardDistribution(engine, w.tasks[3]!.id)).toBeUndefined()
  })
})
