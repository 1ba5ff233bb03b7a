/**
 * Reads every node's state through its API for the live table and the final report (DESIGN §1):
 * peers, tasks by status, certified outcomes, fraud flags, disputes decided, checkpoints, both
 * roots. A node that does not answer is shown as down, never an error. Task details (for fraud
 * flags) are read only until a task's outcome is final, a bounded number per poll.
 */
import { ApiClient } from '../api/client.js'

/** Most tasks read per poll (the API caps a page at 1000); a testnet run stays below it. */
export const MONITOR_TASK_LIMIT = 1_000
/** A poll is a few reads; a slow node is reported down rather than stalling the table. */
export const MONITOR_TIMEOUT_MS = 3_000
/** Task details read per poll and node, so a long run does not turn polls into floods. */
export const DETAILS_PER_POLL = 16
/** Dispute statuses that mean a panel decided. */
const DECIDED = new Set(['UPHELD', 'DISMISSED'])
/** Statuses before any answer is revealed: nothing to flag yet. */
const EARLY = new Set(['PUBLISHED', 'IN_PROGRESS'])

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
  /** Certified checkpoints (their CheckpointVotes reached the threshold). */
  checkpoints: number
  stateRoot?: string
  derivedDigest?: string
}

export function downSnapshot(index: number): NodeSnapshot {
  return {
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
}

export class NodeMonitor {
  readonly api: ApiClient
  /** Flagged submissions per task, from its latest detail read. */
  readonly #flagged = new Map<string, number>()
  /** Tasks whose outcome is final: their flags no longer change. */
  readonly #settled = new Set<string>()

  constructor(
    readonly index: number,
    url: string,
  ) {
    this.api = new ApiClient({ url, timeoutMs: MONITOR_TIMEOUT_MS })
  }

  async snapshot(): Promise<NodeSnapshot> {
    try {
      const [status, peers, tasks, disputes, checkpoints] = await Promise.all([
        this.api.status(),
        this.api.peers().catch(() => ({ peers: [], bans: [] })),
        this.api.tasks({ limit: MONITOR_TASK_LIMIT }),
        this.api.disputes().catch(() => []),
        this.api.checkpoints().catch(() => ({ checkpoints: [], validatorSet: null })),
      ])
      const byStatus: Record<string, number> = {}
      for (const t of tasks) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1
      const toRead = tasks
        .filter((t) => !this.#settled.has(t.id) && !EARLY.has(t.status))
        .slice(0, DETAILS_PER_POLL)
      await Promise.all(
        toRead.map(async (t) => {
          const d = await this.api.task(t.id).catch(() => undefined)
          if (!d) return
          this.#flagged.set(t.id, (d.submissions ?? []).filter((s) => s.flagged === true).length)
          if (d.outcome?.state === 'final') this.#settled.add(t.id)
        }),
      )
      return {
        index: this.index,
        up: true,
        peerId: status.peerId,
        peers: peers.peers.length,
        messages: status.messages,
        tasksByStatus: byStatus,
        certified: tasks.filter((t) => t.certified === true).length,
        flagged: [...this.#flagged.values()].reduce((a, b) => a + b, 0),
        disputesDecided: disputes.filter((d) => DECIDED.has(String(d.status))).length,
        // Certified checkpoints only: the nodes' own CheckpointVotes reached the threshold.
        checkpoints: checkpoints.checkpoints.filter((c) => c.certified === true).length,
        stateRoot: status.stateRoot,
        derivedDigest: status.derivedDigest,
      }
    } catch {
      return downSnapshot(this.index)
    }
  }
}

/** True when every node is up and reports the same state root and derived digest. */
export function rootsAgree(snaps: NodeSnapshot[]): boolean {
  if (snaps.length === 0 || snaps.some((s) => !s.up || !s.stateRoot)) return false
  const first = snaps[0]!
  return snaps.every((s) => s.stateRoot === first.stateRoot && s.derivedDigest === first.derivedDigest)
}
