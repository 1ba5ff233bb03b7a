/**
 * Retention: removing finished tasks past their challenge deadline together with the derived
 * records that hang off them (transitions, submissions, validations, fraud analyses, rewards,
 * disputes), each task in one batch so indexes never dangle.
 *
 * The message log and its task→messages index are NEVER pruned here. The engine rebuilds trust,
 * reputation and every derived record from the log at open, so deleting logged messages would
 * silently regress that state and make this node disagree with peers that kept them. Pruning the
 * log needs a network-agreed checkpoint (a state root every node accepts as the new starting point
 * of its log); that is future work. Until then retention only frees derived records, which a
 * rebuild from the log may re-derive.
 *
 * A task is kept, whatever its deadline, while it is active, while its reward distribution has
 * unclaimed entries, or while any of its disputes is still pending.
 */
import { DisputeStatus } from '@aimesh/protocol'
import type { KeyedDelete, StoreCore } from './core.js'
import { ACTIVE_STATUSES, indexPrefix } from './indexes.js'
import { prefixRange, u64 } from './keys.js'
import { trailingId } from './repositories/scan.js'

/** What a cleanup removed, and what it kept. */
export interface CleanupStats {
  tasks: number
  transitions: number
  submissions: number
  validations: number
  fraudAnalyses: number
  rewards: number
  disputes: number
  metricsSnapshots: number
  /** Expired finished tasks kept because their reward distribution has unclaimed entries. */
  keptUnclaimedRewards: number
  /** Expired finished tasks kept because one of their disputes is pending. */
  keptPendingDisputes: number
  /** Expiry index entries naming a task that is not stored; removed. */
  danglingExpiryEntries: number
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
    metricsSnapshots: 0,
    keptUnclaimedRewards: 0,
    keptPendingDisputes: 0,
    danglingExpiryEntries: 0,
  }
}

/**
 * Deletes finished (non-active) tasks whose challenge deadline is before `before`, with their
 * dependent derived records (never their messages). Active tasks, tasks with unclaimed rewards and
 * tasks with a pending dispute are kept.
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
      if (task === undefined) {
        // A leftover entry: drop it rather than "deleting" the same missing task on every run.
        await core.commitLocked({ puts: [] }, [], [{ type: 'del', column: 'indexes', key: k }])
        stats.danglingExpiryEntries++
        return
      }
      if (ACTIVE_STATUSES.has(task.status)) return
      const reward = await core.readRecord('reward', taskId)
      if (reward?.entries.some((e) => !e.claimed)) {
        stats.keptUnclaimedRewards++
        return
      }
      const disputeIds = (await core.keys('indexes', prefixRange(indexPrefix('taskDisputes', taskId)))).map(
        trailingId,
      )
      for (const id of disputeIds) {
        if ((await core.readRecord('dispute', id))?.status === DisputeStatus.PENDING) {
          stats.keptPendingDisputes++
          return
        }
      }
      const deletes = await planTaskRemoval(core, taskId, reward !== undefined, disputeIds, stats)
      await core.commitLocked({ puts: [] }, deletes)
    })
  }
}

async function planTaskRemoval(
  core: StoreCore,
  taskId: Uint8Array,
  hasReward: boolean,
  disputeIds: Uint8Array[],
  stats: CleanupStats,
): Promise<KeyedDelete[]> {
  const deletes: KeyedDelete[] = [{ type: 'task', key: taskId }]
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
  if (hasReward) {
    deletes.push({ type: 'reward', key: taskId })
    stats.rewards++
  }
  for (const id of disputeIds) {
    deletes.push({ type: 'dispute', key: id })
    stats.disputes++
  }
  return deletes
}
