import type { TrustBackupManifest } from './backup.js'

/** Trust a fresh account starts with (DESIGN.md §6, seed TrustManager). */
export const DEFAULT_TRUST_SCORE = 0.5

/** Which persistence backend a trust store uses. */
export type TrustBackendKind = 'level' | 'file' | 'memory'

/** The persisted trust of one account (DESIGN.md §6: a score in [0,1] plus its history counts). */
export interface TrustScore {
  /** Account id: hex of a 32-byte ed25519 public key, or any non-empty string id. */
  account: string
  /** Trust in [0, 1]. */
  score: number
  verifiedSuccesses: number
  unverifiedSuccesses: number
  failures: number
  /** Unix ms of the last change. */
  lastUpdated: number
}

/** What moved an account's trust; mirrors the engine's trust rules. */
export type TrustUpdateKind =
  | 'verified-success'
  | 'unverified-success'
  | 'failure'
  | 'decay'
  | 'dispute'
  | 'genesis'
  | 'manual'

/** Every kind, for validation and tests. */
export const TRUST_UPDATE_KINDS: readonly TrustUpdateKind[] = [
  'verified-success',
  'unverified-success',
  'failure',
  'decay',
  'dispute',
  'genesis',
  'manual',
]

/** One recorded change of an account's trust. */
export interface TrustUpdate {
  account: string
  /** Signed change applied to the score, in [-1, 1]. */
  delta: number
  kind: TrustUpdateKind
  /** Free text for people (e.g. the task or dispute id). */
  reason?: string
  /** Unix ms. */
  timestamp: number
  /** Score after the change, in [0, 1]. */
  scoreAfter: number
}

/** Filters for an account's update history; results are ordered by time, then by insertion. */
export interface ListUpdatesOptions {
  /** Inclusive lower bound, unix ms. */
  since?: number
  /** Exclusive upper bound, unix ms. */
  until?: number
  /** At most this many results. */
  limit?: number
  /** Newest first (so `limit` keeps the latest). */
  newestFirst?: boolean
}

/** Record counts of a trust store. */
export interface TrustCounts {
  scores: number
  updates: number
}

/** Result of a health check; never thrown, so monitoring can always report it. */
export interface TrustStoreHealth {
  healthy: boolean
  reachable: boolean
  backend: TrustBackendKind
  schemaVersion: number
  scoreCount: number
  updateCount: number
  /** Unix ms of the last successful backup, or null if none was taken. */
  lastBackupAt: number | null
  /** Bytes the data occupies (file size for the file backend, key+value bytes otherwise). */
  sizeBytes: number
  /** Why the store is unhealthy, when it is. */
  error?: string
}

/** Writes and read-your-writes reads shared by a store and its transactions. */
export interface TrustWriter {
  /** Returns an account's trust, or undefined if it was never stored. */
  getScore(account: string): Promise<TrustScore | undefined>
  /** Stores (insert or replace) an account's trust. */
  putScore(score: TrustScore): Promise<void>
  /** Removes an account's trust; its update history stays. */
  deleteScore(account: string): Promise<void>
  /** Appends a trust update event. */
  recordUpdate(update: TrustUpdate): Promise<void>
  /** Lists an account's updates in time order. */
  listUpdates(account: string, options?: ListUpdatesOptions): Promise<TrustUpdate[]>
}

/** A unit of writes applied all together or not at all. */
export interface TrustTransaction extends TrustWriter {
  /** 'open' until commit or rollback. */
  readonly status: 'open' | 'committed' | 'rolled-back'
  /** Applies every write of this transaction atomically. */
  commit(): Promise<void>
  /** Discards every write of this transaction. */
  rollback(): void
}

/** Called after a commit that recorded updates, with those updates in order. */
export type TrustUpdateListener = (updates: readonly TrustUpdate[]) => void

/** Persistence for trust scores and their update history (DESIGN.md §7, seed 004). */
export interface TrustStore extends TrustWriter {
  readonly backend: TrustBackendKind
  /** Schema version of the data as opened (after migrations). */
  readonly schemaVersion: number
  /** Every stored score, ordered by account id. */
  listScores(): Promise<TrustScore[]>
  /** Scores at or above `threshold` (the design's gates are ≥), highest first. */
  listAboveThreshold(threshold: number): Promise<TrustScore[]>
  /** Number of scores and updates. */
  count(): Promise<TrustCounts>
  /** Starts a transaction; nothing it writes is visible outside until commit. */
  begin(): TrustTransaction
  /** Reports reachability, counts, last backup and size; never throws. */
  healthCheck(): Promise<TrustStoreHealth>
  /** Deletes updates with a timestamp before `cutoff` (unix ms); returns how many. */
  cleanupUpdatesBefore(cutoff: number): Promise<number>
  /** Writes a verified snapshot to `dir`, which must not exist yet. */
  backup(dir: string): Promise<TrustBackupManifest>
  /** Replaces all data with the backup in `dir` after verifying it; live data is untouched on failure. */
  restore(dir: string): Promise<TrustBackupManifest>
  /** Subscribes to committed updates; returns the unsubscribe function. */
  onUpdates(listener: TrustUpdateListener): () => void
  /** Releases files, locks and (if owned) the database; further calls fail with CLOSED. */
  close(): Promise<void>
}

/** A new account's trust record at the default score. */
export function newTrustScore(account: string, now: number = Date.now()): TrustScore {
  return {
    account,
    score: DEFAULT_TRUST_SCORE,
    verifiedSuccesses: 0,
    unverifiedSuccesses: 0,
    failures: 0,
    lastUpdated: now,
  }
}
