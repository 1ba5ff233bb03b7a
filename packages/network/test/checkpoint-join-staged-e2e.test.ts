/**
 * A checkpoint join's robustness (sync/checkpoint-join.ts, staged-state.ts), real nodes on 127.0.0.1:
 * the state streams straight into one staging store beside the data dir (no state file, nothing in
 * the data dir until verified); a join aborted mid-import leaves the data dir empty and nothing
 * staged, and the next join takes the whole state; a bootstrap peer that is down costs no wait (the
 * join is given a wait far longer than the test's own timeout).
 */
import { readdir } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { Engine, LevelEngineStore } from '@aimesh/engine'
import { toHex } from '@aimesh/protocol'
import { type StateRecord, StateStore } from '@aimesh/store'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterEach, describe, expect, it } from 'vitest'
import { foldingCheckpoint } from '../../../test/helpers/checkpoint.js'
import {
  type CheckpointJoinInit,
  type CheckpointSource,
  createNetwork,
  engineCheckpoints,
  holdsHistory,
  joiningEngine,
  recoverStagedState,
  stagedPaths,
} from '../src/index.js'
import { makeWorkload, type TestNode, Testnet, waitFor } from './helpers/testnet.js'

let net: Testnet | null = null
afterEach(async () => {
  await net?.stopAll()
  net = null
})

/** Longer than any test here runs: a join that waited for it would time the test out. */
const NEVER_MS = 3_600_000
/** Records the server streams before it holds the rest back (past the first chunk of 256). */
const PAUSE_AT = 300

/** A source over `inner` whose stream stops before record PAUSE_AT until `release` is called. */
function gated(inner: CheckpointSource) {
  let release = () => {}
  const held = new Promise<void>((r) => {
    release = r
  })
  let paused = false
  const source: CheckpointSource = {
    latest: () => inner.latest(),
    export(epoch) {
      const state = inner.export(epoch)
      if (state === undefined) return undefined
      async function* records(): AsyncIterable<StateRecord> {
        let i = 0
        for await (const r of state!.records) {
          if (i++ === PAUSE_AT) {
            paused = true
            await held
          }
          yield r
        }
      }
      return { header: state.header, records: records() }
    },
  }
  return { source, release, paused: () => paused }
}

/** A TCP address nobody listens on, with a peer id nobody has. */
async function deadAddress(): Promise<string> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((r) => server.close(() => r()))
  const id = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
  return `/ip4/127.0.0.1/tcp/${port}/p2p/${id.toString()}`
}

/** A serving node A: a workload and a checkpoint its validators certify. */
async function servingNode(source?: (inner: CheckpointSource) => CheckpointSource) {
  const w = makeWorkload({ seed: 37, tasks: 16 })
  let now = w.now
  net = new Testnet(w)
  const a = await net.startNode({
    now: () => now,
    init: { sync: { antiEntropyMs: 0, syncOnStatus: false } },
    checkpoints: (engine, store) => {
      const inner = engineCheckpoints(
        () => engine,
        () => store,
      )
      return source === undefined ? inner : source(inner)
    },
  })
  await a.engine.ingestMany(w.envelopes, now)
  const checkpoint = await foldingCheckpoint(a.engine, w)
  now = checkpoint.now
  await a.engine.ingestMany(
    checkpoint.votes.map((v) => v.bytes),
    now,
  )
  await a.engine.advance(now)
  return { a, w, now: () => now }
}

/** Runs a joining network bootstrapping to `bootstrap` and joins into `target`. */
async function join_(
  t: Testnet,
  bootstrap: string[],
  init: Omit<CheckpointJoinInit, 'genesis'>,
): Promise<Awaited<ReturnType<ReturnType<typeof createNetwork>['joinFromCheckpoint']>>> {
  const joining = createNetwork(
    { engine: joiningEngine(t.workload.genesis) },
    {
      dataDir: await t.tempDir('aimesh-net-p2p-'),
      listen: ['/ip4/127.0.0.1/tcp/0'],
      loopback: true,
      joining: true,
      bootstrap,
      ...(init.now === undefined ? {} : { now: init.now }),
    },
  )
  try {
    await joining.start()
    return await joining.joinFromCheckpoint({ genesis: t.workload.genesis, ...init })
  } finally {
    await joining.stop()
  }
}

