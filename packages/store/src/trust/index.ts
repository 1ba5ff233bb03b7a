export {
  listTrustBackups,
  nextTrustBackupDir,
  readTrustBackup,
  rotateTrustBackups,
  TRUST_BACKUP_DATA,
  TRUST_BACKUP_FORMAT,
  TRUST_BACKUP_MANIFEST,
  TRUST_BACKUP_PREFIX,
  type TrustBackupManifest,
  verifyTrustBackup,
  writeTrustBackup,
} from './backup.js'
export { isTrustStoreError, TrustStoreError, type TrustStoreErrorCode } from './errors.js'
export { TRUST_LOCK_FILE } from './file-lock.js'
export { FileTrustStore, TRUST_DATA_FILE } from './file-trust-store.js'
export {
  type LevelDatabase,
  type LevelSublevel,
  LevelTrustStore,
  type LevelTrustStoreOptions,
} from './level-trust-store.js'
export { MemoryTrustStore } from './memory-trust-store.js'
export {
  CURRENT_TRUST_SCHEMA_VERSION,
  migrateDocument,
  parseTrustDocument,
  type RawTrustDocument,
  TRUST_DOCUMENT_FORMAT,
  TRUST_MIGRATIONS,
  type TrustDocument,
  type TrustMigration,
} from './migrations.js'
export { type OpenTrustStoreOptions, openTrustStore } from './open.js'
export {
  DEFAULT_TRUST_BACKUP_EVERY_UPDATES,
  DEFAULT_TRUST_BACKUP_INTERVAL_MS,
  DEFAULT_TRUST_BACKUPS_KEPT,
  MIN_CHANGE_BACKUP_INTERVAL_MS,
  type ScheduledTrustBackup,
  SIGNIFICANT_TRUST_DELTA,
  type TrustBackupReason,
  TrustBackupScheduler,
  type TrustBackupSchedulerOptions,
} from './scheduler.js'
export {
  DEFAULT_TRUST_SCORE,
  type ListUpdatesOptions,
  newTrustScore,
  TRUST_UPDATE_KINDS,
  type TrustBackendKind,
  type TrustCounts,
  type TrustScore,
  type TrustStore,
  type TrustStoreHealth,
  type TrustTransaction,
  type TrustUpdate,
  type TrustUpdateKind,
  type TrustUpdateListener,
  type TrustWriter,
} from './trust-store.js'
export { MAX_ACCOUNT_ID_BYTES } from './validate.js'
