/**
 * Retention: removing finished tasks past their challenge deadline together with everything that
 * hangs off them (transitions, submissions, validations, fraud analyses, rewards, disputes and
 * their messages), each task in one batch so indexes never dangle.
 */
import type { KeyedDelete, RawOp, StoreCore } from './core.js'
import { ACTIVE_STATUSES, indexPrefix } from './indexes.js'
import { ID_LENGTH, prefixRange, u64 } from './keys.js'
import { trailingId } from './repositories/scan.js'

/** What a cleanup removed. */
export interface CleanupStats {
  tasks: number
  transitions: number
  submissions: number
  validations: number
  fraudAnalyses: number
  rewards: number
  disputes: number
  messages: number
  metricsSnapshots: number
}

/** An all-zero CleanupStats. */
export function emptyCleanupStats(): CleanupStats {
  return {
    tasks: 0,
    transitions: 0,
    submissions: 0,
    validations: 0,
    fraudAnalyses: 0,
    rewards: 0,
    disputes: 0,
    messages: 0,
    metricsSnapshots: 0,
  }
}

/**
 * Deletes finished (non-active) tasks whose challenge deadline is before `before`, with their
 * dependent records and messages. Active tasks are kept whatever their deadline.
 */
export async function deleteExpiredTasks(
  core: StoreCore,
  before: number,
  stats: CleanupStats,
): Promise<void> {
  const expiring = await core.keys('indexes', {
    gte: indexPrefix('expiry'),
    lt: indexPrefix('expiry', u64(before)),
  })
  for (const k of expiring) {
    await core.mutex.run(async () => {
      const taskId = trailingId(k)
      const task = await core.readRecord('task', taskId)
      if (task !== undefined && ACTIVE_STATUSES.has(task.status)) return
      await core.commitLocked({ puts: [] }, ...(await planTaskRemoval(core, taskId, stats)))
    })
  }
}

async function planTaskRemoval(
  core: StoreCore,
  taskId: Uint8Array,
  stats: CleanupStats,
): Promise<[KeyedDelete[], RawOp[]]> {
  const deletes: KeyedDelete[] = [{ type: 'task', key: taskId }]
  const raw: RawOp[] = []
  stats.tasks++
  for (const k of await core.keys('transitions', prefixRange(taskId))) {
    deletes.push({ type: 'transition', key: k })
    stats.transitions++
  }
  for (const s of await core.keys('indexes', prefixRange(indexPrefix('taskSubmissions', taskId)))) {
    const submissionId = trailingId(s)
    deletes.push({ type: 'submission', key: submissionId })
    stats.submissions++
    for (const v of await core.keys(
      'indexes',
      prefixRange(indexPrefix('submissionValidations', submissionId)),
    )) {
      deletes.push({ type: 'validation', key: trailingId(v) })
      stats.validations++
    }
    if ((await core.readRecord('fraud', submissionId)) !== undefined) {
      deletes.push({ type: 'fraud', key: submissionId })
      stats.fraudAnalyses++
    }
  }
  if ((await core.readRecord('reward', taskId)) !== undefined) {
    deletes.push({ type: 'reward', key: taskId })
    stats.rewards++
  }
  for (const d of await core.keys('indexes', prefixRange(indexPrefix('taskDisputes', taskId)))) {
    deletes.push({ type: 'dispute', key: trailingId(d) })
    stats.disputes++
  }
  for (const tm of await core.keys('taskMessages', prefixRange(taskId))) {
    raw.push({ type: 'del', column: 'taskMessages', key: tm })
    raw.push({ type: 'del', column: 'messages', key: tm.slice(ID_LENGTH) })
    stats.messages++
  }
  return [deletes, raw]
}
