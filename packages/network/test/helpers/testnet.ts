/**
 * In-process test harness for the network (real nodes, real TCP on 127.0.0.1, real LevelDB): each
 * node is an engine over a StateStore in a temp dir plus a Network with its own directory. Starts
 * N nodes, connects them in a topology, waits with bounded polls and stops everything it started.
 */
import { Engine, type EngineStore, LevelEngineStore } from '@aimesh/engine'
import { StateStore } from '@aimesh/store'
import {
  type BlobSource,
  type CheckpointSource,
  createNetwork,
  type Logger,
  type MetricsSink,
  type Network,
  type NetworkInit,
  type ParentFetcher,
} from '../../src/index.js'

/** Gossipsub heartbeat in tests: meshes form in a fraction of a second. */
export const TEST_HEARTBEAT_MS = 200

/** Workloads are the cross-package tests' (test/helpers/node.ts): one definition for both suites. */
export { makeWorkload, type Workload } from '../../../../test/helpers/node.js'

/** One running node of the harness. */
export interface TestNode {
  readonly index: number
  readonly stateDir: string
  readonly netDir: string
  readonly store: StateStore
  readonly engine: Engine
  readonly network: Network
  /** Stops the network and closes the store (keeps the directories for a restart). */
  stop(): Promise<void>
}

export interface NodeOptions {
  /** Reuse these directories (a restart); fresh temp dirs otherwise. */
  stateDir?: string
  netDir?: string
  init?: Partial<NetworkInit>
  parents?: ParentFetcher
  metrics?: MetricsSink
  /** Task input blobs the node serves with `content`. */
  blobs?: BlobSource
  /** Checkpoint states the node serves with `checkpoint` and names in `status`. */
  checkpoints?: (engine: Engine, store: StateStore) => CheckpointSource
  /** Wall clock of the engine and network (default: the workload's fixed `now`). */
  now?: () => number
  /** The engine's store port over the node's LevelDB (default: LevelEngineStore). */
  engineStore?: (store: StateStore) => EngineStore
}

import type { Workload } from '../../../../test/helpers/node.js'
import { TempDirs } from '../../../../test/helpers/temp.js'

/** A set of nodes started in one test; `stopAll` stops them and removes their directories. */
export class Testnet {
  readonly nodes: TestNode[] = []
  readonly #dirs = new TempDirs()
  readonly #running = new Set<TestNode>()

  constructor(readonly workload: Workload) {}

  /** Starts `count` fresh nodes. */
  async start(count: number, options: NodeOptions = {}): Promise<TestNode[]> {
    const started: TestNode[] = []
    for (let i = 0; i < count; i++) started.push(await this.startNode(options))
    return started
  }

