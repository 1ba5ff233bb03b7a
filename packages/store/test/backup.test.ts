import { createHash } from 'node:crypto'
import { chmod, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { RewardRole, TaskStatus } from '@aimesh/protocol'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeManifest } from '../src/backup/manifest.js'
import {
  type BackupFileEntry,
  type BackupManifest,
  createBackupKeyFile,
  listBackups,
  readBackupKeyFile,
  restoreBackup,
  StateStore,
  type StoreError,
  verifyBackup,
} from '../src/index.js'
import { hexOf, message, miner, reward, rid, submission, task, tempDir, validation } from './helpers.js'

let root: string
let cleanup: () => Promise<void>
let store: StateStore

async function populate(s: StateStore, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const t = task({ status: i % 2 === 0 ? TaskStatus.PUBLISHED : TaskStatus.COMPLETED, title: `t${i}` })
    const sub = submission({ taskId: t.id })
    await s.applyMessage({
      message: message(t.id),
      puts: [
        { type: 'task', record: t },
        { type: 'submission', record: sub },
        { type: 'validation', record: validation({ submissionId: sub.id, taskId: t.id }) },
        { type: 'miner', record: miner({ reputation: i }) },
        {
          type: 'reward',
          record: reward({
            taskId: t.id,
            entries: [
              {
                recipient: rid(),
                amount: 5n,
                role: RewardRole.WINNER,
                claimed: false,
                claimId: new Uint8Array(0),
              },
            ],
          }),
        },
      ],
    })
  }
  await s.trust.put(new Uint8Array([1]), new Uint8Array([2]))
}

async function expectError(p: Promise<unknown>, code: string): Promise<StoreError> {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as StoreError | undefined
  expect(err?.code).toBe(code)
  return err!
}

async function flipByte(file: string, at = 10): Promise<void> {
  const bytes = await readFile(file)
  bytes[Math.min(at, bytes.length - 1)]! ^= 0x01
  await writeFile(file, bytes)
}

beforeEach(async () => {
  ;({ dir: root, cleanup } = await tempDir())
  store = await StateStore.open(join(root, 'live'))
  await populate(store, 12)
})
afterEach(async () => {
  await store.close()
  await cleanup()
})

