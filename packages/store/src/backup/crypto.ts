/**
 * Optional AES-256-GCM encryption of backup files with a 32-byte key file (mode 0600).
 * Layout: iv(12) ‖ tag(16) ‖ ciphertext. Separate keys are derived from the key file with HKDF
 * for file encryption, the manifest HMAC and the key fingerprint. Each file's associated data
 * binds the backup id, kind, schema version, column and file name, so a file cannot be moved to
 * another column or another backup (even one under the same key) unnoticed.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { StoreError } from '../errors.js'

/** AES-256 key length. */
export const BACKUP_KEY_LENGTH = 32
const IV_LENGTH = 12
const TAG_LENGTH = 16

/** Creates a new random key file with mode 0600; refuses to overwrite an existing file. */
export async function createBackupKeyFile(path: string): Promise<Uint8Array> {
  const key = randomBytes(BACKUP_KEY_LENGTH)
  try {
    await writeFile(path, key, { mode: 0o600, flag: 'wx' })
  } catch (err) {
    throw new StoreError(
      'BACKUP_KEY',
      `could not create backup key file ${path}: ${(err as Error).message}`,
      {
        cause: err,
      },
    )
  }
  return new Uint8Array(key)
}

/** Reads a key file: exactly 32 bytes, not readable by group or others. */
export async function readBackupKeyFile(path: string): Promise<Uint8Array> {
  let bytes: Buffer
  let mode: number
  try {
    bytes = await readFile(path)
    mode = (await stat(path)).mode
  } catch (err) {
    throw new StoreError('BACKUP_KEY', `cannot read backup key file ${path}: ${(err as Error).message}`, {
      cause: err,
    })
  }
  if (bytes.length !== BACKUP_KEY_LENGTH)
    throw new StoreError(
      'BACKUP_KEY',
      `backup key file ${path} must hold exactly 32 bytes (it has ${bytes.length})`,
    )
  if ((mode & 0o077) !== 0)
    throw new StoreError(
      'BACKUP_KEY',
      `backup key file ${path} is readable by other users; run: chmod 600 ${path}`,
    )
  return new Uint8Array(bytes)
}

/** What a data file's AES-GCM associated data binds it to. */
export interface FileContext {
  backupId: string
  kind: 'full' | 'incremental'
  schemaVersion: number
  column: string
  file: string
}

const HKDF_SALT = Buffer.from('aimesh-store-backup')

function derive(key: Uint8Array, purpose: string): Buffer {
  checkKey(key)
  return Buffer.from(hkdfSync('sha256', key, HKDF_SALT, `aimesh-store-backup/v2 ${purpose}`, 32))
}

/** Associated data of one file: every field of its context, unambiguously framed. */
function aad(ctx: FileContext): Buffer {
  return Buffer.from(
    JSON.stringify([
      'aimesh-store-backup/v2',
      ctx.backupId,
      ctx.kind,
      ctx.schemaVersion,
      ctx.column,
      ctx.file,
    ]),
  )
}

/** Public fingerprint of a backup key (hex), to tell "wrong key" from "altered manifest". */
export function keyFingerprint(key: Uint8Array): string {
  return derive(key, 'key-id').subarray(0, 16).toString('hex')
}

/** HMAC-SHA256 (hex) of a manifest's exact bytes under the manifest key derived from `key`. */
export function manifestMac(key: Uint8Array, bytes: Uint8Array): string {
  return createHmac('sha256', derive(key, 'manifest-hmac')).update(bytes).digest('hex')
}

/** Constant-time comparison of two hex MACs. */
export function macsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Encrypts `plain` for one file of one backup. */
export function encrypt(key: Uint8Array, ctx: FileContext, plain: Uint8Array): Buffer {
  const iv = randomBytes(IV_LENGTH)
  const cipher = createCipheriv('aes-256-gcm', derive(key, 'file-encryption'), iv)
  cipher.setAAD(aad(ctx))
  const body = Buffer.concat([cipher.update(plain), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body])
}

/**
 * Decrypts a file's bytes. The key was already checked against the manifest's fingerprint, so a
 * failed authentication means the bytes do not belong to this file of this backup: BACKUP_CORRUPT.
 */
export function decrypt(key: Uint8Array, ctx: FileContext, data: Uint8Array): Buffer {
  if (data.length < IV_LENGTH + TAG_LENGTH)
    throw new StoreError('BACKUP_CORRUPT', `backup file ${ctx.file} is too short to be encrypted data`)
  const iv = data.subarray(0, IV_LENGTH)
  const tag = data.subarray(IV_LENGTH, IV_LENGTH + TAG_LENGTH)
  const decipher = createDecipheriv('aes-256-gcm', derive(key, 'file-encryption'), iv)
  decipher.setAAD(aad(ctx))
  decipher.setAuthTag(tag)
  try {
    return Buffer.concat([decipher.update(data.subarray(IV_LENGTH + TAG_LENGTH)), decipher.final()])
  } catch (err) {
    throw new StoreError(
      'BACKUP_CORRUPT',
      `backup file ${ctx.file} failed authentication: it is damaged or belongs to another backup; use another backup`,
      { cause: err },
    )
  }
}

function checkKey(key: Uint8Array): void {
  if (key.length !== BACKUP_KEY_LENGTH)
    throw new StoreError('BACKUP_KEY', `a backup key must be 32 bytes, got ${key.length}`)
}
