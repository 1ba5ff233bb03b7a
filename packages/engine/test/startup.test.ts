/**
 * Startup on real LevelDB (DESIGN §7, §5.12): opening over an unchanged store writes nothing and
 * loads what was derived; without a load marker the log is derived again and a store that differs
 * gets exactly the difference; a repair interrupted by a crash is finished at the next open (the
 * repair marker in meta).
 */
import { type TaskRecord, toHex } from '@aimesh/protocol'
import { deleteColumnKeys, setRawEntry } from '@aimesh/store/testing'
import { describe, expect, it } from 'vitest'
import { type EngineWrite, LevelEngineStore } from '../src/index.js'
import { openTestEngine, T0 } from './helpers/builders.js'
import { deliver, levelEngine } from './helpers/deliver.js'
import { buildWorkload } from './helpers/workload.js'

const hexMap = (m: Map<string, Uint8Array>) =>
  Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, toHex(v)]))

/** The LevelDB port, counting what the engine writes. */
class CountingPort extends LevelEngineStore {
  writes: EngineWrite[] = []
  override applyWrite(write: EngineWrite): Promise<void> {
    this.writes.push(write)
    return super.applyWrite(write)
  }
}

/** A port whose clearDerived wipes part of the derived columns and then "crashes". */
class CrashingClearPort extends LevelEngineStore {
  override async clearDerived(): Promise<void> {
    for (const column of ['tasks', 'indexes'] as const) {
      await deleteColumnKeys(this.store, column, (_, i) => i % 2 === 0)
    }
    throw new Error('crash during clearDerived')
  }
}

async function setup(seed: number) {
  const w = await buildWorkload(seed)
  const a = await levelEngine(w.genesis, T0, w.now)
  await deliver(a.engine, w.messages, w.now)
  await a.engine.advance(w.end)
  const open = (store: LevelEngineStore) =>
    openTestEngine({ store, genesis: w.genesis, clock: w.end, now: () => w.now })
  return { w, a, open }
}

describe('startup (LevelDB)', () => {
  it('reopening an unchanged store writes nothing and derives the same state', async () => {
    const { a, open } = await setup(4)
    try {
      const before = hexMap(await a.port.dumpRecords())
      const port = new CountingPort(a.store)
      const reopened = await open(port)
      expect(port.writes).toEqual([])
      expect(toHex(reopened.stateRoot())).toBe(toHex(a.engine.stateRoot()))
      expect(hexMap(reopened.dumpRecords())).toEqual(hexMap(a.engine.dumpRecords()))
      expect(hexMap(await a.port.dumpRecords())).toEqual(before)
    } finally {
      await a.close()
    }
  }, 60_000)

  it('open loads the stored derivations (a record changed behind its back stays until repair)', async () => {
    const { w, a, open } = await setup(8)
    try {
      const before = hexMap(await a.port.dumpRecords())
      const taskId = w.tasks[0]!.id
      const stored = (await a.store.tasks.get(taskId))!
      await a.store.batch([{ type: 'task', record: { ...stored, title: 'tampered' } }])
      const port = new CountingPort(a.store)
      const reopened = await open(port)
      // Nothing re-derived, nothing written: open read what was derived, not the records.
      expect(port.writes).toEqual([])
      expect(reopened.counters.derivations).toBe(0)
      expect(hexMap(reopened.dumpRecords())).toEqual(hexMap(a.engine.dumpRecords()))
      await reopened.repair()
      expect(hexMap(await a.port.dumpRecords())).toEqual(before)
    } finally {
      await a.close()
    }
  }, 60_000)

  it('without a load marker open derives the log and writes exactly the difference', async () => {
    const { w, a, open } = await setup(8)
    try {
      const before = hexMap(await a.port.dumpRecords())
      const taskId = w.tasks[0]!.id
      const stored = (await a.store.tasks.get(taskId))!
      const stray: TaskRecord = { ...stored, id: new Uint8Array(32).fill(7) as Uint8Array<ArrayBuffer> }
      await a.store.batch([
        { type: 'task', record: { ...stored, title: 'tampered' } },
        { type: 'task', record: stray },
      ])
      await setRawEntry(a.store, 'engineState', Uint8Array.of(0), null)
      expect(hexMap(await a.port.dumpRecords())).not.toEqual(before)
      const port = new CountingPort(a.store)
      const reopened = await open(port)
      expect(reopened.failures['stored-state']).toBe(1)
      expect(port.writes).toHaveLength(1)
      expect(port.writes[0]!.puts.map((p) => p.type)).toEqual(['task'])
      expect(port.writes[0]!.deletes.map((d) => d.type)).toEqual(['task'])
      expect(hexMap(await a.port.dumpRecords())).toEqual(before)
      expect((await a.store.checkIntegrity()).ok).toBe(true)
    } finally {
      await a.close()
    }
  }, 60_000)

  it('a repair interrupted mid-clear is finished by the next open', async () => {
    const { a, open } = await setup(9)
    try {
      const before = hexMap(await a.port.dumpRecords())
      const crashing = new CrashingClearPort(a.store)
      const engine = await open(crashing)
      await expect(engine.repair()).rejects.toThrow('crash during clearDerived')
      expect(await a.port.repairPending()).toBe(true)
      expect(hexMap(await a.port.dumpRecords())).not.toEqual(before)
      // Restart: the marker makes open clear and rebuild everything, indexes included.
      const reopened = await open(new LevelEngineStore(a.store))
      expect(await a.port.repairPending()).toBe(false)
      expect(hexMap(await a.port.dumpRecords())).toEqual(before)
      expect(toHex(reopened.stateRoot())).toBe(toHex(a.engine.stateRoot()))
    } finally {
      await a.close()
    }
  }, 60_000)
})