describe('full backups', () => {
  it('round-trips every column through a manifest with counts, sizes and hashes', async () => {
    const dir = join(root, 'b1')
    const stats = await store.backup(dir)
    expect(stats.manifest.kind).toBe('full')
    expect(stats.manifest.schemaVersion).toBe(1)
    const tasks = stats.manifest.files.find((f) => f.column === 'tasks')
    expect(tasks).toMatchObject({ count: 12, file: 'tasks.bin' })
    expect(tasks?.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(tasks?.bytes).toBe((await stat(join(dir, 'tasks.bin'))).size)
    expect((await verifyBackup(dir)).ok).toBe(true)

    const restored = join(root, 'restored')
    const r = await restoreBackup(dir, restored)
    expect(r.perColumn.tasks).toBe(12)
    const copy = await StateStore.open(restored)
    try {
      for (const c of [
        'tasks',
        'submissions',
        'validations',
        'miners',
        'rewards',
        'indexes',
        'messages',
        'trust',
      ] as const)
        expect(await copy.count(c)).toBe(await store.count(c))
      expect(hexSetOf(await copy.tasks.listByStatus(TaskStatus.PUBLISHED))).toEqual(
        hexSetOf(await store.tasks.listByStatus(TaskStatus.PUBLISHED)),
      )
      expect((await copy.checkIntegrity()).ok).toBe(true)
    } finally {
      await copy.close()
    }
  })

  it('is a consistent snapshot even while writes continue', async () => {
    const dir = join(root, 'busy')
    const writes = populate(store, 20)
    await store.backup(dir)
    await writes
    const restored = join(root, 'busy-restored')
    await restoreBackup(dir, restored)
    const copy = await StateStore.open(restored)
    expect((await copy.checkIntegrity()).ok).toBe(true)
    await copy.close()
  })

  it('refuses non-empty targets', async () => {
    const dir = join(root, 'b2')
    await store.backup(dir)
    await expectError(store.backup(dir), 'TARGET_NOT_EMPTY')
    await expectError(restoreBackup(dir, join(root, 'live')), 'TARGET_NOT_EMPTY')
  })
})

describe('damaged backups', () => {
  let dir: string
  beforeEach(async () => {
    dir = join(root, 'victim')
    await store.backup(dir)
  })

  it('detects a flipped byte in a data file and restores nothing', async () => {
    await flipByte(join(dir, 'tasks.bin'))
    const v = await verifyBackup(dir)
    expect(v.ok).toBe(false)
    expect(v.problems[0]?.code).toBe('BACKUP_CORRUPT')
    expect(v.problems[0]?.message).toContain('tasks.bin')
    const target = join(root, 'never')
    await expectError(restoreBackup(dir, target), 'BACKUP_CORRUPT')
    await expect(stat(target)).rejects.toThrow()
    // The live store is untouched and usable.
    expect(await store.count('tasks')).toBe(12)
  })

  it('detects a flipped byte anywhere in the manifest', async () => {
    const original = await readFile(join(dir, 'manifest.json'))
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: original.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (at, mask) => {
          const bytes = Buffer.from(original)
          bytes[at]! ^= mask
          await writeFile(join(dir, 'manifest.json'), bytes)
          const v = await verifyBackup(dir)
          expect(v.ok).toBe(false)
          expect(v.problems[0]?.code).toBe('BACKUP_CORRUPT')
        },
      ),
      { numRuns: 40 },
    )
    await writeFile(join(dir, 'manifest.json'), original)
    expect((await verifyBackup(dir)).ok).toBe(true)
  })

  it('detects a whitespace-only change to the manifest', async () => {
    const text = await readFile(join(dir, 'manifest.json'), 'utf8')
    await writeFile(join(dir, 'manifest.json'), text.replace('{\n', '{\n ').concat(' '))
    expect(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))).toEqual(JSON.parse(text))
    const v = await verifyBackup(dir)
    expect(v.ok).toBe(false)
    expect(v.problems[0]?.code).toBe('BACKUP_CORRUPT')
    await expectError(restoreBackup(dir, join(root, 'never')), 'BACKUP_CORRUPT')
  })

  it('detects a flipped byte at any offset of any data file and restores nothing', async () => {
    const names = (await readdir(dir)).filter((n) => n.endsWith('.bin'))
    const sizes = new Map<string, number>()
    for (const n of names) sizes.set(n, (await stat(join(dir, n))).size)
    const files = names.filter((n) => (sizes.get(n) ?? 0) > 0)
    let run = 0
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...files),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.integer({ min: 1, max: 255 }),
        async (file, where, mask) => {
          const path = join(dir, file)
          const original = await readFile(path)
          const at = Math.floor(where * original.length)
          const bytes = Buffer.from(original)
          bytes[at]! ^= mask
          await writeFile(path, bytes)
          try {
            const v = await verifyBackup(dir)
            expect(v.ok).toBe(false)
            expect(v.problems[0]?.code).toBe('BACKUP_CORRUPT')
            expect(v.problems[0]?.message).toContain(file)
            const target = join(root, `never-${run++}`)
            await expectError(restoreBackup(dir, target), 'BACKUP_CORRUPT')
            await expect(stat(target)).rejects.toThrow()
          } finally {
            await writeFile(path, original)
          }
        },
      ),
      { numRuns: 25 },
    )
    expect((await verifyBackup(dir)).ok).toBe(true)
  })

  it('refuses a manifest of an older backup format', async () => {
    const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))
    await rm(join(dir, 'manifest.json'))
    await rm(join(dir, 'manifest.seal.json'))
    await writeManifest(dir, { ...m, formatVersion: 1 })
    const v = await verifyBackup(dir)
    expect(v.problems[0]?.code).toBe('BACKUP_CORRUPT')
    expect(v.problems[0]?.message).toMatch(/format v1/)
  })

  it('detects a missing file and a truncated file', async () => {
    await rm(join(dir, 'miners.bin'))
    await truncate(join(dir, 'tasks.bin'), 5)
    const v = await verifyBackup(dir)
    expect(v.problems.map((p) => p.code)).toEqual(['BACKUP_CORRUPT', 'BACKUP_CORRUPT'])
    expect(v.problems.some((p) => p.message.includes('missing miners.bin'))).toBe(true)
    await expectError(restoreBackup(dir, join(root, 'never')), 'BACKUP_CORRUPT')
  })

  it('refuses a backup from a newer schema', async () => {
    const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))
    await rm(join(dir, 'manifest.json'))
    await rm(join(dir, 'manifest.seal.json'))
    await writeManifest(dir, { ...m, schemaVersion: 99 })
    expect((await verifyBackup(dir)).problems[0]?.code).toBe('SCHEMA_TOO_NEW')
    const err = await expectError(restoreBackup(dir, join(root, 'never')), 'SCHEMA_TOO_NEW')
    expect(err.message).toMatch(/upgrade aimesh/)
  })

  it('says when a directory is not a backup', async () => {
    expect((await verifyBackup(join(root, 'nothing'))).problems[0]?.code).toBe('BACKUP_CORRUPT')
  })
})

