/**
 * A restore whose target is taken over while it runs (the target was empty when checked, then a
 * store was opened on it) must fail without touching that live directory. The hook below runs
 * right after the backup is loaded and checked, i.e. between the emptiness check and the writes.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { restoreBackup, StateStore, type StoreError } from '../src/index.js'
import { exited, fixture, startChild, waitForLine } from './fixtures/child.js'
import { task, tempDir } from './helpers.js'

const hook: { afterLoad?: () => Promise<void> } = {}

vi.mock('../src/backup/verify.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/backup/verify.js')>()
  return {
    ...real,
    loadBackup: async (...args: Parameters<typeof real.loadBackup>) => {
      const loaded = await real.loadBackup(...args)
      const run = hook.afterLoad
      hook.afterLoad = undefined
      await run?.()
      return loaded
    },
  }
})

let root: string
let cleanup: () => Promise<void>
let backup: string

beforeEach(async () => {
  ;({ dir: root, cleanup } = await tempDir())
  const source = await StateStore.open(join(root, 'source'))
  for (let i = 0; i < 5; i++) await source.tasks.store(task({ title: `t${i}` }))
  backup = join(root, 'backup')
  await source.backup(backup)
  await source.close()
})
afterEach(async () => {
  hook.afterLoad = undefined
  await cleanup()
})

async function failure(p: Promise<unknown>): Promise<StoreError | undefined> {
  return (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as StoreError | undefined
}

describe('restore into a target that becomes live meanwhile', () => {
  it('fails with TARGET_NOT_EMPTY and leaves a store opened in this process intact', async () => {
    const target = join(root, 'live')
    const mine = task({ title: 'live data' })
    let live: StateStore | undefined
    hook.afterLoad = async () => {
      live = await StateStore.open(target)
      await live.tasks.store(mine)
    }
    const err = await failure(restoreBackup(backup, target))
    expect(err?.code).toBe('TARGET_NOT_EMPTY')
    expect(live).toBeDefined()
    await live?.close()
    // The live dir is still there with its own data, and no temp dir was left behind.
    expect(await readdir(target)).toContain('CURRENT')
    const reopened = await StateStore.open(target)
    try {
      expect((await reopened.tasks.get(mine.id))?.title).toBe('live data')
      expect(await reopened.count('tasks')).toBe(1)
    } finally {
      await reopened.close()
    }
    expect((await readdir(root)).filter((n) => n.includes('.restoring-'))).toEqual([])
  })

  it('fails with TARGET_NOT_EMPTY and leaves a store held by another process intact', async () => {
    const target = join(root, 'held')
    const holder = startChild(fixture('hold-store.ts'), [target])
    try {
      hook.afterLoad = async () => {
        await waitForLine(holder, (l) => l === 'ready', 20_000)
      }
      const err = await failure(restoreBackup(backup, target))
      expect(err?.code).toBe('TARGET_NOT_EMPTY')
      expect(await readdir(target)).toContain('LOCK')
    } finally {
      holder.stdin?.end()
      await exited(holder)
    }
    expect(holder.exitCode).toBe(0)
    const reopened = await StateStore.open(target)
    expect(await reopened.count('tasks')).toBe(0)
    await reopened.close()
  }, 30_000)
})
