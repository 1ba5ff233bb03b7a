/**
 * Tasks folded into a certified checkpoint whose bodies were pruned (DESIGN §5.6), when memory is
 * rebuilt from the log instead of loaded (a store that lost its load marker, a reload after a failed
 * write): they cannot be derived again, so each takes its stored derivation (derived-state.ts),
 * which is final, and their pruned ids join the scope index by their stubs (stubs.ts). The other
 * tasks are derived from their bodies as usual.
 */
import { decodeTaskSnapshot } from '../derived-state.js'
import { hex } from '../ids.js'
import { taskSegment } from './epoch-refresh.js'
import { track } from './rederive.js'
import { indexScopes } from './scope-eviction.js'
import type { Changes, EngineState } from './state.js'

/** Why a pruned store cannot be opened or repaired as asked. */
export type PrunedStateErrorCode = 'FROZEN_WITHOUT_STATE' | 'PRUNED_REPAIR'

/** A pruned store that cannot be rebuilt as asked; the message says what to do. */
export class PrunedStateError extends Error {
  constructor(
    readonly code: PrunedStateErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`)
    this.name = 'PrunedStateError'
  }
}

/** The error for frozen tasks that have no stored derivation: only an import can rebuild them. */
export function frozenWithoutState(count: number): PrunedStateError {
  return new PrunedStateError(
    'FROZEN_WITHOUT_STATE',
    `${count} task(s) folded into a checkpoint have their message bodies pruned and no stored derivation, ` +
      'so this store cannot be opened; import a checkpoint state into a fresh data dir (importCheckpoint)',
  )
}

/**
 * Gives every frozen task (pruned ids inserted, insertPrunedIds) and every task whose stored
 * derivation says it was frozen its stored derivation and its effects on the account book, before
 * the other tasks are derived and after the epoch chain is (it places them in their checkpoint's
 * segment); files the pruned ids in the scope index. Throws FROZEN_WITHOUT_STATE
 * when a task with pruned bodies has none. Returns the tasks frozen.
 */
export async function loadFrozen(s: EngineState): Promise<number> {
  const missing = new Set([...s.tasks.values()].filter((t) => t.frozen).map((t) => t.hex))
  let frozen = 0
  for await (const [key, bytes] of s.store.engineState?.() ?? []) {
    const t = s.tasks.get(hex(key))
    if (t === undefined || t.publish === null) continue
    const snap = decodeTaskSnapshot(bytes)
    // What a folded task derives from (fold-seal.ts), checked against its certified fold root once
    // derived; the derivation itself is taken as stored only where the bodies are gone.
    if (snap !== null) t.sealed = snap.sealed
    if (snap === null || (!t.frozen && !snap.frozen)) continue
    t.frozen = true
    t.derived = snap.derived
    t.records = snap.records
    // As an open from stored state does (stored-state.ts): its certificate places its contributions.
    s.book.placeTask(t.hex, taskSegment(s, t))
    for (const [account, c] of snap.derived.contributions) s.book.setContribution(t.hex, account, c)
    track(s, t, null, snap.derived)
    missing.delete(t.hex)
    frozen++
  }
  if (missing.size > 0) throw frozenWithoutState(missing.size)
  indexScopes(s)
  return frozen
}

/** Adds the frozen tasks' records to a full write of the state (they are not derived again). */
export function frozenRecords(s: EngineState, changes: Changes): void {
  for (const t of s.tasks.values()) {
    if (!t.frozen) continue
    for (const [key, r] of t.records) changes.puts.set(key, r.put)
  }
}