describe('encrypted backups', () => {
  it('round-trips with the key file and refuses a wrong or missing key', async () => {
    const keyFile = join(root, 'backup.key')
    await createBackupKeyFile(keyFile)
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600)
    const key = await readBackupKeyFile(keyFile)
    const dir = join(root, 'enc')
    const stats = await store.backup(dir, { key })
    expect(stats.manifest.encrypted).toBe(true)
    // Ciphertext does not contain the plain task title.
    expect((await readFile(join(dir, 'tasks.bin'))).includes(Buffer.from('t11'))).toBe(false)

    expect(await verifyBackup(dir)).toMatchObject({ ok: true, contentsChecked: false })
    expect(await verifyBackup(dir, { key })).toMatchObject({ ok: true, contentsChecked: true })
    const wrong = new Uint8Array(32).fill(7)
    const v = await verifyBackup(dir, { key: wrong })
    expect(v.ok).toBe(false)
    expect(v.problems).toHaveLength(1)
    expect(v.problems[0]?.code).toBe('BACKUP_KEY')

    await expectError(restoreBackup(dir, join(root, 'x')), 'BACKUP_KEY')
    await expectError(restoreBackup(dir, join(root, 'y'), { key: wrong }), 'BACKUP_KEY')
    const restored = join(root, 'enc-restored')
    await restoreBackup(dir, restored, { key })
    const copy = await StateStore.open(restored)
    expect(await copy.count('tasks')).toBe(12)
    expect((await copy.checkIntegrity()).ok).toBe(true)
    await copy.close()
  })

  describe('authentication', () => {
    let key: Uint8Array
    let dir: string
    beforeEach(async () => {
      key = await createBackupKeyFile(join(root, 'auth.key'))
      dir = join(root, 'auth')
      await store.backup(dir, { key })
    })

    /** Rewrites manifest.json and fixes its plain hash, as anyone without the key could. */
    async function tamper(at: string, edit: (m: BackupManifest) => BackupManifest): Promise<void> {
      const m = JSON.parse(await readFile(join(at, 'manifest.json'), 'utf8')) as BackupManifest
      const bytes = Buffer.from(`${JSON.stringify(edit(m), null, 2)}\n`)
      const seal = JSON.parse(await readFile(join(at, 'manifest.seal.json'), 'utf8'))
      await writeFile(join(at, 'manifest.json'), bytes)
      await writeFile(
        join(at, 'manifest.seal.json'),
        JSON.stringify({ ...seal, sha256: createHash('sha256').update(bytes).digest('hex') }),
      )
    }

    it('refuses an unencrypted backup when a key is given (a forged plain backup)', async () => {
      const plain = join(root, 'forged')
      await store.backup(plain)
      const v = await verifyBackup(plain, { key })
      expect(v.ok).toBe(false)
      expect(v.problems[0]?.code).toBe('BACKUP_KEY')
      const err = await expectError(restoreBackup(plain, join(root, 'never'), { key }), 'BACKUP_KEY')
      expect(err.message).toMatch(/not encrypted/)
      await expect(stat(join(root, 'never'))).rejects.toThrow()
      // Even when the forger claims `encrypted: true` without knowing the key.
      await tamper(plain, (m) => ({ ...m, encrypted: true }))
      await expectError(restoreBackup(plain, join(root, 'never'), { key }), 'BACKUP_KEY')
    })

    it('refuses an encrypted manifest whose HMAC does not match (BACKUP_CORRUPT)', async () => {
      await tamper(dir, (m) => ({ ...m, createdAt: m.createdAt + 1 }))
      // Without the key only the hash can be checked, and it was fixed up.
      expect((await verifyBackup(dir)).ok).toBe(true)
      const v = await verifyBackup(dir, { key })
      expect(v.problems[0]?.code).toBe('BACKUP_CORRUPT')
      expect(v.problems[0]?.message).toMatch(/HMAC/)
      await expectError(restoreBackup(dir, join(root, 'never'), { key }), 'BACKUP_CORRUPT')
    })

    it('detects data files swapped in from another backup under the same key', async () => {
      const other = join(root, 'auth-other')
      await store.backup(other, { key })
      const original = await readFile(join(dir, 'tasks.bin'))
      await writeFile(join(dir, 'tasks.bin'), await readFile(join(other, 'tasks.bin')))
      await expectError(restoreBackup(dir, join(root, 'never'), { key }), 'BACKUP_CORRUPT')
      await writeFile(join(dir, 'tasks.bin'), original)

      // Even a key holder who re-signs the manifest to match cannot move a file to another
      // backup or column: the file's associated data names its backup id and column.
      const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as BackupManifest
      const theirs = JSON.parse(await readFile(join(other, 'manifest.json'), 'utf8')) as BackupManifest
      const swapped = m.files.map((f) =>
        f.column === 'tasks' ? { ...f, ...pick(theirs.files.find((g) => g.column === 'tasks')!) } : f,
      )
      await writeFile(join(dir, 'tasks.bin'), await readFile(join(other, 'tasks.bin')))
      await rm(join(dir, 'manifest.json'))
      await rm(join(dir, 'manifest.seal.json'))
      const { keyId: _, ...rest } = m
      await writeManifest(dir, { ...rest, files: swapped }, key)
      const v = await verifyBackup(dir, { key })
      expect(v.problems[0]?.code).toBe('BACKUP_CORRUPT')
      expect(v.problems[0]?.message).toMatch(/tasks\.bin failed authentication/)

      const moved = join(root, 'auth-moved')
      await store.backup(moved, { key })
      const mm = JSON.parse(await readFile(join(moved, 'manifest.json'), 'utf8')) as BackupManifest
      const minersEntry = mm.files.find((f) => f.column === 'miners')!
      await writeFile(join(moved, 'tasks.bin'), await readFile(join(moved, 'miners.bin')))
      await rm(join(moved, 'manifest.json'))
      await rm(join(moved, 'manifest.seal.json'))
      const { keyId: __, ...mrest } = mm
      await writeManifest(
        moved,
        { ...mrest, files: mm.files.map((f) => (f.column === 'tasks' ? { ...f, ...pick(minersEntry) } : f)) },
        key,
      )
      expect((await verifyBackup(moved, { key })).problems[0]?.message).toMatch(
        /tasks\.bin failed authentication/,
      )
    })
  })

  it('rejects key files that are the wrong size or readable by others', async () => {
    const loose = join(root, 'loose.key')
    await createBackupKeyFile(loose)
    await chmod(loose, 0o644)
    await expectError(readBackupKeyFile(loose), 'BACKUP_KEY')
    const short = join(root, 'short.key')
    await writeFile(short, Buffer.alloc(5), { mode: 0o600 })
    await expectError(readBackupKeyFile(short), 'BACKUP_KEY')
    await expectError(createBackupKeyFile(short), 'BACKUP_KEY')
  })
})

