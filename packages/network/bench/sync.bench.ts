/**
 * Sync throughput (DESIGN §9, issue "Benchmarks"): `sync.rate` is the messages per second a fresh
 * node syncs from three peers holding a workload of AIMESH_BENCH_SYNC_TASKS tasks (default 2,000)
 * with their messages, over real TCP on 127.0.0.1 (status, paged inventories, task-sync with
 * bounded concurrency, ingestion). Its baseline is `engine.ingest` measured in the same run: a fresh
 * engine on LevelDB ingesting the same envelopes in 256-envelope chunks (goal ratio ≥ 0.5).
 */
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Engine, LevelEngineStore } from '@aimesh/engine'
import type { BenchReport } from '@aimesh/protocol/testing'
import { StateStore } from '@aimesh/store'
import { makeWorkload, Testnet, waitFor } from '../test/helpers/testnet.js'

const TASKS = Number(process.env.AIMESH_BENCH_SYNC_TASKS ?? 2_000)
const CHUNK = 256
const debug = (...xs: unknown[]) => {
  if (process.env.AIMESH_BENCH_DEBUG !== undefined) console.error(...xs)
}

export async function run(report: BenchReport): Promise<void> {
  const w = makeWorkload({ seed: 97, tasks: TASKS })
  const count = w.envelopes.length

  // Baseline: a fresh engine on LevelDB ingesting the same envelopes, parents first. Its store is
  // then copied for the three peers, so they hold exactly this history without ingesting it again.
  const dir = await mkdtemp(join(tmpdir(), 'aimesh-bench-ingest-'))
  const net = new Testnet(w)
  try {
    let baseline: number
    const store = await StateStore.open(dir)
    try {
      const engine = await Engine.open({
        store: new LevelEngineStore(store),
        genesis: w.genesis,
        clock: w.startClock,
        now: () => w.now,
      })
      const start = performance.now()
      for (let i = 0; i < count; i += CHUNK) await engine.ingestMany(w.envelopes.slice(i, i + CHUNK), w.now)
      baseline = (count * 1000) / (performance.now() - start)
      debug(`baseline ${count} messages at ${baseline.toFixed(0)} msg/s`)
    } finally {
      await store.close()
    }
    const quiet = { sync: { antiEntropyMs: 0, syncOnStatus: false } }
    const peers = []
    for (let i = 0; i < 3; i++) {
      const stateDir = await net.tempDir('aimesh-bench-peer-')
      await cp(dir, stateDir, { recursive: true })
      peers.push(await net.startNode({ stateDir, init: quiet }))
    }
    // A status carries the derived digest, computed over every record on first use (cached until
    // the next write): peers that have run a while hold it. Computed here, so the handshake's
    // 5 s first-byte timeout measures the network, not a cold cache on a busy host.
    for (const p of peers) p.network.reqresp.localStatus()
    debug('three peers open')
    const fresh = await net.startNode({ init: quiet })
    await Promise.all(peers.map((p) => net.connect(fresh, p)))
    const statuses = fresh.network.reqresp.statuses()
    for (let attempt = 0; attempt < 5 && statuses.size < peers.length; attempt++) {
      await waitFor(() => statuses.size === peers.length, {
        timeoutMs: 10_000,
        what: 'three handshakes',
      }).catch(() => undefined)
      for (const p of peers)
        if (!statuses.has(p.network.peerId)) await fresh.network.reqresp.handshake(p.network.host.peerId)
    }
    if (statuses.size < peers.length)
      throw new Error(`sync bench: ${statuses.size} of 3 handshakes completed`)
    const start = performance.now()
    let lastPhase = ''
    fresh.network.addEventListener('sync:progress', (e) => {
      if (e.detail.phase !== lastPhase && process.env.AIMESH_BENCH_DEBUG)
        console.error(e.detail.phase, (performance.now() - start).toFixed(0))
      lastPhase = e.detail.phase
    })
    const result = await fresh.network.sync.sync()
    debug(result, (performance.now() - start).toFixed(0))
    const ms = performance.now() - start
    if (fresh.engine.messageCount !== count || result.peers !== peers.length) {
      throw new Error(
        `sync bench: synced ${fresh.engine.messageCount}/${count} messages from ${result.peers} peers`,
      )
    }
    report({ name: 'sync.rate', value: (count * 1000) / ms, unit: 'msg/s', baseline })
  } finally {
    await net.stopAll()
    await rm(dir, { recursive: true, force: true })
  }
}
