import { DisputeStatus, RewardRole, TaskStatus } from '@aimesh/protocol'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INDEX_TAG, type RecordPut, StateStore } from '../src/index.js'
import {
  dispute,
  fid,
  fraud,
  hexOf,
  hexSet,
  miner,
  reward,
  submission,
  task,
  tempDir,
  validation,
} from './helpers.js'

describe('checkIntegrity', () => {
  let dir: string
  let cleanup: () => Promise<void>
  let store: StateStore

  beforeAll(async () => {
    ;({ dir, cleanup } = await tempDir())
    store = await StateStore.open(dir)
  })
  afterAll(async () => {
    await store.close()
    await cleanup()
  })

  it('detects a missing entry, a dangling entry and a message without its task index entry', async () => {
    const t = task({ status: TaskStatus.PUBLISHED })
    await store.tasks.store(t)
    expect((await store.checkIntegrity()).ok).toBe(true)
    // Break the index behind the store's back: drop the status entry, add an entry for no record.
    const statusKey = Uint8Array.of(INDEX_TAG.taskStatus, 1, ...t.id)
    await store.core.columns.byName.indexes.del(statusKey)
    const ghost = Uint8Array.of(INDEX_TAG.activeTask, ...fid(9))
    await store.core.columns.byName.indexes.put(ghost, new Uint8Array(0))
    await store.core.columns.byName.messages.put(fid(3), new Uint8Array([1]))
    const report = await store.checkIntegrity()
    expect(report.ok).toBe(false)
    expect(report.missing).toContainEqual({ index: 'taskStatus', key: hexOf(statusKey) })
    expect(report.missing).toContainEqual({ index: 'taskMessages', key: hexOf(fid(3)) })
    expect(report.dangling).toEqual([{ index: 'activeTask', key: hexOf(ghost) }])
  })

  it('detects records under the wrong key and undecodable records', async () => {
    await store.core.columns.byName.tasks.put(fid(4), new Uint8Array([0xff, 0xff, 0xff]))
    await store.core.columns.byName.miners.put(fid(5), new Uint8Array(0))
    const report = await store.checkIntegrity()
    expect(report.badRecords).toContainEqual({ column: 'tasks', key: hexOf(fid(4)), problem: 'undecodable' })
    expect(report.badRecords).toContainEqual({ column: 'miners', key: hexOf(fid(5)), problem: 'keyMismatch' })
  })
})

