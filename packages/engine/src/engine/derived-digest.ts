/**
 * The derived digest kept incremental (DESIGN §5.13): a digest of every derived record and of the
 * validator sets per epoch, which `status` carries on every handshake. Hashing every record again
 * after each write made a busy peer re-read every cold task's stored derivation (cold-derivations.ts)
 * for each status it answered. Each task's records are hashed once per derivation instead: a task's
 * record map is replaced whole when it is derived again (record-diff.ts) and never changed in place,
 * so its digest is kept against that map, or, while the task is cold, against its light derivation
 * (a new one each time a derivation is stored, cold-derivations.ts).
 * The digest then hashes, in task id order, each task's records digest, then the account records
 * and the epochs' fingerprints.
 */
import { createHash } from 'node:crypto'
import type { DerivedTask } from '../derive/task.js'
import type { KeptRecord } from '../derived-state.js'
import type { EngineState, TaskState } from './state.js'

const DERIVED_TAG = new TextEncoder().encode('aimesh/derived/2')
const enc = new TextEncoder()

/** A task's records digest. */
interface TaskDigest {
  digest: Uint8Array
  /** Records hashed: a task with none is left out, resident or cold alike. */
  count: number
}

/**
 * Digests by what they were computed from: a resident task's record map, or a cold task's light
 * derivation. Weak, so a digest goes with its map and never keeps a cold task's records in memory.
 */
const taskDigests = new WeakMap<ReadonlyMap<string, KeptRecord> | DerivedTask, TaskDigest>()

/** How many task records digests were computed (tests check that unchanged tasks are not hashed again). */
export const derivedDigestCounters = { tasksHashed: 0 }

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4)
  new DataView(b.buffer).setUint32(0, n)
  return b
}

/** Hashes (key, bytes) pairs in key order, each length-prefixed. */
function hashRecords(h: ReturnType<typeof createHash>, entries: Iterable<[string, Uint8Array]>): void {
  for (const [key, bytes] of [...entries].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const k = enc.encode(key)
    h.update(u32(k.length)).update(k).update(u32(bytes.length)).update(bytes)
  }
}

/** The digest of one task's records, computed again only when they were replaced. */
function taskRecordsDigest(t: TaskState): TaskDigest {
  const from = t.recordsStored ? t.derived : t.records
  const kept = from === null ? undefined : taskDigests.get(from)
  if (kept !== undefined) return kept
  const records = t.records
  const h = createHash('sha256')
  hashRecords(
    h,
    [...records].map(([key, r]) => [key, r.bytes]),
  )
  derivedDigestCounters.tasksHashed++
  const digest: TaskDigest = { digest: new Uint8Array(h.digest()), count: records.size }
  if (from !== null) taskDigests.set(from, digest)
  return digest
}

/** The derived digest over the state now (see the file comment). */
export function computeDerivedDigest(s: EngineState): Uint8Array {
  const h = createHash('sha256').update(DERIVED_TAG)
  const tasks = [...s.tasks.values()].sort((a, b) => (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0))
  for (const t of tasks) {
    const d = taskRecordsDigest(t)
    if (d.count > 0) h.update(enc.encode(t.hex)).update(d.digest)
  }
  const accounts: [string, Uint8Array][] = []
  for (const [a, m] of s.miners) accounts.push([`miner:${a}`, m.bytes])
  for (const [a, p] of s.behaviour) accounts.push([`behaviour:${a}`, p.bytes])
  hashRecords(h, accounts)
  for (const f of s.epochs.fingerprint()) h.update(enc.encode(`epoch:${f};`))
  return new Uint8Array(h.digest())
}
