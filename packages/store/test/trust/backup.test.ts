import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  listTrustBackups,
  nextTrustBackupDir,
  rotateTrustBackups,
  TRUST_BACKUP_DATA,
  TRUST_BACKUP_MANIFEST,
  verifyTrustBackup,
  writeTrustBackup,
} from '../../src/trust/backup.js'
import { CURRENT_TRUST_SCHEMA_VERSION, type TrustDocument } from '../../src/trust/migrations.js'
import { score, tempDir, update } from './helpers.js'

const doc: TrustDocument = {
  format: 'aimesh-trust',
  schemaVersion: CURRENT_TRUST_SCHEMA_VERSION,
  scores: [score('a', 0.3)],
  updates: [update('a', 1)],
}

describe('trust backups', () => {
  let temp: ReturnType<typeof tempDir>
  beforeEach(() => {
    temp = tempDir('backup')
  })
  afterEach(() => temp.cleanup())

  it('writes a manifest with counts and checksum, and verifies it', async () => {
    const dir = join(temp.dir, 'x')
    const manifest = await writeTrustBackup(doc, dir, 'memory', 123)
    expect(manifest).toMatchObject({ createdAt: 123, scoreCount: 1, updateCount: 1, file: TRUST_BACKUP_DATA })
    expect(await verifyTrustBackup(dir)).toEqual(manifest)
  })

  it('refuses a missing data file, a bad manifest and mismatched counts', async () => {
    const dir = join(temp.dir, 'x')
    const manifest = await writeTrustBackup(doc, dir, 'memory')
    const manifestPath = join(dir, TRUST_BACKUP_MANIFEST)
    writeFileSync(manifestPath, '{not json')
    await expect(verifyTrustBackup(dir)).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' })
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, scoreCount: 5 }))
    await expect(verifyTrustBackup(dir)).rejects.toThrow(/counts differ/)
    writeFileSync(manifestPath, JSON.stringify(manifest))
    rmSync(join(dir, TRUST_BACKUP_DATA))
    await expect(verifyTrustBackup(dir)).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' })
  })

  it('refuses truncated data', async () => {
    const dir = join(temp.dir, 'x')
    await writeTrustBackup(doc, dir, 'memory')
    const path = join(dir, TRUST_BACKUP_DATA)
    writeFileSync(path, readFileSync(path).subarray(0, 10))
    await expect(verifyTrustBackup(dir)).rejects.toThrow(/bytes, manifest says/)
  })

  it('names backups so lexical order is time order, and rotates the oldest', async () => {
    const a = await nextTrustBackupDir(temp.dir, 5)
    mkdirSync(a)
    const b = await nextTrustBackupDir(temp.dir, 5)
    mkdirSync(b)
    const c = await nextTrustBackupDir(temp.dir, 40)
    mkdirSync(c)
    mkdirSync(join(temp.dir, 'unrelated'))
    expect(await listTrustBackups(temp.dir)).toEqual([a, b, c])
    expect(await rotateTrustBackups(temp.dir, 1)).toEqual([a, b])
    expect(await listTrustBackups(temp.dir)).toEqual([c])
    expect(await listTrustBackups(join(temp.dir, 'missing'))).toEqual([])
  })
})
