/**
 * The derived digest `status` carries after every write (DESIGN §5.13): kept incremental, it must
 * stay exactly the digest of the state now. A LevelDB engine keeping two tasks resident (the others'
 * derivations on disk) answers status after each chunk of a workload, a clock move and a reopen;
 * every answer equals the digest of an engine that derived the same messages from scratch, and a
 * write that changes no task's records hashes no task again.
 */
import { Engine, LevelEngineStore } from '@aimesh/engine'
import { derivedDigestCounters, MemoryEngineStore } from '@aimesh/engine/testing'
import { toHex } from '@aimesh/protocol'
import { StateStore } from '@aimesh/store'
import { afterEach, describe, expect, it } from 'vitest'
import { makeWorkload } from '../../../../test/helpers/node.js'
import { TempDirs } from '../../../../test/helpers/temp.js'
import { localStatus } from '../../src/reqresp/status.js'

const dirs = new TempDirs()
afterEach(() => dirs.removeAll())

const w = makeWorkload({ seed: 23, tasks: 8 })

async function levelEngine(store: StateStore): Promise<Engine> {
  return Engine.open({
    store: new LevelEngineStore(store),
    genesis: w.genesis,
    clock: w.startClock,
    now: () => w.now,
    residentTasks: 2,
  })
}

/** The digest of an engine that derived `envelopes` from nothing, at `clock`. */
async function fromScratch(envelopes: readonly Uint8Array[], clock: number): Promise<string> {
  const e = await Engine.open({
    store: new MemoryEngineStore(),
    genesis: w.genesis,
    clock: w.startClock,
    now: () => w.now,
  })
  await e.ingestMany(envelopes, w.now)
  await e.advance(clock)
  return toHex(e.derivedDigest())
}

const statusDigest = (e: Engine) => toHex(localStatus(e, w.now).derivedDigest!)

describe('status derived digest', () => {
  it('is the digest of the state after every write, and hashes only what changed', async () => {
    const store = await StateStore.open(await dirs.make('aimesh-status-digest-'))
    try {
      const engine = await levelEngine(store)
      const chunk = Math.ceil(w.envelopes.length / 4)
      for (let i = 0; i < w.envelopes.length; i += chunk) {
        await engine.ingestMany(w.envelopes.slice(i, i + chunk), w.now)
        expect(statusDigest(engine)).toBe(await fromScratch(w.envelopes.slice(0, i + chunk), engine.clock))
      }
      const before = statusDigest(engine)
      const hashed = derivedDigestCounters.tasksHashed
      // A write that moves the clock without changing a record: the digest is recomputed from the
      // kept task digests, hashing no task again.
      await engine.advance(engine.clock + 1)
      expect(statusDigest(engine)).toBe(before)
      expect(derivedDigestCounters.tasksHashed).toBe(hashed)
      // Past every deadline: records change, and the digest follows them.
      const end = w.now + 30 * 24 * 3_600_000
      await engine.advance(end)
      const after = statusDigest(engine)
      expect(after).not.toBe(before)
      expect(after).toBe(await fromScratch(w.envelopes, end))
      // Reopened: cold tasks' records come from their stored derivations, same digest.
      const reopened = await Engine.open({
        store: new LevelEngineStore(store),
        genesis: w.genesis,
        clock: end,
        now: () => w.now,
        residentTasks: 2,
      })
      expect(statusDigest(reopened)).toBe(after)
    } finally {
      await store.close()
    }
  }, 120_000)
})
