/**
 * Crash safety of `Engine.repair()` (DESIGN §7: repair rebuilds every derived record and index from
 * the message log). repair = set a repair-in-progress marker, clear the derived columns (in several
 * bounded batches), rebuild, clear the marker. A process killed anywhere in between must come back,
 * at its next open, with clean integrity and exactly the records a node that never crashed derives.
 */

import { LevelEngineStore } from '@aimesh/engine'
import { DERIVED_COLUMNS, StateStore } from '@aimesh/store'
import { deleteColumnKeys } from '@aimesh/store/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { Children, helperScript } from './helpers/children.js'
import {
  ingestChunks,
  type LevelNode,
  makeWorkload,
  nodeState,
  openNode,
  pastEveryDeadline,
  prng,
  randInt,
  testSeed,
} from './helpers/node.js'
import { TempDirs } from './helpers/temp.js'

const temps = new TempDirs()
const children = new Children()
const nodes: LevelNode[] = []
const stores: StateStore[] = []
afterEach(async () => {
  await children.killAll()
  await Promise.all(nodes.splice(0).map((n) => n.close()))
  await Promise.all(stores.splice(0).map((s) => s.close()))
  await temps.removeAll()
})

/** Builds a node holding the workload, closes it, and returns its dir and a later clock. */
async function ingestedDir(seed: number, tasks: number) {
  const w = makeWorkload({ seed, tasks })
  const dir = await temps.make()
  const node = await openNode(dir, w)
  await ingestChunks(node.engine, w.envelopes, w.now)
  const later = pastEveryDeadline(node.engine)
  await node.close()
  return { w, dir, later }
}

/** The records and root a node that never crashed holds at `clock`. */
async function reference(w: ReturnType<typeof makeWorkload>, clock: number) {
  const node = await openNode(await temps.make(), w, clock)
  nodes.push(node)
  await ingestChunks(node.engine, w.envelopes, w.now)
  return nodeState(node)
}

describe('crash during repair', () => {
  it('a restart after a repair interrupted mid-wipe finishes it: clean integrity, the same records', async () => {
    const { w, dir, later } = await ingestedDir(3, 12)

    // The state a kill inside clearDerived leaves: marker set, the first columns' delete batches committed.
    const store = await StateStore.open(dir)
    stores.push(store)
    await new LevelEngineStore(store).setRepairPending(true)
    for (const column of DERIVED_COLUMNS.slice(0, 4)) await deleteColumnKeys(store, column)
    await store.close()
    stores.splice(0)

    // The node restarts later (deadlines have passed), as after any crash.
    const node = await openNode(dir, w, later)
    nodes.push(node)
    const report = await node.store.checkIntegrity()
    expect(report.dangling).toEqual([])
    expect(report.ok).toBe(true)
    expect(await node.port.repairPending()).toBe(false)
    const mine = await nodeState(node)
    const ref = await reference(w, later)
    expect(mine.root).toBe(ref.root)
    expect(mine.records).toEqual(ref.records)
    expect(mine.stored).toEqual(ref.stored)
  })

  it('SIGKILL at random points of a repair loop never leaves a broken store', async () => {
    const seed = testSeed()
    const rnd = prng(seed)
    const { w, dir, later } = await ingestedDir(seed, 10)
    const ref = await reference(w, later)
    const KILLS = 4
    for (let k = 0; k < KILLS; k++) {
      const child = children.start(helperScript('repair-worker.ts'), [
        dir,
        String(seed),
        '10',
        String(later),
        '50',
      ])
      // Kill after a random number of started repairs, at a random moment inside the next one.
      const n = randInt(rnd, 0, 3)
      await child.waitForLine((l) => l === `repairing ${n}`)
      await new Promise((r) => setTimeout(r, randInt(rnd, 0, 40)))
      await child.kill()

      const node = await openNode(dir, w, later)
      const report = await node.store.checkIntegrity()
      expect(report.ok, `seed ${seed}, kill ${k}: ${JSON.stringify(report).slice(0, 400)}`).toBe(true)
      expect(await node.port.repairPending()).toBe(false)
      const mine = await nodeState(node)
      expect(mine.root).toBe(ref.root)
      expect(mine.records).toEqual(ref.records)
      expect(mine.stored).toEqual(ref.stored)
      await node.close()
    }
  })
})
