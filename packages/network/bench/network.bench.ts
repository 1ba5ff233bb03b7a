/**
 * Sync throughput (DESIGN §9, issue "Benchmarks"): `sync.rate` is the messages per second a fresh
 * node syncs from three peers holding a workload of AIMESH_BENCH_SYNC_TASKS tasks (default 2,000)
 * with their messages, over real TCP on 127.0.0.1 (status, paged inventories, task-sync with
 * bounded concurrency, ingestion). Its baseline is `engine.ingest` measured in the same run: a fresh
 * engine on LevelDB ingesting the same envelopes in 256-envelope chunks (goal ratio ≥ 0.5).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Engine, LevelEngineStore } from '@aimesh/engine'
import type { BenchReport } from '@aimesh/protocol/testing'
import { StateStore } from '@aimesh/store'
import { makeWorkload, Testnet, waitFor } from '../test/helpers/testnet.js'

const TASKS = Number(process.env.AIMESH_BENCH_SYNC_TASKS ?? 2_000)
const CHUNK = 256

export async function run(report: BenchReport): Promise<void> {
  const w = makeWorkload({ seed: 97, tasks: TASKS })
  const count = w.envelopes.length

  // Baseline: a fresh engine on LevelDB ingesting the same envelopes, parents first.
  const dir = await mkdtemp(join(tmpdir(), 'aimesh-bench-ingest-'))
  let baseline: number
  try {
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
    } finally {
      await store.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }

  const net = new Testnet(w)
  try {
    const quiet = { sync: { antiEntropyMs: 0, syncOnStatus: false } }
    const peers = await net.start(3, { init: quiet })
    for (const p of peers) {
      for (let i = 0; i < count; i += CHUNK) await p.engine.ingestMany(w.envelopes.slice(i, i + CHUNK), w.now)
    }
    const fresh = await net.startNode({ init: quiet })
    await Promise.all(peers.map((p) => net.connect(fresh, p)))
    await waitFor(() => fresh.network.reqresp.statuses().size === peers.length, { what: 'three handshakes' })
    const start = performance.now()
    const result = await fresh.network.sync.sync()
    const ms = performance.now() - start
    if (fresh.engine.messageCount !== count || result.peers !== peers.length) {
      throw new Error(
        `sync bench: synced ${fresh.engine.messageCount}/${count} messages from ${result.peers} peers`,
      )
    }
    report({ name: 'sync.rate', value: (count * 1000) / ms, unit: 'msg/s', baseline })
  } finally {
    await net.stopAll()
  }
}
