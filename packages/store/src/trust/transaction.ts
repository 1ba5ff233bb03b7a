import {
  compareSequenced,
  emptyBatch,
  type SequencedUpdate,
  selectUpdates,
  type TrustBatch,
} from './batch.js'
import { TrustStoreError } from './errors.js'
import type { ListUpdatesOptions, TrustScore, TrustTransaction, TrustUpdate } from './trust-store.js'
import { assertAccount, checkListOptions, checkScore, checkUpdate } from './validate.js'

/** What a transaction needs from its store: committed reads and one atomic batch write. */
export interface TransactionHost {
  readScore(account: string): Promise<TrustScore | undefined>
  readUpdates(account: string, options: ListUpdatesOptions): Promise<TrustUpdate[]>
  commitBatch(batch: TrustBatch): Promise<void>
}

/**
 * Buffers writes in a batch over the committed data; reads merge the two. Isolation is
 * read-committed with last-writer-wins at commit, which is all trust updates need: each is
 * derived from signed messages and reapplied on repair.
 */
export class OverlayTransaction implements TrustTransaction {
  private batch: TrustBatch = emptyBatch()
  private state: TrustTransaction['status'] = 'open'

  /** Starts a transaction against `host`. */
  constructor(private readonly host: TransactionHost) {}

  /** 'open' until commit or rollback. */
  get status(): TrustTransaction['status'] {
    return this.state
  }

  private assertOpen(action: string): void {
    if (this.state !== 'open') {
      throw new TrustStoreError(
        'TX_FINISHED',
        `cannot ${action}: the transaction was already ${this.state}; begin a new one`,
      )
    }
  }

  /** Returns the score as this transaction sees it. */
  async getScore(account: string): Promise<TrustScore | undefined> {
    this.assertOpen('read')
    assertAccount(account)
    const pending = this.batch.scores.get(account)
    if (pending !== undefined) return pending === null ? undefined : { ...pending }
    return this.host.readScore(account)
  }

  /** Buffers a score write. */
  async putScore(score: TrustScore): Promise<void> {
    this.assertOpen('write')
    const clean = checkScore(score)
    this.batch.scores.set(clean.account, clean)
  }

  /** Buffers a score deletion. */
  async deleteScore(account: string): Promise<void> {
    this.assertOpen('write')
    assertAccount(account)
    this.batch.scores.set(account, null)
  }

  /** Buffers an update event. */
  async recordUpdate(update: TrustUpdate): Promise<void> {
    this.assertOpen('write')
    this.batch.updates.push(checkUpdate(update))
  }

  /** Lists committed updates merged with this transaction's own, in time order. */
  async listUpdates(account: string, options?: ListUpdatesOptions): Promise<TrustUpdate[]> {
    this.assertOpen('read')
    assertAccount(account)
    const opts = checkListOptions(options)
    const base = await this.host.readUpdates(account, opts)
    if (opts.newestFirst) base.reverse()
    const since = opts.since ?? Number.NEGATIVE_INFINITY
    const until = opts.until ?? Number.POSITIVE_INFINITY
    const pending = this.batch.updates.filter(
      (u) => u.account === account && u.timestamp >= since && u.timestamp < until,
    )
    // Committed updates precede pending ones in insertion order, as they will after commit.
    const merged: SequencedUpdate[] = [...base, ...pending].map((update, seq) => ({ seq, update }))
    merged.sort(compareSequenced)
    return selectUpdates(merged, { newestFirst: opts.newestFirst, limit: opts.limit })
  }

  /** Applies every buffered write atomically; the transaction is finished either way. */
  async commit(): Promise<void> {
    this.assertOpen('commit')
    this.state = 'committed'
    const batch = this.batch
    this.batch = emptyBatch()
    try {
      await this.host.commitBatch(batch)
    } catch (err) {
      this.state = 'rolled-back'
      throw err
    }
  }

  /** Discards every buffered write. */
  rollback(): void {
    this.assertOpen('roll back')
    this.state = 'rolled-back'
    this.batch = emptyBatch()
  }
}
