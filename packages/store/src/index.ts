/** @aimesh/store: LevelDB persistence — message log, records, indexes, cache, retention, backups, trust. */
export { type BackupOptions, type BackupStats, createBackup } from './backup/create.js'
export { BACKUP_KEY_LENGTH, createBackupKeyFile, readBackupKeyFile } from './backup/crypto.js'
export { type BackupFileEntry, type BackupManifest, MANIFEST_FILE } from './backup/manifest.js'
export { type RestoreOptions, type RestoreStats, restoreBackup } from './backup/restore.js'
export { type BackupListing, listBackups, rotateBackups } from './backup/rotate.js'
export { type BackupProblem, type BackupVerification, verifyBackup } from './backup/verify.js'
export type { CacheStats } from './cache.js'
export { COLUMN_NAMES, type Column, type ColumnName, DERIVED_COLUMNS } from './columns.js'
export { isStoreError, StoreError, type StoreErrorCode } from './errors.js'
export {
  EXPORT_COLUMNS,
  type PrunedMessage,
  type StateRecord,
  type TaskMessageEntry,
} from './history.js'
export { ACTIVE_STATUSES, INDEX_TAG, type IndexName, REPUTATION_MAX } from './indexes.js'
export type { IndexLocation, IndexProblem, IntegrityReport, RecordProblem } from './integrity.js'
export { ID_LENGTH, ZERO_ID } from './keys.js'
export type {
  EngineStateEntry,
  EvictedMessage,
  LoggedMessage,
  MessageWrite,
  RecordDelete,
  RecordPut,
} from './message-write.js'
export { CountingStoreMetrics, type StoreMetrics } from './metrics.js'
export { type Migration, type MigrationResult, SCHEMA_VERSION } from './migrations.js'
export { decodeRecordPut, encodeRecordPut, type RecordType, type RecordTypes } from './records.js'
export type { DisputeRepository } from './repositories/disputes.js'
export type { FraudRepository } from './repositories/fraud.js'
export type { MessageRepository, StoredMessage } from './repositories/messages.js'
export type { MinerRepository, ReputationEntry } from './repositories/miners.js'
export type { RewardRepository, UnclaimedReward } from './repositories/rewards.js'
export type { ListOptions } from './repositories/scan.js'
export type { SnapshotRepository } from './repositories/snapshots.js'
export type { SubmissionRepository, SubmissionValidation } from './repositories/submissions.js'
export type { StatusChange, StatusUpdate, TaskRepository } from './repositories/tasks.js'
export type { ValidationRepository } from './repositories/validations.js'
export { readStateFile, writeStateFile } from './state-file.js'
export {
  type CleanupStats,
  type CompactionStats,
  DEFAULT_CACHE_SIZE,
  StateStore,
  type StoreOptions,
} from './state-store.js'
export * from './trust/index.js'
