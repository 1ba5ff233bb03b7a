/**
 * Several group commits' store batches as ONE (DESIGN §7, §9): when batches are staged faster than
 * LevelDB writes them (group-commit.ts), the ones waiting are written together, so the number of
 * writes adapts to the store's speed instead of each waiting its turn.
 *
 * Writing the merge leaves the store exactly as writing the parts in order would:
 * - messages and state entries are concatenated (a later state entry for a key wins in the batch);
 * - a record changed by several parts keeps only the last change, with the FIRST part's `previous`
 *   (the stored version before any of them: the store diffs indexes against it);
 * - an eviction is dropped when a later part logs the same message again, and a logged message a
 *   later part evicts is logged then removed (the store writes a batch's messages before its
 *   evictions).
 */
import { hex } from '../ids.js'
import { deleteKey, recordKey } from '../record-keys.js'
import type { EngineWrite, EvictedMessage, RecordDelete, RecordPut } from '../store-port.js'

type Change = { put: RecordPut } | { del: RecordDelete }

/** The version before a change (undefined when the change carried no hint). */
function previousOf(c: Change): unknown {
  return 'put' in c ? c.put.previous : c.del.previous
}

/** `c` with the previous-version hint `previous` (none when `hinted` is false). */
function withPrevious(c: Change, hinted: boolean, previous: unknown): Change {
  const strip = <T extends { previous?: unknown }>(x: T): T => {
    const { previous: _, ...rest } = x
    return (hinted ? { ...rest, previous } : rest) as T
  }
  return 'put' in c ? { put: strip(c.put) } : { del: strip(c.del) }
}

/** One store batch equivalent to writing `writes` in order (see the file comment). */
export function mergeWrites(writes: readonly EngineWrite[]): EngineWrite {
  if (writes.length === 1) return writes[0]!
  const changes = new Map<string, Change>()
  const messages: EngineWrite['messages'] = []
  const state: NonNullable<EngineWrite['state']> = []
  let evicted: EvictedMessage[] = []
  for (const w of writes) {
    const logged = new Set(w.messages.map((m) => hex(m.id)))
    if (logged.size > 0) evicted = evicted.filter((e) => !logged.has(hex(e.id)))
    messages.push(...w.messages)
    for (const e of w.evicted ?? []) evicted.push(e)
    for (const s of w.state ?? []) state.push(s)
    const next: Array<[string, Change]> = [
      ...w.puts.map((put): [string, Change] => [recordKey(put), { put }]),
      ...w.deletes.map((del): [string, Change] => [deleteKey(del), { del }]),
    ]
    for (const [key, change] of next) {
      const first = changes.get(key)
      if (first === undefined) changes.set(key, change)
      else {
        const firstChange = first
        const hinted = 'put' in firstChange ? 'previous' in firstChange.put : 'previous' in firstChange.del
        changes.set(key, withPrevious(change, hinted, previousOf(firstChange)))
      }
    }
  }
  const merged: EngineWrite = { messages, puts: [], deletes: [] }
  for (const c of changes.values()) {
    if ('put' in c) merged.puts.push(c.put)
    else merged.deletes.push(c.del)
  }
  if (state.length > 0) merged.state = state
  if (evicted.length > 0) merged.evicted = evicted
  return merged
}
