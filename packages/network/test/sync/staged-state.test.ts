/**
 * A checkpoint join's staged state (sync/staged-state.ts): every state a crash can leave beside a data
 * dir recovers to the empty data dir it was or to the whole verified state, never to a part of one;
 * a data dir that holds history is never replaced.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { StateStore } from '@aimesh/store'
import { afterEach, describe, expect, it } from 'vitest'
import { TempDirs } from '../../../../test/helpers/temp.js'
import {
  commitStagedState,
  holdsHistory,
  recoverStagedState,
  stagedPaths,
} from '../../src/sync/staged-state.js'

const dirs = new TempDirs()
afterEach(() => dirs.removeAll())

const TASK = new Uint8Array(32).fill(1)
const IDS = [new Uint8Array(32).fill(2), new Uint8Array(32).fill(3)]

/** A store at `dir` holding two message ids of one task (what a verified import holds, in small). */
async function storeWithIds(dir: string, opts: { pending?: boolean } = {}): Promise<void> {
  const store = await StateStore.open(dir)
  try {
    // An import in progress: the marker first, then records (store/history.ts importRecords).
    async function* records() {
      for (const id of IDS) {
        const key = new Uint8Array([...TASK, ...id])
        yield { column: 'taskMessages' as const, key, value: new Uint8Array() }
      }
      if (opts.pending === true) throw new Error('cut short')
    }
    await store.importRecords(records()).catch(() => undefined)
  } finally {
    await store.close()
  }
}

/** What the store at `dir` holds: 'absent', 'empty', 'pending' (an unfinished import) or its id count. */
async function contents(dir: string): Promise<'absent' | 'empty' | 'pending' | number> {
  try {
    await readdir(dir)
  } catch {
    return 'absent'
  }
  const store = await StateStore.open(dir)
  try {
    if (await store.importPending()) return 'pending'
    if (!(await holdsHistory(store))) return 'empty'
    let n = 0
    for await (const _ of store.iterateTaskMessageIds()) n++
    return n
  } finally {
    await store.close()
  }
}

/** A root with an empty data dir `data` (a store and its genesis binding). */
async function emptyTarget(): Promise<string> {
  const root = await dirs.make('aimesh-staged-')
  const target = join(root, 'data')
  await (await StateStore.open(target)).close()
  await writeFile(join(target, 'GENESIS'), 'g\n')
  return target
}

async function siblings(target: string): Promise<string[]> {
  return (await readdir(join(target, '..'))).sort()
}

describe('a checkpoint join staged beside the data dir', () => {
  it('commits a verified state with one rename and carries the genesis binding', async () => {
    const target = await emptyTarget()
    await storeWithIds(stagedPaths(target).importing)
    await commitStagedState(target, { carry: ['GENESIS'] })
    expect(await contents(target)).toBe(IDS.length)
    expect(await readFile(join(target, 'GENESIS'), 'utf8')).toBe('g\n')
    expect(await siblings(target)).toEqual(['data'])
    expect(await recoverStagedState(target)).toBe('none')
  })

  it('discards an import cut short by a crash, leaving the empty data dir', async () => {
    const target = await emptyTarget()
    await storeWithIds(stagedPaths(target).importing, { pending: true })
    expect(await contents(stagedPaths(target).importing)).toBe('pending')
    expect(await recoverStagedState(target)).toBe('discarded')
    expect(await contents(target)).toBe('empty')
    expect(await siblings(target)).toEqual(['data'])
  })

  it('finishes a commit a crash interrupted after the commit point', async () => {
    // Crash right after the rename to the verified dir.
    const target = await emptyTarget()
    const paths = stagedPaths(target)
    await storeWithIds(paths.verified)
    expect(await recoverStagedState(target)).toBe('committed')
    expect(await contents(target)).toBe(IDS.length)
    expect(await siblings(target)).toEqual(['data'])

    // Crash between moving the empty data dir aside and renaming the verified dir in.
    const second = await emptyTarget()
    const p2 = stagedPaths(second)
    await storeWithIds(p2.verified)
    await rename(second, p2.replaced)
    expect(await contents(second)).toBe('absent')
    expect(await recoverStagedState(second)).toBe('committed')
    expect(await contents(second)).toBe(IDS.length)
    expect(await siblings(second)).toEqual(['data'])
  })

  it('never replaces a data dir that holds history', async () => {
    const root = await dirs.make('aimesh-staged-')
    const target = join(root, 'data')
    await storeWithIds(target)
    const paths = stagedPaths(target)
    await mkdir(paths.importing)
    await storeWithIds(paths.importing)
    await expect(commitStagedState(target)).rejects.toMatchObject({ code: 'TARGET_NOT_EMPTY' })
    // A verified state left by a crash is dropped when the data dir has history by then.
    await rename(paths.importing, paths.verified)
    expect(await recoverStagedState(target)).toBe('discarded')
    expect(await contents(target)).toBe(IDS.length)
    expect(await siblings(target)).toEqual(['data'])
  })
})
