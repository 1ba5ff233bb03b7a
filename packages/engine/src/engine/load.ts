/**
 * Opening and repair (DESIGN §7, §5.12): open loads what was derived when the store keeps it
 * (stored-state.ts); otherwise memory is rebuilt from the message log, then only the records
 * that differ from the stored ones are written ('diff'), or all of them after clearing ('full').
 * Repair marks itself in the store first, so a crash mid-way is finished at the next open.
 */
import type { AfterCommit } from './after-commit.js'
import { commit } from './commit.js'
import { PrunedStateError } from './frozen.js'
import { minusStored } from './record-diff.js'
import { replayLog } from './replay.js'
import { queueWholeIndex } from './scope-index.js'
import type { EngineState } from './state.js'
import { loadStored } from './stored-state.js'

/**
 * Rebuilds memory from the message log and writes it: 'full' writes every derived record in one
 * batch (after clearDerived); 'diff' writes, in one batch, only the records that differ from what
 * the store holds and deletes stored records the log no longer derives (falls back to 'full' when
 * the store cannot list its records). Memory alone catching up with the store is replay.ts.
 */
export async function load(s: EngineState, after: AfterCommit, mode: 'full' | 'diff'): Promise<void> {
  const changes = await replayLog(s)
  queueWholeIndex(s)
  const stored = mode === 'diff' ? await s.store.readRecords?.() : undefined
  let exact = true
  if (stored !== undefined) exact = minusStored(s, changes, stored)
  await commit(s, after, changes, [])
  s.hints = exact
}

/** Clears every derived record and rebuilds it from the log, between repair markers. */
export async function repair(s: EngineState, after: AfterCommit): Promise<void> {
  const frozen = [...s.tasks.values()].filter((t) => t.frozen).length
  if (frozen > 0)
    throw new PrunedStateError(
      'PRUNED_REPAIR',
      `repair derives every task from its messages, and ${frozen} task(s) folded into a checkpoint have ` +
        'their bodies pruned; to rebuild this node, import a checkpoint state into a fresh data dir (importCheckpoint)',
    )
  await s.store.setRepairPending?.(true)
  await s.store.clearDerived()
  await load(s, after, 'full')
  await s.store.setRepairPending?.(false)
}

/**
 * Opens over a store: finishes a repair a crash interrupted, else loads what was derived
 * (stored-state.ts), else derives the log and writes the difference. A stored state is loaded at the
 * clock it was derived at: the caller advances to the clock asked for.
 */
export async function open(s: EngineState, after: AfterCommit): Promise<void> {
  if ((await s.store.repairPending?.()) === true) await repair(s, after)
  else if (!(await loadStored(s, after))) await load(s, after, 'diff')
}
