/** Adapter from the engine's store port to @aimesh/store's LevelDB StateStore. */
import { type ColumnName, DERIVED_COLUMNS, type StateStore } from '@aimesh/store'
import { hex } from './ids.js'
import type { EngineStore, EngineWrite, MessageWrite } from './store-port.js'

/** Columns a dump compares: every derived column (records and indexes) plus the task→messages index. */
const DUMP_COLUMNS: readonly ColumnName[] = [...DERIVED_COLUMNS, 'taskMessages']

/**
 * The engine's record types by column; each is keyed by its 32-byte id, so the engine key is
 * `type:hex(key)` (the engine writes no other record types).
 */
const RECORD_COLUMNS: readonly [ColumnName, string][] = [
  ['tasks', 'task'],
  ['miners', 'miner'],
  ['submissions', 'submission'],
  ['validations', 'validation'],
  ['rewards', 'reward'],
  ['fraud', 'fraud'],
  ['behaviour', 'behaviour'],
  ['disputes', 'dispute'],
]

/** meta key of the repair-in-progress marker (present while a repair runs). */
const REPAIR_META_KEY = new TextEncoder().encode('engineRepairPending')

/** The engine's view of a StateStore. */
export class LevelEngineStore implements EngineStore {
  constructor(readonly store: StateStore) {}

  /** One atomic LevelDB batch for the whole group commit (the store owns keys and indexes). */
  applyWrite(write: EngineWrite): Promise<void> {
    const [first, ...rest] = write.messages
    const changes: MessageWrite = { puts: write.puts, deletes: write.deletes }
    if (write.evicted !== undefined && write.evicted.length > 0) changes.evicted = write.evicted
    if (first !== undefined) changes.message = first
    return this.store.applyMessages([changes, ...rest.map((message) => ({ message, puts: [] }))])
  }

  /** Every logged envelope. */
  async *iterateMessages(): AsyncIterable<Uint8Array> {
    for await (const m of this.store.iterateMessages()) yield m.bytes
  }

  /** Wipes derived columns, keeping the log. */
  async clearDerived(): Promise<void> {
    await this.store.clearDerived()
  }

  /** Every stored engine record, keyed `type:id-hex` (for the startup diff). */
  async readRecords(): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>()
    for (const [column, type] of RECORD_COLUMNS) {
      for (const [k, v] of await this.store.core.entries(column, {})) out.set(`${type}:${hex(k)}`, v)
    }
    return out
  }

  /** True when the repair marker is set in meta. */
  async repairPending(): Promise<boolean> {
    return (await this.store.core.readUncached('meta', REPAIR_META_KEY)) !== undefined
  }

  /** Sets or clears the repair marker in meta (one durable write, serialized with other writes). */
  setRepairPending(pending: boolean): Promise<void> {
    const op = pending
      ? { type: 'put' as const, column: 'meta' as const, key: REPAIR_META_KEY, value: new Uint8Array([1]) }
      : { type: 'del' as const, column: 'meta' as const, key: REPAIR_META_KEY }
    return this.store.core.mutex.run(() => this.store.core.batch([op]))
  }

  /** Every derived key and value, as stored (records and indexes). */
  async dumpRecords(): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>()
    for (const column of DUMP_COLUMNS) {
      for (const [k, v] of await this.store.core.entries(column, {})) out.set(`${column}:${hex(k)}`, v)
    }
    return out
  }
}
