/**
 * Reading a backup back: manifest hash (and HMAC with a key), every file present with its SHA-256,
 * decryption (authenticated, bound to this backup and column), entry framing and counts. With a
 * key, an unencrypted backup is refused (BACKUP_KEY). `verifyBackup` reports every problem; `loadBackup`
 * throws the first as a typed StoreError.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { COLUMN_NAMES, type ColumnName } from '../columns.js'
import { StoreError, type StoreErrorCode } from '../errors.js'
import { SCHEMA_VERSION, schemaTooNew } from '../migrations.js'
import { decrypt } from './crypto.js'
import { decodeEntries } from './data-file.js'
import { type BackupManifest, readManifest, sha256Hex } from './manifest.js'

/** One thing wrong with a backup. */
export interface BackupProblem {
  code: Extract<StoreErrorCode, 'BACKUP_CORRUPT' | 'BACKUP_KEY' | 'SCHEMA_TOO_NEW'>
  message: string
}

/** Result of verifyBackup(). */
export interface BackupVerification {
  ok: boolean
  dir: string
  manifest?: BackupManifest
  /** False when the backup is encrypted and no key was given (hashes checked, contents not). */
  contentsChecked: boolean
  problems: BackupProblem[]
}

/** A backup's decoded contents. */
export interface LoadedBackup {
  manifest: BackupManifest
  entries: Map<ColumnName, [Uint8Array, Uint8Array][]>
}

const KNOWN_COLUMNS: ReadonlySet<string> = new Set(COLUMN_NAMES)

/** Checks a backup without changing anything; pass the key to check encrypted contents too. */
export async function verifyBackup(
  dir: string,
  options: { key?: Uint8Array } = {},
): Promise<BackupVerification> {
  const problems: BackupProblem[] = []
  const result = await inspect(dir, options.key, problems)
  return {
    ok: problems.length === 0,
    dir,
    ...(result.manifest === undefined ? {} : { manifest: result.manifest }),
    contentsChecked: result.contentsChecked,
    problems,
  }
}

/** Loads and fully checks a backup; throws the first problem as a StoreError. */
export async function loadBackup(dir: string, options: { key?: Uint8Array } = {}): Promise<LoadedBackup> {
  const problems: BackupProblem[] = []
  const result = await inspect(dir, options.key, problems)
  const first = problems[0]
  if (first !== undefined) throw new StoreError(first.code, first.message)
  if (result.manifest === undefined || !result.contentsChecked)
    throw new StoreError('BACKUP_KEY', `backup ${dir} is encrypted; pass its key file to restore it`)
  return { manifest: result.manifest, entries: result.entries }
}

async function inspect(
  dir: string,
  key: Uint8Array | undefined,
  problems: BackupProblem[],
): Promise<{ manifest?: BackupManifest; contentsChecked: boolean; entries: LoadedBackup['entries'] }> {
  const entries: LoadedBackup['entries'] = new Map()
  let manifest: BackupManifest
  try {
    manifest = await readManifest(dir, key)
  } catch (err) {
    const code = err instanceof StoreError && err.code === 'BACKUP_KEY' ? 'BACKUP_KEY' : 'BACKUP_CORRUPT'
    problems.push({ code, message: (err as Error).message })
    return { contentsChecked: false, entries }
  }
  if (manifest.schemaVersion > SCHEMA_VERSION)
    problems.push({
      code: 'SCHEMA_TOO_NEW',
      message: schemaTooNew(manifest.schemaVersion, SCHEMA_VERSION, `backup ${dir}`).message,
    })
  const contentsChecked = !manifest.encrypted || key !== undefined
  for (const f of manifest.files) {
    if (!KNOWN_COLUMNS.has(f.column) || f.file !== `${f.column}.bin`) {
      problems.push({ code: 'BACKUP_CORRUPT', message: `manifest of ${dir} names an unknown file ${f.file}` })
      continue
    }
    let data: Buffer
    try {
      data = await readFile(join(dir, f.file))
    } catch {
      problems.push({
        code: 'BACKUP_CORRUPT',
        message: `backup ${dir} is missing ${f.file}; use another backup`,
      })
      continue
    }
    if (data.length !== f.bytes || sha256Hex(data) !== f.sha256) {
      problems.push({
        code: 'BACKUP_CORRUPT',
        message: `backup file ${join(dir, f.file)} does not match its SHA-256 in the manifest (damaged or truncated); use another backup`,
      })
      continue
    }
    if (!contentsChecked) continue
    try {
      const plain =
        manifest.encrypted && key !== undefined
          ? decrypt(
              key,
              {
                backupId: manifest.id,
                kind: manifest.kind,
                schemaVersion: manifest.schemaVersion,
                column: f.column,
                file: f.file,
              },
              data,
            )
          : data
      const list = decodeEntries(plain, f.file)
      if (list.length !== f.count)
        throw new StoreError(
          'BACKUP_CORRUPT',
          `backup file ${f.file} holds ${list.length} entries, manifest says ${f.count}`,
        )
      entries.set(f.column as ColumnName, list)
    } catch (err) {
      const code = err instanceof StoreError && err.code === 'BACKUP_KEY' ? 'BACKUP_KEY' : 'BACKUP_CORRUPT'
      problems.push({ code, message: (err as Error).message })
      // One wrong-key report is enough: every file would say the same.
      if (code === 'BACKUP_KEY') break
    }
  }
  return { manifest, contentsChecked, entries }
}