  /** Starts one node (fresh, or over the directories of a stopped one). */
  async startNode(options: NodeOptions = {}): Promise<TestNode> {
    const stateDir = options.stateDir ?? (await this.#dirs.make('aimesh-net-state-'))
    const netDir = options.netDir ?? (await this.#dirs.make('aimesh-net-p2p-'))
    const w = this.workload
    const now = options.now ?? (() => w.now)
    const store = await StateStore.open(stateDir)
    let engine: Engine
    try {
      engine = await Engine.open({
        store: options.engineStore?.(store) ?? new LevelEngineStore(store),
        genesis: w.genesis,
        clock: options.now === undefined ? w.startClock : now(),
        now,
      })
    } catch (err) {
      await store.close()
      throw err
    }
    const network = createNetwork(
      {
        engine,
        ...(process.env.AIMESH_TEST_LOG === undefined
          ? {}
          : { logger: consoleLogger(String(this.nodes.length)) }),
        ...(options.parents === undefined ? {} : { parents: options.parents }),
        ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
        ...(options.blobs === undefined ? {} : { blobs: options.blobs }),
        ...(options.checkpoints === undefined ? {} : { checkpoints: options.checkpoints(engine, store) }),
      },
      {
        dataDir: netDir,
        listen: ['/ip4/127.0.0.1/tcp/0'],
        loopback: true,
        now,
        gossip: { tuning: { heartbeatInterval: TEST_HEARTBEAT_MS } },
        ...options.init,
      },
    )
    try {
      await network.start()
    } catch (err) {
      await store.close()
      throw err
    }
    const index = this.nodes.length
    const node: TestNode = {
      index,
      stateDir,
      netDir,
      store,
      engine,
      network,
      stop: async () => {
        if (!this.#running.delete(node)) return
        await network.stop()
        await store.close()
      },
    }
    this.nodes.push(node)
    this.#running.add(node)
    return node
  }

  /** Dials b from a. */
  async connect(a: TestNode, b: TestNode): Promise<void> {
    await a.network.connect(b.network.multiaddrs[0]!)
  }

  /** Connects consecutive nodes: 0–1, 1–2, … */
  async line(nodes: readonly TestNode[]): Promise<void> {
    for (let i = 0; i + 1 < nodes.length; i++) await this.connect(nodes[i]!, nodes[i + 1]!)
  }

  /** Connects every pair. */
  async full(nodes: readonly TestNode[]): Promise<void> {
    for (let i = 0; i < nodes.length; i++)
      for (let j = i + 1; j < nodes.length; j++) await this.connect(nodes[i]!, nodes[j]!)
  }

  /** Waits until every connected pair among `nodes` has each other in the mesh of every topic. */
  async waitForMesh(nodes: readonly TestNode[], timeoutMs = 10_000): Promise<void> {
    await waitFor(
      () =>
        nodes.every((n) => {
          const peers = new Set(n.network.peers().map((p) => p.id))
          const pubsub = n.network.host.services.pubsub
          return n.network.topics.all().every((topic) => {
            const mesh = new Set(pubsub.getMeshPeers(topic))
            return [...peers].every((p) => mesh.has(p))
          })
        }),
      { timeoutMs, what: 'gossip meshes to form' },
    )
  }

  /** Stops every running node and removes every directory made. */
  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.#running].map((n) => n.stop()))
    await this.#dirs.removeAll()
  }

  /** A fresh temp directory removed by `stopAll`. */
  tempDir(prefix: string): Promise<string> {
    return this.#dirs.make(prefix)
  }
}

/** Polls `check` every `intervalMs` until it is true; throws after `timeoutMs` saying what it waited for. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 10_000
  const intervalMs = opts.intervalMs ?? 50
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${opts.what ?? 'a condition'}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** A MetricsSink that keeps counters by name and labels, for assertions. */
export class MetricsRecorder implements MetricsSink {
  readonly counters = new Map<string, number>()

  increment(name: string, labels: Readonly<Record<string, string>> = {}, value = 1): void {
    const key = MetricsRecorder.key(name, labels)
    this.counters.set(key, (this.counters.get(key) ?? 0) + value)
  }

  set(): void {}

  observe(): void {}

  /** The counter `name` with exactly these labels (0 when never incremented). */
  count(name: string, labels: Readonly<Record<string, string>> = {}): number {
    return this.counters.get(MetricsRecorder.key(name, labels)) ?? 0
  }

  static key(name: string, labels: Readonly<Record<string, string>>): string {
    const parts = Object.keys(labels)
      .sort()
      .map((k) => `${k}=${labels[k]}`)
    return `${name}{${parts.join(',')}}`
  }
}

/** A logger printing to the console (AIMESH_TEST_LOG=1 while debugging a test). */
function consoleLogger(name: string): Logger {
  const log = (level: string) => (obj: object, msg?: string) =>
    console.log(
      `[${name}] ${level} ${msg ?? ''} ${JSON.stringify(obj, (_k, v) => (v instanceof Error ? v.message : v))}`,
    )
  const logger: Logger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: () => logger,
  }
  return logger
}
