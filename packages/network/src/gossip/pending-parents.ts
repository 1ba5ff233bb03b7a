/**
 * Parents first (DESIGN §5.10): a gossip message IGNOREd because a parent is missing waits here,
 * its gossip verdict held back, while the parent is fetched from the peer that sent it (messages by
 * id, or the whole task with task-sync). When the parent lands the message is validated again:
 * within gossipsub's mcache window the held verdict is reported (so the message travels on); after
 * it, gossipsub will not forward the message any more, so it is pushed to our peers with
 * `replicate`. The buffer is bounded per peer and in total, and a message waits at most a TTL;
 * what it drops, anti-entropy repairs.
 */
import { MISSING_PARENT_CODES, type ValidationResult, waitsForParent } from '@aimesh/engine'
import { decodeEnvelope, toHex, Verdict } from '@aimesh/protocol'
import type { Logger, MetricsSink, NetworkEngine, ParentFetcher } from '../ports.js'
import { isHeldEnvelope } from './held-envelope.js'
import { type GossipJob, type GossipOutcome, type ParentWaiter, PipelineCode } from './pipeline.js'

/** Most messages held in total and per sending peer (a peer cannot fill the buffer alone). */
export const PENDING_MAX_TOTAL = 1024
export const PENDING_MAX_PER_PEER = 128
/** How long a message waits for its parents before it is dropped (anti-entropy takes over). */
export const PENDING_TTL_MS = 60_000
/** Requests per parent id before a child waits only for parents arriving otherwise. */
const MAX_FETCHES = 5
/** Pause after a failed request, times the failures so far (a busy or rate-limiting peer). */
const FETCH_BACKOFF_MS = 250
/** Parent ids in one request (the req/resp limit on ids per request). */
const FETCH_BATCH_IDS = 256
/** Coalesces re-validation after parents arrive by gossip. */
const RETRY_DEBOUNCE_MS = 50
/** Peers a late child is pushed to with replicate. */
const REPLICATE_FANOUT = 8

interface Held {
  readonly job: GossipJob
  readonly key: string
  ids: readonly Uint8Array[]
}

/** What the buffer needs. */
export interface PendingParentsComponents {
  engine: NetworkEngine
  /** The fetcher (resolved lazily: the req/resp side starts after gossip). */
  fetcher: () => ParentFetcher | null
  /** Reports a held verdict (the pipeline's one wrapper). */
  settle: (job: GossipJob, outcome: GossipOutcome) => void
  /** Connected peers, to push late children to. */
  peers: () => string[]
  metrics: MetricsSink
  logger: Logger
}

export interface PendingParentsInit {
  networkId: string
  /** How long gossipsub keeps a message it may still forward (mcacheLength × heartbeat), in ms. */
  gossipWindowMs: number
  maxTotal?: number
  maxPerPeer?: number
  ttlMs?: number
  /** The engine's wall clock (its skew check); waiting times use the monotonic clock. */
  now?: () => number
}

/** The pending buffer (see the file comment). */
export class PendingParents implements ParentWaiter {
  readonly #c: PendingParentsComponents
  readonly #init: PendingParentsInit
  readonly #now: () => number
  readonly #held = new Map<string, Held>()
  readonly #perPeer = new Map<string, number>()
  #retryTimer: NodeJS.Timeout | null = null
  #sweepTimer: NodeJS.Timeout | null = null
  #retrying: Promise<void> | null = null
  /** Parent ids to ask each peer for, the peers with a request in flight, and tries per id. */
  readonly #wanted = new Map<string, Map<string, Uint8Array>>()
  readonly #fetching = new Set<string>()
  readonly #attempts = new Map<string, number>()
  /** Children accepted after gossipsub's window, waiting to be pushed with replicate. */
  readonly #late: GossipJob[] = []
  /** The parent ids each late child waited for (pushed along with it). */
  readonly #parentsOf = new Map<string, readonly Uint8Array[]>()
  #lateTimer: NodeJS.Timeout | null = null
  readonly #abort = new AbortController()

  constructor(components: PendingParentsComponents, init: PendingParentsInit) {
    this.#c = components
    this.#init = init
    this.#now = init.now ?? Date.now
  }

  /** Messages held now. */
  get size(): number {
    return this.#held.size
  }

  start(): void {
    const ttl = this.#init.ttlMs ?? PENDING_TTL_MS
    this.#sweepTimer = setInterval(() => this.#sweep(), Math.max(1_000, ttl / 4))
    this.#sweepTimer.unref()
  }

