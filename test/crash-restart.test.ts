/**
 * DESIGN §10 "kill -9 during heavy ingest, restart", with real processes and LevelDB: a child
 * ingests a large simulation workload in sync chunks and is SIGKILLed at random points (some while
 * it is still opening and rebuilding). After every kill the store opens, its integrity check is
 * clean, the log is whole chunks only (one group commit each) and holds every acknowledged one, the
 * stored records are exactly what the log derives (open and repair change nothing), and finally the
 * node ingests the rest and reaches the root and records of a node that never crashed.
 */
import { Engine, LevelEngineStore } from '@aimesh/engine'
import { toHex, Verdict } from '@aimesh/protocol'
import { StateStore } from '@aimesh/store'
import { afterEach, describe, expect, it } from 'vitest'
import { Children, helperScript } from './helpers/children.js'
import {
  CRASH_CHUNK,
  chunksOf,
  crashWorkloadOptions,
  hexEntries,
  ingestChunks,
  type LevelNode,
  loggedIds,
  makeWorkload,
  nodeState,
  openNode,
  pastEveryDeadline,
  prng,
  randInt,
  testSeed,
  type Workload,
} from './helpers/node.js'
import { TempDirs } from './helpers/temp.js'

/** Kills per run: random points across the ingest, bounded so the suite stays short. */
const KILLS = 5
/** Longest random pause between a progress line and the kill (about one chunk's work on a laptop). */
const MAX_KILL_DELAY_MS = 80
/** Seed of the simulation the child regenerates (the kill points are what varies between runs). */
const WORKLOAD_SEED = 77

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

/** Reopens the data dir after a kill and checks it; returns the ids the log holds. */
async function checkAfterCrash(dir: string, w: Workload, acked: number, note: string): Promise<Set<string>> {
  const store = await StateStore.open(dir)
  stores.push(store)
  const report = await store.checkIntegrity()
  expect(report, note).toMatchObject({ ok: true, missing: [], dangling: [], badRecords: [] })

  // The log is a set of whole chunks (each was one atomic group commit) and every acknowledged one.
  const logged = await loggedIds(store)
  expect(logged.size, note).toBeGreaterThanOrEqual(acked)
  let held = 0
  for (const chunk of chunksOf(w.sim.messages, CRASH_CHUNK)) {
    const inLog = chunk.filter((m) => logged.has(toHex(m.id))).length
    expect([0, chunk.length], note).toContain(inLog)
    held += inLog
  }
  expect(held, `${note}: nothing outside the workload is logged`).toBe(logged.size)

  // The stored records are exactly what the log derives: opening the engine (which rewrites every
  // record) and repairing (which wipes and rebuilds them) leave the store byte-identical.
  const port = new LevelEngineStore(store)
  const stored = hexEntries(await port.dumpRecords())
  const engine = await Engine.open({ store: port, genesis: w.genesis, clock: w.startClock, now: () => w.now })
  expect(engine.messageCount, note).toBe(logged.size)
  const opened = await nodeState({ engine, port })
  expect(opened.stored, note).toEqual(stored)
  await engine.repair()
  expect(await nodeState({ engine, port }), note).toEqual(opened)
  expect((await store.checkIntegrity()).ok, note).toBe(true)

  await store.close()
  stores.splice(stores.indexOf(store), 1)
  return logged
}

describe('kill -9 during heavy ingest', () => {
  it('restarts after every SIGKILL with a whole prefix of chunks and converges with a clean node', async () => {
    const seed = testSeed()
    const rnd = prng(seed)
    const w = makeWorkload(crashWorkloadOptions(WORKLOAD_SEED))
    const chunks = chunksOf(w.sim.messages, CRASH_CHUNK)
    expect(w.envelopes.length).toBeGreaterThan(2_000)

    const dir = await temps.make()
    let logged = new Set<string>()
    let kills = 0
    for (let k = 0; k < KILLS; k++) {
      const remaining = chunks.filter((c) => !logged.has(toHex(c[0]!.id))).length
      if (remaining < 2) break
      const note = `seed ${seed}, kill ${k + 1}`
      const child = children.start(helperScript('ingest-worker.ts'), [dir, String(WORKLOAD_SEED)])
      // Now and then kill it while it opens and rebuilds; otherwise after some chunks are durable.
      if (rnd() < 0.2) await child.waitForLine((l) => l === 'opening')
      else {
        const target = randInt(rnd, 1, Math.max(1, Math.floor(remaining / (KILLS - k + 1))))
        let seen = 0
        await child.waitForLine((l) => l.startsWith('progress ') && ++seen >= target)
      }
      // A random pause spreads the kill over the next chunk's decode, verify, derive and write.
      await new Promise((resolve) => setTimeout(resolve, randInt(rnd, 0, MAX_KILL_DELAY_MS)))
      await child.kill()
      kills++
      expect(
        child.lines.some((l) => l.startsWith('done')),
        `${note}: killed mid-ingest`,
      ).toBe(false)
      const acked = Math.max(
        0,
        ...child.lines.filter((l) => /^(ready|progress) /.test(l)).map((l) => Number(l.split(' ').at(-1))),
      )
      logged = await checkAfterCrash(dir, w, acked, note)
    }
    expect(kills).toBe(KILLS)
    expect(logged.size).toBeGreaterThan(0)
    expect(logged.size).toBeLessThan(w.envelopes.length)

    // The node restarts for good, ingests everything (what it holds is a DUPLICATE) and settles.
    const node = await openNode(dir, w)
    nodes.push(node)
    const results = await ingestChunks(node.engine, w.envelopes, w.now)
    const refused = results.filter(
      (r) => r.verdict !== Verdict.Accept && !(r.verdict === Verdict.Ignore && r.code === 'DUPLICATE'),
    )
    expect(refused).toEqual([])
    expect(results.filter((r) => r.verdict === Verdict.Accept).length).toBe(w.envelopes.length - logged.size)

    // A reference node that never crashed.
    const ref = await openNode(await temps.make(), w)
    nodes.push(ref)
    expect(
      (await ingestChunks(ref.engine, w.envelopes, w.now)).every((r) => r.verdict === Verdict.Accept),
    ).toBe(true)
    const end = pastEveryDeadline(ref.engine)
    await ref.engine.advance(end)
    await node.engine.advance(end)
    const expected = await nodeState(ref)
    const actual = await nodeState(node)
    expect(actual.root, `seed ${seed}`).toBe(expected.root)
    expect(actual.records).toEqual(expected.records)
    expect(actual.stored).toEqual(expected.stored)
    expect((await node.store.checkIntegrity()).ok).toBe(true)
  }, 90_000)
})
