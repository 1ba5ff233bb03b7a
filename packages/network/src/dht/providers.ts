/**
 * Content routing over the Kad-DHT (DESIGN §4, §8): nodes `provide` the tasks and task input blobs
 * they hold, so a syncing node finds who has a task none of its peers has, and a miner finds who
 * serves a task's input by its `inputHash`. Keys are CIDs: a blob's is its sha256 (raw codec), a
 * task's is sha256("aimesh-task:" ‖ task id), so a task id never names a blob.
 *
 * Providing is bounded (provide-queue.ts: a rate cap, coalescing, a bounded queue): what this node
 * publishes or serves is announced first (`provideTask`, `provideBlob`); every other held task is
 * announced by a walk over the inventory, a page of `samplePerPass` tasks every interval, wrapping
 * around, so every held task is announced within tasks / samplePerPass intervals. An announced key
 * is remembered (the queue's recent keys) and not announced again by the walk; kad-dht re-provides
 * its own provider records before they expire, and a restart announces everything again. A task
 * received by gossip is not announced on arrival: every gossip neighbour has it already, and the
 * DHT is for tasks none of a node's peers has.
 */
import { sha256, toHex } from '@aimesh/protocol'
import type { PeerId } from '@libp2p/interface'
import type { KadDHT } from '@libp2p/kad-dht'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import type { Logger, MetricsSink, NetworkEngine } from '../ports.js'
import { nullMetrics } from '../ports.js'
import { type ProvideLane, ProvideQueue, type ProvideQueueInit } from './provide-queue.js'

/** Multicodec of raw bytes and multihash code of sha2-256. */
const RAW_CODEC = 0x55
const SHA2_256 = 0x12
const TASK_PREFIX = new TextEncoder().encode('aimesh-task:')
/** How often the walk over held tasks offers its next page. */
export const PROVIDE_INTERVAL_MS = 30_000
/** Held tasks offered per pass of the walk. */
export const PROVIDE_SAMPLE_PER_PASS = 32
/** Most providers collected by one lookup. */
const MAX_PROVIDERS = 20

/** The DHT key of a task. */
export function taskCid(taskId: Uint8Array): CID {
  return CID.createV1(RAW_CODEC, Digest.create(SHA2_256, sha256(TASK_PREFIX, taskId)))
}

/** The DHT key of a blob with this sha256. */
export function blobCid(hash: Uint8Array): CID {
  return CID.createV1(RAW_CODEC, Digest.create(SHA2_256, hash))
}

/** A provider found in the DHT. */
export interface Provider {
  id: PeerId
  addrs: string[]
}

/** What providing may spend (provide-queue.ts) and how the held-task walk paces itself. */
export interface DhtProvidersInit extends ProvideQueueInit {
  /** Held tasks offered per pass (default PROVIDE_SAMPLE_PER_PASS). */
  samplePerPass?: number
}

/** Announces held tasks and blobs and looks providers up (see the file comment). */
export class DhtProviders {
  readonly #dht: KadDHT
  readonly #engine: NetworkEngine
  readonly #logger: Logger
  readonly #metrics: MetricsSink
  readonly #queue: ProvideQueue<CID>
  readonly #samplePerPass: number
  /** Where the walk over held tasks resumes (a task id; empty: the start). */
  #cursor: Uint8Array = new Uint8Array(0)
  #timer: NodeJS.Timeout | null = null
  readonly #abort = new AbortController()

  constructor(
    components: { dht: KadDHT; engine: NetworkEngine; logger: Logger; metrics?: MetricsSink },
    init: DhtProvidersInit = {},
  ) {
    this.#dht = components.dht
    this.#engine = components.engine
    this.#logger = components.logger
    this.#metrics = components.metrics ?? nullMetrics
    this.#samplePerPass = init.samplePerPass ?? PROVIDE_SAMPLE_PER_PASS
    this.#queue = new ProvideQueue((cid) => this.#provide(cid), init)
  }

