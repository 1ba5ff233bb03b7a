/**
 * One process of the gossip benchmark (gossip.bench.ts, DESIGN §9): hosts some of the testnet's
 * nodes, either aimesh nodes (engine on LevelDB + network, every message validated) or raw
 * gossipsub peers with no validation (the baseline), and follows the coordinator's commands over
 * the IPC channel: start, dial, wait for meshes, run the publishing schedule, stop.
 *
 * Every message is a TaskPublished signed at publish time by one of many publisher accounts whose
 * profiles every node holds from the start, in a genesis whose task quota cannot bind. Times are
 * `performance.timeOrigin + performance.now()`: one machine clock, comparable across processes.
 */
import '../../protocol/src/shim/promise-with-resolvers.js'
import { createGenesis } from '@aimesh/engine'
import {
  Difficulty,
  MessageKind,
  sha256,
  type TaskPublishedBody,
  TaskType,
  toHex,
  Verdict,
  VerificationType,
} from '@aimesh/protocol'
import { createSimulation, signAs } from '@aimesh/simulation'
import type { MetricsSink } from '../src/ports.js'
import { type StockPeer, startStockPeer, stockTopics } from '../test/helpers/stock-peer.js'
import { type TestNode, Testnet, type Workload, waitFor } from '../test/helpers/testnet.js'

/** What the coordinator sends. */
export type WorkerCommand =
  | {
      op: 'start'
      mode: 'aimesh' | 'raw'
      /** Global index of this process's first node, and how many it hosts. */
      first: number
      count: number
      seed: number
      publishers: number
      genesisTime: number
      heartbeatMs: number
    }
  | { op: 'dial'; from: number; addr: string }
  | { op: 'mesh'; degrees: number[]; timeoutMs: number }
  | { op: 'run'; startAt: number; rate: number; durationMs: number; totalNodes: number; drainMs: number }
  | { op: 'stop' }

/** What a worker answers. */
export type WorkerReply =
  | { op: 'started'; addrs: string[] }
  | { op: 'dialed' }
  | { op: 'meshed' }
  | {
      op: 'done'
      /** Messages this process was scheduled to publish. */
      scheduled: number
      /** [message key, publish time] for messages this process put on the wire. */
      published: Array<[string, number]>
      /** Publishes whose verdict had not come when the run ended (the publisher's own backlog). */
      unpublished: number
      /** Published messages not yet durable on their publisher when the run ended (write backlog). */
      undurable: number
      /** [global node index, message key, receive time] for every delivery here. */
      received: Array<[number, string, number]>
      /** Messages the publishing node's own engine refused (should be none). */
      refused: string[]
      /** Stage timings observed on this process's nodes during the run, by metric and label. */
      stages: Record<string, StageHistogram>
      /** CPU time this process used during the run (user + system, ms). */
      cpuMs: number
    }
  | { op: 'stopped' }
  | { op: 'error'; message: string }

const clock = () => performance.timeOrigin + performance.now()

/** A node of either kind, as the schedule uses it. */
interface BenchNode {
  readonly global: number
  addr(): string
  dial(addr: string): Promise<void>
  meshSize(): number
  /**
   * Offers a local message; `onWire` is called once it is handed to gossipsub. Resolves with null
   * once durable (raw: once sent), or the refusal.
   */
  publish(bytes: Uint8Array, onWire: () => void): Promise<string | null>
  onReceive(fn: (bytes: Uint8Array) => void): void
  stop(): Promise<void>
}

/** The key of a message in the records: the hex sha256 of its envelope. */
const keyOf = (bytes: Uint8Array) => toHex(sha256(bytes))

let sim: ReturnType<typeof createSimulation> | null = null
let nodes: BenchNode[] = []
let net: Testnet | null = null
const stocks: StockPeer[] = []
/**
 * A stage's timings as counts in log-spaced buckets (STAGE_BUCKETS per decade from 1 µs), so a
 * 30 s run's hundreds of thousands of samples cross the IPC channel as a few hundred numbers.
 */
export interface StageHistogram {
  counts: number[]
  sum: number
}
export const STAGE_BUCKETS = 20
const STAGE_MIN_MS = 0.001
/** The bucket of a value (ms). */
const bucketOf = (ms: number): number =>
  Math.max(0, Math.ceil(Math.log10(Math.max(ms, STAGE_MIN_MS) / STAGE_MIN_MS) * STAGE_BUCKETS))
/** The upper bound (ms) of a bucket. */
export const bucketUpper = (i: number): number => STAGE_MIN_MS * 10 ** (i / STAGE_BUCKETS)

