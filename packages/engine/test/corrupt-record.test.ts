/**
 * A derived record damaged on disk (DESIGN §7 store, repair): reading it fails with a typed
 * StoreError that says to run repair, not a raw protobuf error (open loads the engine's own stored
 * derivations and does not read it); repair then rebuilds it from the log.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type AnySignedMessage, Verdict } from '@aimesh/protocol'
import { isStoreError, StateStore } from '@aimesh/store'
import { Level } from 'level'
import { describe, expect, it } from 'vitest'
import { Engine, getTask, LevelEngineStore } from '../src/index.js'
import {
  account,
  openTestEngine,
  publishTask,
  revealAnswer,
  SEC,
  T0,
  testGenesis,
} from './helpers/builders.js'

const pub = account('corrupt-pub')
const miner = account('corrupt-miner')
const AT = T0 + 10 * SEC
const NOW = T0 + 1_000 * SEC
/** Tag of field 1 with wire type 7, which no protobuf decoder accepts. */
const GARBAGE = Uint8Array.of(0x0f, 0x01)

describe('a corrupted record', () => {
  it('fails its read with CORRUPT_RECORD naming repair, and repair fixes it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aimesh-corrupt-'))
    const genesis = testGenesis()
    const task = publishTask(pub, { at: AT })
    try {
      let store = await StateStore.open(dir)
      let engine = await openTestEngine({
        store: new LevelEngineStore(store),
        genesis,
        clock: T0,
        now: () => NOW,
      })
      const msgs: AnySignedMessage[] = [task, revealAnswer(miner, task, 'an answer', AT + 60 * SEC)]
      for (const m of msgs) expect(await engine.submit(m)).toEqual({ verdict: Verdict.Accept })
      const healthy = engine.dumpRecords()
      await store.close()

      // Damage the task record behind the store's back, as a bad disk would.
      const db = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' })
      const taskKey = db.sublevel<Uint8Array, Uint8Array>('tasks', {
        keyEncoding: 'view',
        valueEncoding: 'view',
      })
      await taskKey.put(task.id, GARBAGE)
      await db.close()

      store = await StateStore.open(dir)
      const port = new LevelEngineStore(store)
      // Open loads the engine's stored derivations and does not read the record; a read does.
      await Engine.open({ store: port, genesis, clock: T0, now: () => NOW })
      const err = await store.tasks.get(task.id).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(isStoreError(err, 'CORRUPT_RECORD')).toBe(true)
      expect((err as Error).message).toMatch(/repair/)
      expect((err as Error).message).not.toMatch(/^invalid wire type/)

      // What `aimesh repair` does: mark the repair, then open (which clears and rebuilds).
      await port.setRepairPending(true)
      engine = await Engine.open({ store: port, genesis, clock: T0, now: () => NOW })
      expect(getTask(engine, task.id)?.title).toBe(task.body.title)
      expect(engine.dumpRecords()).toEqual(healthy)
      expect(await store.tasks.get(task.id)).toBeDefined()
      await store.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
