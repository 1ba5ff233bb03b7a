/**
 * Keeps the epoch chain in step with held checkpoint votes (DESIGN §5.4, §5.6): rebuilt once per
 * write when votes arrived, naming the tasks whose validator set changed so they are re-derived.
 * The certified checkpoints are also where account aggregates are folded (DESIGN §5.12,
 * derive/account-folds.ts): every task is placed in the segment it is folded into, and the tasks
 * whose trust snapshot moves past a changed checkpoint's cut are re-derived too.
 */
import { checkpointCut, EpochChain, epochOf } from '../epochs.js'
import { hex } from '../ids.js'
import type { EngineState, TaskState } from './state.js'

/** The fold segment a task's derivation puts it in (derive/account-folds.ts). */
export function taskSegment(s: EngineState, t: TaskState): number {
  const d = t.derived
  return d === null ? Number.POSITIVE_INFINITY : s.book.segmentFor(d.winner !== null, d.finalAt)
}

/**
 * Rebuilds the epoch chain when checkpoint votes arrived; returns the tasks whose epoch's
 * validator set or trust snapshot changed (every task published in or after the first changed
 * epoch, or after its checkpoint's cut).
 */
export function refreshEpochs(s: EngineState): string[] {
  if (!s.epochsStale) return []
  s.epochsStale = false
  const before = s.epochs
  // Checkpoint votes of an overflowed scope are void (DESIGN §5.8).
  const live = s.checkpointVotes.filter((v) => s.scopes.overflowedAt(hex(v.id)) === null)
  const after = new EpochChain(s.genesis, live)
  s.epochs = after
  const boundaries = [...new Set([...before.votedEpochs(), ...after.votedEpochs()])].sort((a, b) => a - b)
  const changed = boundaries.find((e) => before.setOf(e).checkpoint !== after.setOf(e).checkpoint)
  if (changed === undefined) return []
  s.book.setCheckpoints(after.certifiedEpochs())
  const cut = checkpointCut(s.genesis, changed)
  const out: string[] = []
  for (const t of s.tasks.values()) {
    if (t.publish === null) continue
    // Whom the moves affect is re-derived below: the tasks published after the changed cut.
    if (t.derived !== null) s.book.placeTask(t.hex, taskSegment(s, t), false)
    if (epochOf(s.genesis, t.publish.body.timestamp) < changed && t.publish.body.timestamp <= cut) continue
    t.trustCache.clear()
    t.scoreCache.clear()
    out.push(t.hex)
  }
  return out
}
