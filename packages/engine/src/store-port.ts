/**
 * The few store calls the engine needs (a port), so the engine is testable against memory and
 * adapts to @aimesh/store. The write contract mirrors packages/store/src/message-write.ts: one
 * atomic batch holds the logged messages of one group commit and every derived record change.
 */
import {
  type EngineStateEntry,
  type EvictedMessage,
  encodeRecordPut,
  type LoggedMessage,
  type PrunedMessage,
  type RecordDelete,
  type RecordPut,
} from '@aimesh/store'

export type {
  EngineStateEntry,
  EvictedMessage,
  LoggedMessage,
  MessageWrite,
  PrunedMessage,
  RecordDelete,
  RecordPut,
} from '@aimesh/store'
export { deleteKey, deleteOf, minerDelete, recordKey } from './record-keys.js'

/**
 * One atomic engine write (a group commit): the messages accepted together (possibly none, for
 * deadline-driven updates and repair) and every record change they cause together.
 */
export interface EngineWrite {
  messages: LoggedMessage[]
  puts: RecordPut[]
  deletes: RecordDelete[]
  /** The engine's own derived state that goes with them (derived-state.ts), same batch. */
  state?: EngineStateEntry[]
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
  /**
   * Every engine state entry (derived-state.ts). With it (and taskMessageIds) `open` loads what
   * was derived instead of re-deriving the log (DESIGN §5.12).
   */
  engineState?(): AsyncIterable<[Uint8Array, Uint8Array]>
  /** Every (task id, message id) held, bodies pruned or not (a pruned one with its stub). */
  taskMessageIds?(): AsyncIterable<{ taskId: Uint8Array; id: Uint8Array; stub?: Uint8Array }>
  /** The ids held of one task, sorted. */
  taskMessageIdsOf?(taskId: Uint8Array): Promise<Uint8Array[]>
  /** Logged envelopes by id, in the order asked; undefined where pruned or not held. */
  readMessages?(ids: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]>
  /**
   * Drops the bodies of these messages, keeping their ids with each one's stub (DESIGN §5.6,
   * stubs.ts); returns bodies removed.
   */
  pruneMessages?(pruned: readonly PrunedMessage[]): Promise<number>
  /** The stub of a pruned message, read synchronously (undefined while its body is held), or null. */
  readStubSync?(taskId: Uint8Array, id: Uint8Array): Uint8Array | undefined | null
  /**
   * One logged envelope by id, read synchronously (undefined when absent), or null when this store
   * cannot read synchronously. With it, envelopes of tasks not in use stay on disk (DESIGN §5.12).
   */
  readMessageSync?(id: Uint8Array): Uint8Array | undefined | null
  /**
   * One engine state entry (derived-state.ts) by key, read synchronously (undefined when absent), or
   * null when this store cannot. With it, derivations of tasks not in use stay on disk (DESIGN §5.12).
   */
  readEngineStateSync?(key: Uint8Array): Uint8Array | undefined | null
}

/** Encodes a record with its type's codec (the store's record table). */
export const encodeRecord: (put: RecordPut) => Uint8Array = encodeRecordPut
