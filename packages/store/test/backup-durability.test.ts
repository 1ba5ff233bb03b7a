/**
 * Backups and restores fsync what they rename: every data file, the manifest and its seal, and the
 * temporary directory before the rename; the parent directory after it. Recorded by wrapping
 * node:fs/promises (open → FileHandle.sync, rename).
 */
import { readdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { restoreBackup, StateStore } from '../src/index.js'
import { task, tempDir } from './helpers.js'

const events: string[] = []

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>()
  const open = async (...args: Parameters<typeof real.open>) => {
    const fh = await real.open(...args)
    const path = String(args[0])
    const sync = fh.sync.bind(fh)
    fh.sync = async () => {
      await sync()
      events.push(`sync ${path}`)
    }
    return fh
  }
  const rename = async (from: string, to: string) => {
    await real.rename(from, to)
    events.push(`rename ${from} ${to}`)
  }
  return { ...real, default: { ...real, open, rename }, open, rename }
})

let root: string
let cleanup: () => Promise<void>
let store: StateStore

beforeEach(async () => {
  ;({ dir: root, cleanup } = await tempDir())
  store = await StateStore.open(join(root, 'live'))
  for (let i = 0; i < 3; i++) await store.tasks.store(task())
  events.length = 0
})
afterEach(async () => {
  await store.close()
  await cleanup()
})

function renameOf(to: string): { index: number; from: string } {
  const index = events.findIndex((e) => e.startsWith('rename ') && e.endsWith(` ${to}`))
  expect(index).toBeGreaterThanOrEqual(0)
  return { index, from: events[index]!.split(' ')[1]! }
}

describe('durability', () => {
  it('a backup fsyncs each file, the manifest and its directory before the rename, and the parent after', async () => {
    const dir = join(root, 'backups', 'b1')
    await store.backup(dir)
    const { index, from } = renameOf(dir)
    const before = events.slice(0, index)
    const files = await readdir(dir)
    expect(files).toContain('manifest.json')
    expect(files).toContain('manifest.seal.json')
    for (const f of files) expect(before).toContain(`sync ${join(from, f)}`)
    expect(before).toContain(`sync ${from}`)
    // The directory is synced after every file in it.
    expect(before.lastIndexOf(`sync ${from}`)).toBe(before.length - 1)
    expect(events.slice(index + 1)).toContain(`sync ${dirname(dir)}`)
  })

  it('a restore fsyncs every file and its directory before the rename, and the parent after', async () => {
    const dir = join(root, 'b2')
    await store.backup(dir)
    events.length = 0
    const target = join(root, 'restored')
    await restoreBackup(dir, target)
    const { index, from } = renameOf(target)
    expect(basename(from)).toMatch(/^restored\.restoring-/)
    const before = events.slice(0, index)
    for (const f of await readdir(target)) if (f !== 'LOCK') expect(before).toContain(`sync ${join(from, f)}`)
    expect(before).toContain(`sync ${from}`)
    expect(events.slice(index + 1)).toContain(`sync ${root}`)
  })
})