describe('rotation and incremental backups', () => {
  it('keeps only the newest K backups', async () => {
    const dirRoot = join(root, 'rotating')
    for (let i = 0; i < 4; i++)
      await store.backupInto(dirRoot, { keep: 2, now: 1_700_000_000_000 + i * 1000 })
    const left = await listBackups(dirRoot)
    expect(left.map((b) => b.manifest.createdAt)).toEqual([1_700_000_003_000, 1_700_000_002_000])
    expect(await readdir(dirRoot)).toHaveLength(2)
  })

  it('keeps the newest K full backups and the incrementals built on them', async () => {
    const dirRoot = join(root, 'chain')
    const at = (i: number) => 1_700_000_000_000 + i * 1000
    const full1 = await store.backupInto(dirRoot, { now: at(0) })
    const inc1 = await store.backupInto(dirRoot, { kind: 'incremental', now: at(1) })
    expect(inc1.manifest.base).toEqual({ id: full1.manifest.id, createdAt: at(0) })
    // One full backup and three incrementals with keep=1: nothing may go, the full one is their base.
    await store.backupInto(dirRoot, { kind: 'incremental', now: at(2), keep: 1 })
    await store.backupInto(dirRoot, { kind: 'incremental', now: at(3), keep: 1 })
    let left = await listBackups(dirRoot)
    expect(left.map((b) => b.manifest.kind)).toEqual(['incremental', 'incremental', 'incremental', 'full'])
    // The same with keep=3 (the count must not mix kinds).
    await store.backupInto(dirRoot, { kind: 'incremental', now: at(4), keep: 3 })
    left = await listBackups(dirRoot)
    expect(left.filter((b) => b.manifest.kind === 'full').map((b) => b.dir)).toEqual([full1.dir])
    expect(left).toHaveLength(5)
    // What is left restores.
    const incs = left
      .filter((b) => b.manifest.kind === 'incremental')
      .map((b) => b.dir)
      .reverse()
    await restoreBackup(full1.dir, join(root, 'chain-restored'), { incrementals: incs })

    // A new full backup with keep=1 retires the old one and the incrementals built on it.
    const full2 = await store.backupInto(dirRoot, { now: at(5) })
    const inc2 = await store.backupInto(dirRoot, { kind: 'incremental', now: at(6), keep: 1 })
    expect(inc2.manifest.base?.id).toBe(full2.manifest.id)
    left = await listBackups(dirRoot)
    expect(left.map((b) => b.dir)).toEqual([inc2.dir, full2.dir])
    expect(await readdir(dirRoot)).toHaveLength(2)
  })

  it('keep=K with mixed kinds keeps K full backups, never only incrementals', async () => {
    const dirRoot = join(root, 'mixed')
    const at = (i: number) => 1_700_000_000_000 + i * 1000
    const full = await store.backupInto(dirRoot, { now: at(0) })
    for (let i = 1; i <= 3; i++) await store.backupInto(dirRoot, { kind: 'incremental', now: at(i), keep: 3 })
    const left = await listBackups(dirRoot)
    expect(left.some((b) => b.dir === full.dir)).toBe(true)
    expect(left).toHaveLength(4)
  })

  it('refuses an incremental that was not taken on top of the full backup being restored', async () => {
    const fullA = join(root, 'fa')
    await store.backup(fullA, { now: 1_700_000_000_000 })
    const fullB = join(root, 'fb')
    await store.backup(fullB, { now: 1_700_000_001_000 })
    const inc = join(root, 'inc-on-b')
    const stats = await store.backup(inc, { kind: 'incremental', now: 1_700_000_002_000 })
    // Defaults to the newest full backup beside it.
    expect(stats.manifest.base?.createdAt).toBe(1_700_000_001_000)
    const err = await expectError(
      restoreBackup(fullA, join(root, 'never'), { incrementals: [inc] }),
      'INVALID_ARGUMENT',
    )
    expect(err.message).toMatch(/another full backup/)
    await expect(stat(join(root, 'never'))).rejects.toThrow()
    await restoreBackup(fullB, join(root, 'ok'), { incrementals: [inc] })

    // An explicit base, and refusals of out-of-order or older-than-base incrementals.
    const onA = join(root, 'inc-on-a')
    await store.backup(onA, { kind: 'incremental', base: fullA, now: 1_700_000_003_000 })
    const onA2 = join(root, 'inc-on-a-2')
    await store.backup(onA2, { kind: 'incremental', base: fullA, now: 1_700_000_004_000 })
    await expectError(
      restoreBackup(fullA, join(root, 'never'), { incrementals: [onA2, onA] }),
      'INVALID_ARGUMENT',
    )
    await restoreBackup(fullA, join(root, 'ok2'), { incrementals: [onA, onA2] })
    await expectError(
      store.backup(join(root, 'too-old'), { kind: 'incremental', base: fullB, now: 1_600_000_000_000 }),
      'INVALID_ARGUMENT',
    )
    // A full backup is not an incremental.
    await expectError(
      restoreBackup(fullA, join(root, 'never'), { incrementals: [fullB] }),
      'INVALID_ARGUMENT',
    )
  })

  it('refuses to take an incremental backup with no full backup to build on', async () => {
    await expectError(store.backup(join(root, 'alone', 'inc'), { kind: 'incremental' }), 'INVALID_ARGUMENT')
  })

  it('backs up active tasks with their records and messages and applies them over a full restore', async () => {
    const full = join(root, 'full')
    await store.backup(full)
    // After the full backup: a new active task, and a new submission + message on an existing active one.
    const active = (await store.tasks.listActive())[0]!
    const late = submission({ taskId: active })
    const lateMsg = message(active)
    await store.applyMessage({ message: lateMsg, puts: [{ type: 'submission', record: late }] })
    const fresh = task({ status: TaskStatus.IN_PROGRESS })
    await store.applyMessage({ message: message(fresh.id), puts: [{ type: 'task', record: fresh }] })
    await store.tasks.updateStatus(active, TaskStatus.UNDER_VALIDATION, { at: 5, trigger: 'deadline' })

    const inc = join(root, 'inc')
    const stats = await store.backup(inc, { kind: 'incremental' })
    expect(stats.manifest.kind).toBe('incremental')
    expect(stats.manifest.activeTasks).toBe(7)
    expect(stats.manifest.files.find((f) => f.column === 'tasks')?.count).toBe(7)
    expect((await verifyBackup(inc)).ok).toBe(true)

    await expectError(restoreBackup(inc, join(root, 'bad')), 'INVALID_ARGUMENT')
    const restored = join(root, 'inc-restored')
    const r = await restoreBackup(full, restored, { incrementals: [inc] })
    expect(r.incrementalsApplied).toBe(1)
    const copy = await StateStore.open(restored)
    try {
      expect(await copy.submissions.get(late.id)).toBeDefined()
      expect(await copy.hasMessage(lateMsg.id)).toBe(true)
      expect(await copy.tasks.get(fresh.id)).toBeDefined()
      expect((await copy.tasks.get(active))?.status).toBe(TaskStatus.UNDER_VALIDATION)
      expect(await copy.tasks.transitions(active)).toHaveLength(1)
      expect(hexSetOf(await copy.tasks.listActive())).toEqual(hexSetOf(await store.tasks.listActive()))
      expect((await copy.checkIntegrity()).ok).toBe(true)
    } finally {
      await copy.close()
    }
  })
})

function pick(f: BackupFileEntry): Pick<BackupFileEntry, 'count' | 'plainBytes' | 'bytes' | 'sha256'> {
  return { count: f.count, plainBytes: f.plainBytes, bytes: f.bytes, sha256: f.sha256 }
}

function hexSetOf(list: Uint8Array[]): string[] {
  return list.map(hexOf).sort()
}
