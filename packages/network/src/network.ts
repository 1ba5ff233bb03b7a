/**
 * The network facade (DESIGN §2 network/, §8; STYLE: services as `new X(components, init)` with
 * start/stop and an AbortSignal): opens the network's LevelDB (peer store, bans, peer quality) and
 * peer key, builds the libp2p host, runs the gossip pipeline and the peer scorer, and exposes
 * publish, peers, bans, connect and typed events. The node composes it after the engine.
 */
import { join } from 'node:path'
import type { ValidationResult } from '@aimesh/engine'
import { decodeEnvelope, GoodbyeCode, LIMITS, MessageKind } from '@aimesh/protocol'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import { TypedEventEmitter } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { type Multiaddr, multiaddr } from '@multiformats/multiaddr'
import { LevelDatastore } from 'datastore-level'
import { DhtProviders, type DhtProvidersInit } from './dht/providers.js'
import type { NetworkEvents } from './events.js'
import { publishAtVerdict } from './gossip/local-publish.js'
import { PendingParents } from './gossip/pending-parents.js'
import { GossipPipeline } from './gossip/pipeline.js'
import { watchIngestTimings } from './gossip/stage-metrics.js'
import { GossipTopics, gossipMessageId } from './gossip/topics.js'
import { banGater } from './host/gater.js'
import { createHost, type GossipConfig, type Host, type HostInit } from './host/host.js'
import { ephemeralPeerKey, loadOrCreatePeerKey } from './host/peer-key.js'
import {
  type BlobSource,
  type CheckpointSource,
  type Logger,
  type MetricsSink,
  type NetworkEngine,
  nullMetrics,
  type ParentFetcher,
  silentLogger,
} from './ports.js'
import { ReqRespService, type ReqRespServiceInit } from './reqresp/service.js'
import { type Ban, BanBook } from './scoring/ban-book.js'
import { PeerQuality } from './scoring/peer-quality.js'
import { PeerScorer } from './scoring/peer-scorer.js'
import {
  type CheckpointJoinInit,
  type CheckpointJoinResult,
  joinFromCheckpoint,
} from './sync/checkpoint-join.js'
import { SyncIngester } from './sync/ingest.js'
import { SyncService, type SyncServiceInit } from './sync/sync-service.js'

/** What the network is built from. */
export interface NetworkComponents {
  engine: NetworkEngine
  logger?: Logger
  /** libp2p's metrics (the node passes @libp2p/prometheus-metrics over its own registry). */
  libp2pMetrics?: HostInit['metrics']
  /** Our own counters and histograms. */
  metrics?: MetricsSink
  /** Fetches missing parents (DESIGN §5.10); default: the sync service's req/resp fetcher. */
  parents?: ParentFetcher
  /** Task input blobs this node serves with `content` (DESIGN §4). */
  blobs?: BlobSource
  /** Checkpoint states this node serves with `checkpoint` and names in `status` (DESIGN §5.6). */
  checkpoints?: CheckpointSource
}

/** How the network runs. */
export interface NetworkInit {
  /**
   * The network's own directory: `peer-key.json` (mode 0600) and `peerstore/` (LevelDB: libp2p's
   * peer store and DHT records, bans, peer quality). Never the state store's directory.
   */
  dataDir: string
  /** Creates the peer key from this 32-byte seed when the key file does not exist yet (testnets). */
  peerKeySeed?: Uint8Array
  /** Keep the peer key in memory only (tests); the peer store is still persisted. */
  ephemeralKey?: boolean
  /** Listen addresses (default: every IPv4 interface, a free TCP port). */
  listen?: string[]
  /** Addresses to announce instead of the listen addresses (a public IP behind a port forward). */
  announce?: string[]
  /** Peers to dial at start and whenever we have no connection. */
  bootstrap?: string[]
  /** Most open connections (default 64). */
  maxConnections?: number
  /** Loopback testnet settings (DESIGN §8): private addresses in the DHT, no per-IP penalties. */
  loopback?: boolean
  gossip?: {
    queueCapacity?: number
    maxInFlight?: number
    tuning?: GossipConfig['tuning']
  }
  /** How often the next page of held tasks is offered to the DHT (default 30 s). */
  provideIntervalMs?: number
  /** What providing may spend: rate cap, queue bound, tasks per pass (dht/providers.ts). */
  provide?: DhtProvidersInit
  /** Wall clock (tests). */
  now?: () => number
  /** Request/response and sync settings (anti-entropy period, catch-up on handshake, quotas). */
  sync?: SyncServiceInit & ReqRespServiceInit
  /**
   * Run only to fetch a checkpoint state (`joinFromCheckpoint`, over `joiningEngine`): no gossip
   * subscriptions, no DHT provides, no catch-up sync or anti-entropy.
   */
  joining?: boolean
}

