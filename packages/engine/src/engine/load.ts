/**
 * Opening and repair (DESIGN §7): memory is rebuilt from the message log, then only the records
 * that differ from the stored ones are written ('diff'), or all of them after clearing ('full').
 * Repair marks itself in the store first, so a crash mid-way is finished at the next open.
 */
import type { AfterCommit } from './after-commit.js'
import { commit } from './commit.js'
import { minusStored } from './record-diff.js'
import { replayLog } from './replay.js'
import type { EngineState } from './state.js'

/**
 * Rebuilds memory from the message log and writes it: 'full' writes every derived record in one
 * batch (after clearDerived); 'diff' writes, in one batch, only the records that differ from what
 * the store holds and deletes stored records the log no longer derives (falls back to 'full' when
 * the store cannot list its records). Memory alone catching up with the store is replay.ts.
 */
export async function load(s: EngineState, after: AfterCommit, mode: 'full' | 'diff'): Promise<void> {
  const changes = await replayLog(s)
  const stored = mode === 'diff' ? await s.store.readRecords?.() : undefined
  let exact = true
  if (stored !== undefined) exact = minusStored(s, changes, stored)
  await commit(s, after, changes, [])
  s.hints = exact
}

/** Clears every derived record and rebuilds it from the log, between repair markers. */
export async function repair(s: EngineState, after: AfterCommit): Promise<void> {
  await s.store.setRepairPending?.(true)
  await s.store.clearDerived()
  await load(s, after, 'full')
  await s.store.setRepairPending?.(false)
}

/** Opens over a store: finishes a repair a crash interrupted, else loads and writes the difference. */
export async function open(s: EngineState, after: AfterCommit): Promise<void> {
  if ((await s.store.repairPending?.()) === true) await repair(s, after)
  else await load(s, after, 'diff')
}
