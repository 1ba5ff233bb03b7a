import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { TRUST_LOCK_FILE } from '../../src/trust/file-lock.js'
import { FileTrustStore, TRUST_DATA_FILE } from '../../src/trust/file-trust-store.js'
import { score, tempDir, update } from './helpers.js'

describe('FileTrustStore', () => {
  let temp: ReturnType<typeof tempDir>
  const open: FileTrustStore[] = []
  const openStore = async () => {
    const s = await FileTrustStore.open(temp.dir)
    open.push(s)
    return s
  }

  beforeEach(() => {
    temp = tempDir('file')
  })
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close()
    temp.cleanup()
  })

  it('fails fast for a second opener, naming the directory, and frees the lock on close', async () => {
    const first = await openStore()
    expect(readFileSync(join(temp.dir, TRUST_LOCK_FILE), 'utf8').trim()).toBe(String(process.pid))
    const second = FileTrustStore.open(temp.dir)
    await expect(second).rejects.toMatchObject({ code: 'LOCKED' })
    await expect(FileTrustStore.open(temp.dir)).rejects.toThrow(temp.dir)
    await first.close()
    expect(existsSync(join(temp.dir, TRUST_LOCK_FILE))).toBe(false)
    await openStore()
  })

  it('takes over a stale lock left by a dead process', async () => {
    const child = spawnSync(process.execPath, ['-e', ''])
    expect(child.pid).toBeGreaterThan(0)
    writeFileSync(join(temp.dir, TRUST_LOCK_FILE), `${child.pid}\n`)
    const store = await openStore()
    await store.putScore(score('a'))
    expect(readFileSync(join(temp.dir, TRUST_LOCK_FILE), 'utf8').trim()).toBe(String(process.pid))
  })

  it('takes over a leftover lock naming its own pid (pids repeat after a container restart)', async () => {
    writeFileSync(join(temp.dir, TRUST_LOCK_FILE), `${process.pid}\n`)
    const store = await openStore()
    await store.putScore(score('a'))
    // The lock is now really ours: a second open in this process still fails.
    await expect(FileTrustStore.open(temp.dir)).rejects.toMatchObject({ code: 'LOCKED' })
    await store.close()
    expect(existsSync(join(temp.dir, TRUST_LOCK_FILE))).toBe(false)
    await openStore()
  })

  it('lets exactly one of two concurrent opens in one process win', async () => {
    const results = await Promise.allSettled([FileTrustStore.open(temp.dir), FileTrustStore.open(temp.dir)])
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
    open.push(...won)
    expect(won).toHaveLength(1)
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(lost.reason).toMatchObject({ code: 'LOCKED' })
  })

  it('refuses a lock held by another live process, and takes it over once that process is gone', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    try {
      writeFileSync(join(temp.dir, TRUST_LOCK_FILE), `${child.pid}\n`)
      await expect(FileTrustStore.open(temp.dir)).rejects.toThrow(`in use by process ${child.pid}`)
    } finally {
      child.kill('SIGKILL')
      await once(child, 'exit')
    }
    await openStore()
  })

  it('applies nothing when a commit cannot be written', async () => {
    const store = await openStore()
    await store.putScore(score('kept', 0.4))
    // A directory where the data file should be makes the rename fail.
    rmSync(join(temp.dir, TRUST_DATA_FILE))
    mkdirSync(join(temp.dir, TRUST_DATA_FILE))
    const tx = store.begin()
    await tx.putScore(score('lost', 0.9))
    await tx.recordUpdate(update('lost', 1))
    await expect(tx.commit()).rejects.toMatchObject({ code: 'IO' })
    expect(tx.status).toBe('rolled-back')
    expect((await store.listScores()).map((s) => s.account)).toEqual(['kept'])
    expect(await store.count()).toEqual({ scores: 1, updates: 0 })
    expect(readdirSync(temp.dir).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it('refuses a lock file without a readable pid', async () => {
    writeFileSync(join(temp.dir, TRUST_LOCK_FILE), 'garbage')
    await expect(FileTrustStore.open(temp.dir)).rejects.toMatchObject({ code: 'LOCKED' })
  })

  it('writes by rename: no temp files remain and the file is always complete JSON', async () => {
    const store = await openStore()
    for (let i = 0; i < 20; i++) {
      const tx = store.begin()
      await tx.putScore(score(`acct-${i}`, i / 20))
      await tx.recordUpdate(update(`acct-${i}`, i))
      await tx.commit()
    }
    expect(readdirSync(temp.dir).sort()).toEqual([TRUST_DATA_FILE, TRUST_LOCK_FILE])
    const onDisk = JSON.parse(readFileSync(join(temp.dir, TRUST_DATA_FILE), 'utf8'))
    expect(onDisk.schemaVersion).toBe(2)
    expect(onDisk.scores).toHaveLength(20)
    expect(onDisk.updates).toHaveLength(20)
  })

  it('removes temp files a crashed writer left behind', async () => {
    writeFileSync(join(temp.dir, `.${TRUST_DATA_FILE}.12345.deadbeef.tmp`), '{"half')
    await openStore()
    expect(readdirSync(temp.dir).sort()).toEqual([TRUST_DATA_FILE, TRUST_LOCK_FILE])
  })

  it('persists across reopen', async () => {
    const store = await openStore()
    await store.putScore(score('a', 0.8))
    await store.recordUpdate(update('a', 9))
    await store.close()
    const again = await openStore()
    expect((await again.getScore('a'))?.score).toBe(0.8)
    expect(await again.listUpdates('a')).toEqual([update('a', 9)])
  })

  it('migrates a v1 file at open in one rename', async () => {
    const v1 = {
      schemaVersion: 1,
      scores: [{ account: 'a', score: 0.7, successes: 4, failures: 1, lastUpdated: 5 }],
      updates: [{ account: 'a', delta: 0.05, reason: 'old', timestamp: 3, scoreAfter: 0.7 }],
    }
    writeFileSync(join(temp.dir, TRUST_DATA_FILE), JSON.stringify(v1))
    const store = await openStore()
    expect(await store.getScore('a')).toEqual(
      score('a', 0.7, { verifiedSuccesses: 4, failures: 1, lastUpdated: 5 }),
    )
    expect(await store.listUpdates('a')).toEqual([
      update('a', 3, { kind: 'manual', reason: 'old', scoreAfter: 0.7 }),
    ])
    expect(JSON.parse(readFileSync(join(temp.dir, TRUST_DATA_FILE), 'utf8')).schemaVersion).toBe(2)
  })

  it('refuses data from a newer schema, leaves it untouched and releases the lock', async () => {
    const text = JSON.stringify({ schemaVersion: 3, scores: [], updates: [], future: true })
    writeFileSync(join(temp.dir, TRUST_DATA_FILE), text)
    await expect(FileTrustStore.open(temp.dir)).rejects.toMatchObject({
      code: 'SCHEMA_TOO_NEW',
      message: expect.stringMatching(/version 3.*Upgrade aimesh/),
    })
    expect(readFileSync(join(temp.dir, TRUST_DATA_FILE), 'utf8')).toBe(text)
    expect(existsSync(join(temp.dir, TRUST_LOCK_FILE))).toBe(false)
  })

  it('reports a damaged data file as DATA_CORRUPT', async () => {
    writeFileSync(join(temp.dir, TRUST_DATA_FILE), '{"schemaVersion": 2, "sco')
    await expect(FileTrustStore.open(temp.dir)).rejects.toMatchObject({ code: 'DATA_CORRUPT' })
  })

  it('reports the data file size in health', async () => {
    const store = await openStore()
    await store.putScore(score('a'))
    const size = readFileSync(join(temp.dir, TRUST_DATA_FILE)).length
    expect((await store.healthCheck()).sizeBytes).toBe(size)
  })
})