/** Stage timings of every node here, recorded while `recording` (the run, not the start-up). */
const stages: Record<string, StageHistogram> = {}
let recording = false
/** The metrics sink every node here shares: histograms are kept as samples, counters dropped. */
const stageSink: MetricsSink = {
  increment() {},
  set() {},
  observe(name, value, labels) {
    if (!recording) return
    const key = labels?.stage === undefined ? name : `${name}{${labels.stage}}`
    const h = stages[key] ?? { counts: [], sum: 0 }
    const i = bucketOf(value)
    while (h.counts.length <= i) h.counts.push(0)
    h.counts[i]!++
    h.sum += value
    stages[key] = h
  },
}

function send(reply: WorkerReply): void {
  process.send?.(reply)
}

/** The TaskPublished body of message `k`, published now. */
function taskBody(k: number, now: number): Omit<TaskPublishedBody, 'profileId'> {
  const nonce = new Uint8Array(8)
  new DataView(nonce.buffer).setBigUint64(0, BigInt(k))
  return {
    timestamp: Math.floor(now),
    title: `gossip bench task ${k}`,
    description: 'A task published by the gossip benchmark.',
    taskType: TaskType.GENERAL,
    details: { category: 'writing' },
    difficulty: Difficulty.BEGINNER,
    verification: {
      type: VerificationType.PEER_REVIEW,
      requiredReviewers: 2,
      threshold: 60,
      expertCount: 0,
      automaticWeight: 0,
      peerWeight: 0,
    },
    reward: 1_000_000n,
    commitDeadline: 0,
    submissionDeadline: Math.floor(now) + 600_000,
    validationDeadline: Math.floor(now) + 1_200_000,
    challengeDeadline: Math.floor(now) + 1_800_000,
    maxSubmissions: 5,
    inputHash: sha256(new TextEncoder().encode(`gossip-bench/${k}`)),
    nonce,
  }
}

async function start(cmd: Extract<WorkerCommand, { op: 'start' }>): Promise<void> {
  sim = createSimulation({
    seed: cmd.seed,
    tasks: 0,
    publishers: cmd.publishers,
    miners: 2,
    validators: 2,
    genesisTime: cmd.genesisTime,
    network: 'gossipbench',
  })
  const genesis = createGenesis({
    ...sim.genesis.init,
    // The quota must not bind: the figure is the network's, not the admission rule's.
    params: { ...sim.genesis.init.params, maxTasksPerHour: 1_000_000 },
  })
  const profiles = sim.messages.map((m) => m.bytes)
  if (cmd.mode === 'raw') {
    const topic = stockTopics(sim.options.network).task!
    for (let i = 0; i < cmd.count; i++) {
      const s = await startStockPeer(sim.options.network, undefined, { heartbeatMs: cmd.heartbeatMs })
      stocks.push(s)
      const pubsub = s.node.services.pubsub
      // The class has getMeshPeers; the exported GossipSub type does not declare it.
      const mesh = pubsub as unknown as { getMeshPeers(topic: string): string[] }
      nodes.push({
        global: cmd.first + i,
        addr: () => s.node.getMultiaddrs()[0]!.toString(),
        dial: (addr) => s.dial(addr),
        meshSize: () => mesh.getMeshPeers(topic).length,
        publish: async (bytes, onWire) => {
          await pubsub.publish(topic, bytes)
          onWire()
          return null
        },
        onReceive: (fn) =>
          pubsub.addEventListener('message', (evt) => {
            if (evt.detail.topic === topic) fn(evt.detail.data)
          }),
        stop: () => s.stop(),
      })
    }
  } else {
    const workload: Workload = { sim, genesis, envelopes: profiles, now: Date.now(), startClock: Date.now() }
    net = new Testnet(workload)
    for (let i = 0; i < cmd.count; i++) {
      const n: TestNode = await net.startNode({
        now: Date.now,
        metrics: stageSink,
        init: {
          sync: { antiEntropyMs: 0, syncOnStatus: false },
          gossip: { tuning: { heartbeatInterval: cmd.heartbeatMs } },
        },
      })
      for (const r of await n.engine.ingestMany(profiles, Date.now()))
        if (r.verdict !== Verdict.Accept)
          throw new Error(`a bench profile was refused: ${r.code} ${r.reason}`)
      const taskTopic = n.network.topics.all().find((t) => n.network.topics.nameOf(t) === 'task')!
      nodes.push({
        global: cmd.first + i,
        addr: () => n.network.multiaddrs[0]!,
        dial: async (addr) => {
          await n.network.connect(addr)
        },
        meshSize: () => n.network.host.services.pubsub.getMeshPeers(taskTopic).length,
        // On the wire at the verdict (gossip/local-publish.ts); resolves once durable.
        publish: async (bytes, onWire) => {
          const start = performance.now()
          const r = await n.network.publishLocal(bytes, onWire)
          stageSink.observe('publish_ingest_ms', performance.now() - start)
          return r.verdict === Verdict.Accept ? null : `${r.code}: ${r.reason}`
        },
        onReceive: (fn) =>
          n.network.addEventListener('gossip:accepted', (evt) => {
            if (evt.detail.topic === 'task') fn(evt.detail.envelope)
          }),
        stop: () => n.stop(),
      })
    }
  }
  send({ op: 'started', addrs: nodes.map((n) => n.addr()) })
}

