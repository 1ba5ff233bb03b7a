/** The backup manifest: what is in a backup and how to check it. Written last, so its presence means complete. */
import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { StoreError } from '../errors.js'

/** Manifest file name inside a backup directory. */
export const MANIFEST_FILE = 'manifest.json'
/** Format tag and version of this layout. */
export const BACKUP_FORMAT = 'aimesh-store-backup'
export const BACKUP_FORMAT_VERSION = 1

/** One data file of a backup. */
export interface BackupFileEntry {
  column: string
  file: string
  /** Entries in the file. */
  count: number
  /** Bytes before encryption. */
  plainBytes: number
  /** Bytes on disk. */
  bytes: number
  /** SHA-256 (hex) of the bytes on disk. */
  sha256: string
}

/** Contents of manifest.json. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT
  formatVersion: number
  kind: 'full' | 'incremental'
  schemaVersion: number
  createdAt: number
  createdAtIso: string
  encrypted: boolean
  /** For incremental backups: how many active tasks it holds. */
  activeTasks?: number
  files: BackupFileEntry[]
  /** SHA-256 (hex) over the JSON of every other field, so a changed manifest is detected too. */
  checksum: string
}

/** SHA-256 hex of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function checksumOf(m: Omit<BackupManifest, 'checksum'>): string {
  return sha256Hex(Buffer.from(JSON.stringify(m)))
}

/** Writes the manifest with its checksum. */
export async function writeManifest(
  dir: string,
  m: Omit<BackupManifest, 'checksum'>,
): Promise<BackupManifest> {
  const full: BackupManifest = { ...m, checksum: checksumOf(m) }
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(full, null, 2)}\n`)
  return full
}

/** Reads and checks a manifest; BACKUP_CORRUPT if missing, unparsable or altered. */
export async function readManifest(dir: string): Promise<BackupManifest> {
  let text: string
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8')
  } catch (err) {
    throw new StoreError(
      'BACKUP_CORRUPT',
      `${dir} has no readable ${MANIFEST_FILE}; it is not a complete backup`,
      {
        cause: err,
      },
    )
  }
  let parsed: BackupManifest
  try {
    parsed = JSON.parse(text) as BackupManifest
  } catch (err) {
    throw new StoreError(
      'BACKUP_CORRUPT',
      `${MANIFEST_FILE} in ${dir} is not valid JSON; the backup is damaged`,
      {
        cause: err,
      },
    )
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    parsed.format !== BACKUP_FORMAT ||
    !Array.isArray(parsed.files)
  )
    throw new StoreError('BACKUP_CORRUPT', `${dir} does not hold an aimesh store backup`)
  const { checksum, ...rest } = parsed
  if (checksum !== checksumOf(rest))
    throw new StoreError(
      'BACKUP_CORRUPT',
      `${MANIFEST_FILE} in ${dir} was altered (checksum mismatch); use another backup`,
    )
  return parsed
}
