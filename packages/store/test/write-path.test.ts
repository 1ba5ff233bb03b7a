/**
 * The write path's fast paths: `previous` hints (right ones change nothing, wrong ones are what
 * checkIntegrity reports), synchronous vs thread-pool previous-version reads, and pooled keys.
 */
import { TaskStatus } from '@aimesh/protocol'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CountingStoreMetrics,
  INDEX_TAG,
  type RecordDelete,
  type RecordPut,
  StateStore,
} from '../src/index.js'
import { key, readU64, u64 } from '../src/keys.js'
import { fid, hexOf, miner, submission, task, tempDir } from './helpers.js'

const STATUSES = [TaskStatus.PUBLISHED, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED, TaskStatus.EXPIRED]

type Op =
  | { kind: 'task'; id: number; status: number; deadline: number }
  | { kind: 'miner'; id: number; reputation: number }
  | { kind: 'submission'; id: number; taskId: number }
  | { kind: 'deleteTask'; id: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('task' as const),
    id: fc.integer({ min: 1, max: 4 }),
    status: fc.integer({ min: 0, max: STATUSES.length - 1 }),
    deadline: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constant('miner' as const),
    id: fc.integer({ min: 1, max: 4 }),
    reputation: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constant('submission' as const),
    id: fc.integer({ min: 5, max: 7 }),
    taskId: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({ kind: fc.constant('deleteTask' as const), id: fc.integer({ min: 1, max: 4 }) }),
)

function toPut(op: Exclude<Op, { kind: 'deleteTask' }>): RecordPut {
  switch (op.kind) {
    case 'task':
      return {
        type: 'task',
        record: task({ id: fid(op.id), status: STATUSES[op.status]!, challengeDeadline: op.deadline }),
      }
    case 'miner':
      return { type: 'miner', record: miner({ account: fid(op.id), reputation: op.reputation }) }
    case 'submission':
      return { type: 'submission', record: submission({ id: fid(op.id), taskId: fid(op.taskId) }) }
  }
}

const recordId = (p: RecordPut): string =>
  `${p.type}:${hexOf(p.type === 'miner' ? p.record.account : (p.record as { id: Uint8Array }).id)}`

async function indexDump(store: StateStore): Promise<string[]> {
  return (await store.core.keys('indexes', {})).map(hexOf)
}

