import type { AbstractLevel, AbstractSublevel } from 'abstract-level'
import { Level } from 'level'
import { BaseTrustStore } from './base-trust-store.js'
import type { TrustBatch } from './batch.js'
import { ioError, TrustStoreError } from './errors.js'
import {
  BUCKET_SCORE,
  BUCKET_UPDATE,
  BUCKET_UPDATE_BY_TIME,
  bucketRange,
  concatBytes,
  decodeJson,
  encodeJson,
  type MetaName,
  metaKey,
  scoreKey,
  u64,
  updateByTimeKey,
  updateKey,
  updateKeyOrder,
  updatePrefix,
} from './level-keys.js'
import {
  assertSupportedVersion,
  CURRENT_TRUST_SCHEMA_VERSION,
  parseTrustDocument,
  TRUST_DOCUMENT_FORMAT,
  type TrustDocument,
} from './migrations.js'
import type { ListUpdatesOptions, TrustCounts, TrustScore, TrustUpdate } from './trust-store.js'

// biome-ignore lint/suspicious/noExplicitAny: a database or sublevel of any encoding; every call passes binary encodings explicitly
export type LevelDatabase = AbstractLevel<any, any, any>
// biome-ignore lint/suspicious/noExplicitAny: as above, for sublevels
export type LevelSublevel = AbstractSublevel<any, any, any, any>

/**
 * Where the level backend keeps its data: its own database at `path`; two sublevels it creates
 * inside `db`; or the `trust` and `trustUpdates` sublevels of the main store (same root db).
 */
export type LevelTrustStoreOptions =
  | { path: string }
  | { db: LevelDatabase }
  | { trust: LevelSublevel; trustUpdates: LevelSublevel }

const BIN = { keyEncoding: 'view', valueEncoding: 'view' } as const

type BatchOp =
  | { type: 'put'; sublevel: LevelSublevel; key: Uint8Array; value: Uint8Array }
  | { type: 'del'; sublevel: LevelSublevel; key: Uint8Array }

interface Keyspaces {
  root: LevelDatabase
  trust: LevelSublevel
  updates: LevelSublevel
  owned: boolean
  location: string
}

/** Trust store in LevelDB (the default backend); each commit is one atomic batch. */
export class LevelTrustStore extends BaseTrustStore {
  readonly backend = 'level' as const

  private constructor(
    private readonly spaces: Keyspaces,
    private nextSeq: number,
  ) {
    super(spaces.location)
  }

  /** Opens the store, initializing an empty keyspace and migrating older schemas in one batch. */
  static async open(options: LevelTrustStoreOptions): Promise<LevelTrustStore> {
    const spaces = await openKeyspaces(options)
    try {
      const nextSeq = await prepareSchema(spaces)
      return new LevelTrustStore(spaces, nextSeq)
    } catch (err) {
      if (spaces.owned) await spaces.root.close()
      throw err
    }
  }

  protected async readScore(account: string): Promise<TrustScore | undefined> {
    const value: Uint8Array | undefined = await this.spaces.trust.get(scoreKey(account), BIN)
    return value === undefined ? undefined : (decodeRecord(value, this.location) as TrustScore)
  }

  protected async readAllScores(): Promise<TrustScore[]> {
    const out: TrustScore[] = []
    for await (const value of this.spaces.trust.values({ ...bucketRange(BUCKET_SCORE), ...BIN })) {
      out.push(decodeRecord(value as Uint8Array, this.location) as TrustScore)
    }
    return out
  }

