/** @aimesh/network: libp2p host, gossip pipeline, peer scoring and bans, the network facade. */
export type { GossipMessageEvent, NetworkEvents, PeerEvent, SyncProgressEvent } from './events.js'
export { GossipTopics, gossipMessageId } from './gossip/topics.js'
export {
  createNetwork,
  Network,
  type NetworkComponents,
  type NetworkInit,
  type PeerInfo,
} from './network.js'
export * from './ports.js'
export {
  ACTION_DELTA,
  BAN_DURATION_MS,
  BAN_THRESHOLD,
  DISCONNECT_THRESHOLD,
  HALF_LIFE_MS,
} from './scoring/action-score.js'
export type { Ban } from './scoring/ban-book.js'
export {
  CHECKPOINT_PENALTY,
  CHECKPOINT_WAIT_MS,
  type CheckpointJoinInit,
  type CheckpointJoinResult,
  type RefusedCheckpoint,
} from './sync/checkpoint-join.js'
export { engineCheckpoints } from './sync/checkpoint-source.js'
export { joiningEngine } from './sync/joining-engine.js'
export {
  commitStagedState,
  holdsHistory,
  recoverStagedState,
  type StagedPaths,
  type StagedRecovery,
  stagedPaths,
} from './sync/staged-state.js'
