/**
 * The node's network on @aimesh/network (DESIGN §8): builds the libp2p facade with the node's
 * engine service as its engine port (so gossiped messages are tracked for drain and raise node
 * events), libp2p's metrics in a registry of its own (merged into /metrics; one per start, since
 * libp2p registers its metrics again on every start) and the network's counters in the node's
 * registry. Loaded lazily: a node with `network: false` never loads libp2p.
 */
import { fromHex, toHex } from '@aimesh/protocol'
import { Registry } from 'prom-client'
import { NodeError } from '../errors.js'
import type { NetworkFactoryComponents } from '../node.js'
import { PromMetricsSink } from './metrics-sink.js'
import type { BanView, NodeNetwork, PeerView, SyncReport } from './network.js'

/** Creates the libp2p network of a node (the default network factory). */
export async function libp2pNetwork(c: NetworkFactoryComponents): Promise<NodeNetwork> {
  const net = await import('@aimesh/network')
  const { prometheusMetrics } = await import('@libp2p/prometheus-metrics')
  const registry = new Registry()
  const engineService = c.engine
  const port: import('@aimesh/network').NetworkEngine = {
    get genesis() {
      return engineService.engine.genesis
    },
    // The verdict callback lets gossip ACCEPT before the write (the engine's durability rule).
    ingest: (bytes, _now, verdict) => engineService.ingest(bytes, 'gossip', verdict),
    // Only sync ingests chunks: that is how the node tells synced messages from gossiped ones.
    ingestMany: (envelopes) => Promise.all(envelopes.map((bytes) => engineService.ingest(bytes, 'sync'))),
    getMessage: (id) => engineService.engine.getMessage(id),
    derivedDigest: () => engineService.engine.derivedDigest(),
    stateRoot: () => engineService.engine.stateRoot(),
    inventory: (range) => engineService.engine.inventory(range),
    taskMessages: (taskId) => engineService.engine.taskMessages(taskId),
    hasMessage: (id) => engineService.engine.hasMessage(id),
    get messageCount() {
      return engineService.engine.messageCount
    },
    get taskCount() {
      return engineService.engine.taskCount
    },
  }
  const n = c.config.network
  const network = net.createNetwork(
    {
      engine: port,
      logger: c.logger as unknown as import('@aimesh/network').Logger,
      libp2pMetrics: prometheusMetrics({
        registry,
        collectDefaultMetrics: false,
        preserveExistingMetrics: true,
      }),
      ...(c.metrics === null ? {} : { metrics: sinkFor(c.metrics) }),
      checkpoints: net.engineCheckpoints(() => engineService.engine, c.store),
    },
    {
      dataDir: c.config.networkDir,
      listen: n.listen,
      announce: n.announce,
      bootstrap: n.bootstrap,
      maxConnections: n.maxConnections,
      loopback: n.loopback,
      ...(n.peerKeySeed === undefined ? {} : { peerKeySeed: fromHex(n.peerKeySeed) }),
    },
  )
  network.addEventListener('peer:banned', (evt) => {
    c.events.emit('peer-banned', {
      peerId: evt.detail.peerId,
      reason: evt.detail.reason,
      until: evt.detail.until,
    })
  })
  network.addEventListener('sync:progress', (evt) => {
    c.events.emit('sync', { done: evt.detail.done, total: evt.detail.total, peer: null })
  })
  let peerId = ''
  return {
    name: 'network',
    registry,
    get peerId() {
      return peerId
    },
    async start() {
      await network.start(c.signal)
      peerId = network.peerId
    },
    async stop() {
      await network.stop()
    },
    addresses: () => (network.started ? network.multiaddrs : []),
    async publish(msg) {
      await network.publish(msg.bytes)
    },
    peers: (): PeerView[] =>
      network.started
        ? network.peers().map((p) => ({ peerId: p.id, addrs: p.addrs, score: p.score, quality: p.quality }))
        : [],
    meshPeers: () => {
      if (!network.started) return 0
      const pubsub = network.host.services.pubsub
      return Math.min(...network.topics.all().map((t) => pubsub.getMeshPeers(t).length))
    },
    bans: (): BanView[] =>
      network.started
        ? network.bans().map((b) => ({ peerId: b.peerId, reason: b.reason, until: b.until }))
        : [],
    async ban(id, reason, durationMs) {
      try {
        await network.ban(id, durationMs ?? net.BAN_DURATION_MS, reason)
      } catch (err) {
        throw new NodeError('BAD_INPUT', `cannot ban ${id}: ${(err as Error).message}`, 'peerId')
      }
    },
    async unban(id) {
      await network.unban(id)
    },
    syncLag: () => {
      if (!network.started) return null
      const statuses = [...network.reqresp.statuses().values()]
      if (statuses.length === 0) return null
      const ours = engineService.engine.messageCount
      return Math.max(0, ...statuses.map((s) => s.status.messages - ours))
    },
    async peerRoots() {
      if (!network.started) return []
      // A fresh status from every connected peer (the handshake's may predate a sync).
      const seen = new Map<string, import('@libp2p/interface').PeerId>()
      for (const conn of network.host.getConnections()) seen.set(conn.remotePeer.toString(), conn.remotePeer)
      const out: { peerId: string; stateRoot: string }[] = []
      for (const [id, peer] of seen) {
        const status = await network.reqresp.handshake(peer, c.signal)
        if (status !== null) out.push({ peerId: id, stateRoot: toHex(status.messageRoot) })
      }
      return out
    },
    async syncNow() {
      // One peer at a time, so the report says what each peer brought.
      const peers: SyncReport['peers'] = []
      for (const p of network.peers()) {
        const r = await network.sync.sync([p.id])
        peers.push({ peerId: p.id, tasks: r.tasks, messages: r.accepted })
      }
      return { peers }
    },
    connect: (address: string) => network.connect(address),
  }
}

const sinks = new WeakMap<Registry, PromMetricsSink>()

/** One sink per node registry (its metrics are made once and kept across restarts). */
function sinkFor(registry: Registry): PromMetricsSink {
  let s = sinks.get(registry)
  if (s === undefined) {
    s = new PromMetricsSink(registry)
    sinks.set(registry, s)
  }
  return s
}
