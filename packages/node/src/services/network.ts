/**
 * The network as the node sees it (DESIGN §8): start/stop, gossip of the node's accepted
 * messages, peers with their scores, bans, and how far sync lags. `network: false` leaves it out
 * (embedding, tests); otherwise it wraps @aimesh/network's facade.
 */
import type { AnySignedMessage } from '@aimesh/protocol'
import type { Registry } from 'prom-client'
import type { Service } from './service.js'

/** One connected peer. */
export interface PeerView {
  peerId: string
  addrs: string[]
  /** Short-term score (−100…100). */
  score: number
  /** Long-term reliability/responsiveness/data-quality score (0…1), when known. */
  quality: number | null
}

/** One banned peer. */
export interface BanView {
  peerId: string
  reason: string
  until: number | null
}

/** What the node needs from its network. */
export interface NodeNetwork extends Service {
  readonly peerId: string
  /** libp2p's own metrics (a registry per start), served beside the node's on /metrics. */
  readonly registry?: Registry
  /** Dials a peer by multiaddr (with /p2p/<id>); resolves with its peer id. */
  connect(address: string): Promise<string>
  /** Multiaddrs the node listens on (with /p2p/<peerId>). */
  addresses(): string[]
  /** Gossips a message this node accepted. */
  publish(msg: AnySignedMessage): Promise<void>
  peers(): PeerView[]
  /** Fewest gossip mesh peers over our topics (0 until meshes form): 'ready to gossip' when > 0. */
  meshPeers(): number
  bans(): BanView[]
  ban(peerId: string, reason: string, durationMs?: number): Promise<void>
  unban(peerId: string): Promise<void>
  /** Tasks known to differ from peers (0 when in sync), or null before the first exchange. */
  syncLag(): number | null
  /** The state roots peers reported, by peer id (recovery compares against them). */
  peerRoots(): Promise<{ peerId: string; stateRoot: string }[]>
  /** Pulls whatever peers hold that this node lacks; resolves when a pass is done. */
  syncNow(signal?: AbortSignal): Promise<SyncReport>
}

/** What one sync pass brought, by peer. */
export interface SyncReport {
  peers: { peerId: string; tasks: number; messages: number }[]
}
