import { chmod, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { RewardRole, TaskStatus } from '@aimesh/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeManifest } from '../src/backup/manifest.js'
import {
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

  it('detects a flipped byte in the manifest', async () => {
    const text = await readFile(join(dir, 'manifest.json'), 'utf8')
    await writeFile(join(dir, 'manifest.json'), text.replace('"count": 12', '"count": 13'))
    expect((await verifyBackup(dir)).problems[0]?.code).toBe('BACKUP_CORRUPT')
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
    const { checksum: _, ...m } = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))
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

function hexSetOf(list: Uint8Array[]): string[] {
  return list.map(hexOf).sort()
}
