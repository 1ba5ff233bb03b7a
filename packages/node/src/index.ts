/** @aimesh/node: createNode(), config, genesis, keystore, HTTP API, metrics, backups and recovery. */
import '@aimesh/protocol'

export {
  type ActionResult,
  DEFAULT_TASK_PHASES,
  NodeActions,
  type ProfileInput,
  type PublishTaskInput,
} from './actions.js'
export {
  type BackupSummary,
  createBackup,
  type HomeOptions,
  listBackups,
  repair,
  restoreBackup,
  verifyBackup,
} from './backups-home.js'
export { BlobStore, MAX_BLOB_BYTES } from './blobs.js'
export {
  configFromEnvironment,
  DEFAULT_API_PORT,
  DEFAULT_P2P_PORT,
  defaultHome,
  ENVIRONMENT,
  type LoadConfigOptions,
  loadConfig,
  mergeConfig,
  type NodeConfig,
  type NodeConfigInput,
  resolveConfig,
} from './config.js'
export {
  bindDataDirGenesis,
  DATA_DIR_GENESIS_FILE,
  type GenesisMismatch,
  GenesisMismatchError,
} from './data-dir-genesis.js'
export { consensusVoteDuty, type VoteDuty } from './duties.js'
export { isNodeError, NodeError, NodeErrorCode } from './errors.js'
export {
  EVENT_NAMES,
  type MessageSource,
  type NodeEventMap,
  type NodeEventName,
  NodeEvents,
  type OutcomeState,
} from './events.js'
export {
  GENESIS_FILE_VERSION,
  GENESIS_FORMAT,
  type GenesisFile,
  type GenesisInit,
  genesisToFile,
  type LoadedGenesis,
  loadGenesisFile,
  makeGenesis,
  parseGenesis,
  writeGenesisFile,
} from './genesis-file.js'
export {
  type AccountsOptions,
  accountExport,
  accountImport,
  accountList,
  accountNew,
  type InitOptions,
  type InitResult,
  init,
  readApiToken,
  writeApiToken,
} from './home.js'
export { type Json, toJson } from './json.js'
export { ROLES, type Role } from './keystore/key-file.js'
export {
  type AccountInfo,
  Keystore,
  type KeystoreAccount,
  type KeystoreOptions,
} from './keystore/keystore.js'
export { createLogger } from './logger.js'
export {
  AimeshNode,
  createNode,
  type Health,
  type NetworkFactoryComponents,
  type NodeOptions,
} from './node.js'
export { type OutcomeView, outcomeOf } from './outcome.js'
export { type OffThreadWorkOptions, solveProfileWorkOffThread } from './profile-work.js'
export { derivedDigest, NodeQueries, type TaskFilter } from './queries.js'
export { type RecoverOptions, type RecoveryReport, recover } from './recover.js'
export type { BackupStatus } from './services/backups.js'
export type { IntegrityStatus } from './services/integrity.js'
export type { BanView, NodeNetwork, PeerView, SyncReport } from './services/network.js'
export type { Clock, Logger, Service } from './services/service.js'
export {
  TESTNET_PARAMS,
  testnetAccount,
  testnetPeerKeySeed,
  testnetSeed,
  testnetValidator,
} from './testnet.js'