/** Random operations over a small id space so puts replace and deletes hit existing records. */
const ID_SPACE = 6
const idArb = fc.integer({ min: 1, max: ID_SPACE }).map(fid)
const STATUSES = Object.values(TaskStatus).filter((v): v is TaskStatus => typeof v === 'string')
const statusArb = fc.constantFrom(...STATUSES)
const opArb = fc.oneof(
  fc.record({
    kind: fc.constant('task' as const),
    id: idArb,
    status: statusArb,
    type: fc.integer({ min: 0, max: 2 }),
    pub: idArb,
  }),
  fc.record({
    kind: fc.constant('miner' as const),
    id: idArb,
    rep: fc.integer({ min: 0, max: 10_000 }),
    specs: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('submission' as const), id: idArb, task: idArb, miner: idArb }),
  fc.record({ kind: fc.constant('validation' as const), id: idArb, sub: idArb, validator: idArb }),
  fc.record({
    kind: fc.constant('reward' as const),
    id: idArb,
    recipients: fc.array(fc.tuple(idArb, fc.boolean()), { maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('fraud' as const), id: idArb, flagged: fc.boolean() }),
  fc.record({ kind: fc.constant('dispute' as const), id: idArb, pending: fc.boolean(), task: idArb }),
  fc.record({
    kind: fc.constant('delete' as const),
    type: fc.constantFrom('task', 'submission', 'validation', 'reward', 'fraud', 'dispute'),
    id: idArb,
  }),
)
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never

function toPut(op: Exclude<Op, { kind: 'delete' }>): RecordPut {
  switch (op.kind) {
    case 'task':
      return {
        type: 'task',
        record: task({ id: op.id, status: op.status, taskType: op.type, publisher: op.pub }),
      }
    case 'miner':
      return {
        type: 'miner',
        record: miner({
          account: op.id,
          reputation: op.rep,
          specializations: op.specs.map((taskType) => ({ taskType, proficiency: 1, maxDifficulty: 1 })),
        }),
      }
    case 'submission':
      return { type: 'submission', record: submission({ id: op.id, taskId: op.task, miner: op.miner }) }
    case 'validation':
      return {
        type: 'validation',
        record: validation({ id: op.id, submissionId: op.sub, validator: op.validator }),
      }
    case 'reward':
      return {
        type: 'reward',
        record: reward({
          taskId: op.id,
          entries: op.recipients.map(([recipient, claimed]) => ({
            recipient,
            claimed,
            amount: 1n,
            role: RewardRole.WINNER,
            claimId: new Uint8Array(0),
          })),
        }),
      }
    case 'fraud':
      return { type: 'fraud', record: fraud({ subjectId: op.id, flagged: op.flagged }) }
    case 'dispute':
      return {
        type: 'dispute',
        record: dispute({
          id: op.id,
          taskId: op.task,
          status: op.pending ? DisputeStatus.PENDING : DisputeStatus.UPHELD,
        }),
      }
  }
}

describe('index consistency (property)', () => {
  it('random puts and deletes keep checkIntegrity clean and match an in-memory model', async () => {
    const { dir, cleanup } = await tempDir()
    let n = 0
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(opArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
          async (batches) => {
            const store = await StateStore.open(`${dir}/${n++}`, { cacheSize: 4 })
            try {
              const model = new Map<string, Map<string, RecordPut>>()
              for (const batch of batches) {
                let puts: RecordPut[] = []
                for (const op of batch) {
                  if (op.kind === 'delete') {
                    const d =
                      op.type === 'reward'
                        ? { type: 'reward' as const, taskId: op.id }
                        : op.type === 'fraud'
                          ? { type: 'fraud' as const, subjectId: op.id }
                          : { type: op.type, id: op.id }
                    // One write applies its puts, then its deletes; the model mirrors that order.
                    await store.batch(puts, [d])
                    puts = []
                    model.get(op.type)?.delete(hexOf(op.id))
                  } else {
                    const p = toPut(op)
                    puts.push(p)
                    const byType = model.get(p.type) ?? new Map<string, RecordPut>()
                    byType.set(hexOf(op.id), p)
                    model.set(p.type, byType)
                  }
                }
                await store.batch(puts)
              }
              const report = await store.checkIntegrity()
              expect(report).toMatchObject({ ok: true, missing: [], dangling: [], badRecords: [] })

              const of = (t: string) => [...(model.get(t)?.values() ?? [])].map((p) => p.record as never)
              const tasks = of('task') as ReturnType<typeof task>[]
              for (const s of STATUSES) {
                expect(hexSet(await store.tasks.listByStatus(s))).toEqual(
                  hexSet(tasks.filter((t) => t.status === s).map((t) => t.id)),
                )
              }
              const miners = of('miner') as ReturnType<typeof miner>[]
              const top = await store.miners.topByReputation(ID_SPACE)
              expect(top.map((r) => r.reputation)).toEqual(
                miners.map((m) => m.reputation).sort((a, b) => b - a),
              )
              const subs = of('submission') as ReturnType<typeof submission>[]
              for (let i = 1; i <= ID_SPACE; i++) {
                expect(hexSet(await store.submissions.listForTask(fid(i)))).toEqual(
                  hexSet(subs.filter((s) => hexOf(s.taskId) === hexOf(fid(i))).map((s) => s.id)),
                )
              }
              const frauds = of('fraud') as ReturnType<typeof fraud>[]
              expect(hexSet(await store.fraud.listFlagged())).toEqual(
                hexSet(frauds.filter((f) => f.flagged).map((f) => f.subjectId)),
              )
              const disputes = of('dispute') as ReturnType<typeof dispute>[]
              expect(hexSet(await store.disputes.listPending())).toEqual(
                hexSet(disputes.filter((d) => d.status === DisputeStatus.PENDING).map((d) => d.id)),
              )
              expect(await store.count('tasks')).toBe(tasks.length)
            } finally {
              await store.close()
            }
          },
        ),
        { numRuns: 40 },
      )
    } finally {
      await cleanup()
    }
  })
})
