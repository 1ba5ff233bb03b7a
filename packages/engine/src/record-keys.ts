/**
 * How the engine names and deletes each record type (DESIGN §7): one row per type, next to the
 * store's RECORD_KINDS table, so a new record type is one row here and one there. Keys are
 * `type:id-hex`, the store's primary key in hex; transitions (history, never deleted) are keyed by
 * task, time and status.
 */
import type { MinerRecord } from '@aimesh/protocol'
import type { RecordDelete, RecordPut, RecordType, RecordTypes } from '@aimesh/store'
import { hex } from './ids.js'

/** Every record type but transitions: each is keyed by one id and can be deleted by it. */
export type DeletableRecordType = Exclude<RecordType, 'transition'>

/** How one deletable record type is keyed and deleted. */
export interface DeletableRecordRow<K extends DeletableRecordType> {
  /** The record's primary id (the store's key). */
  id(record: RecordTypes[K]): Uint8Array
  /** The delete of the record with this id. */
  remove(id: Uint8Array): Extract<RecordDelete, { type: K }>
  /** The id a delete names. */
  idOf(d: Extract<RecordDelete, { type: K }>): Uint8Array
}

/** The key and delete table of every deletable record type. */
export const DELETABLE_RECORDS: { readonly [K in DeletableRecordType]: DeletableRecordRow<K> } = {
  task: { id: (r) => r.id, remove: (id) => ({ type: 'task', id }), idOf: (d) => d.id },
  miner: { id: (r) => r.account, remove: (id) => ({ type: 'miner', id }), idOf: (d) => d.id },
  submission: { id: (r) => r.id, remove: (id) => ({ type: 'submission', id }), idOf: (d) => d.id },
  validation: { id: (r) => r.id, remove: (id) => ({ type: 'validation', id }), idOf: (d) => d.id },
  reward: { id: (r) => r.taskId, remove: (taskId) => ({ type: 'reward', taskId }), idOf: (d) => d.taskId },
  fraud: {
    id: (r) => r.subjectId,
    remove: (subjectId) => ({ type: 'fraud', subjectId }),
    idOf: (d) => d.subjectId,
  },
  behaviour: {
    id: (r) => r.account,
    remove: (account) => ({ type: 'behaviour', account }),
    idOf: (d) => d.account,
  },
  dispute: { id: (r) => r.id, remove: (id) => ({ type: 'dispute', id }), idOf: (d) => d.id },
}

/**
 * The table seen through the union of its rows: a put's record and a delete always come with their
 * own type's row (the lookup is by their `type`), which TypeScript cannot correlate on its own.
 */
const ROWS = DELETABLE_RECORDS as unknown as Readonly<
  Record<DeletableRecordType, DeletableRecordRow<DeletableRecordType>>
>

function isDeletable(type: string): type is DeletableRecordType {
  return Object.hasOwn(DELETABLE_RECORDS, type)
}

/** The primary key of a record as hex (the store's key for every type but transitions). */
export function recordKey(put: RecordPut): string {
  if (put.type === 'transition')
    return `transition:${hex(put.record.taskId)}:${put.record.at}:${put.record.to}`
  return `${put.type}:${hex(ROWS[put.type].id(put.record))}`
}

/**
 * The delete for the record of a put, or null for transitions (history, never deleted). Miner and
 * behaviour records are deleted by account (minerDelete, `deleteForKey`).
 */
export function deleteOf(put: RecordPut): RecordDelete | null {
  if (put.type === 'transition') return null
  const row = ROWS[put.type]
  return row.remove(row.id(put.record))
}

/** The delete of a stored record by its key (`type:id-hex`), or null for types never deleted. */
export function deleteForKey(key: string): RecordDelete | null {
  const at = key.indexOf(':')
  const type = key.slice(0, at)
  if (!isDeletable(type)) return null
  return ROWS[type].remove(Uint8Array.from(Buffer.from(key.slice(at + 1), 'hex')))
}

/** The dump key of a delete. */
export function deleteKey(d: RecordDelete): string {
  return `${d.type}:${hex(ROWS[d.type].idOf(d))}`
}

/**
 * The delete of a miner record (an account whose only activity left the derived set), with the
 * previous version as the store's index-diff hint when the engine holds it.
 */
export function minerDelete(account: Uint8Array, previous?: MinerRecord | null): RecordDelete {
  return previous === undefined ? { type: 'miner', id: account } : { type: 'miner', id: account, previous }
}
