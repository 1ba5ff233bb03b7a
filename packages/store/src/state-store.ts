/**
 * The node's memory: a LevelDB with one sublevel per column family, typed repositories over them,
 * and one write path — every applied message (and every single-record helper) is ONE batch with
 * its records and index diff.
 */
import { join } from 'node:path'
import { bytesEqual } from '@aimesh/protocol'
import type { ClassicLevel } from 'classic-level'
import { type BackupOptions, type BackupStats, createBackup } from './backup/create.js'
import { rotateBackups } from './backup/rotate.js'
import type { CacheStats } from './cache.js'
import { type COLUMN_NAMES, type Column, type ColumnName, DERIVED_COLUMNS, openColumns } from './columns.js'
import { type RawOp, StoreCore } from './core.js'
import { StoreError } from './errors.js'
import {
  exportRecords,
  importPending,
  importRecords,
  iterateEngineState,
  iterateTaskMessageIds,
  type PrunedMessage,
  pruneMessages,
  readEngineState,
  readMessageSync,
  readMessages,
  readStubSync,
  type StateRecord,
  type TaskMessageEntry,
} from './history.js'
import { checkIntegrity, type IntegrityReport } from './integrity.js'
import { hex } from './keys.js'
import { openRootDb } from './lock.js'
import type { MessageWrite, RecordDelete, RecordPut } from './message-write.js'
import type { StoreMetrics } from './metrics.js'
import {
  MIGRATIONS,
  type Migration,
  type MigrationResult,
  migrate,
  readSchemaVersion,
  SCHEMA_META_KEY,
  SCHEMA_VERSION,
} from './migrations.js'
import { RECORD_KINDS, type RecordType } from './records.js'
import { DisputeRepository } from './repositories/disputes.js'
import { FraudRepository } from './repositories/fraud.js'
import { MessageRepository, type StoredMessage } from './repositories/messages.js'
import { MinerRepository } from './repositories/miners.js'
import { RewardRepository } from './repositories/rewards.js'
import { SnapshotRepository } from './repositories/snapshots.js'
import { SubmissionRepository } from './repositories/submissions.js'
import { TaskRepository } from './repositories/tasks.js'
import { ValidationRepository } from './repositories/validations.js'

/** Default number of records held in the LRU cache. */
export const DEFAULT_CACHE_SIZE = 20_000

/** Largest number of deletes `clearDerived` puts in one batch (keeps memory bounded). */
const CLEAR_CHUNK = 10_000

/** How to open a store. */
export interface StoreOptions {
  /** LRU cache capacity in records (0 disables the cache). */
  cacheSize?: number
  metrics?: StoreMetrics | null
  /**
   * How a write reads the stored versions it needs for the index diff when they are neither in the
   * cache nor given as a `previous` hint. 'sync' (default): LevelDB point reads on the calling thread
   * — for a new record this is a bloom-filter miss of a few microseconds, far cheaper than a trip
   * through LevelDB's thread pool (measured: that trip alone cost ~25–50% of write throughput), but
   * an old record whose block is not in the OS page cache blocks the event loop for one disk read.
   * 'async': one getMany on the thread pool per write (never blocks, slower).
   */
  previousReads?: 'sync' | 'async'
  /** @internal Keys deleted per batch by `clearDerived` (default 10 000; tests lower it). */
  clearChunk?: number
  /** Override the target schema and migrations (tests, and future versions). */
  schemaVersion?: number
  migrations?: readonly Migration[]
}

/** What a cleanup removed. */
export interface CleanupStats {
  metricsSnapshots: number
}

/** What compaction did. */
export interface CompactionStats {
  approximateBytesBefore: number
  approximateBytesAfter: number
}

const WHOLE_KEYSPACE = { start: new Uint8Array([0x00]), end: new Uint8Array([0xff, 0xff, 0xff, 0xff]) }

