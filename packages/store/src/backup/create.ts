/**
 * Writing a backup from one consistent snapshot: every column is read through the same LevelDB
 * snapshot, so the backup is the state after some whole number of batches. Files go to a
 * temporary sibling directory; every data file, the manifest and that directory are fsynced
 * before it is renamed into place, and the parent directory after, so a power loss can never
 * leave a renamed but empty backup (which rotation would count while deleting good ones).
 */
import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, rmdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { AbstractSnapshot } from 'abstract-level'
import { COLUMN_NAMES, type ColumnName } from '../columns.js'
import type { StoreCore } from '../core.js'
import { StoreError } from '../errors.js'
import { indexPrefix } from '../indexes.js'
import { ID_LENGTH, prefixRange } from '../keys.js'
import { SCHEMA_VERSION } from '../migrations.js'
import { trailingId } from '../repositories/scan.js'
import { encrypt } from './crypto.js'
import { encodeEntries } from './data-file.js'
import { fsyncPath, writeFileDurable } from './durable.js'
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupBase,
  type BackupFileEntry,
  type BackupManifest,
  newBackupId,
  readManifest,
  sha256Hex,
  writeManifest,
} from './manifest.js'
import { listBackups } from './rotate.js'
import { assertFreshDir } from './target.js'

/** How to write a backup. */
export interface BackupOptions {
  /** 32-byte AES-256-GCM key; omitted = plain files. */
  key?: Uint8Array
  /** 'full' (default): every column. 'incremental': active tasks with their records and messages. */
  kind?: 'full' | 'incremental'
  /** Creation time to record (unix ms); defaults to now. */
  now?: number
  /**
   * Incremental backups: the full backup directory they build on (recorded in the manifest, and
   * checked at restore). Defaults to the newest full backup next to the new one (same parent dir).
   */
  base?: string
}

/** What a backup wrote. */
export interface BackupStats {
  dir: string
  manifest: BackupManifest
  entries: number
  bytes: number
}

type Entries = Map<ColumnName, [Uint8Array, Uint8Array][]>

/** Writes a backup of the store into `dir` (which must not exist or be empty). */
export async function createBackup(
  core: StoreCore,
  dir: string,
  options: BackupOptions = {},
): Promise<BackupStats> {
  core.assertOpen()
  await assertFreshDir(dir, 'backup directory')
  const kind = options.kind ?? 'full'
  const createdAt = options.now ?? Date.now()
  const base = kind === 'incremental' ? await resolveBase(dir, options) : undefined
  if (base !== undefined && createdAt < base.createdAt)
    throw new StoreError(
      'INVALID_ARGUMENT',
      `an incremental backup cannot be older than its base full backup`,
    )
  const snapshot = core.columns.root.snapshot()
  let entries: Entries
  let activeTasks: number | undefined
  try {
    if (kind === 'full') entries = await readAll(core, snapshot)
    else [entries, activeTasks] = await readActiveTasks(core, snapshot)
  } finally {
    await snapshot.close()
  }

  const tmp = `${dir}.partial-${randomBytes(4).toString('hex')}`
  await mkdir(tmp, { recursive: true })
  try {
    const id = newBackupId()
    const files: BackupFileEntry[] = []
    let total = 0
    let bytes = 0
    for (const [column, list] of entries) {
      const file = `${column}.bin`
      const plain = encodeEntries(list)
      const data =
        options.key === undefined
          ? plain
          : encrypt(options.key, { backupId: id, kind, schemaVersion: SCHEMA_VERSION, column, file }, plain)
      await writeFileDurable(join(tmp, file), data)
      files.push({
        column,
        file,
        count: list.length,
        plainBytes: plain.length,
        bytes: data.length,
        sha256: sha256Hex(data),
      })
      total += list.length
      bytes += data.length
    }
    const manifest = await writeManifest(
      tmp,
      {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        id,
        kind,
        schemaVersion: SCHEMA_VERSION,
        createdAt,
        createdAtIso: new Date(createdAt).toISOString(),
        encrypted: options.key !== undefined,
        ...(base === undefined ? {} : { base }),
        ...(activeTasks === undefined ? {} : { activeTasks }),
        files,
      },
      options.key,
    )
    await fsyncPath(tmp)
    await rmdir(dir).catch(() => undefined)
    await rename(tmp, dir)
    await fsyncPath(dirname(dir))
    return { dir, manifest, entries: total, bytes }
  } catch (err) {
    await rm(tmp, { recursive: true, force: true })
    throw err
  }
}

