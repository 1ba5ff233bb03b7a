import { readTrustBackup, type TrustBackupManifest, writeTrustBackup } from './backup.js'
import type { TrustBatch } from './batch.js'
import { TrustStoreError } from './errors.js'
import { CURRENT_TRUST_SCHEMA_VERSION, type TrustDocument } from './migrations.js'
import { compareIds } from './state.js'
import { OverlayTransaction } from './transaction.js'
import type {
  ListUpdatesOptions,
  TrustBackendKind,
  TrustCounts,
  TrustScore,
  TrustStore,
  TrustStoreHealth,
  TrustTransaction,
  TrustUpdate,
  TrustUpdateListener,
} from './trust-store.js'
import {
  assertAccount,
  assertThreshold,
  assertTimestamp,
  checkListOptions,
  checkScore,
  checkUpdate,
} from './validate.js'

/**
 * The public TrustStore behaviour (validation, transactions, serialized writes, backups,
 * health) over a few storage primitives each backend supplies.
 */
export abstract class BaseTrustStore implements TrustStore {
  abstract readonly backend: TrustBackendKind
  readonly schemaVersion = CURRENT_TRUST_SCHEMA_VERSION
  private closed = false
  // Writes run one at a time: the file backend rewrites a whole file and level allocates
  // update sequence numbers, and both need the previous write finished first.
  private tail: Promise<unknown> = Promise.resolve()
  private readonly listeners = new Set<TrustUpdateListener>()

  /** `location` names the data (a path, or 'memory') in error messages. */
  constructor(protected readonly location: string) {}

  /** Committed score of one account. */
  protected abstract readScore(account: string): Promise<TrustScore | undefined>
  /** Every committed score, in any order. */
  protected abstract readAllScores(): Promise<TrustScore[]>
  /** Committed updates of one account, filtered and ordered. */
  protected abstract readUpdates(account: string, options: ListUpdatesOptions): Promise<TrustUpdate[]>
  /** Committed record counts. */
  protected abstract readCounts(): Promise<TrustCounts>
  /** Applies a batch atomically. */
  protected abstract writeBatch(batch: TrustBatch): Promise<void>
  /** Atomically deletes updates before `cutoff`; returns how many. */
  protected abstract removeUpdatesBefore(cutoff: number): Promise<number>
  /** A consistent export of all data. */
  protected abstract readDocument(): Promise<TrustDocument>
  /** Atomically replaces all data with `doc`. */
  protected abstract replaceDocument(doc: TrustDocument): Promise<void>
  /** Unix ms of the last backup, if any. */
  protected abstract readLastBackupAt(): Promise<number | null>
  /** Persists the time of the last backup. */
  protected abstract writeLastBackupAt(at: number): Promise<void>
  /** Bytes the data occupies. */
  protected abstract measureSize(): Promise<number>
  /** Releases backend resources. */
  protected abstract closeBackend(): Promise<void>

  /** Throws CLOSED once close() was called. */
  protected assertOpen(): void {
    if (this.closed) {
      throw new TrustStoreError(
        'CLOSED',
        `trust store at ${this.location} is closed; open it again to use it`,
      )
    }
  }