/** An open store. */
export class StateStore {
  readonly location: string
  /** @internal shared core; repositories and backups use it. */
  readonly core: StoreCore
  readonly migration: MigrationResult
  readonly tasks: TaskRepository
  readonly miners: MinerRepository
  readonly submissions: SubmissionRepository
  readonly validations: ValidationRepository
  readonly rewards: RewardRepository
  readonly fraud: FraudRepository
  readonly disputes: DisputeRepository
  readonly snapshots: SnapshotRepository
  readonly messages: MessageRepository
  readonly #clearChunk: number

  private constructor(location: string, core: StoreCore, migration: MigrationResult, clearChunk: number) {
    this.location = location
    this.#clearChunk = clearChunk
    this.core = core
    this.migration = migration
    this.tasks = new TaskRepository(core)
    this.miners = new MinerRepository(core)
    this.submissions = new SubmissionRepository(core)
    this.validations = new ValidationRepository(core)
    this.rewards = new RewardRepository(core)
    this.fraud = new FraudRepository(core)
    this.disputes = new DisputeRepository(core)
    this.snapshots = new SnapshotRepository(core)
    this.messages = new MessageRepository(core)
  }

  /** Opens (creating if needed) the store at `dir`; LOCKED if another process has it, SCHEMA_TOO_NEW if newer. */
  static async open(dir: string, options: StoreOptions = {}): Promise<StateStore> {
    const root = await openRootDb(dir)
    const core = new StoreCore(
      openColumns(root),
      options.cacheSize ?? DEFAULT_CACHE_SIZE,
      options.metrics ?? null,
      options.previousReads ?? 'sync',
    )
    try {
      const migration = await migrate(
        core,
        `data dir ${dir}`,
        options.schemaVersion ?? SCHEMA_VERSION,
        options.migrations ?? MIGRATIONS,
      )
      return new StateStore(dir, core, migration, Math.max(1, options.clearChunk ?? CLEAR_CHUNK))
    } catch (err) {
      await root.close()
      throw err
    }
  }

  /** The `trust` sublevel, for the level trust backend. */
  get trust(): Column {
    return this.core.columns.byName.trust
  }

  /** The `trustUpdates` sublevel, for the level trust backend. */
  get trustUpdates(): Column {
    return this.core.columns.byName.trustUpdates
  }

  /** Applies one message and everything it changes as ONE atomic batch (serialized with other writes). */
  applyMessage(write: MessageWrite): Promise<void> {
    return this.core.commit(write)
  }

  /**
   * Applies several messages' writes as ONE atomic batch (a group commit), in order: all of them or
   * none. Each write's record changes see the earlier writes' versions, as separate calls would.
   */
  applyMessages(writes: readonly MessageWrite[]): Promise<void> {
    return this.core.commitMany(writes)
  }

  /** Record puts and deletes without a message, as one batch. */
  batch(puts: RecordPut[], deletes: RecordDelete[] = []): Promise<void> {
    return this.core.commit({ puts, deletes })
  }

  /** True when the message is in the log. */
  hasMessage(id: Uint8Array): Promise<boolean> {
    return this.messages.has(id)
  }

  /** The logged envelope bytes, or undefined. */
  getMessage(id: Uint8Array): Promise<Uint8Array | undefined> {
    return this.messages.get(id)
  }

  /** A task's message ids, sorted. */
  listTaskMessageIds(taskId: Uint8Array): Promise<Uint8Array<ArrayBuffer>[]> {
    return this.messages.listForTask(taskId)
  }

  /** Every logged message (for repair). */
  iterateMessages(): AsyncIterable<StoredMessage> {
    return this.messages.iterate()
  }