describe('previous-version hints', () => {
  it('right hints (with any cache size and read mode) leave the same indexes as no hints', async () => {
    const { dir, cleanup } = await tempDir()
    let n = 0
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(opArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 10 }),
          fc.constantFrom(0, 2),
          fc.constantFrom('sync' as const, 'async' as const),
          async (writes, cacheSize, previousReads) => {
            const plain = await StateStore.open(`${dir}/${n++}`, { previousReads })
            const hinted = await StateStore.open(`${dir}/${n++}`, { cacheSize, previousReads })
            try {
              // What is committed, as the engine would hold it in memory.
              const committed = new Map<string, RecordPut['record']>()
              for (const ops of writes) {
                const puts: RecordPut[] = []
                const hintedPuts: RecordPut[] = []
                const deletes: RecordDelete[] = []
                const hintedDeletes: RecordDelete[] = []
                const after = new Map(committed)
                for (const op of ops) {
                  if (op.kind === 'deleteTask') {
                    const id = `task:${hexOf(fid(op.id))}`
                    deletes.push({ type: 'task', id: fid(op.id) })
                    hintedDeletes.push({
                      type: 'task',
                      id: fid(op.id),
                      previous: (committed.get(id) as never) ?? null,
                    })
                    after.delete(id)
                    continue
                  }
                  const p = toPut(op)
                  puts.push(p)
                  // The hint is the version stored before this write (later steps on the same key
                  // diff against the earlier step, whatever they are told).
                  hintedPuts.push({
                    ...p,
                    previous: (committed.get(recordId(p)) as never) ?? null,
                  } as RecordPut)
                  after.set(recordId(p), p.record)
                }
                await plain.batch(puts, deletes)
                await hinted.batch(hintedPuts, hintedDeletes)
                // One write applies its puts, then its deletes.
                for (const d of deletes) after.delete(`task:${hexOf((d as { id: Uint8Array }).id)}`)
                committed.clear()
                for (const [k, v] of after) committed.set(k, v)
              }
              expect((await hinted.checkIntegrity()).ok).toBe(true)
              expect((await plain.checkIntegrity()).ok).toBe(true)
              expect(await indexDump(hinted)).toEqual(await indexDump(plain))
            } finally {
              await plain.close()
              await hinted.close()
            }
          },
        ),
        { numRuns: 30 },
      )
    } finally {
      await cleanup()
    }
  })

  it('a "known new" hint skips the LevelDB read; no hint reads on a cache miss', async () => {
    const { dir, cleanup } = await tempDir()
    try {
      for (const previousReads of ['sync', 'async'] as const) {
        const metrics = new CountingStoreMetrics()
        const store = await StateStore.open(`${dir}/${previousReads}`, {
          cacheSize: 0,
          metrics,
          previousReads,
        })
        await store.batch([{ type: 'task', record: task(), previous: null }])
        expect(metrics.reads.get('tasks')).toBeUndefined()
        await store.batch([{ type: 'task', record: task() }])
        expect(metrics.reads.get('tasks')?.count).toBe(1)
        expect((await store.checkIntegrity()).ok).toBe(true)
        await store.close()
      }
    } finally {
      await cleanup()
    }
  })

  it('a wrong hint on a cache miss leaves stale index entries that checkIntegrity reports', async () => {
    const { dir, cleanup } = await tempDir()
    try {
      const store = await StateStore.open(dir, { cacheSize: 0 })
      const t = task({ status: TaskStatus.PUBLISHED })
      await store.tasks.store(t)
      // Wrong: the task exists, but the caller claims it is new.
      await store.batch([{ type: 'task', record: { ...t, status: TaskStatus.COMPLETED }, previous: null }])
      const report = await store.checkIntegrity()
      expect(report.ok).toBe(false)
      expect(report.missing).toEqual([])
      expect(report.dangling).toContainEqual({
        index: 'taskStatus',
        key: hexOf(Uint8Array.of(INDEX_TAG.taskStatus, 1, ...t.id)),
      })
      expect(report.dangling).toContainEqual({
        index: 'activeTask',
        key: hexOf(Uint8Array.of(INDEX_TAG.activeTask, ...t.id)),
      })
      // The record itself is what was written.
      expect((await store.tasks.get(t.id))?.status).toBe(TaskStatus.COMPLETED)
      await store.close()
    } finally {
      await cleanup()
    }
  })

  it('the cache wins over a wrong hint', async () => {
    const { dir, cleanup } = await tempDir()
    try {
      const store = await StateStore.open(dir)
      const t = task({ status: TaskStatus.PUBLISHED })
      await store.tasks.store(t) // cached after its write
      await store.batch([{ type: 'task', record: { ...t, status: TaskStatus.COMPLETED }, previous: null }])
      const wrongOld = { ...t, status: TaskStatus.EXPIRED }
      await store.batch([
        { type: 'task', record: { ...t, status: TaskStatus.IN_PROGRESS }, previous: wrongOld },
      ])
      await store.batch([], [{ type: 'task', id: t.id, previous: null }])
      expect(await store.checkIntegrity()).toMatchObject({ ok: true, missing: [], dangling: [] })
      expect(await store.count('indexes')).toBe(0)
      await store.close()
    } finally {
      await cleanup()
    }
  })
})

describe('keys', () => {
  it('pooled keys are independent views with the right bytes', () => {
    const a = key(Uint8Array.of(1, 2), fid(3), fid(4))
    const b = key(fid(5), fid(6), fid(7))
    expect(a.length).toBe(66)
    expect([...a.subarray(0, 3)]).toEqual([1, 2, 3])
    a.fill(0)
    expect(b.every((x, i) => x === (i < 32 ? 5 : i < 64 ? 6 : 7))).toBe(true)
    // Many keys across pool chunks never overlap.
    const many = Array.from({ length: 2_000 }, (_, i) => key(fid(i & 0xff), fid((i >> 8) & 0xff)))
    many.forEach((k, i) => {
      expect(k[0]).toBe(i & 0xff)
      expect(k[63]).toBe((i >> 8) & 0xff)
    })
  })

  it('u64 is exact big-endian for every safe integer magnitude', () => {
    for (const n of [0, 1, 0xffffffff, 0x1_0000_0000, 2 ** 40 + 12345, Number.MAX_SAFE_INTEGER]) {
      const bytes = u64(n)
      const view = new DataView(new ArrayBuffer(8))
      view.setBigUint64(0, BigInt(n))
      expect([...bytes]).toEqual([...new Uint8Array(view.buffer)])
      expect(readU64(bytes, 0)).toBe(n)
    }
    expect(() => u64(-1)).toThrow()
    expect(() => u64(2 ** 53)).toThrow()
  })
})
