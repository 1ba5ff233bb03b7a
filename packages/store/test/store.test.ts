import { DisputeStatus, RewardRole, TaskStatus } from '@aimesh/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CountingStoreMetrics, StateStore, type StoreError } from '../src/index.js'
import {
  dispute,
  fid,
  fraud,
  hexOf,
  hexSet,
  message,
  miner,
  reward,
  rid,
  submission,
  task,
  tempDir,
  validation,
} from './helpers.js'

let dir: string
let cleanup: () => Promise<void>
let store: StateStore
let metrics: CountingStoreMetrics

beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
  metrics = new CountingStoreMetrics()
  store = await StateStore.open(dir, { metrics })
})

afterEach(async () => {
  await store.close()
  await cleanup()
})

describe('tasks', () => {
  it('stores, gets and lists by status, type, publisher and activity', async () => {
    const publisher = fid(7)
    const a = task({ status: TaskStatus.PUBLISHED, taskType: 2, publisher, title: 'a' })
    const b = task({ status: TaskStatus.COMPLETED, taskType: 2, publisher })
    const c = task({ status: TaskStatus.DISPUTED, taskType: 3 })
    for (const t of [a, b, c]) await store.tasks.store(t)
    expect((await store.tasks.get(a.id))?.title).toBe('a')
    expect(await store.tasks.get(rid())).toBeUndefined()
    expect(hexSet(await store.tasks.listByStatus(TaskStatus.PUBLISHED))).toEqual([hexOf(a.id)])
    expect(hexSet(await store.tasks.listByType(2))).toEqual(hexSet([a.id, b.id]))
    expect(hexSet(await store.tasks.listByPublisher(publisher))).toEqual(hexSet([a.id, b.id]))
    expect(hexSet(await store.tasks.listActive())).toEqual(hexSet([a.id, c.id]))
    expect(await store.tasks.listByType(2, { limit: 1 })).toHaveLength(1)
  })

  it('updates status with a recorded transition and moves the indexes', async () => {
    const t = task({ status: TaskStatus.PUBLISHED })
    await store.tasks.store(t)
    const trigger = rid()
    await store.tasks.updateStatus(t.id, TaskStatus.IN_PROGRESS, {
      at: 10,
      trigger: 'commit',
      triggerId: trigger,
    })
    await store.tasks.updateStatus(t.id, TaskStatus.COMPLETED, { at: 20, trigger: 'certificate' })
    const got = await store.tasks.get(t.id)
    expect(got?.status).toBe(TaskStatus.COMPLETED)
    expect(got?.statusChangedAt).toBe(20)
    const history = await store.tasks.transitions(t.id)
    expect(history.map((h) => [h.from, h.to, h.at, h.trigger])).toEqual([
      [TaskStatus.PUBLISHED, TaskStatus.IN_PROGRESS, 10, 'commit'],
      [TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED, 20, 'certificate'],
    ])
    expect(hexOf(history[0]!.triggerId)).toBe(hexOf(trigger))
    expect(await store.tasks.listByStatus(TaskStatus.PUBLISHED)).toEqual([])
    expect(await store.tasks.listActive()).toEqual([])
    expect((await store.checkIntegrity()).ok).toBe(true)
  })

  it('refuses a status change for an unknown task with NOT_FOUND', async () => {
    await expect(
      store.tasks.updateStatus(rid(), TaskStatus.EXPIRED, { at: 1, trigger: 'x' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
  })

  it('batch-updates statuses in one call, including two changes to one task', async () => {
    const a = task({ status: TaskStatus.PUBLISHED })
    const b = task({ status: TaskStatus.PUBLISHED })
    await store.batch([
      { type: 'task', record: a },
      { type: 'task', record: b },
    ])
    await store.tasks.batchUpdateStatuses([
      { id: a.id, status: TaskStatus.IN_PROGRESS, at: 1, trigger: 't' },
      { id: a.id, status: TaskStatus.EXPIRED, at: 2, trigger: 't' },
      { id: b.id, status: TaskStatus.CANCELLED, at: 3, trigger: 't' },
    ])
    expect((await store.tasks.get(a.id))?.status).toBe(TaskStatus.EXPIRED)
    expect(await store.tasks.transitions(a.id)).toHaveLength(2)
    expect(hexSet(await store.tasks.listByStatus(TaskStatus.CANCELLED))).toEqual([hexOf(b.id)])
    expect((await store.checkIntegrity()).ok).toBe(true)
  })

  it('lists tasks expiring before a time, earliest first', async () => {
    const late = task({ challengeDeadline: 300 })
    const early = task({ challengeDeadline: 100 })
    await store.batch([
      { type: 'task', record: late },
      { type: 'task', record: early },
      { type: 'task', record: task({ challengeDeadline: 500 }) },
    ])
    expect((await store.tasks.listExpiringBefore(400)).map(hexOf)).toEqual([hexOf(early.id), hexOf(late.id)])
  })
})

describe('miners', () => {
  it('indexes specializations and the reputation leaderboard', async () => {
    const m1 = miner({
      reputation: 500,
      specializations: [{ taskType: 1, proficiency: 80, maxDifficulty: 3 }],
    })
    const m2 = miner({
      reputation: 9000,
      specializations: [{ taskType: 2, proficiency: 80, maxDifficulty: 3 }],
    })
    const m3 = miner({
      reputation: 3000,
      specializations: [{ taskType: 1, proficiency: 10, maxDifficulty: 1 }],
    })
    await store.miners.batchStore([m1, m2, m3])
    expect((await store.miners.get(m2.account))?.reputation).toBe(9000)
    expect(hexSet(await store.miners.listBySpecialization(1))).toEqual(hexSet([m1.account, m3.account]))
    const top = await store.miners.topByReputation(2)
    expect(top.map((r) => [hexOf(r.account), r.reputation])).toEqual([
      [hexOf(m2.account), 9000],
      [hexOf(m3.account), 3000],
    ])
    await store.miners.updateReputation(m1.account, 10_000)
    expect((await store.miners.topByReputation(1))[0]?.reputation).toBe(10_000)
    expect(await store.miners.topByReputation(10)).toHaveLength(3)
    await expect(store.miners.updateReputation(rid(), 1)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await store.checkIntegrity()).ok).toBe(true)
  })
})

describe('submissions and validations', () => {
  it('lists by task and miner, merges validation results, lists validations', async () => {
    const taskId = rid()
    const minerId = rid()
    const s1 = submission({ taskId, miner: minerId })
    const s2 = submission({ taskId })
    await store.submissions.batchStore([s1, s2])
    await store.submissions.store(submission())
    expect(hexSet(await store.submissions.listForTask(taskId))).toEqual(hexSet([s1.id, s2.id]))
    expect(hexSet(await store.submissions.listForMiner(minerId))).toEqual([hexOf(s1.id)])
    await store.submissions.updateValidation(s1.id, {
      consensusScore: 77,
      consensusReached: true,
      validationCount: 2,
    })
    const got = await store.submissions.get(s1.id)
    expect([got?.consensusScore, got?.consensusReached, got?.validationCount]).toEqual([77, true, 2])
    await expect(store.submissions.updateValidation(rid(), {})).rejects.toMatchObject({ code: 'NOT_FOUND' })

    const validator = rid()
    const v1 = validation({ submissionId: s1.id, validator, score: 80 })
    const v2 = validation({ submissionId: s1.id, score: 70 })
    await store.validations.store(v1)
    await store.validations.store(v2)
    expect((await store.validations.get(v1.id))?.score).toBe(80)
    expect((await store.validations.listForSubmission(s1.id)).map((v) => v.score).sort()).toEqual([70, 80])
    expect(hexSet(await store.validations.listIdsForSubmission(s1.id))).toEqual(hexSet([v1.id, v2.id]))
    expect(hexSet(await store.validations.listByValidator(validator))).toEqual([hexOf(v1.id)])
  })
})

describe('rewards', () => {
  it('lists unclaimed entries per recipient and marks them claimed', async () => {
    const alice = fid(1)
    const bob = fid(2)
    const d = reward({
      total: 100n,
      entries: [
        {
          recipient: alice,
          amount: 65n,
          role: RewardRole.WINNER,
          claimed: false,
          claimId: new Uint8Array(0),
        },
        {
          recipient: bob,
          amount: 30n,
          role: RewardRole.VALIDATOR_ROLE,
          claimed: false,
          claimId: new Uint8Array(0),
        },
        {
          recipient: new Uint8Array(0),
          amount: 5n,
          role: RewardRole.NETWORK,
          claimed: false,
          claimId: new Uint8Array(0),
        },
      ],
    })
    await store.rewards.store(d)
    expect((await store.rewards.get(d.taskId))?.total).toBe(100n)
    const unclaimed = await store.rewards.listUnclaimed(alice)
    expect(unclaimed.map((u) => [hexOf(u.taskId), u.index, u.entry.amount])).toEqual([
      [hexOf(d.taskId), 0, 65n],
    ])
    const claim = rid()
    expect(await store.rewards.markClaimed(d.taskId, alice, claim)).toBe(1)
    expect(await store.rewards.markClaimed(d.taskId, alice, claim)).toBe(0)
    expect(await store.rewards.listUnclaimed(alice)).toEqual([])
    expect(await store.rewards.listUnclaimed(bob)).toHaveLength(1)
    expect(hexOf((await store.rewards.get(d.taskId))!.entries[0]!.claimId)).toBe(hexOf(claim))
    await expect(store.rewards.markClaimed(rid(), alice)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await store.checkIntegrity()).ok).toBe(true)
  })
})

describe('fraud, behaviour, disputes, snapshots', () => {
  it('stores fraud analyses and lists the flagged ones', async () => {
    const flagged = fraud({ flagged: true, riskBps: 8000 })
    const clean = fraud({ riskBps: 100 })
    await store.fraud.storeAnalysis(flagged)
    await store.fraud.storeAnalysis(clean)
    expect((await store.fraud.getAnalysis(flagged.subjectId))?.riskBps).toBe(8000)
    expect(hexSet(await store.fraud.listFlagged())).toEqual([hexOf(flagged.subjectId)])
    await store.fraud.storeAnalysis({ ...flagged, flagged: false })
    expect(await store.fraud.listFlagged()).toEqual([])
    const account = rid()
    await store.fraud.storeBehaviour({
      account,
      submissions: 3,
      duplicateAnswers: 1,
      fastAnswers: 0,
      inflatedScores: 0,
      equivocations: 0,
      meanWorkMs: 10,
      updatedAt: 5,
    })
    expect((await store.fraud.getBehaviour(account))?.duplicateAnswers).toBe(1)
  })

  it('stores disputes, updates status and lists pending ones', async () => {
    const d = dispute({ status: DisputeStatus.PENDING })
    await store.disputes.store(d)
    await store.disputes.store(dispute({ status: DisputeStatus.DISMISSED, taskId: d.taskId }))
    expect(hexSet(await store.disputes.listPending())).toEqual([hexOf(d.id)])
    expect(await store.disputes.listForTask(d.taskId)).toHaveLength(2)
    await store.disputes.updateStatus(d.id, DisputeStatus.UPHELD, 99)
    expect((await store.disputes.get(d.id))?.resolvedAt).toBe(99)
    expect(await store.disputes.listPending()).toEqual([])
    await expect(store.disputes.updateStatus(rid(), DisputeStatus.UPHELD)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
  })

  it('keeps network and performance snapshots by time', async () => {
    expect(await store.snapshots.latestNetworkMetrics()).toBeUndefined()
    for (const at of [30, 10, 20]) {
      await store.snapshots.storeNetworkMetrics({
        at,
        tasks: at,
        activeTasks: 0,
        submissions: 0,
        validations: 0,
        miners: 0,
        validators: 0,
        completed: 0,
        flagged: 0,
      })
    }
    expect((await store.snapshots.latestNetworkMetrics())?.at).toBe(30)
    expect((await store.snapshots.networkMetricsRange(10, 30)).map((m) => m.at)).toEqual([10, 20])
    await store.snapshots.storePerformance({ at: 5, name: 'ingest', value: 1.5, unit: 'msg/s' })
    await store.snapshots.storePerformance({ at: 6, name: 'sync', value: 2, unit: 'msg/s' })
    expect((await store.snapshots.latestPerformance())?.name).toBe('sync')
    expect((await store.snapshots.latestPerformance('ingest'))?.value).toBe(1.5)
    expect(await store.snapshots.latestPerformance('none')).toBeUndefined()
    expect(await store.snapshots.performanceRange(0, 100)).toHaveLength(2)
  })
})

describe('message log and applyMessage', () => {
  it('writes the message, its task index entry, records and indexes in one call', async () => {
    const t = task({ status: TaskStatus.PUBLISHED })
    const m = message(t.id)
    await store.applyMessage({ message: m, puts: [{ type: 'task', record: t }] })
    expect(await store.hasMessage(m.id)).toBe(true)
    expect(await store.hasMessage(rid())).toBe(false)
    expect(hexOf((await store.getMessage(m.id))!)).toBe(hexOf(m.bytes))
    expect(await store.getMessage(rid())).toBeUndefined()
    const m2 = message(t.id)
    await store.applyMessage({
      message: m2,
      puts: [{ type: 'task', record: { ...t, status: TaskStatus.IN_PROGRESS } }],
    })
    expect((await store.listTaskMessageIds(t.id)).map(hexOf)).toEqual(hexSet([m.id, m2.id]))
    const all: string[] = []
    for await (const x of store.iterateMessages()) all.push(hexOf(x.id))
    expect(all).toEqual(hexSet([m.id, m2.id]))
    expect(await store.tasks.listByStatus(TaskStatus.PUBLISHED)).toEqual([])
    expect((await store.checkIntegrity()).ok).toBe(true)
  })

  it('applies deletes with their index entries', async () => {
    const s = submission()
    const v = validation({ submissionId: s.id })
    const d = dispute({ status: DisputeStatus.PENDING })
    const f = fraud({ flagged: true })
    const t = task({ status: TaskStatus.PUBLISHED })
    const r = reward({
      entries: [
        { recipient: rid(), amount: 1n, role: RewardRole.WINNER, claimed: false, claimId: new Uint8Array(0) },
      ],
    })
    await store.batch([
      { type: 'submission', record: s },
      { type: 'validation', record: v },
      { type: 'dispute', record: d },
      { type: 'fraud', record: f },
      { type: 'task', record: t },
      { type: 'reward', record: r },
    ])
    await store.batch(
      [],
      [
        { type: 'submission', id: s.id },
        { type: 'validation', id: v.id },
        { type: 'dispute', id: d.id },
        { type: 'fraud', subjectId: f.subjectId },
        { type: 'task', id: t.id },
        { type: 'reward', taskId: r.taskId },
      ],
    )
    expect(await store.count('indexes')).toBe(0)
    expect(await store.submissions.get(s.id)).toBeUndefined()
    expect((await store.checkIntegrity()).ok).toBe(true)
  })

  it('serializes concurrent writers so index diffs never race', async () => {
    const m = miner({ reputation: 0 })
    await store.miners.store(m)
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.applyMessage({ puts: [{ type: 'miner', record: { ...m, reputation: i } }] }),
      ),
    )
    expect(await store.miners.topByReputation(10)).toEqual([{ account: m.account, reputation: 49 }])
    expect((await store.checkIntegrity()).ok).toBe(true)
  })

  it('rejects ids that are not 32 bytes and writes nothing', async () => {
    await expect(
      store.applyMessage({ message: message(new Uint8Array(3)), puts: [{ type: 'task', record: task() }] }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(await store.count('messages')).toBe(0)
    expect(await store.count('tasks')).toBe(0)
  })

  it('clearDerived keeps the log, trust and meta and wipes records and indexes', async () => {
    const t = task({ status: TaskStatus.PUBLISHED })
    await store.applyMessage({
      message: message(t.id),
      puts: [
        { type: 'task', record: t },
        { type: 'miner', record: miner() },
      ],
    })
    await store.trust.put(new Uint8Array([1]), new Uint8Array([2]))
    expect(await store.clearDerived()).toBeGreaterThan(0)
    expect(await store.count('tasks')).toBe(0)
    expect(await store.count('indexes')).toBe(0)
    expect(await store.tasks.get(t.id)).toBeUndefined()
    expect(await store.count('messages')).toBe(1)
    expect(await store.count('taskMessages')).toBe(1)
    expect(await store.count('trust')).toBe(1)
    expect(await store.schemaVersion()).toBe(1)
    expect((await store.checkIntegrity()).ok).toBe(true)
  })
  it('clearDerived walks each column once in bounded chunks, each continuing after the last', async () => {
    const { dir: d2, cleanup: c2 } = await tempDir()
    const small = await StateStore.open(d2, { clearChunk: 3, metrics: null })
    try {
      const ts = Array.from({ length: 10 }, () => task({ status: TaskStatus.PUBLISHED }))
      await small.applyMessage({
        message: message(ts[0]!.id),
        puts: ts.map((record) => ({ type: 'task', record })),
      })
      const indexes = await small.count('indexes')
      const scans: { column: string; gt?: Uint8Array; got: Uint8Array[] }[] = []
      const realKeys = small.core.keys.bind(small.core)
      small.core.keys = async (column, range) => {
        const got = await realKeys(column, range)
        scans.push({ column, gt: range.gt, got })
        return got
      }
      expect(await small.clearDerived()).toBe(10 + indexes)
      const taskScans = scans.filter((x) => x.column === 'tasks')
      // 10 keys in chunks of 3: 4 full-or-partial chunks and one empty scan.
      expect(taskScans.map((x) => x.got.length)).toEqual([3, 3, 3, 1, 0])
      expect(taskScans[0]!.gt).toBeUndefined()
      for (let i = 1; i < taskScans.length; i++) {
        const prev = taskScans[i - 1]!.got
        expect(hexOf(taskScans[i]!.gt!)).toBe(hexOf(prev[prev.length - 1]!))
      }
      expect(await small.count('tasks')).toBe(0)
      expect(await small.count('indexes')).toBe(0)
      expect(await small.count('messages')).toBe(1)
      expect((await small.checkIntegrity()).ok).toBe(true)
    } finally {
      await small.close()
      await c2()
    }
  })
})

describe('cleanup and compaction', () => {
  it('cleanupExpired drops old metrics snapshots and never a derived record or a logged message', async () => {
    const old = task({ status: TaskStatus.COMPLETED, challengeDeadline: 100 })
    await store.applyMessage({ message: message(old.id), puts: [{ type: 'task', record: old }] })
    await store.snapshots.storePerformance({ at: 10, name: 'x', value: 1, unit: 'u' })
    expect(await store.cleanupExpired(1000, 1200)).toEqual({ metricsSnapshots: 1 })
    // Derived records belong to the engine and message bodies go only at certified checkpoints.
    expect(await store.tasks.get(old.id)).toBeDefined()
    expect(await store.count('messages')).toBe(1)
  })

  it('compaction reclaims the space of deleted records and keeps the rest readable', async () => {
    const keep = task({ title: 'kept' })
    await store.tasks.store(keep)
    const many = Array.from({ length: 2000 }, () => task({ title: 'x'.repeat(500) }))
    await store.batch(many.map((record) => ({ type: 'task' as const, record })))
    const full = await store.compact()
    expect(full.approximateBytesAfter).toBeGreaterThan(2000 * 500 * 0.5)
    await store.batch(
      [],
      many.map((t) => ({ type: 'task' as const, id: t.id })),
    )
    const c = await store.compact()
    expect(c.approximateBytesAfter).toBeLessThan(full.approximateBytesAfter / 10)
    await store.close()
    store = await StateStore.open(dir)
    expect((await store.tasks.get(keep.id))?.title).toBe('kept')
    expect(await store.count('tasks')).toBe(1)
    expect((await store.checkIntegrity()).ok).toBe(true)
  })
})

describe('cache and metrics', () => {
  it('counts hits and misses and per-column reads and writes', async () => {
    const t = task()
    await store.tasks.store(t)
    const before = store.cacheStats()
    await store.tasks.get(t.id)
    await store.tasks.get(t.id)
    const missing = rid()
    await store.tasks.get(missing)
    await store.tasks.get(missing)
    const after = store.cacheStats()
    // The stored task was written through; the unknown id misses once, then its absence is cached.
    expect(after.hits - before.hits).toBe(3)
    expect(after.misses - before.misses).toBe(1)
    expect(metrics.writes.get('tasks')?.ops).toBe(1)
    expect(metrics.writes.get('indexes')?.ops).toBeGreaterThan(0)
    expect(metrics.reads.get('tasks')?.count).toBeGreaterThan(0)
    expect(metrics.cache.get('tasks')?.hits).toBeGreaterThan(0)
  })

  it('evicts beyond its bound and reads from disk again', async () => {
    const { dir: d2, cleanup: c2 } = await tempDir()
    const small = await StateStore.open(d2, { cacheSize: 2, metrics: null })
    try {
      const ts = [task(), task(), task()]
      for (const t of ts) await small.tasks.store(t)
      expect(small.cacheStats().size).toBe(2)
      const m0 = small.cacheStats().misses
      expect((await small.tasks.get(ts[0]!.id))?.id).toEqual(ts[0]!.id)
      expect(small.cacheStats().misses).toBe(m0 + 1)
    } finally {
      await small.close()
      await c2()
    }
  })

  it('returns fresh objects: mutating a result does not change the store', async () => {
    const t = task({ status: TaskStatus.PUBLISHED })
    await store.tasks.store(t)
    const got = (await store.tasks.get(t.id))!
    got.status = TaskStatus.COMPLETED
    expect((await store.tasks.get(t.id))?.status).toBe(TaskStatus.PUBLISHED)
    await store.tasks.store(got)
    expect((await store.checkIntegrity()).ok).toBe(true)
  })
})

describe('lifecycle', () => {
  it('fails with CLOSED after close', async () => {
    await store.close()
    const err = (await store.tasks.get(rid()).catch((e: unknown) => e)) as StoreError
    expect(err.code).toBe('CLOSED')
    await store.close()
    store = await StateStore.open(dir)
  })

  it('exposes the trust sublevels for the level trust backend', async () => {
    await store.trustUpdates.put(new Uint8Array([9]), new Uint8Array([8]))
    expect(hexOf((await store.trustUpdates.get(new Uint8Array([9])))!)).toBe('08')
    expect(await store.count('trustUpdates')).toBe(1)
  })
})
