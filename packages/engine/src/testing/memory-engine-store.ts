/**
 * An in-memory EngineStore (DESIGN §7 port) for tests: the same all-or-nothing batches as the
 * LevelDB adapter, no disk. A test double, so it lives in the `@aimesh/engine/testing` entry.
 */
import { hex } from '../ids.js'
import { deleteKey, recordKey } from '../record-keys.js'
import { type EngineStore, type EngineWrite, encodeRecord, type PrunedMessage } from '../store-port.js'

/** An in-memory EngineStore for unit tests: same atomicity, no disk. */
export class MemoryEngineStore implements EngineStore {
  readonly log = new Map<string, Uint8Array>()
  readonly records = new Map<string, Uint8Array>()
  /** Task (hex) of every message id held (hex), bodies pruned or not. */
  readonly taskOf = new Map<string, string>()
  /** Stubs of pruned messages by id (hex). */
  readonly stubs = new Map<string, Uint8Array>()
  /** Engine state entries by key (hex). */
  readonly state = new Map<string, Uint8Array>()
  /** Batches committed, for tests. */
  writes = 0

  /** Commits a batch (all in one synchronous step, so it is atomic). */
  async applyWrite(write: EngineWrite): Promise<void> {
    for (const m of write.messages) {
      this.log.set(hex(m.id), m.bytes)
      this.taskOf.set(hex(m.id), hex(m.taskId))
    }
    for (const e of write.evicted ?? []) {
      this.log.delete(hex(e.id))
      this.taskOf.delete(hex(e.id))
      this.stubs.delete(hex(e.id))
    }
    for (const d of write.deletes) this.records.delete(deleteKey(d))
    for (const p of write.puts) this.records.set(recordKey(p), encodeRecord(p))
    for (const e of write.state ?? []) {
      if (e.value === null) this.state.delete(hex(e.key))
      else this.state.set(hex(e.key), e.value)
    }
    this.writes++
  }

  /** Engine state entries. */
  async *engineState(): AsyncIterable<[Uint8Array, Uint8Array]> {
    for (const [k, v] of [...this.state]) yield [Buffer.from(k, 'hex'), v]
  }

  /** Every (task, message) id pair held. */
  async *taskMessageIds(): AsyncIterable<{ taskId: Uint8Array; id: Uint8Array; stub?: Uint8Array }> {
    for (const [id, task] of [...this.taskOf]) {
      const stub = this.stubs.get(id)
      const entry = { taskId: Buffer.from(task, 'hex'), id: Buffer.from(id, 'hex') }
      yield stub === undefined ? entry : { ...entry, stub }
    }
  }

  /** A pruned message's stub. */
  readStubSync(_taskId: Uint8Array, id: Uint8Array): Uint8Array | undefined {
    return this.stubs.get(hex(id))
  }

  /** Envelopes by id. */
  async readMessages(ids: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    return ids.map((id) => this.log.get(hex(id)))
  }

  /** An envelope by id. */
  readMessageSync(id: Uint8Array): Uint8Array | undefined {
    return this.log.get(hex(id))
  }

  /** An engine state entry by key. */
  readEngineStateSync(key: Uint8Array): Uint8Array | undefined {
    return this.state.get(hex(key))
  }

  /** Drops bodies, keeps ids with their stubs. */
  async pruneMessages(pruned: readonly PrunedMessage[]): Promise<number> {
    let n = 0
    for (const p of pruned) {
      if (!this.log.delete(hex(p.id))) continue
      this.stubs.set(hex(p.id), p.stub)
      n++
    }
    return n
  }

  /** Every logged envelope. */
  async *iterateMessages(): AsyncIterable<Uint8Array> {
    for (const bytes of [...this.log.values()]) yield bytes
  }

  /** Drops derived records. */
  async clearDerived(): Promise<void> {
    this.records.clear()
    this.state.clear()
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
