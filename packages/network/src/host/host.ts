/**
 * The libp2p 3 host (DESIGN §3, §8): TCP, Noise, Yamux, identify, ping, kad-dht and gossipsub,
 * with the peer store persisted in the network's own LevelDB directory, connection limits, the
 * loopback settings a local testnet needs and a connection gater that enforces bans.
 *
 * This is the only module that imports a gossipsub implementation: the rest of the package sees
 * the narrow `GossipRouter` below, so swapping `@libp2p/gossipsub` back to ChainSafe's package
 * (once it supports libp2p 3) is an edit here only.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { GossipsubMessage, GossipsubOpts, Message } from '@libp2p/gossipsub'
import { gossipsub, StrictNoSign, TopicValidatorResult } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import type { ConnectionGater, Libp2p, PeerId, PrivateKey, TypedEventTarget } from '@libp2p/interface'
import { type KadDHT, kadDHT, passthroughMapper, removePrivateAddressesMapper } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import type { LevelDatastore } from 'datastore-level'
import { createLibp2p, type Libp2pOptions } from 'libp2p'

export { TopicValidatorResult }

/** Gossip verdicts as gossipsub takes them. */
export type GossipAcceptance = TopicValidatorResult

/** A gossipsub message as the pipeline sees it: who relayed it, its id and its topic and data. */
export interface GossipDelivery {
  readonly propagationSource: PeerId
  readonly msgId: string
  readonly msg: Message
}

/** The gossipsub surface the rest of the package uses (the exported type lacks the validation report). */
export interface GossipRouter extends TypedEventTarget<{ 'gossipsub:message': CustomEvent<GossipDelivery> }> {
  subscribe(topic: string): void
  unsubscribe(topic: string): void
  getTopics(): string[]
  getSubscribers(topic: string): PeerId[]
  getMeshPeers(topic: string): string[]
  getPeers(): PeerId[]
  getScore(peerId: string): number
  publish(topic: string, data: Uint8Array): Promise<{ recipients: PeerId[] }>
  reportMessageValidationResult(msgId: string, propagationSource: string, acceptance: GossipAcceptance): void
}

/** What the gossip layer decides about gossipsub (message ids, application score, options). */
export interface GossipConfig {
  /** The gossipsub message id: a hash of the topic and the whole envelope (DESIGN §4). */
  msgId(topic: string, data: Uint8Array): Uint8Array
  /** The application-specific score of a peer (the short-term action score, DESIGN §8). */
  appScore(peerId: string): number
  /** Largest message gossipsub decodes (the envelope limit). */
  maxMessageBytes: number
  /** Extra gossipsub options (mesh degrees, heartbeat) for tests and benches. */
  tuning?: Partial<
    Pick<GossipsubOpts, 'D' | 'Dlo' | 'Dhi' | 'heartbeatInterval' | 'mcacheLength' | 'seenTTL'>
  >
}

/** The services the host runs. */
export type HostServices = {
  identify: unknown
  ping: unknown
  dht: KadDHT
  pubsub: GossipRouter
}

export type Host = Libp2p<HostServices>

/** How to build the host. */
export interface HostInit {
  networkId: string
  privateKey: PrivateKey
  /** The network's own LevelDB datastore (peer store, DHT records, bans and peer quality). */
  datastore: LevelDatastore
  listen: string[]
  announce: string[]
  maxConnections: number
  /**
   * Loopback testnet: keep private addresses in the DHT, exempt 127.0.0.1 from gossipsub's
   * IP-colocation penalty and from the per-host inbound connection limit (DESIGN §8).
   */
  loopback: boolean
  gater: ConnectionGater
  gossip: GossipConfig
  /** libp2p metrics (the node passes @libp2p/prometheus-metrics over its own registry). */
  metrics?: Libp2pOptions['metrics']
}

/** Gossipsub score thresholds over the application score (−100…100, DESIGN §8). */
const SCORE_THRESHOLDS = {
  /** No gossip to or from a peer at the disconnect threshold. */
  gossipThreshold: -20,
  publishThreshold: -30,
  /** Everything from a peer at the ban threshold is dropped unread. */
  graylistThreshold: -50,
  acceptPXThreshold: 50,
  opportunisticGraftThreshold: 1,
}

/** Concurrent ping streams per connection each way (DHT liveness checks and the connection monitor). */
const PING_STREAMS = 4

/** Loopback IPs every node of a local testnet shares (IP colocation and per-host limits exempt them). */
const LOOPBACK_IPS = ['127.0.0.1', '::1']
const LOOPBACK_NETS = ['/ip4/127.0.0.0/ipcidr/8', '/ip6/::1/ipcidr/128']

/** Builds (but does not start) the libp2p host. */
export async function createHost(init: HostInit): Promise<Host> {
  const { gossip } = init
  const node = await createLibp2p({
    privateKey: init.privateKey,
    datastore: init.datastore,
    start: false,
    addresses: { listen: init.listen, announce: init.announce },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: init.gater,
    connectionManager: {
      maxConnections: init.maxConnections,
      ...(init.loopback ? { allow: LOOPBACK_NETS } : {}),
    },
    // libp2p's monitor aborts a connection on one failed ping. A ping that times out on a busy host,
    // or is refused because the DHT's own ping holds the protocol's one outbound stream, would then
    // cut a gossip mesh link and lose what was sent on it. Liveness is a small penalty in the peer
    // score, never a hang-up on its own (DESIGN §8); the monitor still measures round trips.
    connectionMonitor: { abortConnectionOnPingFailure: false },
    ...(init.metrics === undefined ? {} : { metrics: init.metrics }),
    services: {
      identify: identify(),
      // The DHT and the connection monitor both ping: one outbound stream each is too few.
      ping: ping({ maxOutboundStreams: PING_STREAMS, maxInboundStreams: PING_STREAMS }),
      dht: kadDHT({
        protocol: `/aimesh/${init.networkId}/kad/1.0.0`,
        clientMode: false,
        // The default mapper strips 127.0.0.1, which leaves a loopback testnet with no routes.
        peerInfoMapper: init.loopback ? passthroughMapper : removePrivateAddressesMapper,
        allowQueryWithZeroPeers: true,
      }),
      pubsub: gossipsub({
        globalSignaturePolicy: StrictNoSign,
        asyncValidation: true,
        fallbackToFloodsub: false,
        emitSelf: false,
        allowPublishToZeroTopicPeers: true,
        msgIdFn: (msg) => gossip.msgId(msg.topic, msg.data),
        maxInboundDataLength: gossip.maxMessageBytes,
        scoreParams: {
          appSpecificScore: (peerId) => gossip.appScore(peerId),
          appSpecificWeight: 1,
          ...(init.loopback ? { IPColocationFactorWhitelist: new Set(LOOPBACK_IPS) } : {}),
        },
        scoreThresholds: SCORE_THRESHOLDS,
        ...gossip.tuning,
        // The exported type lacks reportMessageValidationResult, which the class has (DESIGN §3).
      }) as unknown as () => GossipRouter,
    },
  })
  return node as unknown as Host
}

/** The gossipsub event carrying a message with its id and relay (re-exported shape). */
export type GossipsubMessageEvent = CustomEvent<GossipsubMessage>
