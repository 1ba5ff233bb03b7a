/**
 * Derivations of cold tasks on disk (DESIGN §5.12): every write stores each touched task's
 * derivation with its records (derived-state.ts), so once that write is durable a task that goes
 * cold keeps in memory only the light part of its derivation — status, deadlines, finality, the
 * winning root, when its last round closes: what scans over every task read (deadlines, checkpoint
 * folds, votes) — and reads the rest (contributions, alerts, dependencies, outcome ids, records)
 * back from the store, synchronously, through a small cache of decoded derivations. A store
 * without synchronous reads of engine state keeps every derivation in memory, as before.
 */
import type { DerivedTask } from '../derive/task.js'
import { decodeTaskSnapshot, type KeptRecord, type TaskSnapshot } from '../derived-state.js'
import type { EngineState, TaskState } from './state.js'

/** Decoded stored derivations kept for cold tasks read again soon (a scan reads each once). */
export const SNAPSHOT_CACHE = 64

/** The fields of a derivation read back from the store while its task is cold. */
const STORED_FIELDS = ['puts', 'contributions', 'alerts', 'dependsOn', 'outcomeIds', 'consensus'] as const
const STORED: ReadonlySet<string> = new Set(STORED_FIELDS)

/** Where a light derivation reads its stored fields from. */
const LOAD = Symbol('load')

interface Light {
  [LOAD]: () => DerivedTask
}

/** The prototype of light derivations: each stored field is read from the stored derivation. */
const LIGHT_PROTO: object = Object.create(
  null,
  Object.fromEntries(
    STORED_FIELDS.map((field) => [
      field,
      {
        get(this: Light) {
          return this[LOAD]()[field]
        },
        enumerable: true,
      },
    ]),
  ),
)

/** True when a task's derivation and records can live on disk while it is cold. */
export function canStoreDerivations(s: EngineState): boolean {
  return s.syncReads && s.store.engineState !== undefined && s.store.readEngineStateSync !== undefined
}

/** True when `d` is a light derivation (its stored fields are on disk). */
export function isLight(d: DerivedTask | null): boolean {
  return d !== null && Object.getPrototypeOf(d) === LIGHT_PROTO
}

/** The whole derivation: a light one read back from the store, any other as it is. */
export function wholeDerivation(d: DerivedTask): DerivedTask {
  return isLight(d) ? (d as unknown as Light)[LOAD]() : d
}

/** The task's stored derivation, through the cache; throws when the store lost it. */
export function snapshotOf(s: EngineState, t: TaskState): TaskSnapshot {
  const cache = s.snapshotCache
  let snap = cache.get(t.hex)
  if (snap !== undefined) {
    cache.delete(t.hex)
    cache.set(t.hex, snap)
    return snap
  }
  const bytes = s.store.readEngineStateSync?.(t.id)
  const decoded = bytes === undefined || bytes === null ? null : decodeTaskSnapshot(bytes)
  if (decoded === null)
    throw new Error(
      `the stored derivation of task ${t.hex} is missing or unreadable; run repair to derive it again`,
    )
  snap = decoded
  cache.set(t.hex, snap)
  if (cache.size > SNAPSHOT_CACHE) cache.delete(cache.keys().next().value!)
  return snap
}

/** The records of a task whose records are on disk. */
export function storedRecords(s: EngineState, t: TaskState): Map<string, KeptRecord> {
  return snapshotOf(s, t).records
}

/** The light form of a derivation: every field but the stored ones, which `load` reads. */
function lighten(d: DerivedTask, load: () => DerivedTask): DerivedTask {
  const light = Object.create(LIGHT_PROTO) as Record<string | symbol, unknown>
  // Byte fields are copied: a decoded one is a view that would keep the whole stored value alive.
  for (const [k, v] of Object.entries(d))
    if (!STORED.has(k)) light[k] = v instanceof Uint8Array ? v.slice() : v
  light[LOAD] = load
  return light as unknown as DerivedTask
}

/**
 * Sends a cold task's derivation and records to disk when the store holds exactly them (the task
 * was written, or loaded, and not derived since); otherwise they stay in memory.
 */
export function storeDerivation(s: EngineState, t: TaskState): void {
  const d = t.derived
  if (!t.persisted || d === null || isLight(d) || !canStoreDerivations(s)) return
  t.storeDerivation(lighten(d, () => snapshotOf(s, t).derived))
}

/**
 * Takes a stored derivation for a task that is cold at load (open): only its light form stays in
 * memory. False when derivations cannot live on disk here (the caller keeps the whole one).
 */
export function adoptStored(s: EngineState, t: TaskState, snap: TaskSnapshot): boolean {
  if (t.resident !== null || !canStoreDerivations(s)) return false
  // A task cold at load gets no more ids until it is resident again: no spare room.
  t.ids.trim()
  t.storeDerivation(lighten(snap.derived, () => snapshotOf(s, t).derived))
  return true
}

/** After a durable write: the tasks whose derivation it stored now match the store. */
export function markStored(s: EngineState, tasks: Iterable<TaskState>, stored: boolean): void {
  for (const t of tasks) {
    s.snapshotCache.delete(t.hex)
    if (stored && t.derived !== null) t.persisted = true
  }
}
