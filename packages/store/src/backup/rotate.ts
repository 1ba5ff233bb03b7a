/**
 * Backup rotation under a root directory: keep the newest K full backups and every incremental
 * built on one of them, so what is left can always be restored. An incremental whose base is a
 * full backup being removed goes with it; one whose base is not under this root at all is left
 * alone (rotation never deletes what it cannot place).
 */
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { StoreError } from '../errors.js'
import { type BackupManifest, readManifest } from './manifest.js'

/** A backup found under a root directory. */
export interface BackupListing {
  dir: string
  manifest: BackupManifest
}

/** Complete backups (with a valid manifest) directly under `root`, newest first. */
export async function listBackups(root: string): Promise<BackupListing[]> {
  let names: string[]
  try {
    names = await readdir(root)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  const out: BackupListing[] = []
  for (const name of names) {
    if (name.includes('.partial-')) continue
    const dir = join(root, name)
    try {
      out.push({ dir, manifest: await readManifest(dir) })
    } catch {
      // Not a backup (or a damaged one): rotation never deletes what it cannot identify.
    }
  }
  return out.sort((a, b) => b.manifest.createdAt - a.manifest.createdAt || (a.dir < b.dir ? 1 : -1))
}

/** Deletes all but the newest `keep` full backups (and incrementals built on deleted ones); returns the removed directories. */
export async function rotateBackups(root: string, keep: number): Promise<string[]> {
  if (!Number.isInteger(keep) || keep < 1)
    throw new StoreError('INVALID_ARGUMENT', `full backups to keep must be a whole number ≥ 1, got ${keep}`)
  const all = await listBackups(root)
  const fulls = all.filter((b) => b.manifest.kind === 'full')
  const kept = new Set(fulls.slice(0, keep).map((b) => b.manifest.id))
  const known = new Set(fulls.map((b) => b.manifest.id))
  const doomed = all.filter((b) =>
    b.manifest.kind === 'full'
      ? !kept.has(b.manifest.id)
      : b.manifest.base !== undefined && known.has(b.manifest.base.id) && !kept.has(b.manifest.base.id),
  )
  const removed: string[] = []
  // Incrementals first: a crash midway never leaves an incremental whose base is already gone.
  doomed.sort((a, b) =>
    a.manifest.kind === b.manifest.kind ? 0 : a.manifest.kind === 'incremental' ? -1 : 1,
  )
  for (const old of doomed) {
    await rm(old.dir, { recursive: true, force: true })
    removed.push(old.dir)
  }
  return removed
}