  /** Runs `fn` after every earlier write finished, and only if the store is still open. */
  protected exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(() => {
      this.assertOpen()
      return fn()
    })
    this.tail = run.catch(() => undefined)
    return run
  }

  private async commitBatch(batch: TrustBatch): Promise<void> {
    if (batch.scores.size === 0 && batch.updates.length === 0) return this.assertOpen()
    await this.exclusive(() => this.writeBatch(batch))
    if (batch.updates.length === 0) return
    for (const listener of this.listeners) {
      try {
        listener(batch.updates)
      } catch {
        // The commit already succeeded; a failing observer must not make it look failed.
      }
    }
  }

  private host() {
    return {
      readScore: (account: string) => {
        this.assertOpen()
        return this.readScore(account)
      },
      readUpdates: (account: string, options: ListUpdatesOptions) => {
        this.assertOpen()
        return this.readUpdates(account, options)
      },
      commitBatch: (batch: TrustBatch) => this.commitBatch(batch),
    }
  }

  /** Returns an account's trust, or undefined if it was never stored. */
  async getScore(account: string): Promise<TrustScore | undefined> {
    this.assertOpen()
    assertAccount(account)
    return this.readScore(account)
  }

  /** Stores (insert or replace) an account's trust. */
  async putScore(score: TrustScore): Promise<void> {
    const clean = checkScore(score)
    await this.commitBatch({ scores: new Map([[clean.account, clean]]), updates: [] })
  }

  /** Removes an account's trust; its update history stays. */
  async deleteScore(account: string): Promise<void> {
    assertAccount(account)
    await this.commitBatch({ scores: new Map([[account, null]]), updates: [] })
  }

  /** Appends a trust update event. */
  async recordUpdate(update: TrustUpdate): Promise<void> {
    await this.commitBatch({ scores: new Map(), updates: [checkUpdate(update)] })
  }

  /** Lists an account's updates in time order. */
  async listUpdates(account: string, options?: ListUpdatesOptions): Promise<TrustUpdate[]> {
    this.assertOpen()
    assertAccount(account)
    return this.readUpdates(account, checkListOptions(options))
  }

  /** Every stored score, ordered by account id. */
  async listScores(): Promise<TrustScore[]> {
    this.assertOpen()
    return (await this.readAllScores()).sort((a, b) => compareIds(a.account, b.account))
  }

  /** Scores at or above `threshold`, highest first (ties by account id). */
  async listAboveThreshold(threshold: number): Promise<TrustScore[]> {
    this.assertOpen()
    assertThreshold(threshold)
    const hits = (await this.readAllScores()).filter((s) => s.score >= threshold)
    return hits.sort((a, b) => b.score - a.score || compareIds(a.account, b.account))
  }

  /** Number of scores and updates. */
  async count(): Promise<TrustCounts> {
    this.assertOpen()
    return this.readCounts()
  }

  /** Starts a transaction; nothing it writes is visible outside until commit. */
  begin(): TrustTransaction {
    this.assertOpen()
    return new OverlayTransaction(this.host())
  }

  /** Reports reachability, counts, last backup and size; never throws. */
  async healthCheck(): Promise<TrustStoreHealth> {
    const health: TrustStoreHealth = {
      healthy: false,
      reachable: false,
      backend: this.backend,
      schemaVersion: this.schemaVersion,
      scoreCount: 0,
      updateCount: 0,
      lastBackupAt: null,
      sizeBytes: 0,
    }
    try {
      this.assertOpen()
      const counts = await this.readCounts()
      health.scoreCount = counts.scores
      health.updateCount = counts.updates
      health.lastBackupAt = await this.readLastBackupAt()
      health.sizeBytes = await this.measureSize()
      health.reachable = true
      health.healthy = true
    } catch (err) {
      health.error = err instanceof Error ? err.message : String(err)
    }
    return health
  }

  /** Deletes updates with a timestamp before `cutoff` (unix ms); returns how many. */
  async cleanupUpdatesBefore(cutoff: number): Promise<number> {
    assertTimestamp(cutoff, 'cutoff')
    return this.exclusive(() => this.removeUpdatesBefore(cutoff))
  }

  /** Writes a verified snapshot to `dir`, which must not exist yet. */
  async backup(dir: string): Promise<TrustBackupManifest> {
    return this.exclusive(async () => {
      const manifest = await writeTrustBackup(await this.readDocument(), dir, this.backend)
      await this.writeLastBackupAt(manifest.createdAt)
      return manifest
    })
  }

  /** Replaces all data with the backup in `dir` after verifying it; live data is untouched on failure. */
  async restore(dir: string): Promise<TrustBackupManifest> {
    this.assertOpen()
    const { doc, manifest } = await readTrustBackup(dir)
    await this.exclusive(() => this.replaceDocument(doc))
    return manifest
  }

  /** Subscribes to committed updates; returns the unsubscribe function. */
  onUpdates(listener: TrustUpdateListener): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  /** Waits for pending writes, then releases the backend; idempotent. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.tail
    this.listeners.clear()
    await this.closeBackend()
  }
}
