/**
 * Gossip delivery and latency (DESIGN §9: 100 % delivered, p99 < 100 ms in a 10-node loopback
 * testnet). Ten nodes spread over child processes (gossip-worker.ts), each linked to the next three
 * in a ring (degree 6, gossipsub's D), publish TaskPublished messages in turn at a steady rate from
 * many publisher accounts. Latency is receive time minus publish time on the one machine clock,
 * over every (message, other node) pair; a node that never accepts a message counts as undelivered.
 *
 * The same topology and schedule runs first with raw gossipsub and no validation (the baseline),
 * then with aimesh nodes (engine, LevelDB, validation pipeline). Figures: `gossip.delivery`,
 * `gossip.latency.p50`, `gossip.latency.p99`, each with the raw run's figure as its baseline.
 *
 * Every run ends in bounded time: workers report what arrived by the end of the drain, with the
 * publishes still waiting for their verdict or write counted (a backlog), never awaited. Delivery
 * is over every scheduled message: one its publisher never got on the wire, or a process that did
 * not report, counts as undelivered.
 *
 * Env: AIMESH_BENCH_GOSSIP_RATE (msg/s, default 200), AIMESH_BENCH_GOSSIP_SECONDS (default 30),
 * AIMESH_BENCH_GOSSIP_NODES (default 10), AIMESH_BENCH_GOSSIP_PROCESSES (default 2),
 * AIMESH_BENCH_GOSSIP_DRAIN_MS (default 5,000).
 */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { BenchReport } from '@aimesh/protocol/testing'
import { bucketUpper, type StageHistogram, type WorkerCommand, type WorkerReply } from './gossip-worker.js'

const RATE = Number(process.env.AIMESH_BENCH_GOSSIP_RATE ?? 200)
const SECONDS = Number(process.env.AIMESH_BENCH_GOSSIP_SECONDS ?? 30)
const NODES = Number(process.env.AIMESH_BENCH_GOSSIP_NODES ?? 10)
const PROCESSES = Number(process.env.AIMESH_BENCH_GOSSIP_PROCESSES ?? 2)
/** Each node dials the next LINKS nodes of the ring: degree 2 × LINKS. */
const LINKS = 3
/** Publisher accounts: with the quota lifted as well, no account comes near a limit. */
const PUBLISHERS = 200
/** gossipsub's Dlo: a mesh is formed once it holds this many peers (or all linked peers). */
const MESH_LOW = 4
/** Time after the last publish for deliveries to land; the run ends then, whatever is pending. */
const DRAIN_MS = Number(process.env.AIMESH_BENCH_GOSSIP_DRAIN_MS ?? 5_000)
/** Longest any one command may take (start-up on a busy host is slow). */
const COMMAND_MS = 120_000
const HEARTBEAT_MS = 700

const workerPath = fileURLToPath(new URL('./gossip-worker.ts', import.meta.url))

/** A worker process and a way to send it a command and await its reply. */
interface Worker {
  readonly proc: ChildProcess
  readonly first: number
  readonly count: number
  call(cmd: WorkerCommand, timeoutMs?: number): Promise<WorkerReply>
}

function spawnWorker(first: number, count: number): Worker {
  const proc = fork(workerPath, [], {
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.AIMESH_BENCH_WORKER_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/netprof'] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const waiting: Array<(r: WorkerReply) => void> = []
  let failure: Error | null = null
  proc.on('message', (r: WorkerReply) => waiting.shift()?.(r))
  // A disconnect racing the worker's own exit raises ERR_IPC_DISCONNECTED here: the exit handler
  // below already fails what waits, so it is not worth ending the benchmark for.
  proc.on('error', (err) => console.error(`gossip worker ${first}: ${err.message}`))
  proc.once('exit', (code) => {
    failure = new Error(`gossip worker exited (${code})`)
    for (const w of waiting.splice(0)) w({ op: 'error', message: failure.message })
  })
  return {
    proc,
    first,
    count,
    call(cmd, timeoutMs = COMMAND_MS) {
      if (failure !== null) return Promise.reject(failure)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`gossip worker: no answer to ${cmd.op}`)), timeoutMs)
        waiting.push((r) => {
          clearTimeout(timer)
          if (r.op === 'error') reject(new Error(`gossip worker failed at ${cmd.op}: ${r.message}`))
          else resolve(r)
        })
        proc.send(cmd)
      })
    },
  }
}

