/**
 * The backup manifest: what is in a backup and how to check it. Two files, written last (so their
 * presence means complete): `manifest.json`, and `manifest.seal.json` holding the SHA-256 of
 * manifest.json's exact bytes and, for encrypted backups, an HMAC-SHA256 of those bytes under a
 * key derived from the backup key. Any byte changed in manifest.json (whitespace included) is
 * detected; with the key, a forged or altered encrypted manifest is detected too.
 *
 * Error codes with a key: BACKUP_KEY when the key is not this backup's key (its fingerprint does
 * not match) or when the backup is not encrypted at all (refused, since anyone can write a plain
 * backup); BACKUP_CORRUPT when the key matches but the HMAC does not (the manifest was altered).
 */
import { createHash, randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { StoreError } from '../errors.js'
import { keyFingerprint, macsEqual, manifestMac } from './crypto.js'
import { writeFileDurable } from './durable.js'

/** Manifest file name inside a backup directory. */
export const MANIFEST_FILE = 'manifest.json'
/** The manifest's hash (and HMAC when encrypted), over its exact bytes. */
export const MANIFEST_SEAL_FILE = 'manifest.seal.json'
/** Format tag and version of this layout. */
export const BACKUP_FORMAT = 'aimesh-store-backup'
/** v2: raw-byte manifest hash, HMAC for encrypted manifests, backup ids and incremental bases. */
export const BACKUP_FORMAT_VERSION = 2

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

/** The full backup an incremental one was taken on top of. */
export interface BackupBase {
  id: string
  createdAt: number
}

/** Contents of manifest.json. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT
  formatVersion: number
  /** Random id of this backup (hex); bound into every encrypted file. */
  id: string
  kind: 'full' | 'incremental'
  schemaVersion: number
  createdAt: number
  createdAtIso: string
  encrypted: boolean
  /** Encrypted backups: fingerprint of the key (HKDF-derived; tells a wrong key from an altered manifest). */
  keyId?: string
  /** Incremental backups: the full backup they apply on top of. */
  base?: BackupBase
  /** For incremental backups: how many active tasks it holds. */
  activeTasks?: number
  files: BackupFileEntry[]
}

/** Contents of manifest.seal.json. */
interface ManifestSeal {
  /** SHA-256 (hex) of manifest.json's bytes. */
  sha256: string
  /** Encrypted backups: HMAC-SHA256 (hex) of manifest.json's bytes under the derived manifest key. */
  hmac?: string
}

/** SHA-256 hex of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** A new random backup id. */
export function newBackupId(): string {
  return randomBytes(16).toString('hex')
}

/** Writes (and fsyncs) the manifest and its seal; `key` is required exactly when `m.encrypted`. */
export async function writeManifest(
  dir: string,
  m: Omit<BackupManifest, 'keyId'>,
  key?: Uint8Array,
): Promise<BackupManifest> {
  if (m.encrypted !== (key !== undefined))
    throw new StoreError('INVALID_ARGUMENT', 'an encrypted manifest needs the backup key, a plain one none')
  const full: BackupManifest = key === undefined ? { ...m } : { ...m, keyId: keyFingerprint(key) }
  const bytes = Buffer.from(`${JSON.stringify(full, null, 2)}\n`)
  const seal: ManifestSeal = {
    sha256: sha256Hex(bytes),
    ...(key === undefined ? {} : { hmac: manifestMac(key, bytes) }),
  }
  await writeFileDurable(join(dir, MANIFEST_FILE), bytes)
  await writeFileDurable(join(dir, MANIFEST_SEAL_FILE), `${JSON.stringify(seal, null, 2)}\n`)
  return full
}

/**
 * Reads and checks a manifest: BACKUP_CORRUPT if missing, unparsable or altered. With `key`, also
 * authenticates it (see the file comment for BACKUP_KEY vs BACKUP_CORRUPT); without one, an
 * encrypted manifest is only checked against its hash.
 */
export async function readManifest(dir: string, key?: Uint8Array): Promise<BackupManifest> {
  let bytes: Buffer
  let sealText: string
  try {
    bytes = await readFile(join(dir, MANIFEST_FILE))
    sealText = await readFile(join(dir, MANIFEST_SEAL_FILE), 'utf8')
  } catch (err) {
    throw corrupt(
      `${dir} has no readable ${MANIFEST_FILE} and ${MANIFEST_SEAL_FILE}; it is not a complete backup`,
      err,
    )
  }
  let seal: ManifestSeal
  let parsed: BackupManifest
  try {
    seal = JSON.parse(sealText) as ManifestSeal
    parsed = JSON.parse(bytes.toString('utf8')) as BackupManifest
  } catch (err) {
    throw corrupt(
      `${MANIFEST_FILE} or ${MANIFEST_SEAL_FILE} in ${dir} is not valid JSON; the backup is damaged`,
      err,
    )
  }
  if (typeof seal !== 'object' || seal === null || seal.sha256 !== sha256Hex(bytes))
    throw corrupt(`${MANIFEST_FILE} in ${dir} was altered (checksum mismatch); use another backup`)
  if (typeof parsed !== 'object' || parsed === null || parsed.format !== BACKUP_FORMAT)
    throw corrupt(`${dir} does not hold an aimesh store backup`)
  if (parsed.formatVersion !== BACKUP_FORMAT_VERSION)
    throw corrupt(
      `${dir} is backup format v${String(parsed.formatVersion)}; this aimesh reads v${BACKUP_FORMAT_VERSION} only (take a new backup)`,
    )
  if (
    typeof parsed.id !== 'string' ||
    (parsed.kind !== 'full' && parsed.kind !== 'incremental') ||
    typeof parsed.createdAt !== 'number' ||
    typeof parsed.schemaVersion !== 'number' ||
    typeof parsed.encrypted !== 'boolean' ||
    !Array.isArray(parsed.files) ||
    (parsed.kind === 'incremental' &&
      (typeof parsed.base?.id !== 'string' || typeof parsed.base.createdAt !== 'number'))
  )
    throw corrupt(`${MANIFEST_FILE} in ${dir} is malformed; the backup is damaged`)
  if (key !== undefined) {
    if (!parsed.encrypted)
      throw new StoreError(
        'BACKUP_KEY',
        `backup ${dir} is not encrypted but a backup key was given; refusing it (anyone can write an unencrypted backup). Restore without a key only if you trust it`,
      )
    if (parsed.keyId !== keyFingerprint(key))
      throw new StoreError(
        'BACKUP_KEY',
        `backup ${dir} was encrypted with another key: wrong backup key (check --backup-key)`,
      )
    if (typeof seal.hmac !== 'string' || !macsEqual(seal.hmac, manifestMac(key, bytes)))
      throw corrupt(
        `${MANIFEST_FILE} in ${dir} failed authentication (HMAC mismatch): it was altered; use another backup`,
      )
  }
  return parsed
}

function corrupt(message: string, cause?: unknown): StoreError {
  return new StoreError('BACKUP_CORRUPT', message, cause === undefined ? undefined : { cause })
}
