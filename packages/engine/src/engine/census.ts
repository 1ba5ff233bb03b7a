/**
 * What the engine keeps in memory, counted by structure (DESIGN §5.12: memory per held message must
 * not grow with what a cold task held): resident tasks, decoded bodies, whole derivations and
 * record sets in memory, and the size of the id index. Tests assert on it; nothing else reads it.
 */
import { isLight, SNAPSHOT_CACHE } from './cold-derivations.js'
import type { EngineState } from './state.js'

/** Counts of what the engine holds in memory (see the file comment). */
export interface MemoryCensus {
  /** Held message ids. */
  messages: number
  tasks: number
  /** Tasks whose decoded messages are in memory. */
  residentTasks: number
  /** Decoded messages in memory (resident tasks' and every task's publish). */
  decodedBodies: number
  /** Messages of resident tasks. */
  residentBodies: number
  /** Tasks keeping their whole derivation in memory (the others keep its light part). */
  wholeDerivations: number
  /** Tasks keeping their records in memory (the others read them from their stored derivation). */
  recordSets: number
  /** Cold tasks whose packed ids have spare room (they should have none). */
  coldIdSlack: number
  /** Id index room: entries and hash slots (typed arrays, 36 bytes an entry and 4 a slot). */
  indexEntries: number
  indexSlots: number
  /** Stored derivations decoded and cached, and the most it keeps. */
  cachedSnapshots: number
  snapshotCacheCap: number
}

/** Counts what `s` keeps in memory. */
export function census(s: EngineState): MemoryCensus {
  let residentTasks = 0
  let residentBodies = 0
  let wholeDerivations = 0
  let recordSets = 0
  let coldIdSlack = 0
  for (const t of s.tasks.values()) {
    if (t.resident !== null) {
      residentTasks++
      residentBodies += t.resident.length
    } else if (t.ids.spare > 0) coldIdSlack++
    if (t.derived !== null && !isLight(t.derived)) wholeDerivations++
    if (!t.recordsStored && t.records.size > 0) recordSets++
  }
  const room = s.messages.capacity
  return {
    messages: s.messages.size,
    tasks: s.tasks.size,
    residentTasks,
    decodedBodies: s.messages.bodies,
    residentBodies,
    wholeDerivations,
    recordSets,
    coldIdSlack,
    indexEntries: room.entries,
    indexSlots: room.slots,
    cachedSnapshots: s.snapshotCache.size,
    snapshotCacheCap: SNAPSHOT_CACHE,
  }
}
