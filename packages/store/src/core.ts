/**
 * The store's read/write core shared by every repository: cached point reads, range scans, and
 * the one write path — every change, message or not, becomes ONE root batch with its index diff.
 */
import { ABSENT, cacheKey, RecordCache } from './cache.js'
import type { ColumnName, Columns } from './columns.js'
import { StoreError } from './errors.js'
import { indexKeys } from './indexes.js'
import { checkId, EMPTY_VALUE, hex, key, plain } from './keys.js'
import type { MessageWrite, RecordDelete } from './message-write.js'
import { type StoreMetrics, since } from './metrics.js'
import { Mutex } from './mutex.js'
import { decodeStoredRecord, RECORD_KINDS, type RecordType, type RecordTypes } from './records.js'

/** A raw operation on one column (for writes outside the record table: metrics, meta, log). */
export interface RawOp {
  type: 'put' | 'del'
  column: ColumnName
  key: Uint8Array
  value?: Uint8Array
}

/** A record removal by type and primary key (the public RecordDelete, normalized). */
export interface KeyedDelete {
  type: RecordType
  key: Uint8Array
  /** Optional previous-version hint (see RecordPut.previous). */
  previous?: unknown
}

/** Record types that have index entries; the others skip the previous-version lookup. */
const INDEXED: ReadonlySet<RecordType> = new Set([
  'task',
  'miner',
  'submission',
  'validation',
  'reward',
  'fraud',
  'dispute',
])

/** Range options for scans inside one column. */
export interface ScanRange {
  gte?: Uint8Array
  gt?: Uint8Array
  lt?: Uint8Array
  lte?: Uint8Array
  limit?: number
  reverse?: boolean
}

/** The primary key of a delete of each type, named as its error messages name it (one row per type). */
const DELETE_KEY: {
  readonly [T in RecordDelete['type']]: (d: Extract<RecordDelete, { type: T }>) => Uint8Array
} = {
  task: (d) => checkId(d.id, 'task id'),
  miner: (d) => checkId(d.id, 'miner id'),
  submission: (d) => checkId(d.id, 'submission id'),
  validation: (d) => checkId(d.id, 'validation id'),
  reward: (d) => checkId(d.taskId, 'reward task id'),
  fraud: (d) => checkId(d.subjectId, 'fraud subject id'),
  behaviour: (d) => checkId(d.account, 'behaviour account'),
  dispute: (d) => checkId(d.id, 'dispute id'),
}

/** Normalizes a public RecordDelete to (type, primary key). */
export function keyedDelete(d: RecordDelete): KeyedDelete {
  // The row is looked up by the delete's own type; TypeScript cannot correlate the two.
  const key = (DELETE_KEY[d.type] as (d: RecordDelete) => Uint8Array)(d)
  return { type: d.type, key, previous: d.previous }
}

/** Shared state of one open store. */
export class StoreCore {
  readonly columns: Columns
  readonly cache: RecordCache
  readonly metrics: StoreMetrics | null
  readonly mutex = new Mutex()
  /**
   * Bumped before AND after every batch: a read fills the cache only if no batch began or finished
   * while it ran. A read that starts while a batch is in flight sees the pre-batch generation +1, may
   * read the old value and finish after the write's own cache update; the bump after the batch makes
   * its fill stale instead of overwriting the acknowledged value.
   */
  #generation = 0
  #closed = false
  /** Previous versions for the index diff are read with getSync (see StoreOptions.previousReads). */
  readonly #syncPreviousReads: boolean

  constructor(
    columns: Columns,
    cacheSize: number,
    metrics: StoreMetrics | null,
    previousReads: 'sync' | 'async' = 'sync',
  ) {
    this.columns = columns
    this.cache = new RecordCache(cacheSize)
    this.metrics = metrics
    // classic-level has getSync; the manifest type predates it.
    const supports = columns.root.supports as { getSync?: boolean }
    this.#syncPreviousReads = previousReads === 'sync' && supports.getSync === true
  }

  /** Marks the core closed; later calls fail with CLOSED. */
  markClosed(): void {
    this.#closed = true
  }

