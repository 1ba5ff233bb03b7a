import { TaskStatus } from '@aimesh/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StateStore } from '../src/index.js'
import { hexOf, task, tempDir } from './helpers.js'

let dir: string
let cleanup: () => Promise<void>
let store: StateStore

beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
  store = await StateStore.open(dir)
})

afterEach(async () => {
  await store.close()
  await cleanup()
})

/** A promise with its resolver exposed. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void
  const promise = new Promise<void>((resolve) => {
    open = resolve
  })
  return { promise, open }
}

describe('record cache coherence', () => {
  it('a read that overlaps an in-flight batch never caches the old version over the acknowledged write', async () => {
    const t = task({ status: TaskStatus.PUBLISHED, title: 'old' })
    await store.tasks.store(t)
    store.core.cache.clear()

    // Hold the root batch until released, and the tasks column's get after it has read the disk.
    const root = store.core.columns.root as unknown as { batch: (ops: unknown) => Promise<void> }
    const realBatch = root.batch.bind(root)
    const batchEntered = gate()
    const releaseBatch = gate()
    root.batch = async (ops) => {
      batchEntered.open()
      await releaseBatch.promise
      return realBatch(ops)
    }
    const column = store.core.columns.byName.tasks as unknown as {
      get: (k: Uint8Array) => Promise<Uint8Array | undefined>
    }
    const realGet = column.get.bind(column)
    const getRead = gate()
    const releaseGet = gate()
    column.get = async (k) => {
      const v = await realGet(k)
      getRead.open()
      await releaseGet.promise
      return v
    }

    const write = store.tasks.store({ ...t, title: 'new' })
    await batchEntered.promise
    // The read starts while the batch is in flight and reads the old value from disk.
    const read = store.tasks.get(t.id)
    await getRead.promise
    releaseBatch.open()
    await write // acknowledged: the write put 'new' into the cache
    releaseGet.open()
    expect((await read)?.title).toBe('old') // concurrent with the write: either version is fine
    root.batch = realBatch
    column.get = realGet

    // The late fill must not replace the acknowledged version in the cache.
    expect((await store.tasks.get(t.id))?.title).toBe('new')
    // And an update-by-read helper builds on the new version.
    await store.tasks.updateStatus(t.id, TaskStatus.IN_PROGRESS, { at: 1, trigger: 'x' })
    expect((await store.tasks.get(t.id))?.title).toBe('new')
    await store.close()
    store = await StateStore.open(dir)
    expect((await store.tasks.get(t.id))?.title).toBe('new')
  })

  it('mutating a byte field of a returned record does not change the cached record', async () => {
    const t = task()
    await store.tasks.store(t)
    const publisher = hexOf(t.publisher)
    // Once from the write's cache entry, once from a fill after a cache miss.
    for (const fromDisk of [false, true]) {
      if (fromDisk) store.core.cache.clear()
      ;(await store.tasks.get(t.id))!.publisher.fill(0)
      ;(await store.tasks.get(t.id))!.id.fill(0)
      const again = (await store.tasks.get(t.id))!
      expect(hexOf(again.publisher)).toBe(publisher)
      expect(hexOf(again.id)).toBe(hexOf(t.id))
    }
    expect((await store.checkIntegrity()).ok).toBe(true)
  })
})
