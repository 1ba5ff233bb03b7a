/**
 * The few store calls the engine needs (a port), so the engine is testable against memory and
 * adapts to @aimesh/store. The write contract mirrors packages/store/src/message-write.ts: one
 * atomic batch holds the logged messages of one group commit and every derived record change.
 */
import { encodeRecordPut, type LoggedMessage, type RecordDelete, type RecordPut } from '@aimesh/store'

export type { LoggedMessage, MessageWrite, RecordDelete, RecordPut } from '@aimesh/store'
export { deleteKey, deleteOf, minerDelete, recordKey } from './record-keys.js'

/**
 * One atomic engine write (a group commit): the messages accepted together (possibly none, for
 * deadline-driven updates and repair) and every record change they cause together.
 */
export interface EngineWrite {
  messages: LoggedMessage[]
  puts: RecordPut[]
  deletes: RecordDelete[]
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

/** Encodes a record with its type's codec (the store's record table). */
export const encodeRecord: (put: RecordPut) => Uint8Array = encodeRecordPut
