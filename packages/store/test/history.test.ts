import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readStateFile, StateStore, writeStateFile } from '../src/index.js'
import { hexOf, message, rid, task, tempDir } from './helpers.js'

let dir: string
let cleanup: () => Promise<void>
let store: StateStore

beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
  store = await StateStore.open(join(dir, 'a'))
})

afterEach(async () => {
  await store.close()
  await cleanup()
})

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}

const KEY = new Uint8Array([0])

describe('engine state entries', () => {
  it('are written in the message batch, deleted by null and wiped by clearDerived', async () => {
    const t = task()
    await store.applyMessage({
      message: message(t.id),
      puts: [{ type: 'task', record: t }],
      engineState: [
        { key: t.id, value: new Uint8Array([1, 2]) },
        { key: KEY, value: new Uint8Array([9]) },
      ],
    })
    expect(await store.readEngineState(KEY)).toEqual(new Uint8Array([9]))
    expect((await all(store.iterateEngineState())).map(([k]) => hexOf(k))).toEqual([hexOf(KEY), hexOf(t.id)])
    await store.applyMessage({ puts: [], engineState: [{ key: KEY, value: null }] })
    expect(await store.readEngineState(KEY)).toBeUndefined()
    await store.clearDerived()
    expect(await all(store.iterateEngineState())).toEqual([])
    expect(await store.count('messages')).toBe(1)
  })
})

describe('pruning message bodies', () => {
  it('drops the bodies asked for, keeps every id in the task index, and is idempotent', async () => {
    const t = task()
    const logged = [message(t.id), message(t.id), message(t.id)]
    await store.applyMessages(logged.map((m) => ({ message: m, puts: [] })))
    const stub = (m: (typeof logged)[number]) => ({
      taskId: m.taskId,
      id: m.id,
      stub: Uint8Array.of(7, m.id[0]!),
    })
    expect(await store.pruneMessages([stub(logged[0]!), stub(logged[1]!)])).toBe(2)
    expect(await store.pruneMessages([stub(logged[0]!)])).toBe(0)
    expect(await store.count('messages')).toBe(1)
    const entries = await all(store.iterateTaskMessageIds())
    const ids = entries.map((e) => hexOf(e.id))
    expect(ids.sort()).toEqual(logged.map((m) => hexOf(m.id)).sort())
    // Each pruned id keeps its stub, readable by id; a held body has none.
    const stubs = new Map(entries.map((e) => [hexOf(e.id), e.stub]))
    for (const m of logged.slice(0, 2)) {
      expect(stubs.get(hexOf(m.id))).toEqual(stub(m).stub)
      expect(store.readStubSync(m.taskId, m.id)).toEqual(stub(m).stub)
    }
    expect(stubs.get(hexOf(logged[2]!.id))).toBeUndefined()
    expect(store.readStubSync(logged[2]!.taskId, logged[2]!.id)).toBeUndefined()
    expect((await store.checkIntegrity()).ok).toBe(true)
    const bodies = await store.readMessages(logged.map((m) => m.id))
    expect(bodies.map((b) => b !== undefined)).toEqual([false, false, true])
    expect(bodies[2]).toEqual(logged[2]!.bytes)
  })
})

describe('state export and import', () => {
  it('round-trips through a file into a fresh store, and refuses a store that holds state', async () => {
    const t = task()
    await store.applyMessages([
      {
        message: message(t.id),
        puts: [{ type: 'task', record: t }],
        engineState: [{ key: KEY, value: KEY }],
      },
      { message: message(t.id), puts: [] },
    ])
    const file = join(dir, 'state.bin')
    const written = await writeStateFile(file, { epoch: 3 }, store.exportRecords())
    const { header, records } = await readStateFile(file)
    expect(header).toEqual({ epoch: 3 })

    const fresh = await StateStore.open(join(dir, 'b'))
    try {
      expect(await fresh.importRecords(records)).toBe(written)
      expect(await fresh.importPending()).toBe(false)
      expect(await all(fresh.exportRecords())).toEqual(await all(store.exportRecords()))
      expect(await fresh.tasks.get(t.id)).toEqual(t)
      expect((await fresh.checkIntegrity()).ok).toBe(true)
      await expect(fresh.importRecords(store.exportRecords())).rejects.toMatchObject({
        code: 'TARGET_NOT_EMPTY',
      })
    } finally {
      await fresh.close()
    }
  })

  it('rejects a file cut short with BACKUP_CORRUPT', async () => {
    const t = task()
    await store.applyMessage({ message: message(t.id, { bytes: new Uint8Array(5000) }), puts: [] })
    const file = join(dir, 'state.bin')
    await writeStateFile(file, {}, store.exportRecords())
    const { truncate } = await import('node:fs/promises')
    await truncate(file, 2000)
    const { records } = await readStateFile(file)
    await expect(all(records)).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' })
  })

  it('leaves importPending set when the records fail midway', async () => {
    async function* broken() {
      yield { column: 'messages' as const, key: rid(), value: new Uint8Array([1]) }
      throw new Error('source failed')
    }
    const fresh = await StateStore.open(join(dir, 'c'))
    try {
      await expect(fresh.importRecords(broken())).rejects.toThrow('source failed')
      expect(await fresh.importPending()).toBe(true)
    } finally {
      await fresh.close()
    }
  })
})
