/**
 * The StateStore methods the engine's adapter uses instead of the store's internals (DESIGN §7):
 * records by type, column dumps, named meta flags; and the testing entry's key deletion.
 */
import { TaskStatus } from '@aimesh/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { isStoreError, StateStore } from '../src/index.js'
import { deleteColumnKeys } from '../src/testing.js'
import { fid, hexOf, task, tempDir } from './helpers.js'

const opened: { store: StateStore; cleanup: () => Promise<void> }[] = []

async function open(): Promise<StateStore> {
  const { dir, cleanup } = await tempDir()
  const store = await StateStore.open(dir)
  opened.push({ store, cleanup })
  return store
}

afterEach(async () => {
  for (const { store, cleanup } of opened.splice(0)) {
    await store.close()
    await cleanup()
  }
})

describe('StateStore methods for the engine port', () => {
  it('lists the records of one type by primary key and dumps columns keyed column:key-hex', async () => {
    const store = await open()
    await store.batch([
      { type: 'task', record: task({ id: fid(2), status: TaskStatus.PUBLISHED }) },
      { type: 'task', record: task({ id: fid(1), status: TaskStatus.PUBLISHED }) },
    ])
    const entries = await store.recordEntries('task')
    expect(entries.map(([k]) => hexOf(k))).toEqual([hexOf(fid(1)), hexOf(fid(2))])
    expect(await store.recordEntries('miner')).toEqual([])
    const dump = await store.dumpColumns(['tasks'])
    expect([...dump.keys()]).toEqual([`tasks:${hexOf(fid(1))}`, `tasks:${hexOf(fid(2))}`])
    expect(dump.get(`tasks:${hexOf(fid(1))}`)).toEqual(entries[0]![1])
  })

  it('sets, reads and clears a named flag, and refuses the schema version key', async () => {
    const store = await open()
    expect(await store.flag('engineRepairPending')).toBe(false)
    await store.setFlag('engineRepairPending', true)
    expect(await store.flag('engineRepairPending')).toBe(true)
    await store.setFlag('engineRepairPending', false)
    expect(await store.flag('engineRepairPending')).toBe(false)
    expect(() => store.setFlag('schemaVersion', true)).toThrow()
    try {
      await store.flag('schemaVersion')
      expect.unreachable('schemaVersion is not a flag')
    } catch (err) {
      expect(isStoreError(err, 'INVALID_ARGUMENT')).toBe(true)
    }
    expect(await store.schemaVersion()).toBeGreaterThan(0)
  })

  it('deleteColumnKeys (testing entry) deletes the picked keys and what reads see', async () => {
    const store = await open()
    await store.batch([1, 2, 3, 4].map((i) => ({ type: 'task' as const, record: task({ id: fid(i) }) })))
    expect(await store.tasks.get(fid(1))).toBeDefined()
    expect(await deleteColumnKeys(store, 'tasks', (_, i) => i % 2 === 0)).toBe(2)
    expect(await store.tasks.get(fid(1))).toBeUndefined()
    expect((await store.recordEntries('task')).map(([k]) => hexOf(k))).toEqual([hexOf(fid(2)), hexOf(fid(4))])
  })
})
