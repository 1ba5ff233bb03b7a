/**
 * Optional AES-256-GCM encryption of backup files with a 32-byte key file (mode 0600).
 * Layout: iv(12) ‖ tag(16) ‖ ciphertext; the file name is bound in as associated data so
 * files cannot be swapped between columns unnoticed.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
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

/** Encrypts `plain` for `file`. */
export function encrypt(key: Uint8Array, file: string, plain: Uint8Array): Buffer {
  checkKey(key)
  const iv = randomBytes(IV_LENGTH)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(file))
  const body = Buffer.concat([cipher.update(plain), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body])
}

/** Decrypts a file's bytes; BACKUP_KEY when authentication fails (wrong key, or bytes changed after hashing). */
export function decrypt(key: Uint8Array, file: string, data: Uint8Array): Buffer {
  checkKey(key)
  if (data.length < IV_LENGTH + TAG_LENGTH)
    throw new StoreError('BACKUP_CORRUPT', `backup file ${file} is too short to be encrypted data`)
  const iv = data.subarray(0, IV_LENGTH)
  const tag = data.subarray(IV_LENGTH, IV_LENGTH + TAG_LENGTH)
  const decipher = createDecipheriv('aes-256-gcm', key, iv)
  decipher.setAAD(Buffer.from(file))
  decipher.setAuthTag(tag)
  try {
    return Buffer.concat([decipher.update(data.subarray(IV_LENGTH + TAG_LENGTH)), decipher.final()])
  } catch (err) {
    throw new StoreError(
      'BACKUP_KEY',
      `cannot decrypt backup file ${file}: wrong backup key (check --backup-key)`,
      {
        cause: err,
      },
    )
  }
}

function checkKey(key: Uint8Array): void {
  if (key.length !== BACKUP_KEY_LENGTH)
    throw new StoreError('BACKUP_KEY', `a backup key must be 32 bytes, got ${key.length}`)
}