/** One connected peer as `peers()` lists it. */
export interface PeerInfo {
  id: string
  addrs: string[]
  /** Short-term action score (−100…100) and gossipsub's total score. */
  score: number
  gossipScore: number
  /** Long-term quality (0…1) ranking sync sources. */
  quality: number
}

/** Default connection cap: enough for a mesh of D=8 per topic plus sync, small enough for a laptop. */
const DEFAULT_MAX_CONNECTIONS = 64
/** Gossipsub's defaults for the mcache window (its constants). */
const GOSSIPSUB_MCACHE_LENGTH = 5
const GOSSIPSUB_HEARTBEAT_MS = 1_000
/** How often peer quality is written to disk and connected peers are tagged with it. */
const QUALITY_FLUSH_MS = 10_000
/** The connection manager tag carrying a peer's quality (0…100): the best-tagged peers are kept. */
const QUALITY_TAG = 'aimesh-quality'
/** How often bootstrap peers are redialled while we have no connection. */
const BOOTSTRAP_RETRY_MS = 5_000
/** Peer key file and peer store directory inside `dataDir`. */
/** Rounds of parent fetching after a DHT task sync: profiles, then parents those name (bounded). */
const MAX_PARENT_ROUNDS = 3

const PEER_KEY_FILE = 'peer-key.json'
const PEER_STORE_DIR = 'peerstore'

/** Creates the network (see the file comment); call `start()` to go online. */
export function createNetwork(components: NetworkComponents, init: NetworkInit): Network {
  return new Network(components, init)
}

/** The network facade. */
export class Network extends TypedEventEmitter<NetworkEvents> {
  readonly networkId: string
  readonly topics: GossipTopics
  readonly #engine: NetworkEngine
  readonly #logger: Logger
  readonly #metrics: MetricsSink
  readonly #components: NetworkComponents
  readonly #init: NetworkInit
  readonly #now: () => number
  #datastore: LevelDatastore | null = null
  #host: Host | null = null
  #scorer: PeerScorer | null = null
  #pipeline: GossipPipeline | null = null
  #pending: PendingParents | null = null
  #providers: DhtProviders | null = null
  #bootstrapTimer: NodeJS.Timeout | null = null
  #qualityTimer: NodeJS.Timeout | null = null
  readonly #cleanup: Array<() => void> = []

  constructor(components: NetworkComponents, init: NetworkInit) {
    super()
    this.#components = components
    this.#engine = components.engine
    this.#logger = (components.logger ?? silentLogger).child({ component: 'network' })
    this.#metrics = components.metrics ?? nullMetrics
    this.#init = init
    this.#now = init.now ?? Date.now
    this.networkId = components.engine.genesis.networkId
    this.topics = new GossipTopics(this.networkId)
  }

  /** True between a successful start() and stop(). */
  get started(): boolean {
    return this.#host !== null
  }

  /** Our peer id (after start). */
  get peerId(): string {
    return this.#requireHost().peerId.toString()
  }

  /** The addresses peers can dial us at, with our peer id (after start). */
  get multiaddrs(): string[] {
    return this.#requireHost()
      .getMultiaddrs()
      .map((ma) => ma.toString())
  }

