/**
 * An in-memory EngineStore (DESIGN §7 port) for tests: the same all-or-nothing batches as the
 * LevelDB adapter, no disk. A test double, so it lives in the `@aimesh/engine/testing` entry.
 */
import { hex } from '../ids.js'
import { deleteKey, recordKey } from '../record-keys.js'
import { type EngineStore, type EngineWrite, encodeRecord } from '../store-port.js'

/** An in-memory EngineStore for unit tests: same atomicity, no disk. */
export class MemoryEngineStore implements EngineStore {
  readonly log = new Map<string, Uint8Array>()
  readonly records = new Map<string, Uint8Array>()
  /** Batches committed, for tests. */
  writes = 0

  /** Commits a batch (all in one synchronous step, so it is atomic). */
  async applyWrite(write: EngineWrite): Promise<void> {
    for (const m of write.messages) this.log.set(hex(m.id), m.bytes)
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
