/**
 * The node gossips its own messages at their verdict (services/engine.ts LocalVerdictListener;
 * DESIGN §9 gossip latency): a task this node signs reaches the network while its LevelDB write is
 * held, and the action resolves once it lands; an envelope the engine refuses (a duplicate, a
 * broken signature) is never published; a failed write rejects the action. The network is a
 * recording stand-in (a unit test of the node's wiring; the real wire is network's
 * local-publish-e2e.test.ts), the store and engine are real.
 */
import { Verdict } from '@aimesh/protocol'
import type { StateStore } from '@aimesh/store'
import { afterEach, describe, expect, it } from 'vitest'
import { createNode, type NodeNetwork } from '../src/index.js'
import { TestClock, tempDir, testHome, waitFor } from './helpers/home.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A network that records what the node publishes (envelope bytes, in order). */
function recordingNetwork(published: Uint8Array[]): NodeNetwork {
  return {
    name: 'network',
    peerId: 'recording',
    start: async () => {},
    stop: async () => {},
    connect: async () => 'peer',
    addresses: () => [],
    publish: async (msg) => {
      published.push(msg.bytes)
    },
    peers: () => [],
    meshPeers: () => 0,
    bans: () => [],
    ban: async () => {},
    unban: async () => {},
    syncLag: () => null,
    peerRoots: async () => [],
    syncNow: async () => ({ peers: [] }),
  }
}

/** Holds or fails the store's message batches on demand (the engine's write goes through it). */
function controlWrites(store: StateStore) {
  const original = store.applyMessages.bind(store)
  let gate: Promise<void> | null = null
  let open = () => {}
  const control = {
    waiting: 0,
    failNext: null as Error | null,
    hold() {
      gate = new Promise((resolve) => {
        open = resolve
      })
    },
    release() {
      open()
      gate = null
    },
  }
  store.applyMessages = async (writes) => {
    if (gate !== null) {
      control.waiting++
      await gate
      control.waiting--
    }
    const err = control.failNext
    control.failNext = null
    if (err !== null) throw err
    return original(writes)
  }
  return control
}

const task = (title: string) => ({
  account: 'publisher',
  title,
  taskType: 'GENERAL' as const,
  difficulty: 'BEGINNER' as const,
  reward: 1_000_000n,
  phases: { commitMs: 60_000, revealMs: 10_000, validationMs: 10_000, challengeMs: 10_000 },
  input: `input of ${title}`,
})

describe('node local publish', () => {
  it('publishes its own message before the write completes, never a refused one', async () => {
    const { dir, cleanup } = await tempDir()
    cleanups.push(cleanup)
    const clock = new TestClock(Date.now())
    await testHome(dir, clock.t)
    const published: Uint8Array[] = []
    let store: StateStore | undefined
    const withNetwork = await createNode({
      home: dir,
      env: {},
      clock,
      createNetwork: async (c) => {
        store = c.store()
        return recordingNetwork(published)
      },
      config: {
        api: { enabled: false },
        clock: { intervalMs: 20 },
        signer: { intervalMs: 20, alertDelayMs: 1_000 },
        snapshots: { intervalMs: 0 },
        integrity: { intervalMs: 0 },
        backup: { intervalMs: 0 },
        log: { level: 'silent' },
      },
    })
    cleanups.push(() => withNetwork.stop())
    await withNetwork.start()
    const writes = controlWrites(store!)

    // The publisher's profile and first task, written as usual.
    await withNetwork.actions.publishTask(task('first'))
    expect(published.length).toBe(2)

    // Held write: the task is published while the action still waits for its write.
    writes.hold()
    let settled = false
    const second = withNetwork.actions.publishTask(task('second')).finally(() => {
      settled = true
    })
    await waitFor(() => published.length === 3, 'the second task published while its write is held')
    expect(writes.waiting).toBeGreaterThan(0)
    expect(settled).toBe(false)
    writes.release()
    await second

    // Refused envelopes (a duplicate, a broken signature) are never published.
    const dup = published[2]!
    const forged = dup.slice()
    forged[forged.length - 1]! ^= 0xff
    for (const bytes of [dup, forged])
      expect((await withNetwork.actions.submitEnvelope(bytes)).verdict).not.toBe(Verdict.Accept)
    expect(published.length).toBe(3)

    // A failed write is reported to the caller.
    writes.failNext = new Error('disk full')
    await expect(withNetwork.actions.publishTask(task('third'))).rejects.toThrow()
  }, 60_000)
})
