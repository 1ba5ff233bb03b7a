/**
 * Content routing over the Kad-DHT (DESIGN §4, §8): nodes `provide` the tasks and task input blobs
 * they hold, so a syncing node finds who has a task none of its peers has, and a miner finds who
 * serves a task's input by its `inputHash`. Keys are CIDs: a blob's is its sha256 (raw codec), a
 * task's is sha256("aimesh-task:" ‖ task id), so a task id never names a blob.
 */
import { sha256, toHex } from '@aimesh/protocol'
import type { PeerId } from '@libp2p/interface'
import type { KadDHT } from '@libp2p/kad-dht'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import type { Logger, NetworkEngine } from '../ports.js'

/** Multicodec of raw bytes and multihash code of sha2-256. */
const RAW_CODEC = 0x55
const SHA2_256 = 0x12
const TASK_PREFIX = new TextEncoder().encode('aimesh-task:')
/** How often the provider compares the engine's tasks with what it has announced. */
export const PROVIDE_INTERVAL_MS = 30_000
/** Provide operations in flight at once (each is a DHT query). */
const PROVIDE_CONCURRENCY = 4
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

/** Announces held tasks and blobs and looks providers up (see the file comment). */
export class DhtProviders {
  readonly #dht: KadDHT
  readonly #engine: NetworkEngine
  readonly #logger: Logger
  readonly #provided = new Set<string>()
  readonly #queue: Array<{ key: string; cid: CID }> = []
  #running = 0
  #timer: NodeJS.Timeout | null = null
  readonly #abort = new AbortController()

  constructor(components: { dht: KadDHT; engine: NetworkEngine; logger: Logger }) {
    this.#dht = components.dht
    this.#engine = components.engine
    this.#logger = components.logger
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
    this.#queue.length = 0
  }

  /** Queues a provide for every held task not announced yet (not the profiles' all-zero pseudo-task). */
  provideHeldTasks(): void {
    for (const { taskId } of this.#engine.inventory())
      if (taskId.some((b) => b !== 0)) this.provideTask(taskId)
  }

  /** Announces that we hold a task. */
  provideTask(taskId: Uint8Array): void {
    this.#enqueue(`task:${toHex(taskId)}`, taskCid(taskId))
  }

  /** Announces that we serve a blob (by its sha256). */
  provideBlob(hash: Uint8Array): void {
    this.#enqueue(`blob:${toHex(hash)}`, blobCid(hash))
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
    while ((this.#queue.length > 0 || this.#running > 0) && Date.now() < deadline)
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

  #enqueue(key: string, cid: CID): void {
    if (this.#provided.has(key) || this.#abort.signal.aborted) return
    this.#provided.add(key)
    this.#queue.push({ key, cid })
    this.#pump()
  }

  #pump(): void {
    while (this.#running < PROVIDE_CONCURRENCY && this.#queue.length > 0) {
      const job = this.#queue.shift()!
      this.#running++
      void this.#provide(job).finally(() => {
        this.#running--
        this.#pump()
      })
    }
  }

  async #provide(job: { key: string; cid: CID }): Promise<void> {
    try {
      for await (const _ of this.#dht.provide(job.cid, { signal: this.#abort.signal })) {
        // Drain the query's progress events.
      }
    } catch (err) {
      // Not announced (no peers yet, or stopping): the next periodic pass tries again.
      this.#provided.delete(job.key)
      this.#logger.debug({ err, key: job.key }, 'DHT provide failed')
    }
  }
}