  protected async readUpdates(account: string, options: ListUpdatesOptions): Promise<TrustUpdate[]> {
    const prefix = updatePrefix(account)
    const since = Math.max(0, Math.ceil(options.since ?? 0))
    if (since > Number.MAX_SAFE_INTEGER) return []
    const range: { gte: Uint8Array; lt?: Uint8Array; lte?: Uint8Array } = {
      gte: concatBytes(prefix, u64(since)),
    }
    const until = options.until
    if (until !== undefined && until <= Number.MAX_SAFE_INTEGER) {
      range.lt = concatBytes(prefix, u64(Math.max(0, Math.ceil(until))))
    } else {
      range.lte = concatBytes(prefix, new Uint8Array(16).fill(0xff))
    }
    const out: TrustUpdate[] = []
    const iterator = this.spaces.updates.values({
      ...range,
      ...BIN,
      reverse: options.newestFirst === true,
      limit: options.limit ?? -1,
    })
    for await (const value of iterator)
      out.push(decodeRecord(value as Uint8Array, this.location) as TrustUpdate)
    return out
  }

  protected async readCounts(): Promise<TrustCounts> {
    return {
      scores: await countKeys(this.spaces.trust, BUCKET_SCORE),
      updates: await countKeys(this.spaces.updates, BUCKET_UPDATE),
    }
  }

  protected async writeBatch(batch: TrustBatch): Promise<void> {
    const { trust } = this.spaces
    const ops: BatchOp[] = []
    for (const [account, score] of batch.scores) {
      if (score === null) ops.push({ type: 'del', sublevel: trust, key: scoreKey(account) })
      else ops.push({ type: 'put', sublevel: trust, key: scoreKey(account), value: encodeJson(score) })
    }
    const seq = this.pushUpdates(ops, batch.updates, this.nextSeq)
    ops.push(metaPut(trust, 'nextSeq', seq))
    await this.write(ops)
    this.nextSeq = seq
  }

  private pushUpdates(ops: BatchOp[], updates: readonly TrustUpdate[], firstSeq: number): number {
    let seq = firstSeq
    for (const update of updates) {
      const key = updateKey(update.account, update.timestamp, seq)
      ops.push({ type: 'put', sublevel: this.spaces.updates, key, value: encodeJson(update) })
      ops.push({
        type: 'put',
        sublevel: this.spaces.updates,
        key: updateByTimeKey(update.timestamp, seq),
        value: key,
      })
      seq++
    }
    return seq
  }

  private async write(ops: BatchOp[]): Promise<void> {
    try {
      await this.spaces.root.batch(ops, BIN)
    } catch (err) {
      throw ioError(`writing trust data to ${this.location}`, err)
    }
  }

  protected async removeUpdatesBefore(cutoff: number): Promise<number> {
    const { updates } = this.spaces
    const ops: BatchOp[] = []
    const range = { gte: Uint8Array.of(BUCKET_UPDATE_BY_TIME), lt: updateByTimeKey(cutoff, 0) }
    for await (const [key, primary] of updates.iterator({ ...range, ...BIN })) {
      ops.push({ type: 'del', sublevel: updates, key: key as Uint8Array })
      ops.push({ type: 'del', sublevel: updates, key: primary as Uint8Array })
    }
    if (ops.length > 0) await this.write(ops)
    return ops.length / 2
  }

  protected async readDocument(): Promise<TrustDocument> {
    const raw = await readRaw(this.spaces)
    return {
      format: TRUST_DOCUMENT_FORMAT,
      schemaVersion: CURRENT_TRUST_SCHEMA_VERSION,
      scores: raw.scores as TrustScore[],
      updates: raw.updates as TrustUpdate[],
    }
  }

  protected async replaceDocument(doc: TrustDocument): Promise<void> {
    const lastBackupAt = await readMeta(this.spaces.trust, 'lastBackupAt')
    const { ops, nextSeq } = await rewriteOps(
      this.spaces,
      doc,
      typeof lastBackupAt === 'number' ? lastBackupAt : null,
    )
    await this.write(ops)
    this.nextSeq = nextSeq
  }

  protected async readLastBackupAt(): Promise<number | null> {
    const at = await readMeta(this.spaces.trust, 'lastBackupAt')
    return typeof at === 'number' ? at : null
  }