/** The q-quantile of sorted values (nearest rank). */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}

interface Figures {
  delivery: number
  p50: number
  p99: number
  published: number
  scheduled: number
  /** Publishes still waiting for their verdict, and published ones not yet durable, at the end. */
  unpublished: number
  undurable: number
  /** Worker processes that did not report (their nodes count as receiving nothing). */
  silent: number
  refused: string[]
  /** Stage timings over every node, by metric and label. */
  stages: Map<string, StageHistogram>
  /** CPU time of all processes during the run (ms). */
  cpuMs: number
  /** Messages accepted over all nodes (publishes + deliveries). */
  handled: number
}

/** Runs the schedule once over fresh workers in `mode` and computes the figures. */
async function runOnce(mode: 'aimesh' | 'raw'): Promise<Figures> {
  const per = Math.ceil(NODES / PROCESSES)
  const workers: Worker[] = []
  for (let first = 0; first < NODES; first += per)
    workers.push(spawnWorker(first, Math.min(per, NODES - first)))
  const workerOf = (i: number) => workers.find((w) => i >= w.first && i < w.first + w.count)!
  try {
    const genesisTime = Date.now() - 3_600_000
    const addrs: string[] = []
    for (const w of workers) {
      const r = await w.call({
        op: 'start',
        mode,
        first: w.first,
        count: w.count,
        seed: 7,
        publishers: PUBLISHERS,
        genesisTime,
        heartbeatMs: HEARTBEAT_MS,
      })
      if (r.op !== 'started') throw new Error(`unexpected ${r.op}`)
      addrs.push(...r.addrs)
    }
    const degree = new Array<number>(NODES).fill(0)
    const edges = new Set<string>()
    for (let i = 0; i < NODES; i++) {
      for (let d = 1; d <= LINKS; d++) {
        const j = (i + d) % NODES
        const edge = `${Math.min(i, j)}-${Math.max(i, j)}`
        if (j === i || edges.has(edge)) continue
        edges.add(edge)
        await workerOf(i).call({ op: 'dial', from: i, addr: addrs[j]! })
        degree[i]!++
        degree[j]!++
      }
    }
    const degrees = degree.map((d) => Math.min(d, MESH_LOW))
    await Promise.all(workers.map((w) => w.call({ op: 'mesh', degrees, timeoutMs: COMMAND_MS })))
    const startAt = performance.timeOrigin + performance.now() + 1_000
    const durationMs = SECONDS * 1000
    const settled = await Promise.allSettled(
      workers.map((w) =>
        w.call(
          { op: 'run', startAt, rate: RATE, durationMs, totalNodes: NODES, drainMs: DRAIN_MS },
          durationMs + DRAIN_MS + COMMAND_MS,
        ),
      ),
    )
    const replies: WorkerReply[] = []
    let silent = 0
    for (const r of settled) {
      if (r.status === 'fulfilled') replies.push(r.value)
      else {
        silent++
        console.error(`gossip bench ${mode}: a worker did not report: ${(r.reason as Error).message}`)
      }
    }
    if (replies.length === 0) throw new Error(`gossip bench ${mode}: no worker reported`)
    const publishedAt = new Map<string, number>()
    const received = new Map<string, Map<number, number>>()
    const refused: string[] = []
    const stages = new Map<string, StageHistogram>()
    let cpuMs = 0
    let scheduled = 0
    let unpublished = 0
    let undurable = 0
    for (const r of replies) {
      if (r.op !== 'done') throw new Error(`unexpected ${r.op}`)
      cpuMs += r.cpuMs
      scheduled += r.scheduled
      unpublished += r.unpublished
      undurable += r.undurable
      for (const [key, h] of Object.entries(r.stages)) {
        const into = stages.get(key) ?? { counts: [], sum: 0 }
        h.counts.forEach((n, i) => {
          into.counts[i] = (into.counts[i] ?? 0) + n
        })
        into.sum += h.sum
        stages.set(key, into)
      }
      for (const [key, at] of r.published) publishedAt.set(key, at)
      for (const [node, key, at] of r.received) {
        const m = received.get(key) ?? new Map<number, number>()
        if (!m.has(node)) m.set(node, at)
        received.set(key, m)
      }
      refused.push(...r.refused)
    }
    const latencies: number[] = []
    let delivered = 0
    for (const [key, at] of publishedAt) {
      for (const [, t] of received.get(key) ?? []) {
        delivered++
        latencies.push(t - at)
      }
    }
    latencies.sort((a, b) => a - b)
    // A silent process's schedule is unknown: count it as the full share it was given.
    const silentShare = workers
      .filter((_, i) => settled[i]!.status === 'rejected')
      .reduce((n, w) => n + Math.round((Math.floor(RATE * SECONDS) * w.count) / NODES), 0)
    const expected = (scheduled + silentShare) * (NODES - 1)
    return {
      delivery: expected === 0 ? 0 : delivered / expected,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      published: publishedAt.size,
      scheduled: scheduled + silentShare,
      unpublished,
      undurable,
      silent,
      refused,
      stages,
      cpuMs,
      handled: publishedAt.size + delivered,
    }
  } finally {
    await Promise.allSettled(workers.map((w) => w.call({ op: 'stop' }, 30_000)))
    await Promise.all(workers.map((w) => exited(w.proc, 10_000)))
  }
}

