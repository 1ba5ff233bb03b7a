/** @aimesh/engine: validate and apply messages, task lifecycle, consensus, rewards, trust, fraud, disputes, state root. */
export {
  CHECKPOINT_FORMAT,
  CheckpointError,
  type CheckpointErrorCode,
  type CheckpointHeader,
  exportCheckpoint,
  type ImportOptions,
  type ImportReport,
  importCheckpoint,
  latestCertifiedEpoch,
  prunableMessageIds,
  writeCheckpointFile,
} from './checkpoint-state.js'
export type { Contribution, DerivedTask, FraudAlertDraft } from './derive/task.js'
export { PrunedStateError, type PrunedStateErrorCode } from './engine/frozen.js'
export {
  Engine,
  type EngineCounters,
  type EngineErrorSource,
  type EngineOptions,
  type EngineReadModel,
  type IngestStage,
  type IngestTiming,
} from './engine.js'
export {
  type CheckpointContent,
  type CheckpointStatus,
  checkpointCut,
  EpochChain,
  epochOf,
  epochStart,
  genesisSet,
  roundAt,
  type ValidatorSet,
} from './epochs.js'
export * from './errors.js'
export {
  type Certificate,
  type CertificateConflict,
  type FinalityResult,
  findCertificates,
  isSubset,
  nests,
  outcomeIds,
  outcomeRoot,
  type VoteInput,
} from './finality.js'
export * from './genesis.js'
export { ZERO_TASK_ID } from './ids.js'
export type { InventoryEntry, InventoryRange } from './inventory.js'
export * from './queries.js'
export { stateRoot, taskDigest } from './state-root.js'
export { LevelEngineStore } from './state-store-adapter.js'
export * from './store-port.js'
export { mirrorTrust, type TrustSink } from './trust-mirror.js'
export { type ValidationView, validateMessage } from './validate/index.js'
export { MAX_VERIFY_WORKERS, type SignatureCheck, VerifyPool } from './verify-pool.js'
export type { UnsignedFinding } from './votes.js'
export { MISSING_PARENT_CODES, waitsForParent } from './waits-for-parent.js'