  /** Throws CLOSED after close(). */
  assertOpen(): void {
    if (this.#closed) throw new StoreError('CLOSED', 'the store is closed; open it again before using it')
  }

  /** A point read through the cache. */
  async read(column: ColumnName, k: Uint8Array): Promise<Uint8Array | undefined> {
    this.assertOpen()
    const cached = this.cache.get(column, k)
    this.metrics?.onCache(column, cached !== undefined)
    if (cached !== undefined) return cached === ABSENT ? undefined : cached
    const gen = this.#generation
    const start = performance.now()
    const got = (await this.columns.byName[column].get(k)) as Uint8Array | undefined
    const value = got === undefined ? undefined : plain(got)
    this.metrics?.onRead(column, since(start))
    if (gen === this.#generation) this.cache.set(column, k, value ?? ABSENT)
    return value
  }

  /** A record by type and primary key. */
  async readRecord<K extends RecordType>(type: K, k: Uint8Array): Promise<RecordTypes[K] | undefined> {
    const kind = RECORD_KINDS[type]
    const bytes = await this.read(kind.column, k)
    // Decode a copy: protons returns byte fields as views into its input, and `bytes` is the cached
    // value, so a caller mutating a returned record's Uint8Array would otherwise corrupt the cache.
    return bytes === undefined ? undefined : decodeStoredRecord(type, k, bytes.slice())
  }

  /**
   * A synchronous point read on the calling thread (classic-level's getSync), bypassing the cache;
   * undefined when absent. Throws NOT_SUPPORTED-style INVALID_ARGUMENT on a backend without it.
   */
  readSync(column: ColumnName, k: Uint8Array): Uint8Array | undefined {
    this.assertOpen()
    const root = this.columns.root as unknown as { getSync?: (key: Uint8Array) => Uint8Array | undefined }
    if (typeof root.getSync !== 'function')
      throw new StoreError('INVALID_ARGUMENT', 'this LevelDB backend has no synchronous reads (getSync)')
    const start = performance.now()
    const value = root.getSync(key(this.columns.prefix[column], k))
    this.metrics?.onRead(column, since(start))
    return value === undefined ? undefined : plain(value)
  }

  /** True when the backend reads synchronously (readSync works). */
  get syncReads(): boolean {
    return (this.columns.root.supports as { getSync?: boolean }).getSync === true
  }

  /** A point read that bypasses the cache (message log: large, cold values). */
  async readUncached(column: ColumnName, k: Uint8Array): Promise<Uint8Array | undefined> {
    this.assertOpen()
    const start = performance.now()
    const value = (await this.columns.byName[column].get(k)) as Uint8Array | undefined
    this.metrics?.onRead(column, since(start))
    return value === undefined ? undefined : plain(value)
  }

  /** Keys of a column in a range. */
  async keys(column: ColumnName, range: ScanRange): Promise<Uint8Array[]> {
    this.assertOpen()
    const start = performance.now()
    const out = (await this.columns.byName[column].keys(range).all()) as Uint8Array[]
    this.metrics?.onRead(column, since(start))
    return out.map(plain)
  }

  /** Entries of a column in a range. */
  async entries(column: ColumnName, range: ScanRange): Promise<[Uint8Array, Uint8Array][]> {
    this.assertOpen()
    const start = performance.now()
    const out = (await this.columns.byName[column].iterator(range).all()) as [Uint8Array, Uint8Array][]
    this.metrics?.onRead(column, since(start))
    return out.map(([k, v]) => [plain(k), plain(v)])
  }

  /** Applies a write under the mutex. */
  commit(write: MessageWrite, extraDeletes: KeyedDelete[] = [], raw: RawOp[] = []): Promise<void> {
    return this.mutex.run(() => this.commitLocked(write, extraDeletes, raw))
  }

  /**
   * Applies a write; the caller must hold the mutex (read-modify-write helpers do).
   * Builds the log entry, the record puts/deletes and the old → new index diff as one batch.
   */
  async commitLocked(
    write: MessageWrite,
    extraDeletes: KeyedDelete[] = [],
    raw: RawOp[] = [],
  ): Promise<void> {
    return this.commitManyLocked([write], extraDeletes, raw)
  }

  /** Applies several writes as ONE batch under the mutex (a group commit), in order. */
  commitMany(writes: readonly MessageWrite[]): Promise<void> {
    return this.mutex.run(() => this.commitManyLocked(writes))
  }

  /**
   * Applies writes in order as one batch; the caller must hold the mutex. A later write's change to
   * a record sees an earlier write's version as the previous one, exactly as separate commits would.
   */
  async commitManyLocked(
    writes: readonly MessageWrite[],
    extraDeletes: KeyedDelete[] = [],
    raw: RawOp[] = [],
  ): Promise<void> {
    this.assertOpen()
    const ops: RawOp[] = []
    const steps: Step[] = []
    for (const write of writes) {
      const m = write.message
      if (m !== undefined) {
        checkId(m.id, 'message id')
        checkId(m.taskId, 'message task id')
        ops.push({ type: 'put', column: 'messages', key: m.id, value: m.bytes })
        ops.push({ type: 'put', column: 'taskMessages', key: key(m.taskId, m.id), value: EMPTY_VALUE })
      }
      for (const e of write.evicted ?? []) {
        ops.push({ type: 'del', column: 'messages', key: checkId(e.id, 'evicted message id') })
        ops.push({
          type: 'del',
          column: 'taskMessages',
          key: key(checkId(e.taskId, 'evicted task id'), e.id),
        })
      }
      for (const p of write.puts) {
        const kind = RECORD_KINDS[p.type]
        steps.push(step(p.type, kind.key(p.record as never), p.record, p.previous))
      }
      for (const d of write.deletes ?? []) {
        const k = keyedDelete(d)
        steps.push(step(k.type, k.key, undefined, k.previous))
      }
      for (const e of write.engineState ?? []) {
        ops.push(
          e.value === null
            ? { type: 'del', column: 'engineState', key: e.key }
            : { type: 'put', column: 'engineState', key: e.key, value: e.value },
        )
      }
    }
    for (const d of extraDeletes) steps.push(step(d.type, d.key, undefined, d.previous))

    const previous = await this.#loadPrevious(steps)
    // Versions written earlier in this same write win over the stored ones (a put then a delete).
    const written = new Map<string, Step>()
    for (const s of steps) {
      const kind = RECORD_KINDS[s.type]
      if (s.indexed) {
        let oldRecord: unknown
        const earlier = written.get(s.id)
        if (earlier !== undefined) oldRecord = earlier.record
        else {
          const old = previous.get(s.id) ?? ABSENT
          if (old === ABSENT) oldRecord = undefined
          else if (old instanceof Uint8Array) oldRecord = decodeStoredRecord(s.type, s.key, old)
          else oldRecord = old.hint
        }
        const oldKeys = oldRecord === undefined ? [] : indexKeys(s.type, oldRecord as never)
        const newKeys = s.record === undefined ? [] : indexKeys(s.type, s.record as never)
        diffIndex(ops, oldKeys, newKeys)
      }
      if (s.record === undefined) ops.push({ type: 'del', column: s.column, key: s.key })
      else {
        s.bytes = kind.encode(s.record as never)
        ops.push({ type: 'put', column: s.column, key: s.key, value: s.bytes })
      }
      written.set(s.id, s)
    }
    for (const r of raw) ops.push(r)
    await this.batch(ops)
    for (const [id, s] of written) this.cache.setById(id, s.bytes ?? ABSENT)
  }

  /** Writes raw ops as one root batch (prefixing keys ourselves is as cheap as a raw level batch). */
  async batch(ops: RawOp[]): Promise<void> {
    if (ops.length === 0) return
    this.assertOpen()
    const prefix = this.columns.prefix
    const rootOps = ops.map((o) =>
      o.type === 'put'
        ? { type: 'put' as const, key: key(prefix[o.column], o.key), value: o.value ?? EMPTY_VALUE }
        : { type: 'del' as const, key: key(prefix[o.column], o.key) },
    )
    this.#generation++
    const start = performance.now()
    try {
      await this.columns.root.batch(rootOps)
    } finally {
      // Reads that began during the batch may have read the old values: their fills are stale.
      this.#generation++
    }
    if (this.metrics !== null) {
      const seconds = since(start)
      const perColumn = new Map<ColumnName, number>()
      for (const o of ops) perColumn.set(o.column, (perColumn.get(o.column) ?? 0) + 1)
      for (const [column, n] of perColumn) this.metrics.onWrite(column, n, seconds)
    }
  }

  /** Invalidates cache fills by reads in flight (after bulk changes that bypass commit). */
  bumpGeneration(): void {
    this.#generation++
  }

  /**
   * The stored version of every indexed record in `steps` before this write: the cache first, then
   * the caller's `previous` hint (decoded record, or ABSENT for "known new"), then LevelDB for the
   * rest (synchronous point reads, or ONE root getMany with `previousReads: 'async'`).
   * Values are stored bytes, ABSENT, or a hinted record object (`{ hint }`).
   */
  async #loadPrevious(steps: Step[]): Promise<Map<string, Uint8Array | typeof ABSENT | Hinted>> {
    const found = new Map<string, Uint8Array | typeof ABSENT | Hinted>()
    let missingIds: string[] | undefined
    let missingKeys: Uint8Array[] | undefined
    let missingColumns: Set<ColumnName> | undefined
    for (const s of steps) {
      if (!s.indexed || found.has(s.id)) continue
      const cached = this.cache.getById(s.id)
      this.metrics?.onCache(s.column, cached !== undefined)
      if (cached !== undefined) {
        found.set(s.id, cached)
        continue
      }
      if (s.hint !== undefined) {
        found.set(s.id, s.hint === null ? ABSENT : { hint: s.hint })
        continue
      }
      if (missingIds === undefined || missingKeys === undefined || missingColumns === undefined) {
        missingIds = []
        missingKeys = []
        missingColumns = new Set()
      }
      // Marks the id as queued; the getMany result replaces it below.
      found.set(s.id, ABSENT)
      missingIds.push(s.id)
      missingKeys.push(key(this.columns.prefix[s.column], s.key))
      missingColumns.add(s.column)
    }
    if (missingIds !== undefined && missingKeys !== undefined && missingColumns !== undefined) {
      const start = performance.now()
      const root = this.columns.root
      // A synchronous read skips a round trip through LevelDB's thread pool, which costs more than
      // the lookup itself (usually a bloom-filter miss for a new record): see `previousReads`.
      const values = (
        this.#syncPreviousReads ? missingKeys.map((k) => root.getSync(k)) : await root.getMany(missingKeys)
      ) as (Uint8Array | undefined)[]
      if (this.metrics !== null) {
        const seconds = since(start)
        for (const column of missingColumns) this.metrics.onRead(column, seconds)
      }
      const ids = missingIds
      for (let i = 0; i < ids.length; i++) {
        const v = values[i]
        found.set(ids[i]!, v === undefined ? ABSENT : plain(v))
      }
    }
    return found
  }
}

/** A caller-supplied previous version (see RecordPut.previous). */
interface Hinted {
  hint: unknown
}

/** One record change inside a write. */
interface Step {
  type: RecordType
  column: ColumnName
  key: Uint8Array
  /** Cache key (column and hex primary key), computed once per step. */
  id: string
  indexed: boolean
  /** The new record, or undefined for a delete. */
  record: unknown
  /** Caller's previous-version hint: undefined = none, null = known new. */
  hint: unknown
  /** The encoded new record, once built. */
  bytes?: Uint8Array
}

function step(type: RecordType, k: Uint8Array, record: unknown, hint: unknown): Step {
  const column = RECORD_KINDS[type].column
  return { type, column, key: k, id: cacheKey(column, k), indexed: INDEXED.has(type), record, hint }
}

/** Adds index deletes for old-only keys and puts for new-only keys. */
function diffIndex(ops: RawOp[], oldKeys: Uint8Array[], newKeys: Uint8Array[]): void {
  if (oldKeys.length === 0) {
    // A new record (the common case while ingesting): nothing to compare.
    for (const k of newKeys) ops.push({ type: 'put', column: 'indexes', key: k, value: EMPTY_VALUE })
    return
  }
  const oldSet = new Set(oldKeys.map(hex))
  const newSet = new Set(newKeys.map(hex))
  for (const k of oldKeys) if (!newSet.has(hex(k))) ops.push({ type: 'del', column: 'indexes', key: k })
  for (const k of newKeys)
    if (!oldSet.has(hex(k))) ops.push({ type: 'put', column: 'indexes', key: k, value: EMPTY_VALUE })
}