/** The full backup an incremental one builds on: `options.base`, or the newest full one beside `dir`. */
async function resolveBase(dir: string, options: BackupOptions): Promise<BackupBase> {
  let baseDir = options.base
  if (baseDir === undefined) {
    const newest = (await listBackups(dirname(dir))).find((b) => b.manifest.kind === 'full')
    if (newest === undefined)
      throw new StoreError(
        'INVALID_ARGUMENT',
        `an incremental backup needs a full backup to build on, and there is none in ${dirname(dir)}; take a full backup first (or pass its directory as base)`,
      )
    baseDir = newest.dir
  }
  // With a key this also authenticates the base and refuses a plain one.
  const m = await readManifest(baseDir, options.key)
  if (m.kind !== 'full')
    throw new StoreError('INVALID_ARGUMENT', `base ${baseDir} of an incremental backup must be a full backup`)
  if (m.encrypted !== (options.key !== undefined))
    throw new StoreError(
      'INVALID_ARGUMENT',
      `base ${baseDir} is ${m.encrypted ? '' : 'not '}encrypted; an incremental backup must use the same key as its base`,
    )
  return { id: m.id, createdAt: m.createdAt }
}

async function readAll(core: StoreCore, snapshot: AbstractSnapshot): Promise<Entries> {
  const out: Entries = new Map()
  for (const column of COLUMN_NAMES) {
    const list = (await core.columns.byName[column].iterator({ snapshot }).all()) as [
      Uint8Array,
      Uint8Array,
    ][]
    out.set(column, list)
  }
  return out
}

/** Active tasks with their transitions, submissions, validations, fraud analyses, rewards, disputes and messages. */
async function readActiveTasks(core: StoreCore, snapshot: AbstractSnapshot): Promise<[Entries, number]> {
  const out: Entries = new Map()
  const cols = core.columns.byName
  const add = (column: ColumnName, k: Uint8Array, v: Uint8Array | undefined): void => {
    if (v === undefined) return
    let list = out.get(column)
    if (list === undefined) {
      list = []
      out.set(column, list)
    }
    list.push([k, v])
  }
  const get = async (column: ColumnName, k: Uint8Array): Promise<void> => {
    add(column, k, (await cols[column].get(k, { snapshot })) as Uint8Array | undefined)
  }
  const keys = async (column: ColumnName, prefix: Uint8Array): Promise<Uint8Array[]> =>
    (await cols[column].keys({ ...prefixRange(prefix), snapshot }).all()) as Uint8Array[]
  const scan = async (column: ColumnName, prefix: Uint8Array): Promise<void> => {
    for (const [k, v] of (await cols[column].iterator({ ...prefixRange(prefix), snapshot }).all()) as [
      Uint8Array,
      Uint8Array,
    ][])
      add(column, k, v)
  }

  const active = (await keys('indexes', indexPrefix('activeTask'))).map(trailingId)
  for (const taskId of active) {
    await get('tasks', taskId)
    await scan('transitions', taskId)
    for (const s of await keys('indexes', indexPrefix('taskSubmissions', taskId))) {
      const submissionId = trailingId(s)
      await get('submissions', submissionId)
      await get('fraud', submissionId)
      for (const v of await keys('indexes', indexPrefix('submissionValidations', submissionId)))
        await get('validations', trailingId(v))
    }
    await get('rewards', taskId)
    for (const d of await keys('indexes', indexPrefix('taskDisputes', taskId)))
      await get('disputes', trailingId(d))
    for (const tm of await keys('taskMessages', taskId)) {
      add('taskMessages', tm, new Uint8Array(0))
      await get('messages', tm.slice(ID_LENGTH))
    }
  }
  return [out, active.length]
}