  protected async writeLastBackupAt(at: number): Promise<void> {
    await this.write([metaPut(this.spaces.trust, 'lastBackupAt', at)])
  }

  protected async measureSize(): Promise<number> {
    let bytes = 0
    for (const space of [this.spaces.trust, this.spaces.updates]) {
      for await (const [key, value] of space.iterator(BIN)) {
        bytes += (key as Uint8Array).length + (value as Uint8Array).length
      }
    }
    return bytes
  }

  protected async closeBackend(): Promise<void> {
    if (this.spaces.owned) await this.spaces.root.close()
  }
}

function isSublevel(db: LevelDatabase): db is LevelSublevel {
  return 'prefix' in db && 'parent' in db
}

async function openKeyspaces(options: LevelTrustStoreOptions): Promise<Keyspaces> {
  if ('path' in options) {
    const root = new Level<Uint8Array, Uint8Array>(options.path, BIN)
    try {
      await root.open()
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause
      if (cause?.code === 'LEVEL_LOCKED') {
        throw new TrustStoreError(
          'LOCKED',
          `trust database ${options.path} is in use by another process. ` +
            'Stop that process or use another data directory; only one process may open it.',
          { cause: err },
        )
      }
      throw ioError(`opening trust database ${options.path}`, err)
    }
    const spaces = childKeyspaces(root)
    return { ...spaces, owned: true, location: options.path }
  }
  if ('db' in options) {
    await options.db.open()
    return { ...childKeyspaces(options.db), owned: false, location: describe(options.db) }
  }
  const { trust, trustUpdates } = options
  if (!isSublevel(trust) || !isSublevel(trustUpdates) || trust.db !== trustUpdates.db) {
    throw new TypeError(
      'trust and trustUpdates must be sublevels of the same database, so commits can be atomic',
    )
  }
  await trust.db.open()
  return { root: trust.db, trust, updates: trustUpdates, owned: false, location: describe(trust) }
}

function childKeyspaces(db: LevelDatabase): {
  root: LevelDatabase
  trust: LevelSublevel
  updates: LevelSublevel
} {
  const trust = db.sublevel('trust', BIN)
  const updates = db.sublevel('trustUpdates', BIN)
  return { root: trust.db, trust, updates }
}

function describe(db: LevelDatabase): string {
  const root = isSublevel(db) ? db.db : db
  const location = (root as { location?: unknown }).location
  const where = typeof location === 'string' ? location : 'level database'
  return isSublevel(db) ? `${where} (sublevel ${db.prefix})` : where
}

function decodeRecord(bytes: Uint8Array, location: string): unknown {
  try {
    return decodeJson(bytes)
  } catch (err) {
    throw new TrustStoreError(
      'DATA_CORRUPT',
      `trust data in ${location} holds an unreadable record; restore a trust backup`,
      { cause: err },
    )
  }
}

function metaPut(trust: LevelSublevel, name: MetaName, value: unknown): BatchOp {
  return { type: 'put', sublevel: trust, key: metaKey(name), value: encodeJson(value) }
}

async function readMeta(trust: LevelDatabase, name: MetaName): Promise<unknown> {
  const value: Uint8Array | undefined = await trust.get(metaKey(name), BIN)
  return value === undefined ? undefined : decodeJson(value)
}

async function countKeys(space: LevelDatabase, bucket: number): Promise<number> {
  let n = 0
  for await (const _ of space.keys({ ...bucketRange(bucket), ...BIN })) n++
  return n
}

async function isEmpty(space: LevelDatabase): Promise<boolean> {
  for await (const _ of space.keys({ ...BIN, limit: 1 })) return false
  return true
}

