/**
 * Keeps the epoch chain in step with held checkpoint votes (DESIGN §5.4, §5.6): rebuilt once per
 * write when votes arrived, naming the tasks whose validator set changed so they are re-derived.
 */
import { EpochChain, epochOf } from '../epochs.js'
import type { EngineState } from './state.js'

/**
 * Rebuilds the epoch chain when checkpoint votes arrived; returns the tasks whose epoch's
 * validator set changed (every task published in or after the first changed epoch).
 */
export function refreshEpochs(s: EngineState): string[] {
  if (!s.epochsStale) return []
  s.epochsStale = false
  const before = s.epochs
  const after = new EpochChain(s.genesis, s.checkpointVotes)
  s.epochs = after
  const boundaries = [...new Set([...before.votedEpochs(), ...after.votedEpochs()])].sort((a, b) => a - b)
  const changed = boundaries.find((e) => before.setOf(e).checkpoint !== after.setOf(e).checkpoint)
  if (changed === undefined) return []
  const out: string[] = []
  for (const t of s.tasks.values()) {
    if (t.publish === null || epochOf(s.genesis, t.publish.body.timestamp) < changed) continue
    t.trustCache.clear()
    t.scoreCache.clear()
    out.push(t.hex)
  }
  return out
}
