/**
 * The sync scheduler (DESIGN §5.2, §8 sync, issue item 5):
 * - catch-up: pull inventories from several peers, fetch the tasks whose digests differ with
 *   bounded concurrency, spread over the peers holding them, retrying with backoff on another
 *   source, and report progress (done/total tasks);
 * - triggered by every handshake whose message root differs from ours (a late joiner, a healed
 *   partition, a restart), and periodically against a random peer (anti-entropy: roots first, then
 *   inventory ranges, then only what differs);
 * - quorum replication of local envelopes with `replicate` receipts.
 */
import { bytesEqual, type ReplicateReceipt, toHex } from '@aimesh/protocol'
import type { PeerId } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { type Logger, type NetworkEngine, silentLogger } from '../ports.js'
import { envelopeChunks } from '../reqresp/handlers.js'
import { PROTOCOL_SPECS } from '../reqresp/protocols.js'
import type { ReqRespService } from '../reqresp/service.js'
import { type DifferingTask, differingTasks, remoteInventory } from './diff.js'
import { EnvelopeFetcher } from './fetcher.js'
import { type IngestTally, SyncIngester } from './ingest.js'

/** Tasks per task-sync request: small enough to spread over peers, large enough to amortise a stream. */
export const SYNC_BATCH_TASKS = 32
/** Concurrent task-sync requests in one sync run. */
export const SYNC_CONCURRENCY = 4
/** Peers whose inventories one run compares. */
export const SYNC_PEERS = 3
/** Attempts per batch (each on the next source, after a backoff). */
export const SYNC_ATTEMPTS = 3
/** First retry backoff; doubles per attempt. */
export const SYNC_BACKOFF_MS = 200
/** Least time between two status requests anti-entropy sends one peer: the status quota's interval. */
const STATUS_REFRESH_MS = PROTOCOL_SPECS.status.quota.byTimeMs / PROTOCOL_SPECS.status.quota.maxTokens
/** How long handshakes are gathered before a catch-up run starts (several peers per run). */
const SCHEDULE_DELAY_MS = 100
/** Default anti-entropy period (a real network; testnets pass less). */
export const ANTI_ENTROPY_MS = 30_000

export interface SyncProgress {
  /** Inventories compared (peers), tasks fetched, envelopes applied in time order, then done. */
  phase: 'inventory' | 'tasks' | 'ingest' | 'done'
  done: number
  total: number
}

/** What one sync run did. */
export interface SyncResult extends IngestTally {
  peers: number
  tasks: number
  failedTasks: number
  deferred: number
}

/** What a quorum replication achieved (DESIGN §4 replicate). */
export interface ReplicationResult {
  /** Peers asked. */
  targets: number
  /** Peers whose signed receipt says they hold every envelope. */
  successes: number
  /** Requests sent, retries included. */
  attempts: number
  /** Ms from the start until the quorum was reached (or until giving up). */
  lag: number
  receipts: ReplicateReceipt[]
}

export interface SyncServiceComponents {
  engine: NetworkEngine
  reqresp: ReqRespService
  /** Connected peer ids, best first (the network ranks them by long-term quality). */
  peers(): string[]
  logger?: Logger
  now?: () => number
  onProgress?: (p: SyncProgress) => void
}

export interface SyncServiceInit {
  /** Anti-entropy period in ms (0: off). */
  antiEntropyMs?: number
  /** Catch up whenever a handshake shows another root (default true). */
  syncOnStatus?: boolean
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(t)
      resolve()
    })
  })
}

export class SyncService {
  readonly fetcher: EnvelopeFetcher
  readonly #c: SyncServiceComponents
  readonly #init: SyncServiceInit
  readonly #log: Logger
  readonly #now: () => number
  readonly #abort = new AbortController()
  #timer: NodeJS.Timeout | null = null
  #running: Promise<SyncResult> | null = null
  #again = new Set<string>()
  #unsubscribe: (() => void) | null = null
  readonly #scheduled = new Set<string>()
  #scheduleTimer: NodeJS.Timeout | null = null

  constructor(components: SyncServiceComponents, init: SyncServiceInit = {}) {
    this.#c = components
    this.#init = init
    this.#log = (components.logger ?? silentLogger).child({ component: 'sync' })
    this.#now = components.now ?? Date.now
    this.fetcher = new EnvelopeFetcher(components.reqresp.client, components.engine.genesis.networkId)
  }

