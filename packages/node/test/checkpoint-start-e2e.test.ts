/**
 * A node started on an empty data dir takes the latest certified checkpoint's state from its
 * bootstrap peer (DESIGN §5.6; checkpoint-join.ts): real nodes on 127.0.0.1. The serving node's data
 * dir holds a workload whose tasks a certified checkpoint folds, history cut; the joiner reaches its
 * state root and derived digest holding only the kept bodies, removes its staging dir, and with
 * `sync.fromCheckpoint: "never"` does not import.
 */
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Engine, LevelEngineStore } from '@aimesh/engine'
import { StateStore } from '@aimesh/store'
import { afterEach, describe, expect, it } from 'vitest'
import { foldingCheckpoint } from '../../../test/helpers/checkpoint.js'
import { makeWorkload } from '../../../test/helpers/node.js'
import { checkpointStagingDir } from '../src/checkpoint-join.js'
import { DATA_DIR_GENESIS_FILE } from '../src/data-dir-genesis.js'
import { type AimeshNode, createNode, Keystore, type NodeConfigInput } from '../src/index.js'
import { TestClock, tempDir, waitFor } from './helpers/home.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const w = makeWorkload({ seed: 41, tasks: 12 })

/** A node over `home` with the workload's genesis, no accounts, the network on 127.0.0.1. */
async function nodeAt(home: string, clock: TestClock, config: NodeConfigInput = {}): Promise<AimeshNode> {
  const keystore = await Keystore.open(join(home, 'keystore'))
  const node = await createNode({
    home,
    env: {},
    genesis: w.genesis,
    keystore,
    clock,
    config: {
      api: { enabled: false },
      clock: { intervalMs: 50 },
      signer: { intervalMs: 50 },
      snapshots: { intervalMs: 0 },
      integrity: { intervalMs: 0 },
      backup: { intervalMs: 0 },
      log: { level: 'silent' },
      ...config,
      network: { enabled: true, listen: ['/ip4/127.0.0.1/tcp/0'], loopback: true, ...config.network },
    },
  })
  cleanups.push(() => node.stop())
  return node
}

/** A home whose data dir holds the workload, a certified checkpoint folding it, and no folded bodies. */
async function servingHome(): Promise<{ home: string; now: number }> {
  const { dir: home, cleanup } = await tempDir('aimesh-checkpoint-seed-')
  cleanups.push(cleanup)
  const store = await StateStore.open(join(home, 'data'))
  try {
    let now = w.now
    const engine = await Engine.open({
      store: new LevelEngineStore(store),
      genesis: w.genesis,
      clock: w.startClock,
      now: () => now,
    })
    await engine.ingestMany(w.envelopes, now)
    const checkpoint = await foldingCheckpoint(engine, w)
    now = checkpoint.now
    await engine.ingestMany(
      checkpoint.votes.map((v) => v.bytes),
      now,
    )
    await engine.advance(now)
    expect(await engine.pruneFolded()).toBeGreaterThan(0)
    return { home, now }
  } finally {
    await store.close()
  }
}

describe('a node on an empty data dir', () => {
  it('starts from the certified checkpoint its bootstrap peer serves, then runs on it', async () => {
    const seed = await servingHome()
    const clock = new TestClock(seed.now)
    const a = await nodeAt(seed.home, clock)
    await a.start()
    const address = a.network!.addresses().find((x) => x.includes('127.0.0.1'))!

    const { dir: home, cleanup } = await tempDir('aimesh-checkpoint-join-')
    cleanups.push(cleanup)
    const b = await nodeAt(home, clock, { network: { bootstrap: [address] } })
    await b.start()
    expect(b.queries.roots()).toEqual(a.queries.roots())
    const held = b.engine.engine.messageCount
    expect(held).toBe(a.engine.engine.messageCount)
    // Ids of every message, bodies only of what the checkpoint did not fold.
    expect(await b.store.count('messages')).toBeLessThan(held)
    expect(await b.store.count('messages')).toBe(await a.store.count('messages'))
    await expect(stat(checkpointStagingDir(b.config))).rejects.toThrow(/ENOENT/)
    // The imported data dir keeps its genesis binding.
    expect((await readFile(join(b.config.dataDir, DATA_DIR_GENESIS_FILE), 'utf8')).trim()).toBe(
      b.genesis.hash,
    )
    // The network runs on the imported state: the peer is connected and nothing differs.
    await waitFor(() => b.status().peers === 1 && b.network!.syncLag() === 0, 'b in sync with a', 20_000)
    expect(b.queries.roots()).toEqual(a.queries.roots())
  }, 120_000)

  it('replays instead when told never to start from a checkpoint', async () => {
    const seed = await servingHome()
    const clock = new TestClock(seed.now)
    const a = await nodeAt(seed.home, clock)
    await a.start()
    const address = a.network!.addresses().find((x) => x.includes('127.0.0.1'))!
    const { dir: home, cleanup } = await tempDir('aimesh-checkpoint-never-')
    cleanups.push(cleanup)
    const b = await nodeAt(home, clock, {
      network: { bootstrap: [address] },
      sync: { fromCheckpoint: 'never' },
    })
    await b.start()
    // Nothing imported before the engine opened: whatever it holds came through sync.
    expect(await b.store.importPending()).toBe(false)
    expect(b.engine.engine.messageCount).toBeLessThan(a.engine.engine.messageCount)
  }, 120_000)
})