  /** The libp2p host, for the req/resp and DHT services built beside the gossip layer. */
  get host(): Host {
    return this.#requireHost()
  }

  /** The peer scorer (PeerReporter for req/resp handlers and clients). */
  get scorer(): PeerScorer {
    if (this.#scorer === null) throw new Error('the network is not started: call start() first')
    return this.#scorer
  }

  /**
   * Opens the network's store and key, starts libp2p, subscribes to the gossip topics and dials
   * the bootstrap peers. An aborted `signal` undoes what was started and rejects.
   */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.#host !== null) return
    const step = () => signal?.throwIfAborted()
    try {
      step()
      const datastore = new LevelDatastore(join(this.#init.dataDir, PEER_STORE_DIR))
      await datastore.open()
      this.#datastore = datastore
      step()
      const bans = await BanBook.open(datastore, this.#now)
      const quality = await PeerQuality.open(datastore, this.#now)
      const key = await this.#peerKey()
      step()
      const scorer = new PeerScorer({
        bans,
        quality,
        metrics: this.#metrics,
        now: this.#now,
        enforcer: {
          disconnect: (peerId, code) =>
            void this.#hangUp(peerId, `low score: ${code}`, GoodbyeCode.LOW_SCORE),
          banned: (ban) => {
            this.safeDispatchEvent('peer:banned', { detail: ban })
            void this.#hangUp(ban.peerId, `banned: ${ban.reason}`, GoodbyeCode.BANNED)
          },
        },
        onError: (err) => this.#logger.error({ err }, 'peer scoring failed'),
      })
      this.#scorer = scorer
      const host = await createHost({
        networkId: this.networkId,
        privateKey: key,
        datastore,
        listen: this.#init.listen ?? ['/ip4/0.0.0.0/tcp/0'],
        announce: this.#init.announce ?? [],
        maxConnections: this.#init.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
        loopback: this.#init.loopback ?? false,
        gater: banGater(scorer, (peerId) => this.#metrics.increment('peer_denied_total', { peerId })),
        gossip: {
          msgId: gossipMessageId,
          appScore: (peerId) => scorer.appScore(peerId),
          maxMessageBytes: LIMITS.envelopeBytes,
          tuning: this.#init.gossip?.tuning,
        },
        metrics: this.#components.libp2pMetrics,
      })
      this.#host = host
      this.#watchPeers(host)
      await host.start()
      step()
      const pipeline = new GossipPipeline(
        {
          engine: this.#engine,
          router: host.services.pubsub,
          topics: this.topics,
          reporter: scorer,
          metrics: this.#metrics,
          logger: this.#logger,
        },
        {
          queueCapacity: this.#init.gossip?.queueCapacity,
          maxInFlight: this.#init.gossip?.maxInFlight,
          now: this.#now,
          // A gossiped task is not announced on arrival: providing is bounded (dht/providers.ts).
          onAccepted: (job) => {
            this.safeDispatchEvent('gossip:accepted', {
              detail: { topic: job.topic, from: job.from, envelope: job.data },
            })
          },
        },
      )
      this.#pipeline = pipeline
      this.#cleanup.push(watchIngestTimings(this.#engine, this.#metrics))
      const tuning = this.#init.gossip?.tuning ?? {}
      const pending = new PendingParents(
        {
          engine: this.#engine,
          fetcher: () => this.#components.parents ?? this.#sync?.fetcher ?? null,
          settle: (job, outcome) => pipeline.settle(job, outcome),
          peers: () => this.peers().map((p) => p.id),
          metrics: this.#metrics,
          logger: this.#logger,
        },
        {
          networkId: this.networkId,
          // Gossipsub forwards a message while it is in the mcache: mcacheLength heartbeats, of which
          // the first may be partly gone when the message arrives.
          gossipWindowMs:
            ((tuning.mcacheLength ?? GOSSIPSUB_MCACHE_LENGTH) - 1) *
            (tuning.heartbeatInterval ?? GOSSIPSUB_HEARTBEAT_MS),
          now: this.#now,
        },
      )
      this.#pending = pending
      pipeline.setParentWaiter(pending)
      pending.start()
      if (this.#init.joining !== true) pipeline.start()
      const providers = new DhtProviders(
        { dht: host.services.dht, engine: this.#engine, logger: this.#logger, metrics: this.#metrics },
        this.#init.provide ?? {},
      )
      this.#providers = providers
      if (this.#init.joining !== true) providers.start(this.#init.provideIntervalMs)
      this.#qualityTimer = setInterval(() => void this.#flushQuality(), QUALITY_FLUSH_MS)
      this.#qualityTimer.unref()
      await this.#startReqResp(host, key, scorer)
      this.#startBootstrap()
      this.#logger.info({ peerId: host.peerId.toString(), addrs: this.multiaddrs }, 'network started')
    } catch (err) {
      await this.stop()
      throw err
    }
  }

  /** Stops gossip, libp2p and the network's store; safe to call twice or after a failed start. */
  async stop(): Promise<void> {
    if (this.#bootstrapTimer !== null) clearInterval(this.#bootstrapTimer)
    this.#bootstrapTimer = null
    if (this.#qualityTimer !== null) clearInterval(this.#qualityTimer)
    this.#qualityTimer = null
    for (const undo of this.#cleanup.splice(0)) undo()
    await this.#stopReqResp()
    this.#providers?.stop()
    this.#providers = null
    await this.#pending?.stop()
    this.#pending = null
    await this.#pipeline?.stop()
    this.#pipeline = null
    const host = this.#host
    this.#host = null
    if (host !== null) await host.stop()
    await this.#scorer?.quality
      .flush()
      .catch((err: unknown) => this.#logger.warn({ err }, 'peer quality not saved'))
    this.#scorer = null
    const datastore = this.#datastore
    this.#datastore = null
    if (datastore !== null) await datastore.close()
  }

  /**
   * Publishes a local message (envelope bytes the engine has accepted) on its kind's topic.
   * Returns how many peers it was sent to.
   */
  async publish(envelope: Uint8Array): Promise<number> {
    const host = this.#requireHost()
    const name = this.topics.expectedName(envelope)
    if (name === undefined) throw new Error('cannot publish: the envelope does not decode to a known kind')
    const topic = this.topics.all().find((t) => this.topics.nameOf(t) === name)!
    const result = await host.services.pubsub.publish(topic, envelope)
    this.#metrics.increment('gossip_published_total', { topic: name })
    if (name === 'task') this.#provideIfTask(envelope)
    return result.recipients.length
  }

  /**
   * Offers a local envelope (this node's own message) to the engine and publishes it as soon as the
   * engine accepts it, before its write (gossip/local-publish.ts): never when refused. Resolves with
   * the engine's result once durable; rejects when the write failed.
   */
  publishLocal(envelope: Uint8Array, onPublished?: (recipients: number) => void): Promise<ValidationResult> {
    this.#requireHost()
    return publishAtVerdict(
      { engine: this.#engine, publish: (e) => this.publish(e), metrics: this.#metrics, logger: this.#logger },
      envelope,
      this.#now(),
      onPublished,
    )
  }

  /** Connected peers with their scores, best quality first. */
  peers(): PeerInfo[] {
    const host = this.#requireHost()
    const scorer = this.scorer
    const byPeer = new Map<string, Set<string>>()
    for (const conn of host.getConnections()) {
      const id = conn.remotePeer.toString()
      const addrs = byPeer.get(id) ?? new Set<string>()
      addrs.add(conn.remoteAddr.toString())
      byPeer.set(id, addrs)
    }
    const pubsub = host.services.pubsub
    return [...byPeer.entries()]
      .map(([id, addrs]) => ({
        id,
        addrs: [...addrs],
        score: scorer.appScore(id),
        gossipScore: pubsub.getScore(id),
        quality: scorer.quality.score(id),
      }))
      .sort((a, b) => b.quality - a.quality || b.score - a.score)
  }

  /**
   * Connected peers (or the given ones) ranked by long-term quality, best first: the order to try
   * sync sources in (DESIGN §8).
   */
  rankPeers(peerIds?: Iterable<string>): string[] {
    const ids =
      peerIds ??
      new Set(
        this.#requireHost()
          .getConnections()
          .map((c) => c.remotePeer.toString()),
      )
    return this.scorer.quality.rank(ids)
  }

  /** DHT content routing: provide tasks and blobs, find their providers (DESIGN §8). */
  get providers(): DhtProviders {
    if (this.#providers === null) throw new Error('the network is not started: call start() first')
    return this.#providers
  }

  /**
   * Finds a task none of our peers has through the DHT, dials its providers and syncs it from the
   * first that serves it with task-sync. Returns how many of its messages were accepted.
   */
  async fetchTaskFromDht(taskId: Uint8Array, signal?: AbortSignal): Promise<number> {
    const host = this.#requireHost()
    const self = host.peerId.toString()
    for (const provider of await this.providers.findTaskProviders(taskId, signal)) {
      if (provider.id.toString() === self) continue
      try {
        if (provider.addrs.length > 0)
          await host.peerStore.merge(provider.id, { multiaddrs: provider.addrs.map((a) => multiaddr(a)) })
        await host.dial(provider.id, signal === undefined ? {} : { signal })
        const envelopes = await this.sync.fetcher.fetchTasks(provider.id, [taskId], signal)
        if (envelopes.length === 0) continue
        const ingester = new SyncIngester(this.#engine, this.#now)
        await ingester.ingest(envelopes)
        await ingester.settle()
        // Parents outside the task (the signers' profiles, DESIGN §5.9) come from the same provider.
        for (let round = 0; round < MAX_PARENT_ROUNDS && ingester.deferred > 0; round++) {
          const missing = ingester.missingParents()
          if (missing.length === 0) break
          const parents = await this.sync.fetcher.fetchMessages(provider.id, missing, signal)
          if (parents.length === 0) break
          await ingester.ingest(parents)
          await ingester.settle()
        }
        return ingester.tally.accepted
      } catch (err) {
        this.#logger.debug({ err, provider: provider.id.toString() }, 'DHT provider did not serve the task')
      }
    }
    return 0
  }

  /**
   * Fetches a task input blob by its sha256 (`inputHash`, DESIGN §4 `content`): from connected
   * peers first (best quality first), then from the providers the DHT names. Each answer is checked
   * against the hash; a peer serving other bytes is penalized and the next one asked. Returns
   * undefined when nobody served it.
   */
  async fetchContent(hash: Uint8Array, signal?: AbortSignal): Promise<Uint8Array | undefined> {
    const host = this.#requireHost()
    const self = host.peerId.toString()
    const asked = new Set<string>([self])
    const ask = async (peer: PeerId): Promise<Uint8Array | undefined> => {
      asked.add(peer.toString())
      try {
        return await this.reqresp.fetchContent(peer, hash, signal)
      } catch (err) {
        this.#logger.debug({ err, peer: peer.toString() }, 'peer did not serve the blob')
        return undefined
      }
    }
    for (const id of this.rankPeers()) {
      if (asked.has(id)) continue
      const blob = await ask(peerIdFromString(id))
      if (blob !== undefined) return blob
    }
    for (const provider of await this.providers.findBlobProviders(hash, signal)) {
      if (asked.has(provider.id.toString())) continue
      try {
        if (provider.addrs.length > 0)
          await host.peerStore.merge(provider.id, { multiaddrs: provider.addrs.map((a) => multiaddr(a)) })
        await host.dial(provider.id, signal === undefined ? {} : { signal })
      } catch (err) {
        this.#logger.debug({ err, provider: provider.id.toString() }, 'blob provider not reachable')
        continue
      }
      const blob = await ask(provider.id)
      if (blob !== undefined) return blob
    }
    return undefined
  }

  /** Announces a task we published, and its input blob when we serve it (DESIGN §4, §8). */
  #provideIfTask(envelope: Uint8Array): void {
    try {
      const msg = decodeEnvelope(this.networkId, envelope)
      if (msg.kind !== MessageKind.TaskPublished) return
      this.#providers?.provideTask(msg.id)
      const { inputHash } = msg.body
      const blobs = this.#components.blobs
      if (blobs === undefined || inputHash.length === 0) return
      void blobs
        .get(inputHash)
        .then((blob) => {
          if (blob !== undefined) this.#providers?.provideBlob(inputHash)
        })
        .catch((err: unknown) => this.#logger.debug({ err }, 'blob lookup failed'))
    } catch {
      // Accepted bytes decode; nothing to announce otherwise.
    }
  }

  /** Bans that hold now. */
  bans(): Ban[] {
    return this.scorer.bans()
  }

  /** Bans a peer by hand (persisted; the peer is disconnected). */
  ban(peerId: string, durationMs: number, reason = 'manual'): Promise<Ban> {
    peerIdFromString(peerId) // throws on a malformed id before anything is stored
    return this.scorer.ban(peerId, durationMs, reason)
  }

  /** Lifts a ban; false when the peer was not banned. */
  unban(peerId: string): Promise<boolean> {
    return this.scorer.unban(peerId)
  }

  /** Dials a peer by multiaddr (with its /p2p/ id); resolves with its peer id once connected. */
  async connect(address: string | Multiaddr, signal?: AbortSignal): Promise<string> {
    const host = this.#requireHost()
    const ma = typeof address === 'string' ? multiaddr(address) : address
    const conn = await host.dial(ma, signal === undefined ? {} : { signal })
    return conn.remotePeer.toString()
  }

  /** Hangs up on a peer (after a goodbye saying `code`, by default FAULT). */
  async disconnect(peerId: string, code: GoodbyeCode = GoodbyeCode.FAULT): Promise<void> {
    await this.#hangUp(peerId, 'requested', code)
  }

  async #hangUp(peerId: string, why: string, code: GoodbyeCode): Promise<void> {
    const host = this.#host
    if (host === null) return
    let id: PeerId
    try {
      id = peerIdFromString(peerId)
    } catch {
      return
    }
    this.#logger.info({ peerId, why, code }, 'disconnecting peer')
    if (this.#reqresp !== null) return this.#reqresp.disconnect(id, code)
    await host.hangUp(id).catch((err: unknown) => this.#logger.debug({ err, peerId }, 'hang up failed'))
  }

  /** Persists peer quality and tags connected peers with it, so the connection manager keeps the best. */
  async #flushQuality(): Promise<void> {
    const host = this.#host
    const scorer = this.#scorer
    if (host === null || scorer === null) return
    try {
      await scorer.quality.flush()
      for (const conn of host.getConnections()) {
        const value = Math.round(scorer.quality.score(conn.remotePeer.toString()) * 100)
        await host.peerStore.merge(conn.remotePeer, { tags: { [QUALITY_TAG]: { value } } })
      }
    } catch (err) {
      this.#logger.warn({ err }, 'peer quality flush failed')
    }
  }

  async #peerKey(): Promise<PrivateKey> {
    if (this.#init.ephemeralKey === true) return ephemeralPeerKey(this.#init.peerKeySeed)
    return loadOrCreatePeerKey(join(this.#init.dataDir, PEER_KEY_FILE), this.#init.peerKeySeed)
  }

  #watchPeers(host: Host): void {
    const onConnect = (evt: CustomEvent<PeerId>) => {
      this.#metrics.increment('peer_connections_total', { event: 'connect' })
      this.safeDispatchEvent('peer:connect', { detail: { peerId: evt.detail.toString() } })
    }
    const onDisconnect = (evt: CustomEvent<PeerId>) => {
      this.#metrics.increment('peer_connections_total', { event: 'disconnect' })
      this.safeDispatchEvent('peer:disconnect', { detail: { peerId: evt.detail.toString() } })
    }
    host.addEventListener('peer:connect', onConnect)
    host.addEventListener('peer:disconnect', onDisconnect)
    this.#cleanup.push(() => {
      host.removeEventListener('peer:connect', onConnect)
      host.removeEventListener('peer:disconnect', onDisconnect)
    })
  }

  /** Bootstrap dials in flight (a joining node stops waiting for statuses once none is). */
  #bootstrapDials = 0

  #startBootstrap(): void {
    const list = this.#init.bootstrap ?? []
    if (list.length === 0) return
    const dialAll = () => {
      const host = this.#host
      if (host === null || host.getConnections().length > 0) return
      for (const address of list) {
        this.#bootstrapDials++
        this.connect(address)
          .catch((err: unknown) => this.#logger.debug({ err, address }, 'bootstrap dial failed'))
          .finally(() => {
            this.#bootstrapDials--
          })
      }
    }
    dialAll()
    this.#bootstrapTimer = setInterval(dialAll, BOOTSTRAP_RETRY_MS)
    this.#bootstrapTimer.unref()
  }

  // --- request/response and sync (src/reqresp, src/sync; DESIGN §4, §5.2, §8) ---------------------

  #reqresp: ReqRespService | null = null
  #sync: SyncService | null = null

  /** Signed req/resp: the client, our status, peers' statuses, goodbye (after start). */
  get reqresp(): ReqRespService {
    if (this.#reqresp === null) throw new Error('the network is not started: call start() first')
    return this.#reqresp
  }

  /** Catch-up sync, anti-entropy and quorum replication (after start). */
  get sync(): SyncService {
    if (this.#sync === null) throw new Error('the network is not started: call start() first')
    return this.#sync
  }

  /**
   * Imports the state at the latest certified checkpoint a peer serves into the (empty) data dir `target`, verified
   * against its certificate (sync/checkpoint-join.ts). Run on a `joining` network before the
   * node's engine opens.
   */
  joinFromCheckpoint(init: CheckpointJoinInit): Promise<CheckpointJoinResult> {
    const reqresp = this.reqresp
    return joinFromCheckpoint(
      {
        client: reqresp.client,
        peers: () => this.peers().map((p) => p.id),
        statuses: () => reqresp.statuses(),
        dialsInFlight: () => this.#bootstrapDials,
        rank: (ids) => this.rankPeers(ids),
        reporter: this.scorer,
        logger: this.#logger,
      },
      init,
    )
  }

  /** Fetches missing parents for the pending buffer: the one given, else the sync fetcher. */
  get parentFetcher(): ParentFetcher {
    return this.#components.parents ?? this.sync.fetcher
  }

  async #startReqResp(host: Host, key: PrivateKey, scorer: PeerScorer): Promise<void> {
    const reqresp = new ReqRespService(
      {
        host,
        privateKey: key,
        engine: this.#engine,
        reporter: scorer,
        blobs: this.#components.blobs ?? null,
        checkpoints: this.#components.checkpoints ?? null,
        logger: this.#logger,
        now: this.#now,
      },
      this.#init.sync ?? {},
    )
    await reqresp.start()
    this.#reqresp = reqresp
    const sync = new SyncService(
      {
        engine: this.#engine,
        reqresp,
        peers: () => this.peers().map((p) => p.id),
        logger: this.#logger,
        now: this.#now,
        onProgress: (p) => this.safeDispatchEvent('sync:progress', { detail: p }),
      },
      this.#init.joining === true
        ? { ...this.#init.sync, antiEntropyMs: 0, syncOnStatus: false }
        : (this.#init.sync ?? {}),
    )
    sync.start()
    this.#sync = sync
  }

  async #stopReqResp(): Promise<void> {
    const sync = this.#sync
    const reqresp = this.#reqresp
    this.#sync = null
    this.#reqresp = null
    await sync?.stop()
    await reqresp?.stop()
  }

  #requireHost(): Host {
    if (this.#host === null) throw new Error('the network is not started: call start() first')
    return this.#host
  }
}
