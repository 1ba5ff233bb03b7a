/**
 * Record diffing (DESIGN §5.1, §7): what a write changes is the difference between the records
 * derived now and those written before (held in memory, or read from the store at open). Puts
 * carry the record they replace while memory matches the store (EngineState.hints), so the store
 * skips its read.
 */
import { bytesEqual } from '@aimesh/protocol'
import type { DerivedTask } from '../derive/task.js'
import { deleteForKey } from '../record-keys.js'
import {
  deleteOf,
  encodeRecord,
  minerDelete,
  type RecordDelete,
  type RecordPut,
  recordKey,
} from '../store-port.js'
import type { Changes, EngineState, TaskState } from './state.js'

/** Replaces a task's records with those just derived, adding what differs to the change set. */
export function diffTaskRecords(s: EngineState, t: TaskState, derived: DerivedTask, changes: Changes): void {
  const records = new Map<string, { put: RecordPut; bytes: Uint8Array }>()
  for (const put of derived.puts) {
    const key = recordKey(put)
    const bytes = encodeRecord(put)
    records.set(key, { put, bytes })
    const old = t.records.get(key)
    if (old === undefined || !bytesEqual(old.bytes, bytes)) {
      changes.puts.set(key, s.hints ? withPrevious(put, old?.put.record ?? null) : put)
      changes.deletes.delete(key)
    }
  }
  for (const [key, old] of t.records) {
    if (records.has(key)) continue
    const d = deleteOf(old.put)
    changes.puts.delete(key)
    if (d !== null)
      changes.deletes.set(key, s.hints ? ({ ...d, previous: old.put.record } as RecordDelete) : d)
  }
  t.records = records
}

/** Adds the miner record and behaviour pattern changes of every touched account to the batch. */
export function diffAccountRecords(s: EngineState, changes: Changes): void {
  for (const account of changes.accounts) {
    const record = s.book.minerRecord(account)
    if (record === null) {
      // No profile and no activity left in the derived set: the record goes, as a rebuild has it.
      const old = s.miners.get(account)
      if (old === undefined) continue
      changes.deletes.set(
        `miner:${account}`,
        minerDelete(old.record.account, s.hints ? old.record : undefined),
      )
      changes.puts.delete(`miner:${account}`)
      s.miners.delete(account)
      continue
    }
    const put: RecordPut = { type: 'miner', record }
    const bytes = encodeRecord(put)
    const old = s.miners.get(account)
    if (old !== undefined && bytesEqual(old.bytes, bytes)) continue
    changes.puts.set(recordKey(put), s.hints ? { ...put, previous: old?.record ?? null } : put)
    s.miners.set(account, { record, bytes })
  }
  for (const account of changes.accounts) behaviourChange(s, changes, account)
}

/**
 * Adds the account's behaviour pattern change to the batch: a put when it differs from what was
 * written, a delete when the account has nothing left in the derived set (as a rebuild has it).
 */
function behaviourChange(s: EngineState, changes: Changes, account: string): void {
  const key = `behaviour:${account}`
  const record = s.book.behaviourRecord(account)
  const old = s.behaviour.get(account)
  if (record === null) {
    if (old === undefined) return
    const d: RecordDelete = { type: 'behaviour', account: old.record.account }
    changes.deletes.set(key, s.hints ? { ...d, previous: old.record } : d)
    changes.puts.delete(key)
    s.behaviour.delete(account)
    return
  }
  const put: RecordPut = { type: 'behaviour', record }
  const bytes = encodeRecord(put)
  if (old !== undefined && bytesEqual(old.bytes, bytes)) return
  changes.puts.set(key, s.hints ? { ...put, previous: old?.record ?? null } : put)
  changes.deletes.delete(key)
  s.behaviour.set(account, { record, bytes })
}

/**
 * At load every derived record is a put: keeps only those whose bytes differ from the stored
 * ones, and deletes stored records nothing derives. Returns false when a stored record can be
 * neither kept nor deleted (a miner record the log no longer derives), so write hints stay off.
 */
export function minusStored(
  s: EngineState,
  changes: Changes,
  stored: ReadonlyMap<string, Uint8Array>,
): boolean {
  // Miner records are added to the batch by diffAccountRecords (which skips those equal to
  // s.miners): add them here so they are diffed too.
  for (const account of changes.accounts) {
    const record = s.book.minerRecord(account)
    if (record === null) continue
    const put: RecordPut = { type: 'miner', record }
    const bytes = encodeRecord(put)
    s.miners.set(account, { record, bytes })
    changes.puts.set(recordKey(put), put)
  }
  // Behaviour patterns likewise (diffAccountRecords adds those that differ from s.behaviour).
  for (const account of changes.accounts) {
    const record = s.book.behaviourRecord(account)
    if (record === null) continue
    const put: RecordPut = { type: 'behaviour', record }
    s.behaviour.set(account, { record, bytes: encodeRecord(put) })
    changes.puts.set(recordKey(put), put)
  }
  const derivedKeys = new Set(changes.puts.keys())
  for (const [key, put] of changes.puts) {
    const old = stored.get(key)
    if (old !== undefined && bytesEqual(old, encodeRecord(put))) changes.puts.delete(key)
  }
  let exact = true
  for (const key of stored.keys()) {
    if (derivedKeys.has(key)) continue
    const d = deleteForKey(key)
    if (d === null) exact = false
    else changes.deletes.set(key, d)
  }
  return exact
}

/** A put carrying the stored version it replaces (null: known new), so the store skips its read. */
function withPrevious(put: RecordPut, previous: RecordPut['record'] | null): RecordPut {
  return { ...put, previous } as RecordPut
}
