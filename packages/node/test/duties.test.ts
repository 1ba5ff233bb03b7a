/**
 * The signer's duties are incremental (DESIGN §5.11, §5.12): a due-time queue hands out tasks
 * earliest first and bounded per call; the node looks at a task only when the engine re-derived it
 * or one of its duties fell due — never by scanning every task — and still casts every vote owed.
 */
import { describe, expect, it, vi } from 'vitest'
import { DueQueue } from '../src/due-queue.js'
import { collect, TestClock, tempDir, testHome, testNode, waitFor } from './helpers/home.js'

describe('DueQueue', () => {
  it('hands out due keys earliest first, each once, at most `limit` a call', () => {
    const q = new DueQueue()
    q.schedule('c', 30)
    q.schedule('a', 10)
    q.schedule('b', 20)
    q.schedule('a', 25) // later than its current time: keeps 10
    q.schedule('c', 5) // earlier: moves up
    expect(q.size).toBe(3)
    expect(q.nextAt()).toBe(5)
    expect(q.takeDue(4, 10)).toEqual([])
    expect(q.takeDue(20, 2)).toEqual(['c', 'a'])
    expect(q.takeDue(20, 2)).toEqual(['b'])
    expect(q.size).toBe(0)
    expect(q.nextAt()).toBeUndefined()
  })

  it('stays bounded when keys are rescheduled again and again', () => {
    const q = new DueQueue()
    for (let i = 0; i < 10_000; i++) q.schedule(`k${i % 10}`, 1_000_000 - i)
    expect(q.size).toBe(10)
    const out = q.takeDue(Number.MAX_SAFE_INTEGER, 100)
    expect(out).toHaveLength(10)
    expect(new Set(out).size).toBe(10)
  })
})

describe('incremental duties', () => {
  it('looks only at changed or due tasks, and still votes on every one', async () => {
    const { dir, cleanup } = await tempDir()
    const clock = new TestClock(Date.now())
    await testHome(dir, clock.t)
    const node = await testNode(dir, clock, { api: { enabled: false } })
    const accepted = collect(node, 'accepted')
    try {
      await node.start()
      const engine = node.engine.engine
      const findings = vi.spyOn(engine, 'unsignedFindings')
      const TASKS = 12
      const ids: string[] = []
      for (let i = 0; i < TASKS; i++) {
        const { id } = await node.actions.publishTask({
          account: 'publisher',
          title: `task ${i}`,
          taskType: 'GENERAL',
          difficulty: 'BEGINNER',
          reward: 100n,
          commitReveal: false,
          phases: { revealMs: 40_000, validationMs: 10_000, challengeMs: 10_000 },
        })
        ids.push(id)
      }
      clock.advance(31_000)
      findings.mockClear()
      for (const id of ids) await node.actions.submitAnswer('miner1', id, `an answer to ${id}`)
      const looked = () => new Set(findings.mock.calls.flatMap(([only]) => [...(only ?? [])]))
      await waitFor(() => ids.every((id) => looked().has(id)), 'each changed task looked at')
      // Every look names its tasks: the signer never asks about all of them.
      expect(findings.mock.calls.every(([only]) => only !== undefined && [...only].length <= 128)).toBe(true)

      // Re-derivations ripple on (trust read by later tasks) and settle; then, with nothing changing
      // and nothing due, the signer looks at no task at all (a scan would look at all every tick).
      await waitFor(async () => {
        const before = findings.mock.calls.length
        await new Promise((r) => setTimeout(r, 200))
        return findings.mock.calls.length === before
      }, 'the looks to settle')
      findings.mockClear()
      await new Promise((r) => setTimeout(r, 300))
      expect(findings).not.toHaveBeenCalled()

      // Scores, then the validation deadline: the held validators vote on every task.
      clock.advance(10_000)
      for (const id of ids) {
        const sub = (node.queries.task(id).submissions as { id: string }[])[0]!
        for (const v of ['validator1', 'validator2']) await node.actions.score(v, sub.id, 80)
      }
      clock.advance(10_001)
      // Two held validators, one vote each per task (the second may land a tick after the first).
      const votes = await waitFor(() => {
        const v = accepted.filter((a) => a.kind === 'ConsensusVote')
        return v.length >= 2 * TASKS ? v : undefined
      }, 'both validators’ votes on every task')
      expect(new Set(votes.map((x) => x.taskId))).toEqual(new Set(ids))
      expect(votes).toHaveLength(2 * TASKS)
      await waitFor(
        () =>
          ids.every(
            (id) => (node.queries.task(id) as { outcome: { state: string } }).outcome.state === 'certified',
          ),
        'every task certified',
      )
    } finally {
      await node.stop()
      await cleanup()
    }
  })
})
