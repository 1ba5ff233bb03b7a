/**
 * The few store calls the engine needs (a port), so the engine is testable against memory and
 * adapts to @aimesh/store. The write contract mirrors packages/store/src/message-write.ts: one
 * atomic batch holds the logged messages of one group commit and every derived record change.
 */
import type { MinerRecord } from '@aimesh/protocol'
import {
  type EvictedMessage,
  encodeRecordPut,
  type LoggedMessage,
  type RecordDelete,
  type RecordPut,
} from '@aimesh/store'
import { hex } from './ids.js'

export type { EvictedMessage, LoggedMessage, MessageWrite, RecordDelete, RecordPut } from '@aimesh/store'

/**
 * One atomic engine write (a group commit): the messages accepted together (possibly none, for
 * deadline-driven updates and repair) and every record change they cause together.
 */
export interface EngineWrite {
  messages: LoggedMessage[]
  puts: RecordPut[]
  deletes: RecordDelete[]
  /** Held messages a scope dropped for lower ids (DESIGN §5.8), removed from the log in the same batch. */
  evicted?: EvictedMessage[]
}

/** What the engine needs from persistence. */
export interface EngineStore {
  /** Commits one atomic batch: all the messages and record changes, or none of them. */
  applyWrite(write: EngineWrite): Promise<void>
  /** Every logged envelope, any order (for load and repair). */
  iterateMessages(): AsyncIterable<Uint8Array>
  /** Deletes every derived record and index, keeping the message log (repair). */
  clearDerived(): Promise<void>
  /** Every derived record, encoded, keyed `type:key-hex` (for dumps and equality tests). */
  dumpRecords(): Promise<Map<string, Uint8Array>>
  /**
   * Every stored derived record, encoded, keyed like `recordKey` (`type:id-hex`), so `open` writes
   * only what differs. Optional: without it `open` rewrites every record.
   */
  readRecords?(): Promise<Map<string, Uint8Array>>
  /** True while a repair is in progress (set before clearDerived, cleared after the rebuild). */
  repairPending?(): Promise<boolean>
  /** Sets or clears the repair-in-progress marker (durably, before returning). */
  setRepairPending?(pending: boolean): Promise<void>
}

/** The primary key of a record as hex (the store's key for every type but transitions). */
export function recordKey(put: RecordPut): string {
  switch (put.type) {
    case 'task':
      return `task:${hex(put.record.id)}`
    case 'transition':
      return `transition:${hex(put.record.taskId)}:${put.record.at}:${put.record.to}`
    case 'miner':
      return `miner:${hex(put.record.account)}`
    case 'submission':
      return `submission:${hex(put.record.id)}`
    case 'validation':
      return `validation:${hex(put.record.id)}`
    case 'reward':
      return `reward:${hex(put.record.taskId)}`
    case 'fraud':
      return `fraud:${hex(put.record.subjectId)}`
    case 'behaviour':
      return `behaviour:${hex(put.record.account)}`
    case 'dispute':
      return `dispute:${hex(put.record.id)}`
  }
}

/** The delete for a record of a put, or null for types that are never deleted. */
export function deleteOf(put: RecordPut): RecordDelete | null {
  switch (put.type) {
    case 'task':
      return { type: 'task', id: put.record.id }
    case 'submission':
      return { type: 'submission', id: put.record.id }
    case 'validation':
      return { type: 'validation', id: put.record.id }
    case 'reward':
      return { type: 'reward', taskId: put.record.taskId }
    case 'fraud':
      return { type: 'fraud', subjectId: put.record.subjectId }
    case 'dispute':
      return { type: 'dispute', id: put.record.id }
    default:
      return null
  }
}

/**
 * The delete of a miner record (an account whose only activity left the derived set), with the
 * previous version as the store's index-diff hint when the engine holds it.
 */
export function minerDelete(account: Uint8Array, previous?: MinerRecord | null): RecordDelete {
  return previous === undefined ? { type: 'miner', id: account } : { type: 'miner', id: account, previous }
}

/** Encodes a record with its type's codec (the store's record table). */
export const encodeRecord: (put: RecordPut) => Uint8Array = encodeRecordPut

/** The dump key of a delete. */
export function deleteKey(d: RecordDelete): string {
  switch (d.type) {
    case 'reward':
      return `reward:${hex(d.taskId)}`
    case 'fraud':
      return `fraud:${hex(d.subjectId)}`
    case 'behaviour':
      return `behaviour:${hex(d.account)}`
    default:
      return `${d.type}:${hex(d.id)}`
  }
}

/** An in-memory EngineStore for unit tests: same atomicity, no disk. */
export class MemoryEngineStore implements EngineStore {
  readonly log = new Map<string, Uint8Array>()
  readonly records = new Map<string, Uint8Array>()
  /** Batches committed, for tests. */
  writes = 0

  /** Commits a batch (all in one synchronous step, so it is atomic). */
  async applyWrite(write: EngineWrite): Promise<void> {
    for (const m of write.messages) this.log.set(hex(m.id), m.bytes)
    for (const e of write.evicted ?? []) this.log.delete(hex(e.id))
    for (const d of write.deletes) this.records.delete(deleteKey(d))
    for (const p of write.puts) this.records.set(recordKey(p), encodeRecord(p))
    this.writes++
  }

  /** Every logged envelope. */
  async *iterateMessages(): AsyncIterable<Uint8Array> {
    for (const bytes of [...this.log.values()]) yield bytes
  }

  /** Drops derived records. */
  async clearDerived(): Promise<void> {
    this.records.clear()
  }

  /** A copy of every record. */
  async dumpRecords(): Promise<Map<string, Uint8Array>> {
    return new Map(this.records)
  }

  /** A copy of every record (same keys as recordKey). */
  async readRecords(): Promise<Map<string, Uint8Array>> {
    return new Map(this.records)
  }

  /** The repair marker. */
  repairing = false

  async repairPending(): Promise<boolean> {
    return this.repairing
  }

  async setRepairPending(pending: boolean): Promise<void> {
    this.repairing = pending
  }
}
