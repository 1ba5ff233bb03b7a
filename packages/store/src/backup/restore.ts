/**
 * Restore into a fresh directory: every backup (full, then incrementals) is loaded and checked
 * before anything is written, so a bad backup or key fails with a typed error and no target dir.
 */
import { rm } from 'node:fs/promises'
import { COLUMN_NAMES, openColumns } from '../columns.js'
import type { RawOp } from '../core.js'
import { StoreError } from '../errors.js'
import { openRootDb } from '../lock.js'
import type { RecordPut } from '../message-write.js'
import { RECORD_KINDS, RECORD_TYPE_OF_COLUMN } from '../records.js'
import { StateStore } from '../state-store.js'
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
  for (const dir of options.incrementals ?? []) incrementals.push(await loadBackup(dir, keyOpt))

  const perColumn: Record<string, number> = {}
  let entries = 0
  try {
    const root = await openRootDb(targetDir)
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
      const store = await StateStore.open(targetDir)
      try {
        for (const inc of incrementals) await applyIncremental(store, inc)
      } finally {
        await store.close()
      }
    }
  } catch (err) {
    // The target was empty or absent before; leave nothing half-restored behind.
    await rm(targetDir, { recursive: true, force: true })
    throw err
  }
  return {
    dir: targetDir,
    entries,
    perColumn,
    incrementalsApplied: incrementals.length,
    schemaVersion: full.manifest.schemaVersion,
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
