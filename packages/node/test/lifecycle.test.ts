/**
 * createNode without a network (DESIGN §1 embedding): a task goes publish → commit → automatic
 * reveal → scores → computed votes → certified → claim; events fire; stop drains and a restart
 * reopens the same state.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { collect, TestClock, tempDir, testHome, testNode, waitFor } from './helpers/home.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('createNode lifecycle', () => {
  it('runs a task to a certified outcome and a claim, then restarts with the same roots', async () => {
    const { dir, cleanup } = await tempDir()
    cleanups.push(cleanup)
    const clock = new TestClock(Date.now())
    await testHome(dir, clock.t)
    const node = await testNode(dir, clock)
    cleanups.push(() => node.stop())
    const statuses = collect(node, 'task-status')
    const finalized = collect(node, 'finalized')
    const accepted = collect(node, 'accepted')
    await node.start()

    const { id: taskId } = await node.actions.publishTask({
      account: 'publisher',
      title: 'sum two numbers',
      taskType: 'GENERAL',
      difficulty: 'BEGINNER',
      reward: 1_000_000n,
      phases: { commitMs: 60_000, revealMs: 10_000, validationMs: 10_000, challengeMs: 10_000 },
      input: 'what is 2 + 2?',
    })
    // Answers committed sooner than a beginner task's minimum work time (30 s) are flagged.
    clock.advance(31_000)
    await node.actions.submitAnswer('miner1', taskId, 'four, because 2 + 2 = 4')
    await node.actions.submitAnswer('miner2', taskId, 'it is 4: two plus two')
    // The commit window closes: the node reveals both answers by itself.
    clock.advance(30_000)
    const subs = await waitFor(() => {
      const t = node.queries.task(taskId)
      return (t.submissions as unknown[]).length === 2 ? (t.submissions as { id: string }[]) : undefined
    }, 'two automatic reveals')
    clock.advance(10_000)
    for (const v of ['validator1', 'validator2'])
      for (const [i, s] of subs.entries()) await node.actions.score(v, s.id, i === 0 ? 90 : 70)
    // The validation window closes: held validators vote the computed root; it certifies.
    clock.advance(10_000)
    await waitFor(() => finalized.find((f) => f.taskId === taskId), 'a certified outcome')
    const view = node.queries.task(taskId) as { outcome: { state: string }; rewards: unknown }
    expect(view.outcome.state).toBe('certified')
    expect(view.rewards).not.toBeNull()
    const unclaimed = node.queries.unclaimed(node.keystore.get('miner1').publicKey)
    expect(unclaimed.length).toBeGreaterThan(0)
    await node.actions.claim('miner1', taskId)
    expect(node.queries.unclaimed(node.keystore.get('miner1').publicKey)).toEqual([])
    expect(statuses.some((s) => s.taskId === taskId)).toBe(true)
    expect(accepted.some((a) => a.kind === 'ConsensusVote')).toBe(true)
    // The clock is inside epoch 1 past the checkpoint delay: held validators signed its checkpoint.
    await waitFor(() => accepted.some((a) => a.kind === 'CheckpointVote'), 'checkpoint votes')
    expect(node.queries.checkpoints().length).toBeGreaterThan(0)

    const before = node.queries.roots()
    const messages = node.engine.engine.messageCount
    await node.stop()
    const again = await testNode(dir, clock)
    cleanups.push(() => again.stop())
    await again.start()
    expect(again.queries.roots()).toEqual(before)
    expect(again.engine.engine.messageCount).toBe(messages)
    await again.stop()
  })

  it('signs one fraud alert for a copied answer, from the first-ranked held validator', async () => {
    const { dir, cleanup } = await tempDir()
    cleanups.push(cleanup)
    const clock = new TestClock(Date.now())
    await testHome(dir, clock.t)
    const node = await testNode(dir, clock, { api: { enabled: false } })
    cleanups.push(() => node.stop())
    const fraud = collect(node, 'fraud')
    const accepted = collect(node, 'accepted')
    await node.start()
    const { id: taskId } = await node.actions.publishTask({
      account: 'publisher',
      title: 'copy me',
      taskType: 'GENERAL',
      difficulty: 'BEGINNER',
      reward: 1_000n,
      commitReveal: false,
      phases: { revealMs: 120_000 },
    })
    clock.advance(40_000)
    const answer = 'the one true answer, written at length so copying it is obvious'
    await node.actions.submitAnswer('miner1', taskId, answer)
    clock.advance(5_000)
    await node.actions.submitAnswer('miner2', taskId, answer)
    await waitFor(() => accepted.find((a) => a.kind === 'FraudAlert'), 'a signed fraud alert')
    expect(fraud.length).toBeGreaterThan(0)
    const alerts = accepted.filter((a) => a.kind === 'FraudAlert')
    expect(alerts).toHaveLength(1)
    const first = node.engine.engine.getMessage(Buffer.from(alerts[0]!.id, 'hex'))!
    expect(node.engine.engine.unsignedFindings()).toEqual([])
    expect(['validator1', 'validator2'].map((v) => node.keystore.get(v).publicKey)).toContain(
      alerts[0]!.signer,
    )
    expect(first.kind).toBe(8)
  })

  it('stores periodic network-metrics and performance snapshots through the store', async () => {
    const { dir, cleanup } = await tempDir()
    cleanups.push(cleanup)
    const clock = new TestClock(Date.now())
    await testHome(dir, clock.t)
    const node = await testNode(dir, clock, { api: { enabled: false }, snapshots: { intervalMs: 20 } })
    cleanups.push(() => node.stop())
    await node.start()
    await node.actions.publishTask({
      account: 'publisher',
      title: 's',
      taskType: 'GENERAL',
      difficulty: 'BEGINNER',
      reward: 3n,
    })
    const metrics = await waitFor(async () => {
      clock.advance(1_000)
      const m = await node.store.snapshots.latestNetworkMetrics()
      return m !== undefined && m.tasks === 1 ? m : undefined
    }, 'a network metrics snapshot')
    expect(metrics).toMatchObject({ tasks: 1, activeTasks: 1 })
    await waitFor(
      async () => (await node.store.snapshots.latestPerformance('messages_applied_rate')) !== undefined,
      'a rate snapshot',
    )
    expect((await node.store.snapshots.latestPerformance('heap_used'))?.unit).toBe('bytes')
  })

  it('stop drains: every message accepted before stop is durable after restart', async () => {
    const { dir, cleanup } = await tempDir()
    cleanups.push(cleanup)
    const clock = new TestClock(Date.now())
    await testHome(dir, clock.t)
    const node = await testNode(dir, clock, { api: { enabled: false } })
    await node.start()
    // The account's profile first (DESIGN §5.9 admission), so the burst below is only tasks.
    await node.actions.profile({ account: 'publisher' })
    const published = Array.from({ length: 40 }, (_, i) =>
      node.actions.publishTask({
        account: 'publisher',
        title: `task ${i}`,
        taskType: 'GENERAL',
        difficulty: 'BEGINNER',
        reward: 10n,
      }),
    )
    const stopping = node.stop()
    const results = await Promise.allSettled(published)
    await stopping
    const ok = results.filter((r) => r.status === 'fulfilled').map((r) => r.value.id)
    const again = await testNode(dir, clock, { api: { enabled: false } })
    cleanups.push(() => again.stop())
    await again.start()
    for (const id of ok) expect(again.queries.task(id).id).toBe(id)
    expect(ok.length).toBeGreaterThan(0)
  })
})
