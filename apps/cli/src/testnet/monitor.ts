/**
 * Reads every node's state through its API for the live table and the final report (DESIGN §1):
 * peers, tasks by status, certified outcomes, fraud flags, disputes decided, both roots.
 * A node that does not answer is shown as down, never an error.
 */
import { ApiClient } from '../api/client.js'
import type { TaskView } from '../api/types.js'

/** Most tasks read per poll; a testnet run stays far below it. */
export const MONITOR_TASK_LIMIT = 10_000
/** A poll is a status read; slow nodes are reported down rather than stalling the table. */
export const MONITOR_TIMEOUT_MS = 3_000

export interface NodeSnapshot {
  index: number
  up: boolean
  peerId?: string
  peers: number
  messages: number
  tasksByStatus: Record<string, number>
  certified: number
  flagged: number
  disputesDecided: number
  checkpoints: number
  stateRoot?: string
  derivedDigest?: string
}

export function isCertified(t: TaskView): boolean {
  return t.outcome?.state === 'certified' || t.outcome?.state === 'final'
}

/** Submissions flagged by fraud analysis, however the node's task view marks them. */
export function flaggedCount(t: TaskView): number {
  return (t.submissions ?? []).filter(
    (s) => s.flagged === true || s.fraudFlagged === true || s.status === 'flagged',
  ).length
}

export async function snapshot(index: number, url: string): Promise<NodeSnapshot> {
  const api = new ApiClient({ url, timeoutMs: MONITOR_TIMEOUT_MS })
  const down: NodeSnapshot = {
    index,
    up: false,
    peers: 0,
    messages: 0,
    tasksByStatus: {},
    certified: 0,
    flagged: 0,
    disputesDecided: 0,
    checkpoints: 0,
  }
  try {
    const [status, peers, tasks, disputes, checkpoints] = await Promise.all([
      api.status(),
      api.peers().catch(() => ({ peers: [], bans: [] })),
      api.tasks({ limit: MONITOR_TASK_LIMIT }),
      api.disputes().catch(() => []),
      api.checkpoints().catch(() => ({ checkpoints: [], validatorSet: [] })),
    ])
    const byStatus: Record<string, number> = {}
    for (const t of tasks) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1
    return {
      index,
      up: true,
      peerId: status.peerId,
      peers: peers.peers.length,
      messages: status.messages,
      tasksByStatus: byStatus,
      certified: tasks.filter(isCertified).length,
      flagged: tasks.reduce((n, t) => n + flaggedCount(t), 0),
      disputesDecided: disputes.filter(
        (d) => d.status !== undefined && !/pending|open/i.test(String(d.status)),
      ).length,
      checkpoints: checkpoints.checkpoints.length,
      stateRoot: status.stateRoot,
      derivedDigest: status.derivedDigest,
    }
  } catch {
    return down
  }
}

/** True when every node is up and reports the same state root and derived digest. */
export function rootsAgree(snaps: NodeSnapshot[]): boolean {
  if (snaps.length === 0 || snaps.some((s) => !s.up || !s.stateRoot)) return false
  const first = snaps[0]!
  return snaps.every((s) => s.stateRoot === first.stateRoot && s.derivedDigest === first.derivedDigest)
}