/** The roots of the store at `dir` opened as an engine. */
async function rootsAt(dir: string, t: Testnet, now: number) {
  const store = await StateStore.open(dir)
  try {
    const engine = await Engine.open({
      store: new LevelEngineStore(store),
      genesis: t.workload.genesis,
      clock: now,
      now: () => now,
    })
    return { root: toHex(engine.stateRoot()), derived: toHex(engine.derivedDigest()) }
  } finally {
    await store.close()
  }
}

function roots(n: TestNode) {
  return { root: toHex(n.engine.stateRoot()), derived: toHex(n.engine.derivedDigest()) }
}

async function targetHistory(dir: string): Promise<boolean> {
  const store = await StateStore.open(dir)
  try {
    return await holdsHistory(store)
  } finally {
    await store.close()
  }
}

describe('a checkpoint join', () => {
  it('writes once beside the data dir, and an abort mid-import leaves it empty', async () => {
    let gate: ReturnType<typeof gated> | null = null
    const { a, now } = await servingNode((inner) => {
      gate = gated(inner)
      return gate.source
    })
    const t = net!
    const records = { n: 0 }
    for await (const _ of engineCheckpoints(
      () => a.engine,
      () => a.store,
    ).export(0)!.records)
      records.n++
    expect(records.n).toBeGreaterThan(PAUSE_AT)

    const root = await t.tempDir('aimesh-join-')
    const target = join(root, 'data')
    await (await StateStore.open(target)).close()
    const paths = stagedPaths(target)
    const abort = new AbortController()
    const joining = join_(t, [a.network.multiaddrs[0]!], {
      target,
      waitMs: NEVER_MS,
      now,
      signal: abort.signal,
    })
    // Mid-import: the first chunk is in the staging store, the rest held back by the server.
    await waitFor(() => gate?.paused() === true, { timeoutMs: 60_000, what: 'the server to pause' })
    await waitFor(async () => (await readdir(root)).includes('data.checkpoint-import'), {
      timeoutMs: 60_000,
      what: 'the staging store',
    })
    expect((await readdir(root)).sort()).toEqual(['data', 'data.checkpoint-import'])
    // One LevelDB store, no state file beside it.
    expect(await readdir(paths.importing)).toContain('CURRENT')
    expect((await readdir(paths.importing)).filter((f) => f.endsWith('.state'))).toEqual([])
    abort.abort()
    gate!.release()
    const aborted = await joining
    expect(aborted.peer).toBeNull()
    expect(await readdir(root)).toEqual(['data'])
    expect(await targetHistory(target)).toBe(false)
    expect(await recoverStagedState(target)).toBe('none')

    // The next join takes the whole state (the gate stays open).
    const result = await join_(t, [a.network.multiaddrs[0]!], { target, waitMs: NEVER_MS, now })
    expect(result.peer).toBe(a.network.peerId)
    expect(result.messages).toBe(a.engine.messageCount)
    expect(await readdir(root)).toEqual(['data'])
    expect(await rootsAt(target, t, now())).toEqual(roots(a))
  }, 180_000)

  it('does not wait for a bootstrap peer that is down', async () => {
    const { a, now } = await servingNode()
    const t = net!
    const dead = await deadAddress()

    // One peer down, one up: the join proceeds once the live one answered and the dead dial failed.
    const root = await t.tempDir('aimesh-join-')
    const target = join(root, 'data')
    const result = await join_(t, [dead, a.network.multiaddrs[0]!], {
      target,
      waitMs: NEVER_MS,
      expectPeers: 2,
      now,
    })
    expect(result.peer).toBe(a.network.peerId)
    expect(await rootsAt(target, t, now())).toEqual(roots(a))

    // Every bootstrap peer down: nothing to wait for, nothing imported.
    const lonely = join(await t.tempDir('aimesh-join-'), 'data')
    const none = await join_(t, [dead], { target: lonely, waitMs: NEVER_MS, expectPeers: 1, now })
    expect(none).toMatchObject({ peer: null, refused: [] })
  }, 180_000)
})
