/**
 * The network's typed events (STYLE: typed events on the facade): peers coming and going, bans,
 * messages the engine accepted from gossip, and sync progress.
 */
import type { GossipTopicName } from '@aimesh/protocol'
import type { Ban } from './scoring/ban-book.js'

/** A peer connected or disconnected. */
export interface PeerEvent {
  peerId: string
}

/** A message the engine accepted from gossip. */
export interface GossipMessageEvent {
  topic: GossipTopicName
  /** The peer that relayed it to us. */
  from: string
  /** The exact envelope bytes. */
  envelope: Uint8Array
}

/** Progress of a sync run (the sync scheduler fills it in). */
export interface SyncProgressEvent {
  phase: string
  done: number
  total: number
}

export interface NetworkEvents {
  'peer:connect': CustomEvent<PeerEvent>
  'peer:disconnect': CustomEvent<PeerEvent>
  'peer:banned': CustomEvent<Ban>
  'gossip:accepted': CustomEvent<GossipMessageEvent>
  'sync:progress': CustomEvent<SyncProgressEvent>
}
