import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { listTrustBackups, verifyTrustBackup } from '../../src/trust/backup.js'
import { MemoryTrustStore } from '../../src/trust/memory-trust-store.js'
import {
  MIN_CHANGE_BACKUP_INTERVAL_MS,
  SIGNIFICANT_TRUST_DELTA,
  TrustBackupScheduler,
} from '../../src/trust/scheduler.js'
import { score, tempDir, update } from './helpers.js'

describe('TrustBackupScheduler', () => {
  let temp: ReturnType<typeof tempDir>
  let store: MemoryTrustStore
  let scheduler: TrustBackupScheduler | undefined
  let clock = 1_000

  beforeEach(async () => {
    temp = tempDir('sched')
    store = await MemoryTrustStore.open()
    clock = 1_000
  })
  afterEach(async () => {
    await scheduler?.stop()
    scheduler = undefined
    vi.useRealTimers()
    await store.close()
    temp.cleanup()
  })

  const make = (extra: Partial<ConstructorParameters<typeof TrustBackupScheduler>[1]> = {}) => {
    scheduler = new TrustBackupScheduler(store, {
      dir: temp.dir,
      intervalMs: 60_000,
      updatesPerBackup: 0,
      now: () => clock++,
      ...extra,
    })
    return scheduler
  }

  it('backs up on a significant change, not on a small one', async () => {
    const s = make()
    s.start()
    await store.recordUpdate(update('a', 1, { delta: SIGNIFICANT_TRUST_DELTA / 2 }))
    await s.idle()
    expect(await listTrustBackups(temp.dir)).toHaveLength(0)
    await store.recordUpdate(update('a', 2, { delta: -SIGNIFICANT_TRUST_DELTA, kind: 'failure' }))
    await s.idle()
    const backups = await listTrustBackups(temp.dir)
    expect(backups).toHaveLength(1)
    expect(s.lastBackup?.reason).toBe('significant-change')
    expect((await verifyTrustBackup(backups[0]!)).updateCount).toBe(2)
  })

  it('spaces change-triggered backups so a burst cannot rotate the older backups away', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
    // An interval far beyond the spacing, so only change triggers are in play.
    const s = make({ keep: 3, intervalMs: 3_600_000 })
    const older = [(await s.runNow()).dir, (await s.runNow()).dir]
    s.start()
    for (let t = 1; t <= 10; t++) {
      await store.recordUpdate(update('a', t, { delta: 0.5 }))
      await s.idle()
    }
    // One backup for the burst now; the rest waits out the spacing, so the older two survive.
    let backups = await listTrustBackups(temp.dir)
    expect(backups).toHaveLength(3)
    expect(backups.slice(0, 2)).toEqual(older)
    expect((await verifyTrustBackup(backups[2]!)).updateCount).toBe(1)
    vi.advanceTimersByTime(MIN_CHANGE_BACKUP_INTERVAL_MS - 1)
    await s.idle()
    expect(await listTrustBackups(temp.dir)).toHaveLength(3)
    vi.advanceTimersByTime(1)
    await s.idle()
    // The deferred change is backed up when the spacing ends, covering the whole burst.
    backups = await listTrustBackups(temp.dir)
    expect(backups.slice(0, 1)).toEqual(older.slice(1))
    expect(s.lastBackup?.reason).toBe('significant-change')
    expect((await verifyTrustBackup(backups[2]!)).updateCount).toBe(10)
    // Nothing more is pending.
    vi.advanceTimersByTime(MIN_CHANGE_BACKUP_INTERVAL_MS)
    await s.idle()
    expect(await listTrustBackups(temp.dir)).toEqual(backups)
  })

  it('does not space timer backups', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
    const s = make({ intervalMs: 1_000 })
    s.start()
    await store.recordUpdate(update('a', 1, { delta: 0.5 }))
    await s.idle()
    vi.advanceTimersByTime(1_000)
    await s.idle()
    expect(s.lastBackup?.reason).toBe('interval')
    expect(await listTrustBackups(temp.dir)).toHaveLength(2)
  })

  it('backs up after N updates', async () => {
    const s = make({ updatesPerBackup: 3 })
    s.start()
    for (const t of [1, 2]) await store.recordUpdate(update('a', t, { delta: 0.01 }))
    await s.idle()
    expect(await listTrustBackups(temp.dir)).toHaveLength(0)
    await store.recordUpdate(update('a', 3, { delta: 0.01 }))
    await s.idle()
    expect(s.lastBackup?.reason).toBe('update-count')
    expect(await listTrustBackups(temp.dir)).toHaveLength(1)
  })

  it('backs up on its interval timer', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const s = make()
    await store.putScore(score('a'))
    s.start()
    vi.advanceTimersByTime(59_999)
    await s.idle()
    expect(await listTrustBackups(temp.dir)).toHaveLength(0)
    vi.advanceTimersByTime(1)
    await s.idle()
    expect(s.lastBackup?.reason).toBe('interval')
    expect(await listTrustBackups(temp.dir)).toHaveLength(1)
  })

  it('keeps only the newest K backups', async () => {
    const s = make({ keep: 2 })
    const made: string[] = []
    for (let i = 0; i < 4; i++) made.push((await s.runNow()).dir)
    expect(await listTrustBackups(temp.dir)).toEqual(made.slice(2))
  })

  it('stops reacting after stop()', async () => {
    const s = make()
    s.start()
    await s.stop()
    expect(s.started).toBe(false)
    await store.recordUpdate(update('a', 1, { delta: 0.5 }))
    await s.idle()
    expect(await listTrustBackups(temp.dir)).toHaveLength(0)
  })

  it('reports a failed backup and keeps running', async () => {
    const blocker = join(temp.dir, 'not-a-dir')
    writeFileSync(blocker, '')
    const errors: unknown[] = []
    const s = make({ dir: blocker, onError: (e) => errors.push(e) })
    s.start()
    await store.recordUpdate(update('a', 1, { delta: 0.5 }))
    await s.idle()
    expect(errors).toHaveLength(1)
    expect(s.lastError).toBe(errors[0])
    expect(s.started).toBe(true)
  })

  it('coalesces changes that arrive during a backup into one more backup', async () => {
    const s = make({ minChangeIntervalMs: 0 })
    s.start()
    await store.recordUpdate(update('a', 1, { delta: 0.5 }))
    await store.recordUpdate(update('a', 2, { delta: 0.5 }))
    await store.recordUpdate(update('a', 3, { delta: 0.5 }))
    await s.idle()
    const backups = await listTrustBackups(temp.dir)
    expect(backups).toHaveLength(2)
    expect((await verifyTrustBackup(backups[1]!)).updateCount).toBe(3)
  })
})
