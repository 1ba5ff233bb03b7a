/**
 * Trust persisted through the store's trust store (DESIGN §6–§7): the engine mirrors every
 * account's derived trust into a LevelDB trust store living in the same data dir (the StateStore's
 * `trust` / `trustUpdates` sublevels). The mirror must equal what the engine derives, survive a
 * restart, and come back identical after a repair.
 */
import { Engine, LevelEngineStore, trustOf } from '@aimesh/engine'
import { fromHex } from '@aimesh/protocol'
import { LevelTrustStore, StateStore, type TrustScore } from '@aimesh/store'
import { afterEach, describe, expect, it } from 'vitest'
import { ingestChunks, makeWorkload, pastEveryDeadline } from './helpers/node.js'
import { TempDirs } from './helpers/temp.js'

const temps = new TempDirs()
const open: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close()
  await temps.removeAll()
})

async function openWithTrust(dir: string, w: ReturnType<typeof makeWorkload>, clock: number) {
  const store = await StateStore.open(dir)
  const trust = await LevelTrustStore.open({ trust: store.trust, trustUpdates: store.trustUpdates })
  const failures: unknown[] = []
  const engine = await Engine.open({
    store: new LevelEngineStore(store),
    genesis: w.genesis,
    clock,
    now: () => w.now,
    trustSink: trust,
    onError: (err) => failures.push(err),
  })
  const handle = {
    store,
    trust,
    engine,
    failures,
    async close() {
      await trust.close()
      await store.close()
    },
  }
  open.push(handle)
  return handle
}

function byAccount(scores: TrustScore[]): Map<string, TrustScore> {
  return new Map(scores.map((s) => [s.account, s]))
}

describe('trust persistence', () => {
  it('mirrors derived trust into the LevelDB trust store, across restarts and repair', async () => {
    const w = makeWorkload({ seed: 5, tasks: 16 })
    const dir = await temps.make()
    const first = await openWithTrust(dir, w, w.startClock)
    await ingestChunks(first.engine, w.envelopes, w.now)
    const later = pastEveryDeadline(first.engine)
    await first.engine.advance(later)
    expect(first.failures).toEqual([])

    const stored = await first.trust.listScores()
    expect(stored.length).toBeGreaterThan(0)
    // Every mirrored score is the engine's trust for that account as of its last update.
    for (const s of stored) {
      expect(s.score).toBeCloseTo(trustOf(first.engine, fromHex(s.account), s.lastUpdated), 12)
      expect(s.score).toBeGreaterThanOrEqual(0)
      expect(s.score).toBeLessThanOrEqual(1)
    }
    // The workload moves trust: someone gained and someone lost against the 0.5 default.
    expect(stored.some((s) => s.score > 0.5)).toBe(true)
    expect(stored.some((s) => s.failures > 0 && s.score < 0.5)).toBe(true)
    const before = byAccount(stored)
    await first.close()
    open.splice(0)

    // Restart: the trust store still holds the same scores.
    const second = await openWithTrust(dir, w, later)
    expect(byAccount(await second.trust.listScores())).toEqual(before)

    // Repair rebuilds derived state from the log; the mirror ends identical.
    await second.engine.repair()
    expect(second.failures).toEqual([])
    expect(byAccount(await second.trust.listScores())).toEqual(before)
    const health = await second.trust.healthCheck()
    expect(health.reachable).toBe(true)
    expect(health.scoreCount).toBe(stored.length)
  })
})
