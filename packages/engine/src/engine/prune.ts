/**
 * History cut at a certified checkpoint (DESIGN §5.6): the bodies checkpoint-state.ts names are
 * dropped from memory and the store; their tasks are frozen (their stored derivation is theirs
 * from then on, derived-state.ts), their ids stay, each with its stub (stubs.ts) in the same store
 * batch as its delete, so a late message naming one gets the verdict it gets where bodies are kept.
 */
import { hex, unhex } from '../ids.js'
import type { PrunedMessage } from '../store-port.js'
import { encodeStub } from '../stubs.js'
import type { AfterCommit } from './after-commit.js'
import { messageOf, residentMessages, trimResident } from './bodies.js'
import { commit } from './commit.js'
import { type EngineState, newChanges, type TaskState } from './state.js'

/** Drops these message bodies (ids kept) and freezes their tasks; returns the bodies the store dropped. */
export async function pruneFolded(
  s: EngineState,
  after: AfterCommit,
  ids: readonly Uint8Array[],
): Promise<number> {
  if (s.store.pruneMessages === undefined || ids.length === 0) return 0
  const gone = new Set(ids.map(hex))
  const tasks = new Set<TaskState>()
  const pruned: PrunedMessage[] = []
  for (const id of gone) {
    const entry = s.messages.get(id)
    const t = entry === undefined ? undefined : s.tasks.get(entry.task)
    if (t === undefined) continue
    tasks.add(t)
    // Pruned before (a body no longer in the store): its stub is already there.
    const msg = messageOf(s, id)
    if (msg !== undefined) pruned.push({ taskId: t.id, id: unhex(id), stub: encodeStub(msg) })
  }
  // The frozen marks are durable before any body goes: a crash midway through the deletes leaves
  // tasks that reopen frozen from their stored derivation (and a later prune finishes the job).
  const changes = newChanges()
  for (const t of tasks) {
    t.frozen = true
    changes.tasks.add(t)
  }
  await commit(s, after, changes, [])
  for (const t of tasks) {
    const kept = residentMessages(s, t).filter((m) => !gone.has(hex(m.id)))
    t.resident = kept
    t.commitsBy.clear()
    t.trustCache.clear()
    t.scoreCache.clear()
  }
  for (const id of gone) {
    const entry = s.messages.get(id)
    if (entry !== undefined) entry.msg = null
  }
  const removed = await s.store.pruneMessages(pruned)
  trimResident(s)
  return removed
}
