/**
 * Group commit: `applyMessages` writes several messages' changes as ONE batch, in order — the same
 * records, indexes and log as separate `applyMessage` calls, and nothing at all when any part fails.
 */
import { type BehaviourPattern, TaskStatus } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { COLUMN_NAMES, type MessageWrite, StateStore } from '../src/index.js'
import { fid, hexOf, message, miner, submission, task, tempDir } from './helpers.js'

async function dump(store: StateStore): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const column of COLUMN_NAMES) {
    if (column === 'meta' || column === 'metrics') continue
    for (const [k, v] of await store.core.entries(column, {})) out[`${column}:${hexOf(k)}`] = hexOf(v)
  }
  return out
}

/** Three messages that rewrite one task's status and add then remove a submission. */
function writes(): MessageWrite[] {
  const taskId = fid(1)
  const sub = submission({ id: fid(2), taskId })
  return [
    {
      message: message(taskId, { id: fid(11) }),
      puts: [
        { type: 'task', record: task({ id: taskId, status: TaskStatus.PUBLISHED, submissionDeadline: 5 }) },
      ],
    },
    {
      message: message(taskId, { id: fid(12) }),
      puts: [
        { type: 'task', record: task({ id: taskId, status: TaskStatus.IN_PROGRESS, submissionDeadline: 5 }) },
        { type: 'submission', record: sub },
      ],
    },
    {
      message: message(taskId, { id: fid(13) }),
      puts: [
        { type: 'task', record: task({ id: taskId, status: TaskStatus.COMPLETED, submissionDeadline: 7 }) },
      ],
      deletes: [{ type: 'submission', id: sub.id }],
    },
    // A put after a delete of the same record in an earlier write of the batch.
    { message: message(taskId, { id: fid(14) }), puts: [{ type: 'submission', record: sub }] },
  ]
}

describe('applyMessages', () => {
  it('gives the same log, records and indexes as one applyMessage per write', async () => {
    const a = await tempDir()
    const b = await tempDir()
    const one = await StateStore.open(a.dir)
    const many = await StateStore.open(b.dir)
    try {
      const ws = writes()
      for (const w of ws) await one.applyMessage(w)
      await many.applyMessages(ws)
      expect(await dump(many)).toEqual(await dump(one))
      expect(await many.count('messages')).toBe(4)
      expect(await many.checkIntegrity()).toMatchObject({ ok: true, missing: [], dangling: [] })
    } finally {
      await one.close()
      await many.close()
      await a.cleanup()
      await b.cleanup()
    }
  })

  it('writes nothing when any write in the batch is invalid', async () => {
    const t = await tempDir()
    const store = await StateStore.open(t.dir)
    try {
      const bad = writes()
      bad[2]!.message!.id = new Uint8Array(5)
      await expect(store.applyMessages(bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
      expect(await store.count('messages')).toBe(0)
      expect(await store.count('tasks')).toBe(0)
      expect(await store.count('indexes')).toBe(0)
    } finally {
      await store.close()
      await t.cleanup()
    }
  })

  it('an empty list is a no-op', async () => {
    const t = await tempDir()
    const store = await StateStore.open(t.dir)
    try {
      await store.applyMessages([])
      expect(await store.count('messages')).toBe(0)
    } finally {
      await store.close()
      await t.cleanup()
    }
  })

  it('deletes a miner record with its specialization and leaderboard entries', async () => {
    const t = await tempDir()
    const store = await StateStore.open(t.dir)
    try {
      const account = fid(7)
      await store.applyMessage({
        puts: [
          {
            type: 'miner',
            record: miner({
              account,
              reputation: 6200,
              specializations: [{ taskType: 1, proficiency: 80, maxDifficulty: 2 }],
            }),
          },
        ],
      })
      expect(await store.count('indexes')).toBeGreaterThan(0)
      await store.applyMessage({ puts: [], deletes: [{ type: 'miner', id: account }] })
      expect(await store.miners.get(account)).toBeUndefined()
      expect(await store.count('indexes')).toBe(0)
      expect(await store.checkIntegrity()).toMatchObject({ ok: true, missing: [], dangling: [] })
    } finally {
      await store.close()
      await t.cleanup()
    }
  })
  it('deletes a behaviour pattern by account, in the same batch as a message, with or without a hint', async () => {
    const t = await tempDir()
    const store = await StateStore.open(t.dir)
    try {
      const a = fid(8)
      const b = fid(9)
      const pattern = (account: Uint8Array<ArrayBuffer>): BehaviourPattern => ({
        account,
        submissions: 3,
        duplicateAnswers: 1,
        fastAnswers: 2,
        inflatedScores: 0,
        equivocations: 0,
        meanWorkMs: 4_500,
        updatedAt: 1_700_000_000_000,
      })
      await store.applyMessage({
        puts: [
          { type: 'behaviour', record: pattern(a) },
          { type: 'behaviour', record: pattern(b) },
        ],
      })
      expect((await store.fraud.getBehaviour(a))?.fastAnswers).toBe(2)
      const taskId = fid(1)
      await store.applyMessage({
        message: message(taskId, { id: fid(21) }),
        puts: [],
        deletes: [
          { type: 'behaviour', account: a },
          { type: 'behaviour', account: b, previous: pattern(b) },
        ],
      })
      expect(await store.fraud.getBehaviour(a)).toBeUndefined()
      expect(await store.fraud.getBehaviour(b)).toBeUndefined()
      expect(await store.count('behaviour')).toBe(0)
      expect(await store.count('messages')).toBe(1)
      await expect(
        store.applyMessage({ puts: [], deletes: [{ type: 'behaviour', account: new Uint8Array(3) }] }),
      ).rejects.toThrow()
      expect(await store.checkIntegrity()).toMatchObject({ ok: true, missing: [], dangling: [] })
    } finally {
      await store.close()
      await t.cleanup()
    }
  })
})