  /** Stops fetching; every held message is reported IGNORE. */
  async stop(): Promise<void> {
    this.#abort.abort()
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer)
    if (this.#lateTimer !== null) clearTimeout(this.#lateTimer)
    this.#lateTimer = null
    if (this.#sweepTimer !== null) clearInterval(this.#sweepTimer)
    this.#retryTimer = null
    this.#sweepTimer = null
    await this.#retrying
    for (const held of [...this.#held.values()])
      this.#release(held, { verdict: Verdict.Ignore, code: 'SHUTDOWN' })
  }

  /** ParentWaiter: holds a message IGNOREd for a missing parent, within the caps. */
  offer(
    job: GossipJob,
    result: { code: string; missing?: readonly Uint8Array[]; taskId?: Uint8Array },
  ): boolean {
    if (this.#abort.signal.aborted || this.#c.fetcher() === null) return false
    if (!MISSING_PARENT_CODES.has(result.code) && result.missing === undefined) return false
    const ids = this.#parentIds(job.data, result)
    if (ids.length === 0) return false
    const key = job.msgId
    if (this.#held.has(key)) return false
    const peerCount = this.#perPeer.get(job.from) ?? 0
    if (this.#held.size >= (this.#init.maxTotal ?? PENDING_MAX_TOTAL)) return this.#full('total')
    if (peerCount >= (this.#init.maxPerPeer ?? PENDING_MAX_PER_PEER)) return this.#full('peer')
    const held: Held = { job, key, ids }
    this.#held.set(key, held)
    this.#perPeer.set(job.from, peerCount + 1)
    this.#c.metrics.set('gossip_pending', this.#held.size)
    this.#want(held)
    return true
  }

  /** A message was accepted (from gossip or sync): held children may validate now. */
  parentArrived(): void {
    if (this.#held.size === 0 || this.#retryTimer !== null || this.#abort.signal.aborted) return
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null
      this.#retrying = this.#retryAll().finally(() => {
        this.#retrying = null
      })
    }, RETRY_DEBOUNCE_MS)
    this.#retryTimer.unref()
  }

  /** The ids to fetch: those the engine names, else the task the message belongs to. */
  #parentIds(
    data: Uint8Array,
    result: { missing?: readonly Uint8Array[]; taskId?: Uint8Array },
  ): Uint8Array[] {
    const ids = [...(result.missing ?? [])]
    if (result.taskId !== undefined) ids.push(result.taskId)
    if (ids.length > 0) return ids
    // An engine that names no ids: the task named in the body is the parent to sync.
    try {
      const body = decodeEnvelope(this.#init.networkId, data).body as { taskId?: Uint8Array }
      if (body.taskId instanceof Uint8Array && body.taskId.length > 0) ids.push(body.taskId)
    } catch {
      // Undecodable: nothing to wait for (the engine said IGNORE, not REJECT, so it decoded there).
    }
    return ids
  }

  /**
   * Asks the held message's sender for its parents. Requests are batched per peer, one in flight
   * per peer (a burst of children of one task makes one request, not one stream each), and each
   * id is asked for at most MAX_FETCHES times.
   */
  #want(held: Held): void {
    const peer = held.job.from
    const wanted = this.#wanted.get(peer) ?? new Map<string, Uint8Array>()
    this.#wanted.set(peer, wanted)
    for (const id of held.ids) {
      const hex = toHex(id)
      const tries = this.#attempts.get(hex) ?? 0
      if (tries < MAX_FETCHES) wanted.set(hex, id)
    }
    void this.#pump(peer)
  }

  async #pump(peer: string): Promise<void> {
    const fetcher = this.#c.fetcher()
    if (fetcher === null || this.#fetching.has(peer)) return
    const wanted = this.#wanted.get(peer)
    if (wanted === undefined || wanted.size === 0) return
    this.#fetching.add(peer)
    let failures = 0
    try {
      while (wanted.size > 0 && !this.#abort.signal.aborted) {
        const ids = [...wanted.values()].slice(0, FETCH_BATCH_IDS)
        for (const id of ids) {
          const hex = toHex(id)
          wanted.delete(hex)
          this.#attempts.set(hex, (this.#attempts.get(hex) ?? 0) + 1)
        }
        let envelopes: Uint8Array[] = []
        try {
          envelopes = await fetcher.fetchParents(peer, ids, this.#abort.signal)
          this.#c.metrics.increment('gossip_parent_fetches_total', {
            result: envelopes.length > 0 ? 'found' : 'empty',
          })
        } catch (err) {
          this.#c.metrics.increment('gossip_parent_fetches_total', { result: 'failed' })
          this.#c.logger.debug({ err, peer }, 'parent fetch failed')
          failures++
          await new Promise((resolve) => setTimeout(resolve, FETCH_BACKOFF_MS * failures))
        }
        if (this.#abort.signal.aborted) return
        if (envelopes.length > 0) await this.#ingestParents(envelopes)
        await this.#retryAll()
      }
    } finally {
      this.#fetching.delete(peer)
      if (wanted.size === 0) this.#wanted.delete(peer)
    }
  }

  /** Ingests fetched parents, offering those that wait for their own parents again (bounded passes). */
  async #ingestParents(envelopes: Uint8Array[]): Promise<void> {
    let pending = envelopes
    for (let pass = 0; pass < 8 && pending.length > 0; pass++) {
      const results = await this.#c.engine.ingestMany(pending, this.#now())
      const again = pending.filter((_, i) => waitsForParent(results[i]!))
      if (again.length === pending.length) return
      pending = again
    }
  }

  /** Validates every held message again, concurrently: the engine takes them in one group commit. */
  async #retryAll(): Promise<void> {
    if (this.#abort.signal.aborted) return
    await Promise.all([...this.#held.values()].map((held) => this.#retry(held)))
  }

  /** Validates a held message again and releases it unless it still waits. */
  async #retry(held: Held): Promise<void> {
    if (!this.#held.has(held.key)) return
    let result: ValidationResult
    try {
      result = await this.#c.engine.ingest(held.job.data, this.#now())
    } catch {
      this.#release(held, { verdict: Verdict.Ignore, code: 'INTERNAL' })
      return
    }
    if (waitsForParent(result)) {
      // Still (or now deeper) missing: fetch what the engine names now (bounded per id).
      held.ids = this.#parentIds(held.job.data, result as { missing?: Uint8Array[]; taskId?: Uint8Array })
      if (held.ids.length > 0) this.#want(held)
      return
    }
    // Landed with the fetched parents (a whole task): still ours to pass on.
    if (
      result.verdict !== Verdict.Accept &&
      !(result.code === 'DUPLICATE' && isHeldEnvelope(this.#c.engine, held.job.data))
    ) {
      this.#release(held, { verdict: result.verdict, code: result.code })
      return
    }
    const late = performance.now() - held.job.receivedAt > this.#init.gossipWindowMs
    this.#release(held, {
      verdict: Verdict.Accept,
      code: late ? PipelineCode.ACCEPTED_LATE : PipelineCode.ACCEPTED,
    })
    if (late) {
      this.#parentsOf.set(held.job.msgId, held.ids)
      this.#pushLate(held.job)
    }
  }

  /**
   * Queues a child gossipsub no longer forwards for a push with `replicate` to our peers (except
   * its sender); pushes are batched, one request per peer per flush.
   */
  #pushLate(job: GossipJob): void {
    this.#late.push(job)
    if (this.#lateTimer !== null) return
    this.#lateTimer = setTimeout(() => {
      this.#lateTimer = null
      void this.#flushLate()
    }, RETRY_DEBOUNCE_MS)
    this.#lateTimer.unref()
  }

  async #flushLate(): Promise<void> {
    const fetcher = this.#c.fetcher()
    const jobs = this.#late.splice(0)
    const parentsOf = new Map(this.#parentsOf)
    this.#parentsOf.clear()
    if (fetcher?.replicate === undefined || jobs.length === 0 || this.#abort.signal.aborted) return
    const targets = this.#c.peers().slice(0, REPLICATE_FANOUT)
    await Promise.allSettled(
      targets.map((peer) => {
        const envelopes = this.#withParents(
          jobs.filter((j) => j.from !== peer),
          parentsOf,
        )
        return envelopes.length === 0 ? undefined : fetcher.replicate!(peer, envelopes, this.#abort.signal)
      }),
    )
    this.#c.metrics.increment('gossip_replicated_late_total', {}, jobs.length)
  }

  /**
   * The children with the parents they waited for, parents first: a peer that missed the parents
   * too takes both in one push (replicate does not hold children pending).
   */
  #withParents(
    jobs: readonly GossipJob[],
    parentsOf: ReadonlyMap<string, readonly Uint8Array[]>,
  ): Uint8Array[] {
    const parents = new Map<string, Uint8Array>()
    for (const job of jobs) {
      for (const id of parentsOf.get(job.msgId) ?? []) {
        const parent = this.#c.engine.getMessage(id)
        if (parent !== undefined) parents.set(toHex(id), parent.bytes)
      }
    }
    return [...parents.values(), ...jobs.map((j) => j.data)]
  }

  #release(held: Held, outcome: GossipOutcome): void {
    if (!this.#held.delete(held.key)) return
    const n = (this.#perPeer.get(held.job.from) ?? 1) - 1
    if (n <= 0) this.#perPeer.delete(held.job.from)
    else this.#perPeer.set(held.job.from, n)
    this.#c.metrics.set('gossip_pending', this.#held.size)
    if (this.#held.size === 0) this.#attempts.clear()
    this.#c.settle(held.job, outcome)
  }

  #sweep(): void {
    const ttl = this.#init.ttlMs ?? PENDING_TTL_MS
    const now = performance.now()
    for (const held of [...this.#held.values()])
      if (now - held.job.receivedAt > ttl)
        this.#release(held, { verdict: Verdict.Ignore, code: 'PARENT_TIMEOUT' })
  }

  #full(which: 'total' | 'peer'): false {
    this.#c.metrics.increment('gossip_pending_full_total', { cap: which })
    return false
  }
}