  /**
   * Wipes every derived column and index (keeps the log, task→messages, trust, meta and metrics)
   * so repair can re-apply the log. Deletes go in bounded batches; a crash midway leaves a partial
   * wipe, so the caller should mark repair as in progress in meta and rerun it. Returns keys removed.
   */
  clearDerived(): Promise<number> {
    return this.core.mutex.run(async () => {
      this.core.assertOpen()
      let removed = 0
      for (const column of DERIVED_COLUMNS) {
        // Each chunk continues after the previous one's last key: restarting from the start of the
        // column would step over every tombstone already written (quadratic in the column size).
        let after: Uint8Array | undefined
        for (;;) {
          const range =
            after === undefined ? { limit: this.#clearChunk } : { gt: after, limit: this.#clearChunk }
          const keys = await this.core.keys(column, range)
          if (keys.length === 0) break
          await this.core.batch(keys.map((key): RawOp => ({ type: 'del', column, key })))
          removed += keys.length
          after = keys[keys.length - 1]
        }
      }
      this.core.cache.clear()
      return removed
    })
  }

  /** Walks every record and index entry; reports missing and dangling entries. */
  checkIntegrity(): Promise<IntegrityReport> {
    return checkIntegrity(this.core)
  }

  /**
   * Cleanup: removes metrics snapshots older than `now − retentionMs`. Derived records are the
   * engine's (it keeps them equal to its state) and message bodies go only when folded into a
   * certified checkpoint (`pruneMessages`, DESIGN §5.6), so neither is touched here.
   */
  async cleanupExpired(retentionMs: number, now: number = Date.now()): Promise<CleanupStats> {
    const before = Math.max(0, now - retentionMs)
    return { metricsSnapshots: await this.snapshots.deleteOlderThan(before) }
  }

  /** Every engine state entry (what the engine loads at open), in key order. */
  iterateEngineState(): AsyncIterable<[Uint8Array, Uint8Array]> {
    return iterateEngineState(this.core)
  }

  /** One engine state value, or undefined. */
  readEngineState(key: Uint8Array): Promise<Uint8Array | undefined> {
    return readEngineState(this.core, key)
  }

  /** Every (task id, message id) pair of the task→messages index: the ids held, pruned or not. */
  iterateTaskMessageIds(): AsyncIterable<TaskMessageEntry> {
    return iterateTaskMessageIds(this.core)
  }

  /**
   * The stub of a pruned message, read synchronously (undefined while its body is held or the id
   * is unknown); null when this backend has no synchronous reads.
   */
  readStubSync(taskId: Uint8Array, id: Uint8Array): Uint8Array | undefined | null {
    if (!this.core.syncReads) return null
    return readStubSync(this.core, taskId, id)
  }

  /** Logged envelopes by id, in the order asked; undefined where pruned or not held. */
  readMessages(ids: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    return readMessages(this.core, ids)
  }

  /**
   * One logged envelope by id, read synchronously on the calling thread (a cold block costs one
   * disk read on the event loop), or undefined; null when this backend has no synchronous reads.
   */
  readMessageSync(id: Uint8Array): Uint8Array | undefined | null {
    if (!this.core.syncReads) return null
    return readMessageSync(this.core, id)
  }

  /**
   * One engine state value by key, read synchronously on the calling thread, or undefined; null
   * when this backend has no synchronous reads.
   */
  readEngineStateSync(key: Uint8Array): Uint8Array | undefined | null {
    if (!this.core.syncReads) return null
    return this.core.readSync('engineState', key)
  }

  /**
   * Deletes the bodies of messages folded into a certified checkpoint (DESIGN §5.6), keeping their
   * ids with each one's stub; returns how many bodies went. The engine decides which and makes the
   * stubs (Engine.pruneFolded).
   */
  pruneMessages(pruned: readonly PrunedMessage[]): Promise<number> {
    return pruneMessages(this.core, pruned)
  }

  /** The state as records through one snapshot (see history.ts EXPORT_COLUMNS). */
  exportRecords(): AsyncIterable<StateRecord> {
    return exportRecords(this.core)
  }

  /** Writes exported records into this fresh store (TARGET_NOT_EMPTY if it holds state). */
  importRecords(records: AsyncIterable<StateRecord>): Promise<number> {
    return importRecords(this.core, records)
  }

  /** True while an import was started and not finished. */
  importPending(): Promise<boolean> {
    return importPending(this.core)
  }

  /** Compacts the whole key space (reclaims space after cleanup). */
  async compact(): Promise<CompactionStats> {
    this.core.assertOpen()
    // In Node, `level` is classic-level, which has compaction; the `Level` type does not declare it.
    const root = this.core.columns.root as unknown as ClassicLevel<Uint8Array, Uint8Array>
    const approximateBytesBefore = await root.approximateSize(WHOLE_KEYSPACE.start, WHOLE_KEYSPACE.end)
    await root.compactRange(WHOLE_KEYSPACE.start, WHOLE_KEYSPACE.end)
    const approximateBytesAfter = await root.approximateSize(WHOLE_KEYSPACE.start, WHOLE_KEYSPACE.end)
    return { approximateBytesBefore, approximateBytesAfter }
  }

  /** Writes a consistent (snapshot) backup into `dir`, which must not exist or be empty. */
  backup(dir: string, options: BackupOptions = {}): Promise<BackupStats> {
    return createBackup(this.core, dir, options)
  }

  /** Writes a backup into a new timestamped directory under `root`, then keeps only the newest `keep`. */
  async backupInto(root: string, options: BackupOptions & { keep?: number } = {}): Promise<BackupStats> {
    const now = options.now ?? Date.now()
    const kind = options.kind ?? 'full'
    const name = `backup-${new Date(now).toISOString().replace(/[:.]/g, '-')}-${kind}`
    const stats = await createBackup(this.core, join(root, name), { ...options, now })
    if (options.keep !== undefined) await rotateBackups(root, options.keep)
    return stats
  }

  /** Cache hit/miss counts. */
  cacheStats(): CacheStats {
    return this.core.cache.stats()
  }

  /** The stored schema version. */
  async schemaVersion(): Promise<number> {
    const v = await readSchemaVersion(this.core)
    if (v === undefined) throw new StoreError('NOT_FOUND', 'the store has no schema version; reopen it')
    return v
  }

  /** Number of entries in a column (a full key scan; for diagnostics and tests). */
  async count(column: (typeof COLUMN_NAMES)[number]): Promise<number> {
    this.core.assertOpen()
    let n = 0
    for await (const _ of this.core.columns.byName[column].keys()) n++
    return n
  }

  /**
   * Every stored record of one type as (primary key, encoded record), in key order: what the
   * engine compares its derived records with at open (DESIGN §7).
   */
  recordEntries(type: RecordType): Promise<[Uint8Array, Uint8Array][]> {
    return this.core.entries(RECORD_KINDS[type].column, {})
  }

  /** Every entry of the given columns, keyed `column:key-hex` (for dumps and equality checks). */
  async dumpColumns(columns: readonly ColumnName[]): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>()
    for (const column of columns) {
      for (const [k, v] of await this.core.entries(column, {})) out.set(`${column}:${hex(k)}`, v)
    }
    return out
  }

