/**
 * The store's read/write core shared by every repository: cached point reads, range scans, and
 * the one write path — every change, message or not, becomes ONE root batch with its index diff.
 */
import { ABSENT, type CachedValue, RecordCache } from './cache.js'
import type { ColumnName, Columns } from './columns.js'
import { StoreError } from './errors.js'
import { indexKeys } from './indexes.js'
import { checkId, EMPTY_VALUE, hex, key, plain } from './keys.js'
import type { MessageWrite, RecordDelete } from './message-write.js'
import { type StoreMetrics, since } from './metrics.js'
import { Mutex } from './mutex.js'
import { RECORD_KINDS, type RecordType, type RecordTypes } from './records.js'

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

/** Normalizes a public RecordDelete to (type, primary key). */
export function keyedDelete(d: RecordDelete): KeyedDelete {
  switch (d.type) {
    case 'reward':
      return { type: 'reward', key: checkId(d.taskId, 'reward task id') }
    case 'fraud':
      return { type: 'fraud', key: checkId(d.subjectId, 'fraud subject id') }
    default:
      return { type: d.type, key: checkId(d.id, `${d.type} id`) }
  }
}

/** Shared state of one open store. */
export class StoreCore {
  readonly columns: Columns
  readonly cache: RecordCache
  readonly metrics: StoreMetrics | null
  readonly mutex = new Mutex()
  /** Bumped before every batch; a cache fill from a read that overlapped a batch is discarded. */
  #generation = 0
  #closed = false

  constructor(columns: Columns, cacheSize: number, metrics: StoreMetrics | null) {
    this.columns = columns
    this.cache = new RecordCache(cacheSize)
    this.metrics = metrics
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
    return bytes === undefined ? undefined : (kind.decode(bytes) as RecordTypes[K])
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
    this.assertOpen()
    const ops: RawOp[] = []
    const m = write.message
    if (m !== undefined) {
      checkId(m.id, 'message id')
      checkId(m.taskId, 'message task id')
      ops.push({ type: 'put', column: 'messages', key: m.id, value: m.bytes })
      ops.push({ type: 'put', column: 'taskMessages', key: key(m.taskId, m.id), value: EMPTY_VALUE })
    }

    type Step = { type: RecordType; key: Uint8Array; record?: unknown }
    const steps: Step[] = []
    for (const p of write.puts)
      steps.push({ type: p.type, key: RECORD_KINDS[p.type].key(p.record as never), record: p.record })
    for (const d of write.deletes ?? []) steps.push(keyedDelete(d))
    for (const d of extraDeletes) steps.push(d)

    const previous = await this.#loadPrevious(steps)
    const newValues = new Map<string, { column: ColumnName; key: Uint8Array; value: CachedValue }>()
    for (const step of steps) {
      const kind = RECORD_KINDS[step.type]
      const id = `${kind.column}:${hex(step.key)}`
      const next = step.record === undefined ? ABSENT : kind.encode(step.record as never)
      if (INDEXED.has(step.type)) {
        const old = newValues.get(id)?.value ?? previous.get(id) ?? ABSENT
        const oldKeys = old === ABSENT ? [] : indexKeys(step.type, kind.decode(old) as never)
        const newKeys = step.record === undefined ? [] : indexKeys(step.type, step.record as never)
        diffIndex(ops, oldKeys, newKeys)
      }
      ops.push(
        next === ABSENT
          ? { type: 'del', column: kind.column, key: step.key }
          : { type: 'put', column: kind.column, key: step.key, value: next },
      )
      newValues.set(id, { column: kind.column, key: step.key, value: next })
    }
    for (const r of raw) ops.push(r)
    await this.batch(ops)
    for (const v of newValues.values()) this.cache.set(v.column, v.key, v.value)
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
    await this.columns.root.batch(rootOps)
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

  /** Previous stored bytes of every indexed record in `steps` (cache first, then one getMany per column). */
  async #loadPrevious(steps: { type: RecordType; key: Uint8Array }[]): Promise<Map<string, CachedValue>> {
    const found = new Map<string, CachedValue>()
    const missing = new Map<ColumnName, { ids: string[]; keys: Uint8Array[] }>()
    const queued = new Set<string>()
    for (const s of steps) {
      if (!INDEXED.has(s.type)) continue
      const column = RECORD_KINDS[s.type].column
      const id = `${column}:${hex(s.key)}`
      if (found.has(id) || queued.has(id)) continue
      const cached = this.cache.get(column, s.key)
      this.metrics?.onCache(column, cached !== undefined)
      if (cached !== undefined) {
        found.set(id, cached)
        continue
      }
      let m = missing.get(column)
      if (m === undefined) {
        m = { ids: [], keys: [] }
        missing.set(column, m)
      }
      queued.add(id)
      m.ids.push(id)
      m.keys.push(s.key)
    }
    if (missing.size > 0) {
      // One root getMany for every column: a single trip to LevelDB's thread pool per write.
      const ids: string[] = []
      const rootKeys: Uint8Array[] = []
      for (const [column, m] of missing) {
        const prefix = this.columns.prefix[column]
        m.ids.forEach((id, i) => {
          ids.push(id)
          rootKeys.push(key(prefix, m.keys[i]!))
        })
      }
      const start = performance.now()
      const values = (await this.columns.root.getMany(rootKeys)) as (Uint8Array | undefined)[]
      if (this.metrics !== null) {
        const seconds = since(start)
        for (const column of missing.keys()) this.metrics.onRead(column, seconds)
      }
      ids.forEach((id, i) => {
        const v = values[i]
        found.set(id, v === undefined ? ABSENT : plain(v))
      })
    }
    return found
  }
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
