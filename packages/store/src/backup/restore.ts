/**
 * Restore into a fresh directory: every backup (full, then incrementals) is loaded and checked
 * before anything is written, so a bad backup or key fails with a typed error and no target dir.
 * Everything is written into a new sibling `<target>.restoring-<random>` directory, fsynced and
 * only then renamed onto the target; the rename refuses a target that meanwhile became non-empty.
 * A failed restore deletes only that temporary directory, never the target, and a restore killed
 * midway leaves only the temporary directory (which the store refuses to open: see migrate()).
 */
import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { COLUMN_NAMES, openColumns } from '../columns.js'
import type { RawOp } from '../core.js'
import { StoreError } from '../errors.js'
import { openRootDb } from '../lock.js'
import type { RecordPut } from '../message-write.js'
import { RECORD_KINDS, RECORD_TYPE_OF_COLUMN } from '../records.js'
import { StateStore } from '../state-store.js'
import { fsyncDirTree, fsyncPath } from './durable.js'
import { assertFreshDir } from './target.js'
import { type LoadedBackup, loadBackup } from './verify.js'

/** How to restore. */
export interface RestoreOptions {
  key?: Uint8Array
  /** Incremental backups to apply on top of the full one, oldest first. */
  incrementals?: string[]
}

/** What a restore wrote. */
export interface RestoreStats {
  dir: string
  entries: number
  perColumn: Record<string, number>
  incrementalsApplied: number
  schemaVersion: number
}

const RESTORE_CHUNK = 10_000

/** Restores `backupDir` (a full backup) and optional incrementals into `targetDir`, which must be empty. */
export async function restoreBackup(
  backupDir: string,
  targetDir: string,
  options: RestoreOptions = {},
): Promise<RestoreStats> {
  await assertFreshDir(targetDir, 'restore target')
  const keyOpt = options.key === undefined ? {} : { key: options.key }
  const full = await loadBackup(backupDir, keyOpt)
  if (full.manifest.kind !== 'full')
    throw new StoreError(
      'INVALID_ARGUMENT',
      `${backupDir} is an incremental backup; restore a full backup and pass this one in incrementals`,
    )
  const incrementals: LoadedBackup[] = []
  let previousAt = full.manifest.createdAt
  for (const dir of options.incrementals ?? []) {
    const inc = await loadBackup(dir, keyOpt)
    checkIncremental(dir, inc, backupDir, full, previousAt)
    previousAt = inc.manifest.createdAt
    incrementals.push(inc)
  }

  const perColumn: Record<string, number> = {}
  let entries = 0
  await mkdir(dirname(targetDir), { recursive: true })
  const tmp = `${targetDir}.restoring-${randomBytes(6).toString('hex')}`
  // Not recursive: the random name must be ours alone.
  await mkdir(tmp)
  try {
    const root = await openRootDb(tmp)
    try {
      const columns = openColumns(root)
      for (const column of COLUMN_NAMES) {
        const list = full.entries.get(column) ?? []
        perColumn[column] = list.length
        entries += list.length
        for (let i = 0; i < list.length; i += RESTORE_CHUNK) {
          const prefix = columns.prefix[column]
          await root.batch(
            list
              .slice(i, i + RESTORE_CHUNK)
              .map(([k, v]) => ({ type: 'put' as const, key: concat(prefix, k), value: v })),
          )
        }
      }
    } finally {
      await root.close()
    }
    if (incrementals.length > 0) {
      const store = await StateStore.open(tmp)
      try {
        for (const inc of incrementals) await applyIncremental(store, inc)
      } finally {
        await store.close()
      }
    }
    await fsyncDirTree(tmp)
    await moveIntoPlace(tmp, targetDir)
  } catch (err) {
    // Only ever the temporary directory this call created: the target may be someone's live store.
    await rm(tmp, { recursive: true, force: true })
    throw err
  }
  await fsyncPath(dirname(targetDir))
  return {
    dir: targetDir,
    entries,
    perColumn,
    incrementalsApplied: incrementals.length,
    schemaVersion: full.manifest.schemaVersion,
  }
}

/** INVALID_ARGUMENT unless `inc` is an incremental taken on top of `full`, not older than `previousAt`. */
function checkIncremental(
  dir: string,
  inc: LoadedBackup,
  fullDir: string,
  full: LoadedBackup,
  previousAt: number,
): void {
  const m = inc.manifest
  if (m.kind !== 'incremental')
    throw new StoreError('INVALID_ARGUMENT', `${dir} is a full backup, not an incremental one`)
  if (m.base?.id !== full.manifest.id || m.base.createdAt !== full.manifest.createdAt)
    throw new StoreError(
      'INVALID_ARGUMENT',
      `incremental backup ${dir} was taken on top of another full backup (${m.base?.id ?? 'none'} from ${isoOf(m.base?.createdAt)}), not ${fullDir} (${full.manifest.id} from ${isoOf(full.manifest.createdAt)}); restore its own base`,
    )
  if (m.createdAt < previousAt)
    throw new StoreError(
      'INVALID_ARGUMENT',
      `incremental backup ${dir} (${isoOf(m.createdAt)}) is older than the backup applied before it (${isoOf(previousAt)}); pass incrementals oldest first, each no older than the full backup`,
    )
}

function isoOf(ms: number | undefined): string {
  return ms === undefined ? 'unknown time' : new Date(ms).toISOString()
}

/** Renames the restored `tmp` onto `target`; TARGET_NOT_EMPTY if `target` is no longer absent or empty. */
async function moveIntoPlace(tmp: string, target: string): Promise<void> {
  try {
    // rename(2) replaces an empty directory and fails on a non-empty one, atomically.
    await rename(tmp, target)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR')
      throw new StoreError(
        'TARGET_NOT_EMPTY',
        `restore target ${target} is no longer empty (another process wrote to it during the restore); nothing was changed there, choose a new or empty directory`,
        { cause: err },
      )
    throw err
  }
}

/** Records go through the store's write path (so indexes follow); log entries are copied as they are. */
async function applyIncremental(store: StateStore, backup: LoadedBackup): Promise<void> {
  const puts: RecordPut[] = []
  const raw: RawOp[] = []
  for (const [column, list] of backup.entries) {
    const type = RECORD_TYPE_OF_COLUMN[column]
    if (type !== undefined) {
      for (const [, v] of list) puts.push({ type, record: RECORD_KINDS[type].decode(v) } as RecordPut)
    } else if (column === 'messages' || column === 'taskMessages') {
      for (const [k, v] of list) raw.push({ type: 'put', column, key: k, value: v })
    }
  }
  await store.core.commit({ puts }, [], raw)
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