  /** What the provide queue did so far (queued, coalesced, dropped, started, failed). */
  get counts(): Readonly<ProvideQueue<CID>['counts']> {
    return this.#queue.counts
  }

  start(intervalMs = PROVIDE_INTERVAL_MS): void {
    this.provideHeldTasks()
    this.#timer = setInterval(() => this.provideHeldTasks(), intervalMs)
    this.#timer.unref()
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
    this.#abort.abort()
    this.#queue.close()
  }

  /**
   * Offers the next page of held tasks (at most samplePerPass, not the profiles' all-zero
   * pseudo-task) from where the last pass stopped, wrapping around at the end.
   */
  provideHeldTasks(): void {
    let page = this.#engine.inventory({ from: this.#cursor, limit: this.#samplePerPass })
    if (page.length < this.#samplePerPass && this.#cursor.length > 0) {
      // The end of the walk: carry on from the start (tasks before the cursor).
      const rest = this.#engine.inventory({ to: this.#cursor, limit: this.#samplePerPass - page.length })
      page = [...page, ...rest]
    }
    for (const { taskId } of page)
      if (taskId.some((b) => b !== 0)) this.#enqueue(`task:${toHex(taskId)}`, taskCid(taskId), 'sample')
    const last = page.at(-1)?.taskId
    this.#cursor = last === undefined ? new Uint8Array(0) : successor(last)
  }

  /** Announces a task this node published (ahead of the walk over held tasks). */
  provideTask(taskId: Uint8Array): void {
    this.#enqueue(`task:${toHex(taskId)}`, taskCid(taskId), 'urgent')
  }

  /** Announces that we serve a blob (by its sha256). */
  provideBlob(hash: Uint8Array): void {
    this.#enqueue(`blob:${toHex(hash)}`, blobCid(hash), 'urgent')
  }

  /** Peers the DHT says hold a task. */
  findTaskProviders(taskId: Uint8Array, signal?: AbortSignal): Promise<Provider[]> {
    return this.#find(taskCid(taskId), signal)
  }

  /** Peers the DHT says serve a blob. */
  findBlobProviders(hash: Uint8Array, signal?: AbortSignal): Promise<Provider[]> {
    return this.#find(blobCid(hash), signal)
  }

  /** Waits until every queued provide has finished (tests, shutdown). */
  async settled(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while ((this.#queue.waiting > 0 || this.#queue.running > 0) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20))
  }

  async #find(cid: CID, signal?: AbortSignal): Promise<Provider[]> {
    const found = new Map<string, Provider>()
    for await (const event of this.#dht.findProviders(cid, signal === undefined ? {} : { signal })) {
      if (event.name !== 'PROVIDER' && event.name !== 'PEER_RESPONSE') continue
      for (const p of event.providers) {
        const id = p.id.toString()
        const addrs = p.multiaddrs.map((m) => m.toString())
        if (!found.has(id) || addrs.length > 0) found.set(id, { id: p.id, addrs })
      }
      if (found.size >= MAX_PROVIDERS) break
    }
    return [...found.values()]
  }

  #enqueue(key: string, cid: CID, lane: ProvideLane): void {
    if (this.#abort.signal.aborted) return
    if (this.#queue.add(key, cid, lane)) this.#metrics.increment('dht_provide_queued_total', { lane })
  }

  async #provide(cid: CID): Promise<void> {
    try {
      for await (const _ of this.#dht.provide(cid, { signal: this.#abort.signal })) {
        // Drain the query's progress events.
      }
      this.#metrics.increment('dht_provides_total', { result: 'ok' })
    } catch (err) {
      // Not announced (no peers yet, or stopping): the queue forgets the key, a later pass retries.
      this.#metrics.increment('dht_provides_total', { result: 'failed' })
      this.#logger.debug({ err, cid: cid.toString() }, 'DHT provide failed')
      throw err
    }
  }
}

/** The smallest id after `id` (the inventory's `from` is inclusive). */
function successor(id: Uint8Array): Uint8Array {
  const next = new Uint8Array(id.length + 1)
  next.set(id)
  return next
}
