import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ioError, TrustStoreError } from './errors.js'
import { fsyncDir, pathExists, tempSibling, writeNewFileSynced } from './fs-util.js'
import { parseTrustDocument, type TrustDocument } from './migrations.js'
import type { TrustBackendKind } from './trust-store.js'

/** Marks a manifest as an aimesh trust backup. */
export const TRUST_BACKUP_FORMAT = 'aimesh-trust-backup'
/** Name of the manifest file inside a backup directory. */
export const TRUST_BACKUP_MANIFEST = 'manifest.json'
/** Name of the data file inside a backup directory. */
export const TRUST_BACKUP_DATA = 'trust.json'
/** Prefix of backup directories made by the scheduler; rotation only touches these. */
export const TRUST_BACKUP_PREFIX = 'trust-backup-'

/** What a backup holds and the checksum that proves its data file is intact. */
export interface TrustBackupManifest {
  format: typeof TRUST_BACKUP_FORMAT
  formatVersion: 1
  /** Unix ms. */
  createdAt: number
  backend: TrustBackendKind
  schemaVersion: number
  scoreCount: number
  updateCount: number
  file: typeof TRUST_BACKUP_DATA
  bytes: number
  /** Hex SHA-256 of the data file. */
  sha256: string
}

function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * Writes `doc` and its manifest into `dir`, staged in a sibling directory and renamed into
 * place, so `dir` either holds a complete backup or does not exist.
 */
export async function writeTrustBackup(
  doc: TrustDocument,
  dir: string,
  backend: TrustBackendKind,
  now: number = Date.now(),
): Promise<TrustBackupManifest> {
  if (await pathExists(dir)) {
    throw new TrustStoreError('BACKUP_EXISTS', `backup target ${dir} already exists; choose a new directory`)
  }
  const data = Buffer.from(JSON.stringify(doc))
  const manifest: TrustBackupManifest = {
    format: TRUST_BACKUP_FORMAT,
    formatVersion: 1,
    createdAt: now,
    backend,
    schemaVersion: doc.schemaVersion,
    scoreCount: doc.scores.length,
    updateCount: doc.updates.length,
    file: TRUST_BACKUP_DATA,
    bytes: data.length,
    sha256: sha256Hex(data),
  }
  await mkdir(dirname(dir), { recursive: true })
  const staging = tempSibling(dir, 'partial')
  try {
    await mkdir(staging)
    await writeNewFileSynced(join(staging, TRUST_BACKUP_DATA), data)
    await writeNewFileSynced(join(staging, TRUST_BACKUP_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
    await fsyncDir(staging)
    await rename(staging, dir)
    await fsyncDir(dirname(dir))
  } catch (err) {
    await rm(staging, { recursive: true, force: true })
    throw ioError(`writing trust backup to ${dir}`, err)
  }
  return manifest
}

function corrupt(dir: string, why: string, cause?: unknown): TrustStoreError {
  return new TrustStoreError(
    'BACKUP_CORRUPT',
    `trust backup at ${dir} is damaged (${why}); restore an older backup instead`,
    { cause },
  )
}

function parseManifest(text: string, dir: string): TrustBackupManifest {
  let m: Partial<TrustBackupManifest>
  try {
    m = JSON.parse(text) as Partial<TrustBackupManifest>
  } catch (err) {
    throw corrupt(dir, 'manifest is not valid JSON', err)
  }
  const ok =
    m.format === TRUST_BACKUP_FORMAT &&
    m.formatVersion === 1 &&
    m.file === TRUST_BACKUP_DATA &&
    typeof m.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(m.sha256) &&
    Number.isSafeInteger(m.bytes) &&
    Number.isSafeInteger(m.scoreCount) &&
    Number.isSafeInteger(m.updateCount) &&
    Number.isSafeInteger(m.createdAt) &&
    Number.isSafeInteger(m.schemaVersion)
  if (!ok) throw corrupt(dir, 'manifest is missing fields or is not an aimesh trust backup manifest')
  return m as TrustBackupManifest
}

/**
 * Reads and fully verifies the backup in `dir` (checksum, size, schema, every record, counts),
 * migrating it to the current schema. Throws BACKUP_NOT_FOUND, BACKUP_CORRUPT or SCHEMA_TOO_NEW.
 */
export async function readTrustBackup(
  dir: string,
): Promise<{ doc: TrustDocument; manifest: TrustBackupManifest }> {
  let manifestText: string
  try {
    manifestText = await readFile(join(dir, TRUST_BACKUP_MANIFEST), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new TrustStoreError(
        'BACKUP_NOT_FOUND',
        `no trust backup at ${dir} (${TRUST_BACKUP_MANIFEST} is missing); check the path`,
        { cause: err },
      )
    }
    throw ioError(`reading trust backup manifest in ${dir}`, err)
  }
  const manifest = parseManifest(manifestText, dir)
  let data: Buffer
  try {
    data = await readFile(join(dir, manifest.file))
  } catch (err) {
    throw corrupt(dir, `${manifest.file} cannot be read`, err)
  }
  if (data.length !== manifest.bytes) {
    throw corrupt(dir, `${manifest.file} is ${data.length} bytes, manifest says ${manifest.bytes}`)
  }
  const actual = sha256Hex(data)
  if (actual !== manifest.sha256) {
    throw corrupt(dir, `SHA-256 of ${manifest.file} is ${actual}, manifest says ${manifest.sha256}`)
  }
  let value: unknown
  try {
    value = JSON.parse(data.toString('utf8'))
  } catch (err) {
    throw corrupt(dir, `${manifest.file} is not valid JSON`, err)
  }
  const doc = parseTrustDocument(value, `trust backup at ${dir}`, 'BACKUP_CORRUPT')
  if (doc.scores.length !== manifest.scoreCount || doc.updates.length !== manifest.updateCount) {
    throw corrupt(dir, 'record counts differ from the manifest')
  }
  return { doc, manifest }
}

/** Verifies the backup in `dir` without restoring it; returns its manifest. */
export async function verifyTrustBackup(dir: string): Promise<TrustBackupManifest> {
  return (await readTrustBackup(dir)).manifest
}

/** Backup directories the scheduler made under `root`, oldest first (names sort by time). */
export async function listTrustBackups(root: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[]
  try {
    entries = await readdir(root, { withFileTypes: true })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw ioError(`listing trust backups in ${root}`, err)
  }
  return entries
    .filter((e) => e.isDirectory() && e.name.startsWith(TRUST_BACKUP_PREFIX))
    .map((e) => e.name)
    .sort()
    .map((name) => join(root, name))
}

/** Deletes all but the newest `keep` scheduler backups under `root`; returns what was removed. */
export async function rotateTrustBackups(root: string, keep: number): Promise<string[]> {
  const all = await listTrustBackups(root)
  const doomed = all.slice(0, Math.max(0, all.length - keep))
  for (const dir of doomed) await rm(dir, { recursive: true, force: true })
  return doomed
}

/** A fresh backup directory name under `root` that sorts after every earlier one. */
export async function nextTrustBackupDir(root: string, now: number = Date.now()): Promise<string> {
  // Zero-padded ms so lexical order is time order; a suffix separates backups in the same ms.
  const base = `${TRUST_BACKUP_PREFIX}${String(now).padStart(15, '0')}`
  let candidate = join(root, base)
  for (let i = 1; await pathExists(candidate); i++)
    candidate = join(root, `${base}-${String(i).padStart(4, '0')}`)
  return candidate
}
