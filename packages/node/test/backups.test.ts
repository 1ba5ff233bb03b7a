/**
 * Scheduled backups and recovery (DESIGN §7): backups on a timer with rotation, outside the data
 * dir; `recover` restores the newest backup that verifies into a fresh data dir and reports what
 * came from it.
 */
import { readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { listBackups } from '@aimesh/store'
import { afterEach, describe, expect, it } from 'vitest'
import { recover } from '../src/index.js'
import { TestClock, tempDir, testHome, testNode, waitFor } from './helpers/home.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function publish(node: Awaited<ReturnType<typeof testNode>>, n: number, from = 0) {
  for (let i = from; i < from + n; i++)
    await node.actions.publishTask({
      account: 'publisher',
      title: `t${i}`,
      taskType: 'GENERAL',
      difficulty: 'BEGINNER',
      reward: 5n,
    })
}

describe('backups', () => {
  it('are taken on a schedule and rotated, and /health reports the last one', async () => {
    const { dir, cleanup } = await tempDir()
    cleanups.push(cleanup)
    const clock = new TestClock(Date.now())
    const home = await testHome(dir, clock.t)
    const node = await testNode(dir, clock, { backup: { intervalMs: 30, keep: 2 } })
    cleanups.push(() => node.stop())
    await node.start()
    await publish(node, 3)
    const first = clock.t
    // Each scheduled backup is named by the node clock: move it so names differ.
    await waitFor(async () => {
      clock.advance(1_000)
      const last = (await node.health()).lastBackup
      return last !== null && last.at >= first + 4_000
    }, 'several scheduled backups')
    await node.stop()
    const backups = await listBackups(home.config.backupDir)
    expect(backups).toHaveLength(2)
    expect(backups.every((b) => b.manifest.kind === 'full')).toBe(true)
    expect(home.config.backupDir.startsWith(home.config.dataDir)).toBe(false)
  })

  it('recover restores the newest good backup into a fresh data dir and reports it', async () => {
    const { dir, cleanup } = await tempDir()
    cleanups.push(cleanup)
    const clock = new TestClock(Date.now())
    const home = await testHome(dir, clock.t)
    const node = await testNode(dir, clock)
    await node.start()
    await publish(node, 4)
    clock.advance(1_000)
    const good = await node.backup()
    const atGood = node.queries.roots().stateRoot
    await publish(node, 2, 4)
    clock.advance(1_000)
    const damaged = await node.backup()
    await publish(node, 1, 6)
    await node.stop()

    // The newest backup is damaged and the data dir is lost.
    const file = (await readdir(damaged.dir)).find((f) => f.startsWith('tasks'))!
    await writeFile(join(damaged.dir, file), 'garbage')
    await expect(
      recover({ home: dir, env: {}, network: false, config: { log: { level: 'silent' } }, clock }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
      field: 'dataDir',
    })
    await rm(home.config.dataDir, { recursive: true, force: true })

    const steps: string[] = []
    const report = await recover({
      home: dir,
      env: {},
      network: false,
      clock,
      config: { log: { level: 'silent' } },
      onStep: (s) => steps.push(s),
    })
    expect(report.backup?.dir).toBe(good.dir)
    expect(report.backup?.skipped.map((s) => s.dir)).toEqual([damaged.dir])
    // Four tasks and the publisher's profile (DESIGN §5.9 admission).
    expect(report.fromBackup).toMatchObject({ messages: 5, tasks: 4, stateRoot: atGood })
    expect(report.final.stateRoot).toBe(atGood)
    expect(report.fromPeers).toEqual([])
    expect(report.rootsMatch).toBeNull()
    expect(steps.some((s) => s.startsWith('restoring'))).toBe(true)

    const again = await testNode(dir, clock)
    cleanups.push(() => again.stop())
    await again.start()
    expect(again.queries.roots().stateRoot).toBe(atGood)
  })
})

describe('offline backup functions (the CLI’s backup and repair commands)', () => {
  it('create, list, verify, restore and repair a home with no node running', async () => {
    const lib = await import('../src/index.js')
    const { dir, cleanup } = await tempDir()
    cleanups.push(cleanup)
    const clock = new TestClock(Date.now())
    const home = await testHome(dir, clock.t)
    const node = await testNode(dir, clock)
    await node.start()
    await publish(node, 3)
    const root = node.queries.roots().stateRoot
    await node.stop()

    const o = { home: dir, env: {} }
    const progress: number[] = []
    const made = await lib.createBackup({ ...o, onProgress: (d) => progress.push(d) })
    expect(made.kind).toBe('full')
    expect(progress).toEqual([0, 1])
    const listed = await lib.listBackups(o)
    expect(listed.map((b) => b.id)).toEqual([made.id])
    expect((await lib.verifyBackup({ ...o, backup: made.id })).ok).toBe(true)
    await expect(lib.verifyBackup({ ...o, backup: 'nope' })).rejects.toMatchObject({ code: 'NO_BACKUP' })
    const target = join(dir, 'restored')
    const restored = await lib.restoreBackup({ ...o, backup: made.id, target })
    expect(restored.entries).toBeGreaterThan(0)
    const repaired = await lib.repair({ ...o, dataDir: target })
    // Three tasks and the publisher's profile.
    expect(repaired).toMatchObject({ messages: 4, stateRoot: root, integrityOk: true })
    expect(home.config.dataDir).not.toBe(target)
  })
})