  start(): void {
    if (this.#init.syncOnStatus !== false) {
      this.#unsubscribe = this.#c.reqresp.onStatus((peer, status) => {
        if (!bytesEqual(status.messageRoot, this.#c.engine.stateRoot())) this.#schedule([peer])
      })
    }
    const period = this.#init.antiEntropyMs ?? ANTI_ENTROPY_MS
    if (period > 0) {
      this.#timer = setInterval(() => void this.antiEntropy().catch(() => undefined), period)
      this.#timer.unref()
    }
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.()
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
    if (this.#scheduleTimer !== null) clearTimeout(this.#scheduleTimer)
    this.#scheduleTimer = null
    this.#abort.abort()
    await this.#running?.catch(() => undefined)
  }

  /** Connected peers whose status we hold (same genesis), best first: the only sync sources. */
  #sources(): string[] {
    const statuses = this.#c.reqresp.statuses()
    return this.#c.peers().filter((p) => statuses.has(p))
  }

  /** True while a sync run is in progress. */
  get syncing(): boolean {
    return this.#running !== null
  }

  /** True while a run is in progress or scheduled. */
  get busy(): boolean {
    return this.#running !== null || this.#scheduleTimer !== null || this.#again.size > 0
  }

  /**
   * One anti-entropy round with a random peer: fresh status; equal roots end it; otherwise compare
   * inventories and fetch what differs.
   */
  async antiEntropy(): Promise<SyncResult | null> {
    // Only peers whose status is older than the status quota's interval: anti-entropy must never
    // spend the tokens a handshake after a reconnect needs.
    const statuses = this.#c.reqresp.statuses()
    const now = performance.now()
    const peers = this.#sources().filter((p) => now - (statuses.get(p)?.at ?? 0) >= STATUS_REFRESH_MS)
    if (peers.length === 0 || this.#running !== null) return null
    const peer = peers[Math.floor(Math.random() * peers.length)]!
    const status = await this.#c.reqresp.handshake(peerIdFromString(peer), this.#abort.signal)
    if (status === null || bytesEqual(status.messageRoot, this.#c.engine.stateRoot())) return null
    return this.sync([peer])
  }

  /**
   * Catches up from `peers` (default: the best SYNC_PEERS connected peers). While a run is in
   * progress its promise is returned and the peers are compared in the run that follows it.
   */
  sync(peers?: readonly string[]): Promise<SyncResult> {
    if (this.#running !== null) {
      for (const p of peers ?? this.#sources()) this.#again.add(p)
      return this.#running
    }
    const run = this.#run(peers ?? this.#sources().slice(0, SYNC_PEERS)).finally(() => {
      this.#running = null
      if (this.#again.size > 0 && !this.#abort.signal.aborted) {
        const next = [...this.#again].slice(0, SYNC_PEERS)
        this.#again.clear()
        void this.sync(next).catch(() => undefined)
      }
    })
    this.#running = run
    return run
  }

  /**
   * Pushes `envelopes` to up to `targets` peers and waits for `quorum` signed receipts saying
   * each holds them all; a failed peer is retried (with backoff) until `maxAttempts` requests.
   */
  async replicate(
    envelopes: readonly Uint8Array[],
    opts: { quorum: number; targets?: number; maxAttempts?: number; signal?: AbortSignal },
  ): Promise<ReplicationResult> {
    // Lag is measured on the monotonic clock (the `now` component may be a test's fixed clock).
    const start = performance.now()
    const targets = this.#sources().slice(0, Math.max(opts.targets ?? opts.quorum, opts.quorum))
    const maxAttempts = opts.maxAttempts ?? targets.length * SYNC_ATTEMPTS
    const chunks = [...envelopeChunks(envelopes)]
    const receipts: ReplicateReceipt[] = []
    let attempts = 0
    let successes = 0
    let lag = -1
    const pushTo = async (peer: string): Promise<void> => {
      for (let attempt = 0; attempt < SYNC_ATTEMPTS && attempts < maxAttempts; attempt++) {
        if (attempt > 0) await sleep(SYNC_BACKOFF_MS * 2 ** (attempt - 1), opts.signal)
        attempts++
        try {
          let held = 0
          for (const chunk of chunks) {
            const [receipt] = await this.#c.reqresp.client.requestAll(
              peerIdFromString(peer),
              'replicate',
              chunk,
              opts.signal ? { signal: opts.signal } : {},
            )
            if (receipt === undefined) throw new Error('no receipt')
            receipts.push(receipt)
            held += receipt.accepted
          }
          if (held === envelopes.length) {
            successes++
            if (successes >= opts.quorum && lag < 0) lag = performance.now() - start
          }
          return
        } catch (err) {
          this.#log.debug({ peer, err: (err as Error).message }, 'replicate failed')
        }
      }
    }
    await Promise.all(targets.map(pushTo))
    return {
      targets: targets.length,
      successes,
      attempts,
      lag: lag < 0 ? performance.now() - start : lag,
      receipts,
    }
  }

  /** Collects peers whose roots differ for a moment, so one run compares several of them. */
  #schedule(peers: readonly string[]): void {
    if (this.#abort.signal.aborted) return
    for (const p of peers) this.#scheduled.add(p)
    if (this.#scheduleTimer !== null) return
    this.#scheduleTimer = setTimeout(() => {
      this.#scheduleTimer = null
      const next = [...this.#scheduled].slice(0, SYNC_PEERS)
      this.#scheduled.clear()
      if (this.#abort.signal.aborted || next.length === 0) return
      void this.sync(next).catch((err: unknown) => this.#log.debug({ err }, 'sync failed'))
    }, SCHEDULE_DELAY_MS)
  }

  async #run(peerIds: readonly string[]): Promise<SyncResult> {
    const signal = this.#abort.signal
    const progress = (phase: SyncProgress['phase'], done: number, total: number) =>
      this.#c.onProgress?.({ phase, done, total })
    const ingester = new SyncIngester(this.#c.engine, this.#now, {
      onProgress: (done, total) => progress('ingest', done, total),
    })
    const peers = peerIds.map((p) => peerIdFromString(p))
    progress('inventory', 0, peers.length)
    const remotes = new Map<PeerId, Awaited<ReturnType<typeof remoteInventory>>>()
    await Promise.all(
      peers.map(async (peer) => {
        try {
          remotes.set(peer, await remoteInventory(this.#c.reqresp.client, peer, signal))
        } catch (err) {
          this.#log.debug({ peer: peer.toString(), err: (err as Error).message }, 'inventory failed')
        }
      }),
    )
    const differing = differingTasks(this.#c.engine, remotes)
    const total = differing.length
    let done = 0
    let failedTasks = 0
    progress('tasks', 0, total)
    // Account-level messages (the zero task) are every other message's parents: fetch them first.
    const [first, ...rest] = differing
    const batches: DifferingTask[][] = []
    if (first !== undefined && /^0+$/.test(first.hex)) batches.push([first])
    else if (first !== undefined) rest.unshift(first)
    const queue = [...spreadOverSources(rest)]
    const fetchBatch = async (batch: DifferingTask[]): Promise<void> => {
      const sources = batch[0]!.sources
      for (let attempt = 0; attempt < SYNC_ATTEMPTS && !signal.aborted; attempt++) {
        if (attempt > 0) await sleep(SYNC_BACKOFF_MS * 2 ** (attempt - 1), signal)
        const peer = sources[attempt % sources.length]!
        try {
          const envelopes = await this.fetcher.fetchTasks(
            peer,
            batch.map((t) => t.taskId),
            signal,
          )
          await ingester.ingest(envelopes)
          done += batch.length
          progress('tasks', done, total)
          return
        } catch (err) {
          this.#log.debug({ peer: peer.toString(), attempt, err: (err as Error).message }, 'task-sync failed')
        }
      }
      failedTasks += batch.length
    }
    for (const b of batches) await fetchBatch(b)
    const workers = Array.from({ length: Math.min(SYNC_CONCURRENCY, queue.length) }, async () => {
      for (let b = queue.shift(); b !== undefined; b = queue.shift()) await fetchBatch(b)
    })
    await Promise.all(workers)
    await ingester.settle()
    progress('done', done, total)
    const result: SyncResult = {
      ...ingester.tally,
      peers: remotes.size,
      tasks: total,
      failedTasks,
      deferred: ingester.deferred,
    }
    this.#log.info({ ...result, root: toHex(this.#c.engine.stateRoot()) }, 'sync finished')
    return result
  }
}

/**
 * Groups tasks into batches of SYNC_BATCH_TASKS that share a first source, rotating sources so the
 * load spreads over every peer that holds a task.
 */
function* spreadOverSources(tasks: readonly DifferingTask[]): Generator<DifferingTask[]> {
  const byPeer = new Map<string, DifferingTask[]>()
  tasks.forEach((t, i) => {
    const rotated = [...t.sources.slice(i % t.sources.length), ...t.sources.slice(0, i % t.sources.length)]
    const task = { ...t, sources: rotated }
    const key = rotated[0]!.toString()
    const list = byPeer.get(key) ?? []
    list.push(task)
    byPeer.set(key, list)
  })
  for (const list of byPeer.values()) {
    for (let i = 0; i < list.length; i += SYNC_BATCH_TASKS) {
      const batch = list.slice(i, i + SYNC_BATCH_TASKS)
      // Every task of a batch gets the first task's source order (they share the first source).
      yield batch.map((t) => ({ ...t, sources: batch[0]!.sources }))
    }
  }
}
