/**
 * Sync between real nodes on 127.0.0.1 (DESIGN §5.2, §8, §10): a late joiner catches up from three
 * peers; two halves that worked apart converge after reconnecting; a node stopped mid-run and
 * reopened over the same directories catches up; a node with another genesis is sent goodbye 2.
 */
import { toHex } from '@aimesh/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import type { SyncProgress } from '../src/sync/sync-service.js'
import { makeWorkload, type TestNode, Testnet, type Workload, waitFor } from './helpers/testnet.js'

const workload = makeWorkload({ seed: 31, tasks: 24 })
const sync = { antiEntropyMs: 300 }
let net: Testnet | null = null
const extra: Testnet[] = []

afterEach(async () => {
  await net?.stopAll()
  net = null
  await Promise.all(extra.splice(0).map((t) => t.stopAll()))
})

const rootOf = (n: TestNode) => toHex(n.engine.stateRoot())

async function sameRoot(nodes: readonly TestNode[], timeoutMs = 20_000): Promise<void> {
  await waitFor(() => new Set(nodes.map(rootOf)).size === 1, {
    timeoutMs,
    what: 'every node to reach one root',
  })
}

/** The workload split by task: account messages go to both halves, each task to one. */
function halves(w: Workload): [Uint8Array[], Uint8Array[]] {
  const inTask = new Map<string, number>()
  ;[...w.sim.byTask.values()].forEach((msgs, i) => {
    for (const m of msgs) inTask.set(toHex(m.id), i % 2)
  })
  const a: Uint8Array[] = []
  const b: Uint8Array[] = []
  for (const m of w.sim.messages) {
    const side = inTask.get(toHex(m.id))
    if (side !== 1) a.push(m.bytes)
    if (side !== 0) b.push(m.bytes)
  }
  return [a, b]
}

describe('sync between real nodes', () => {
  it('a node that joins late syncs the whole history from three peers and reaches the same root', async () => {
    net = new Testnet(workload)
    const holders = await net.start(3, { init: { sync } })
    for (const h of holders) await h.engine.ingestMany(workload.envelopes, workload.now)
    // The late node catches up explicitly (as `aimesh start` does, with a progress bar).
    const late = await net.startNode({ init: { sync: { antiEntropyMs: 0, syncOnStatus: false } } })
    const progress: SyncProgress[] = []
    late.network.addEventListener('sync:progress', (e) => progress.push(e.detail as SyncProgress))
    await Promise.all(holders.map((h) => net!.connect(late, h)))
    await waitFor(() => late.network.reqresp.statuses().size === 3, { what: 'three handshakes' })
    const result = await late.network.sync.sync()
    expect(result.peers).toBe(3)
    expect(result.failedTasks).toBe(0)
    expect(result.deferred).toBe(0)
    expect(result.accepted).toBe(workload.envelopes.length)
    await sameRoot([...holders, late])
    expect(late.engine.messageCount).toBe(workload.envelopes.length)
    const tasks = progress.filter((p) => p.phase === 'tasks')
    expect(tasks.length).toBeGreaterThan(1)
    expect(tasks.at(-1)!.done).toBe(tasks.at(-1)!.total)
    expect(tasks.at(-1)!.total).toBe(workload.sim.byTask.size + 1)
  })

  it('two halves that worked apart reach one root after they reconnect', async () => {
    net = new Testnet(workload)
    const [a1, a2, b1, b2] = await net.start(4, { init: { sync } })
    await net.connect(a1!, a2!)
    await net.connect(b1!, b2!)
    const [left, right] = halves(workload)
    await a1!.engine.ingestMany(left, workload.now)
    await b1!.engine.ingestMany(right, workload.now)
    // Each half converges on its own side first (anti-entropy), with different roots.
    await sameRoot([a1!, a2!])
    await sameRoot([b1!, b2!])
    expect(rootOf(a2!)).not.toBe(rootOf(b2!))
    await net.connect(a2!, b2!)
    await sameRoot([a1!, a2!, b1!, b2!], 30_000)
    expect(a1!.engine.messageCount).toBe(workload.envelopes.length)
  })

  it('a node stopped mid-run and reopened over the same directories catches up', async () => {
    net = new Testnet(workload)
    const [source, node] = await net.start(2, { init: { sync } })
    const half = Math.floor(workload.envelopes.length / 2)
    await source!.engine.ingestMany(workload.envelopes.slice(0, half), workload.now)
    await net.connect(node!, source!)
    await sameRoot([source!, node!])
    await node!.stop()
    await source!.engine.ingestMany(workload.envelopes.slice(half), workload.now)
    const again = await net.startNode({ stateDir: node!.stateDir, netDir: node!.netDir, init: { sync } })
    expect(again.engine.messageCount).toBeGreaterThan(0)
    await net.connect(again, source!)
    await sameRoot([source!, again])
    expect(again.engine.messageCount).toBe(workload.envelopes.length)
  })

  it('a node with another genesis is sent goodbye 2 and disconnected', async () => {
    net = new Testnet(workload)
    const [ours] = await net.start(1, { init: { sync } })
    const otherGenesis = {
      ...workload,
      genesis: {
        ...workload.genesis,
        params: { ...workload.genesis.params, maxRounds: workload.genesis.params.maxRounds + 1 },
      },
    }
    const other = new Testnet(otherGenesis)
    extra.push(other)
    const [stranger] = await other.start(1, { init: { sync } })
    // Both sides see the other genesis; whichever hangs up first says goodbye 2 to the other.
    const goodbyes: number[] = []
    stranger!.network.reqresp.onGoodbye((_peer, reason) => goodbyes.push(reason))
    ours!.network.reqresp.onGoodbye((_peer, reason) => goodbyes.push(reason))
    await other.connect(stranger!, ours!)
    await waitFor(() => goodbyes.includes(2), { timeoutMs: 10_000, what: 'goodbye 2' })
    await waitFor(() => ours!.network.peers().length === 0 && stranger!.network.peers().length === 0, {
      timeoutMs: 10_000,
      what: 'both sides to hang up',
    })
    expect(ours!.engine.messageCount).toBe(0)
  })
})