/** Scores and updates as stored (any schema), updates in time order. */
async function readRaw(spaces: Keyspaces): Promise<{ scores: unknown[]; updates: unknown[] }> {
  const scores: unknown[] = []
  for await (const value of spaces.trust.values({ ...bucketRange(BUCKET_SCORE), ...BIN })) {
    scores.push(decodeRecord(value as Uint8Array, spaces.location))
  }
  const updates: { order: { timestamp: number; seq: number }; value: unknown }[] = []
  for await (const [key, value] of spaces.updates.iterator({ ...bucketRange(BUCKET_UPDATE), ...BIN })) {
    updates.push({
      order: updateKeyOrder(key as Uint8Array),
      value: decodeRecord(value as Uint8Array, spaces.location),
    })
  }
  updates.sort((a, b) => a.order.timestamp - b.order.timestamp || a.order.seq - b.order.seq)
  return { scores, updates: updates.map((u) => u.value) }
}

/** One batch that deletes everything in both keyspaces and writes `doc` at the current schema. */
async function rewriteOps(
  spaces: Keyspaces,
  doc: TrustDocument,
  lastBackupAt: number | null,
): Promise<{ ops: BatchOp[]; nextSeq: number }> {
  const ops: BatchOp[] = []
  for (const space of [spaces.trust, spaces.updates]) {
    for await (const key of space.keys(BIN))
      ops.push({ type: 'del', sublevel: space, key: key as Uint8Array })
  }
  for (const score of doc.scores) {
    ops.push({ type: 'put', sublevel: spaces.trust, key: scoreKey(score.account), value: encodeJson(score) })
  }
  let seq = 0
  for (const update of doc.updates) {
    const key = updateKey(update.account, update.timestamp, seq)
    ops.push({ type: 'put', sublevel: spaces.updates, key, value: encodeJson(update) })
    ops.push({
      type: 'put',
      sublevel: spaces.updates,
      key: updateByTimeKey(update.timestamp, seq),
      value: key,
    })
    seq++
  }
  ops.push(metaPut(spaces.trust, 'schemaVersion', CURRENT_TRUST_SCHEMA_VERSION))
  ops.push(metaPut(spaces.trust, 'nextSeq', seq))
  if (lastBackupAt !== null) ops.push(metaPut(spaces.trust, 'lastBackupAt', lastBackupAt))
  return { ops, nextSeq: seq }
}

/** Initializes or migrates the keyspaces; returns the next update sequence number. */
async function prepareSchema(spaces: Keyspaces): Promise<number> {
  const version = await readMeta(spaces.trust, 'schemaVersion')
  if (version === undefined) {
    if (!(await isEmpty(spaces.trust)) || !(await isEmpty(spaces.updates))) {
      throw new TrustStoreError(
        'DATA_CORRUPT',
        `trust data in ${spaces.location} has records but no schema version; restore a trust backup`,
      )
    }
    await spaces.root.batch(
      [
        metaPut(spaces.trust, 'schemaVersion', CURRENT_TRUST_SCHEMA_VERSION),
        metaPut(spaces.trust, 'nextSeq', 0),
      ],
      BIN,
    )
    return 0
  }
  if (typeof version !== 'number') {
    throw new TrustStoreError(
      'DATA_CORRUPT',
      `trust data in ${spaces.location} has an unreadable schema version`,
    )
  }
  assertSupportedVersion(version, `trust data in ${spaces.location}`)
  if (version === CURRENT_TRUST_SCHEMA_VERSION) {
    const next = await readMeta(spaces.trust, 'nextSeq')
    return typeof next === 'number' ? next : 0
  }
  const raw = await readRaw(spaces)
  const doc = parseTrustDocument({ schemaVersion: version, ...raw }, `trust data in ${spaces.location}`)
  const lastBackupAt = await readMeta(spaces.trust, 'lastBackupAt')
  const { ops, nextSeq } = await rewriteOps(
    spaces,
    doc,
    typeof lastBackupAt === 'number' ? lastBackupAt : null,
  )
  await spaces.root.batch(ops, BIN)
  return nextSeq
}
