/**
 * The adapter from the engine's store port (store-port.ts) to @aimesh/store's LevelDB StateStore
 * (DESIGN §7). It uses only the StateStore's own methods: the store's internals stay its own.
 */
import { type ColumnName, DERIVED_COLUMNS, type StateStore } from '@aimesh/store'
import { hex } from './ids.js'
import { DELETABLE_RECORDS, type DeletableRecordType } from './record-keys.js'
import type { EngineStore, EngineWrite, MessageWrite, PrunedMessage } from './store-port.js'

/**
 * Columns a dump compares: every derived record and index plus the task→messages index (not the
 * engine's own state: its bytes are a cache of the records, not what nodes compare).
 */
const DUMP_COLUMNS: readonly ColumnName[] = [
  ...DERIVED_COLUMNS.filter((c) => c !== 'engineState'),
  'taskMessages',
]

/**
 * The record types the engine compares at open: those keyed by one 32-byte id (the engine key is
 * `type:hex(key)`); transitions are history the engine never rewrites.
 */
const RECORD_TYPES = Object.keys(DELETABLE_RECORDS) as DeletableRecordType[]

/** The store flag set while a repair runs. */
const REPAIR_FLAG = 'engineRepairPending'

/** The engine's view of a StateStore. */
export class LevelEngineStore implements EngineStore {
  constructor(readonly store: StateStore) {}

  /** One atomic LevelDB batch for the whole group commit (the store owns keys and indexes). */
  applyWrite(write: EngineWrite): Promise<void> {
    const [first, ...rest] = write.messages
    const changes: MessageWrite = { puts: write.puts, deletes: write.deletes }
    if (write.state !== undefined) changes.engineState = write.state
    if (write.evicted !== undefined && write.evicted.length > 0) changes.evicted = write.evicted
    if (first !== undefined) changes.message = first
    return this.store.applyMessages([changes, ...rest.map((message) => ({ message, puts: [] }))])
  }

  /** Every logged envelope. */
  async *iterateMessages(): AsyncIterable<Uint8Array> {
    for await (const m of this.store.iterateMessages()) yield m.bytes
  }

  /** Engine state entries (what open loads). */
  engineState(): AsyncIterable<[Uint8Array, Uint8Array]> {
    return this.store.iterateEngineState()
  }

  /** Every (task, message) id pair held, bodies pruned or not. */
  taskMessageIds(): AsyncIterable<{ taskId: Uint8Array; id: Uint8Array; stub?: Uint8Array }> {
    return this.store.iterateTaskMessageIds()
  }

  /** One task's ids, sorted. */
  taskMessageIdsOf(taskId: Uint8Array): Promise<Uint8Array[]> {
    return this.store.listTaskMessageIds(taskId)
  }

  /** Envelopes by id. */
  readMessages(ids: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    return this.store.readMessages(ids)
  }

  /** An envelope by id, read synchronously (null: this backend cannot). */
  readMessageSync(id: Uint8Array): Uint8Array | undefined | null {
    return this.store.readMessageSync(id)
  }

  /** An engine state entry by key, read synchronously (null: this backend cannot). */
  readEngineStateSync(key: Uint8Array): Uint8Array | undefined | null {
    return this.store.readEngineStateSync(key)
  }

  /** Drops bodies, keeps ids with their stubs. */
  pruneMessages(pruned: readonly PrunedMessage[]): Promise<number> {
    return this.store.pruneMessages(pruned)
  }

  /** A pruned message's stub, read synchronously (null: this backend cannot). */
  readStubSync(taskId: Uint8Array, id: Uint8Array): Uint8Array | undefined | null {
    return this.store.readStubSync(taskId, id)
  }

  /** Wipes derived columns, keeping the log. */
  async clearDerived(): Promise<void> {
    await this.store.clearDerived()
  }

  /** Every stored engine record, keyed `type:id-hex` (for the startup diff). */
  async readRecords(): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>()
    for (const type of RECORD_TYPES) {
      for (const [k, v] of await this.store.recordEntries(type)) out.set(`${type}:${hex(k)}`, v)
    }
    return out
  }

  /** True when the repair marker is set in meta. */
  repairPending(): Promise<boolean> {
    return this.store.flag(REPAIR_FLAG)
  }

  /** Sets or clears the repair marker in meta (one durable write, serialized with other writes). */
  setRepairPending(pending: boolean): Promise<void> {
    return this.store.setFlag(REPAIR_FLAG, pending)
  }

  /** Every derived key and value, as stored (records and indexes). */
  dumpRecords(): Promise<Map<string, Uint8Array>> {
    return this.store.dumpColumns(DUMP_COLUMNS)
  }
}
