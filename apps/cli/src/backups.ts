/**
 * Backups on disk for `aimesh backup list/verify/restore` (DESIGN §7): the home's backup dir,
 * read with the store's backup functions, so they work whether or not the node runs. A restore
 * takes a full backup and the incrementals built on it, oldest first, as recovery does.
 */
import {
  type BackupListing,
  listBackups,
  readBackupKeyFile,
  restoreBackup,
  verifyBackup,
} from '@aimesh/store'
import { CliError } from './errors.js'

export interface BackupPlace {
  backupDir: string
  dataDir: string
  keyFile?: string
}

export interface BackupRow {
  id: string
  kind: 'full' | 'incremental'
  createdAt: string
  encrypted: boolean
  base: string | null
  dir: string
}

async function key(place: BackupPlace): Promise<{ key?: Uint8Array }> {
  return place.keyFile === undefined ? {} : { key: await readBackupKeyFile(place.keyFile) }
}

function row(b: BackupListing): BackupRow {
  return {
    id: b.manifest.id,
    kind: b.manifest.kind,
    createdAt: new Date(b.manifest.createdAt).toISOString(),
    encrypted: b.manifest.encrypted,
    base: b.manifest.base?.id ?? null,
    dir: b.dir,
  }
}

/** Every backup, newest first. */
export async function backupRows(place: BackupPlace): Promise<BackupRow[]> {
  const all = await listBackups(place.backupDir)
  return all.map(row).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
}

/** Finds a backup by id, id prefix or directory. */
function find(all: BackupListing[], ref: string): BackupListing {
  const hits = all.filter((b) => b.dir === ref || b.manifest.id === ref || b.manifest.id.startsWith(ref))
  if (hits.length !== 1)
    throw new CliError(
      hits.length === 0 ? 'NOT_FOUND' : 'AMBIGUOUS',
      hits.length === 0
        ? `no backup ${ref}; \`aimesh backup list\` shows the ids`
        : `${ref} matches ${hits.length} backups; give more of the id`,
    )
  return hits[0]!
}

export interface VerifyRow {
  id: string
  dir: string
  ok: boolean
  contentsChecked: boolean
  problems: string[]
}

/** Verifies one backup or all of them. */
export async function verifyBackups(place: BackupPlace, ref?: string): Promise<VerifyRow[]> {
  const all = await listBackups(place.backupDir)
  const targets = ref === undefined ? all : [find(all, ref)]
  const k = await key(place)
  const out: VerifyRow[] = []
  for (const b of targets) {
    const v = await verifyBackup(b.dir, k)
    out.push({
      id: b.manifest.id,
      dir: b.dir,
      ok: v.ok,
      contentsChecked: v.contentsChecked,
      problems: v.problems.map((p) => `${p.code}: ${p.message}`),
    })
  }
  return out
}

export interface RestoreReport {
  backup: string
  incrementals: number
  target: string
  entries: number
}

/**
 * Restores a full backup (the given one, the full one an incremental is built on, or the newest
 * that verifies) plus the incrementals built on it that verify, into `target` (must be empty).
 */
export async function restoreFromBackups(
  place: BackupPlace,
  target: string,
  ref: string | undefined,
  onStep: (step: string, done: number, total: number) => void = () => {},
): Promise<RestoreReport> {
  const all = await listBackups(place.backupDir)
  const k = await key(place)
  let fulls = all
    .filter((b) => b.manifest.kind === 'full')
    .sort((a, b) => b.manifest.createdAt - a.manifest.createdAt)
  if (ref !== undefined) {
    const picked = find(all, ref)
    const baseId = picked.manifest.kind === 'full' ? picked.manifest.id : picked.manifest.base?.id
    fulls = fulls.filter((f) => f.manifest.id === baseId)
  }
  for (const full of fulls) {
    onStep(`verifying ${full.manifest.id}`, 0, 3)
    if (!(await verifyBackup(full.dir, k)).ok) continue
    const incrementals: string[] = []
    for (const inc of all
      .filter((b) => b.manifest.kind === 'incremental' && b.manifest.base?.id === full.manifest.id)
      .sort((a, b) => a.manifest.createdAt - b.manifest.createdAt)) {
      if (!(await verifyBackup(inc.dir, k)).ok) break
      incrementals.push(inc.dir)
    }
    onStep(`restoring ${full.manifest.id} and ${incrementals.length} incrementals`, 1, 3)
    const stats = await restoreBackup(full.dir, target, { ...k, incrementals })
    onStep('restored', 3, 3)
    return {
      backup: full.manifest.id,
      incrementals: stats.incrementalsApplied,
      target: stats.dir,
      entries: stats.entries,
    }
  }
  throw new CliError(
    'NO_GOOD_BACKUP',
    ref === undefined
      ? `no full backup in ${place.backupDir} verifies; run \`aimesh backup verify\` to see why, or \`aimesh recover\` to sync from peers`
      : `backup ${ref} (or the full backup it builds on) does not verify; run \`aimesh backup verify ${ref}\``,
  )
}