  /** True when the named flag is set in meta (e.g. a repair in progress). */
  async flag(name: string): Promise<boolean> {
    return (await this.core.readUncached('meta', flagKey(name))) !== undefined
  }

  /** Sets or clears a named flag in meta: one durable write, serialized with other writes. */
  setFlag(name: string, set: boolean): Promise<void> {
    const k = flagKey(name)
    const op: RawOp = set
      ? { type: 'put', column: 'meta', key: k, value: new Uint8Array([1]) }
      : { type: 'del', column: 'meta', key: k }
    return this.core.mutex.run(() => this.core.batch([op]))
  }

  /** Waits for queued writes, then closes the database. Idempotent. */
  async close(): Promise<void> {
    await this.core.mutex.idle()
    this.core.markClosed()
    const root = this.core.columns.root
    if (root.status === 'open' || root.status === 'opening') await root.close()
  }
}

/**
 * The meta key of a named flag: the name itself (the engine's repair marker has always been the
 * meta key `engineRepairPending`), never the schema version's key.
 */
function flagKey(name: string): Uint8Array {
  const k = new TextEncoder().encode(name)
  if (name.length === 0 || bytesEqual(k, SCHEMA_META_KEY))
    throw new StoreError('INVALID_ARGUMENT', `"${name}" cannot name a flag; pick another name`)
  return k
}