/** Lets a worker exit on its own (it stops its nodes when the channel closes); SIGKILL after `ms`. */
async function exited(proc: ChildProcess, ms: number): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return
  const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  if (proc.connected) proc.disconnect()
  const timer = setTimeout(() => proc.kill('SIGKILL'), ms)
  await gone
  clearTimeout(timer)
}

/**
 * Prints where the time went (stderr, beside the BENCH lines): each stage's count, p50, p99 and
 * mean, and the CPU time per handled message (publishes + deliveries, every process).
 */
function printStages(mode: string, f: Figures): void {
  const fmt = (n: number) => Number(n.toPrecision(3))
  for (const [key, h] of [...f.stages.entries()].sort()) {
    const n = h.counts.reduce((a, b) => a + (b ?? 0), 0)
    /** Upper bound of the bucket holding the q-quantile (within 12 % above the true value). */
    const at = (q: number): number => {
      let seen = 0
      for (let i = 0; i < h.counts.length; i++) {
        seen += h.counts[i] ?? 0
        if (seen >= q * n) return bucketUpper(i)
      }
      return Number.NaN
    }
    console.error(
      `gossip bench ${mode} stage ${key}: n=${n} p50<=${fmt(at(0.5))} p99<=${fmt(at(0.99))} ` +
        `mean=${fmt(h.sum / Math.max(1, n))} ms`,
    )
  }
  console.error(
    `gossip bench ${mode}: CPU ${fmt(f.cpuMs / 1000)} s over ${f.handled} handled messages ` +
      `(${fmt(f.cpuMs / Math.max(1, f.handled))} ms each); p50 ${fmt(f.p50)} p99 ${fmt(f.p99)} ms, ` +
      `delivery ${fmt(f.delivery)}; published ${f.published} of ${f.scheduled}, at the end ` +
      `${f.unpublished} awaiting their verdict and ${f.undurable} not yet durable` +
      (f.silent > 0 ? `; ${f.silent} worker(s) silent` : ''),
  )
}

export async function run(report: BenchReport): Promise<void> {
  const raw = await runOnce('raw')
  printStages('raw', raw)
  const ours = await runOnce('aimesh')
  printStages('aimesh', ours)
  if (ours.refused.length > 0) console.error(`gossip bench: refused publishes: ${ours.refused.join('; ')}`)
  report({ name: 'gossip.delivery', value: ours.delivery, unit: 'fraction', baseline: raw.delivery })
  report({ name: 'gossip.latency.p50', value: ours.p50, unit: 'ms', baseline: raw.p50, lowerIsBetter: true })
  report({ name: 'gossip.latency.p99', value: ours.p99, unit: 'ms', baseline: raw.p99, lowerIsBetter: true })
}
