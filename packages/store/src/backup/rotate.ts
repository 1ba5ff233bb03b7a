/** Backup rotation: keep the newest K complete backups under a root directory. */
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

/** Deletes all but the newest `keep` backups under `root`; returns the removed directories. */
export async function rotateBackups(root: string, keep: number): Promise<string[]> {
  if (!Number.isInteger(keep) || keep < 1)
    throw new StoreError('INVALID_ARGUMENT', `backups to keep must be a whole number ≥ 1, got ${keep}`)
  const removed: string[] = []
  for (const old of (await listBackups(root)).slice(keep)) {
    await rm(old.dir, { recursive: true, force: true })
    removed.push(old.dir)
  }
  return removed
}
