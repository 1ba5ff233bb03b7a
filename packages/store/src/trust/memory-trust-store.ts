import { BaseTrustStore } from './base-trust-store.js'
import type { TrustBatch } from './batch.js'
import type { TrustDocument } from './migrations.js'
import { TrustState } from './state.js'
import type { ListUpdatesOptions, TrustCounts, TrustScore, TrustUpdate } from './trust-store.js'

/** Trust store kept in process memory; for tests and throwaway nodes. Commits are copy-on-write. */
export class MemoryTrustStore extends BaseTrustStore {
  readonly backend = 'memory' as const
  private state = TrustState.empty()
  private lastBackupAt: number | null = null

  /** An empty in-memory store. */
  constructor() {
    super('memory')
  }

  /** An empty in-memory store (async to match the other backends' open). */
  static async open(): Promise<MemoryTrustStore> {
    return new MemoryTrustStore()
  }

  protected async readScore(account: string): Promise<TrustScore | undefined> {
    return this.state.getScore(account)
  }

  protected async readAllScores(): Promise<TrustScore[]> {
    return this.state.listScores()
  }

  protected async readUpdates(account: string, options: ListUpdatesOptions): Promise<TrustUpdate[]> {
    return this.state.listUpdates(account, options)
  }

  protected async readCounts(): Promise<TrustCounts> {
    return { scores: this.state.scoreCount, updates: this.state.updateCount }
  }

  protected async writeBatch(batch: TrustBatch): Promise<void> {
    this.state = this.state.applied(batch)
  }

  protected async removeUpdatesBefore(cutoff: number): Promise<number> {
    const { state, removed } = this.state.withoutUpdatesBefore(cutoff)
    this.state = state
    return removed
  }

  protected async readDocument(): Promise<TrustDocument> {
    return this.state.toDocument()
  }

  protected async replaceDocument(doc: TrustDocument): Promise<void> {
    this.state = TrustState.fromDocument(doc)
  }

  protected async readLastBackupAt(): Promise<number | null> {
    return this.lastBackupAt
  }

  protected async writeLastBackupAt(at: number): Promise<void> {
    this.lastBackupAt = at
  }

  protected async measureSize(): Promise<number> {
    return Buffer.byteLength(JSON.stringify(this.state.toDocument()))
  }

  protected async closeBackend(): Promise<void> {
    this.state = TrustState.empty()
  }
}
