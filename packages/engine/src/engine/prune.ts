/**
 * History cut at a certified checkpoint (DESIGN §5.6): the bodies checkpoint-state.ts names are
 * dropped from memory and the store; their tasks are frozen (their stored derivation is theirs
 * from then on, derived-state.ts), their ids stay.
 */
import { hex } from '../ids.js'
import type { EngineState, TaskState } from './state.js'

/** Drops these message bodies (ids kept) and freezes their tasks; returns the bodies the store dropped. */
export async function pruneFolded(s: EngineState, ids: readonly Uint8Array[]): Promise<number> {
  if (s.store.pruneMessages === undefined || ids.length === 0) return 0
  const gone = new Set(ids.map(hex))
  const tasks = new Set<TaskState>()
  for (const id of gone) {
    const entry = s.messages.get(id)
    if (entry === undefined) continue
    entry.msg = null
    const t = s.tasks.get(entry.task)
    if (t !== undefined) tasks.add(t)
  }
  // Memory first: from here on nothing derives these tasks again, so a crash midway through the
  // deletes leaves tasks that reopen frozen from their stored derivation.
  for (const t of tasks) {
    t.frozen = true
    const kept = t.messages.filter((m) => !gone.has(hex(m.id)))
    t.messages.length = 0
    t.messages.push(...kept)
    t.commitsBy.clear()
    t.trustCache.clear()
    t.scoreCache.clear()
  }
  return s.store.pruneMessages(ids)
}