/**
 * Publishes this process's share of the schedule, then waits until the run's end (last publish +
 * drain) and reports what was measured by then, whatever is still pending: a publisher backlog
 * never keeps the run from ending (publishes still waiting are counted, not awaited).
 */
async function run(cmd: Extract<WorkerCommand, { op: 'run' }>): Promise<void> {
  const s = sim!
  const published: Array<[string, number]> = []
  const received: Array<[number, string, number]> = []
  const refused: string[] = []
  for (const n of nodes) n.onReceive((bytes) => received.push([n.global, keyOf(bytes), clock()]))
  const total = Math.floor((cmd.rate * cmd.durationMs) / 1000)
  const interval = 1000 / cmd.rate
  const mine = new Map(nodes.map((n) => [n.global, n]))
  const publishers = s.cast.publishers
  let scheduled = 0
  let unpublished = 0
  let undurable = 0
  const cpuBefore = process.cpuUsage()
  recording = true
  for (let k = 0; k < total; k++) {
    const node = mine.get(k % cmd.totalNodes)
    if (node === undefined) continue
    const due = cmd.startAt + k * interval
    const wait = due - clock()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    const bytes = signAs(
      s.options,
      MessageKind.TaskPublished,
      taskBody(k, Date.now()),
      publishers[k % publishers.length]!,
    ).bytes
    const key = keyOf(bytes)
    const at = clock()
    scheduled++
    unpublished++
    let onWire = false
    // Publishing does not wait for the previous message: the rate is kept even when one is slow.
    node
      .publish(bytes, () => {
        onWire = true
        unpublished--
        undurable++
        published.push([key, at])
      })
      .then(
        (refusal) => {
          if (onWire) undurable--
          else unpublished--
          if (refusal !== null) refused.push(refusal)
        },
        (err: unknown) => {
          if (onWire) undurable--
          else unpublished--
          refused.push((err as Error).message)
        },
      )
  }
  const end = cmd.startAt + cmd.durationMs + cmd.drainMs
  if (end > clock()) await new Promise((resolve) => setTimeout(resolve, end - clock()))
  recording = false
  const cpu = process.cpuUsage(cpuBefore)
  send({
    op: 'done',
    scheduled,
    published: [...published],
    unpublished,
    undurable,
    received: [...received],
    refused: refused.slice(0, 20),
    stages,
    cpuMs: (cpu.user + cpu.system) / 1000,
  })
}

async function stop(): Promise<void> {
  await Promise.allSettled(nodes.map((n) => n.stop()))
  await net?.stopAll()
  nodes = []
  send({ op: 'stopped' })
}

async function handle(cmd: WorkerCommand): Promise<void> {
  switch (cmd.op) {
    case 'start':
      return start(cmd)
    case 'dial':
      await nodes.find((n) => n.global === cmd.from)!.dial(cmd.addr)
      return send({ op: 'dialed' })
    case 'mesh':
      await waitFor(() => nodes.every((n) => n.meshSize() >= cmd.degrees[n.global]!), {
        timeoutMs: cmd.timeoutMs,
        intervalMs: 50,
        what: 'the task topic meshes to form',
      })
      return send({ op: 'meshed' })
    case 'run':
      return run(cmd)
    case 'stop':
      return stop()
  }
}

process.on('message', (cmd: WorkerCommand) => {
  handle(cmd).catch((err: unknown) => send({ op: 'error', message: (err as Error).stack ?? String(err) }))
})
// The coordinator going away ends this process too.
process.on('disconnect', () => {
  void stop().finally(() => process.exit(0))
})
