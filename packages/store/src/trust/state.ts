import { compareSequenced, type SequencedUpdate, selectUpdates, type TrustBatch } from './batch.js'
import { CURRENT_TRUST_SCHEMA_VERSION, TRUST_DOCUMENT_FORMAT, type TrustDocument } from './migrations.js'
import type { ListUpdatesOptions, TrustScore, TrustUpdate } from './trust-store.js'

/**
 * Trust data held in memory, immutable once built: `applied` returns a new state that shares
 * untouched parts, so the memory and file backends commit by swapping one reference.
 */
export class TrustState {
  private constructor(
    private readonly scores: ReadonlyMap<string, TrustScore>,
    private readonly updates: ReadonlyMap<string, readonly SequencedUpdate[]>,
    readonly updateCount: number,
    private readonly nextSeq: number,
  ) {}

  /** An empty state. */
  static empty(): TrustState {
    return new TrustState(new Map(), new Map(), 0, 0)
  }

  /** Builds a state from a validated document, keeping its update order. */
  static fromDocument(doc: TrustDocument): TrustState {
    const batch: TrustBatch = { scores: new Map(doc.scores.map((s) => [s.account, s])), updates: doc.updates }
    return TrustState.empty().applied(batch)
  }

  /** Returns a new state with `batch` applied; this state is unchanged. */
  applied(batch: TrustBatch): TrustState {
    const scores = new Map(this.scores)
    for (const [account, score] of batch.scores) {
      if (score === null) scores.delete(account)
      else scores.set(account, { ...score })
    }
    const updates = new Map(this.updates)
    let seq = this.nextSeq
    const touched = new Map<string, SequencedUpdate[]>()
    for (const update of batch.updates) {
      let list = touched.get(update.account)
      if (!list) {
        list = [...(updates.get(update.account) ?? [])]
        touched.set(update.account, list)
        updates.set(update.account, list)
      }
      list.push({ seq: seq++, update: { ...update } })
    }
    for (const list of touched.values()) list.sort(compareSequenced)
    return new TrustState(scores, updates, this.updateCount + batch.updates.length, seq)
  }

  /** Returns a new state without updates older than `cutoff`, and how many were dropped. */
  withoutUpdatesBefore(cutoff: number): { state: TrustState; removed: number } {
    let removed = 0
    const updates = new Map<string, readonly SequencedUpdate[]>()
    for (const [account, list] of this.updates) {
      const kept = list.filter((s) => s.update.timestamp >= cutoff)
      removed += list.length - kept.length
      if (kept.length > 0) updates.set(account, kept)
    }
    if (removed === 0) return { state: this, removed }
    return { state: new TrustState(this.scores, updates, this.updateCount - removed, this.nextSeq), removed }
  }

  /** One account's score (a copy), if stored. */
  getScore(account: string): TrustScore | undefined {
    const s = this.scores.get(account)
    return s ? { ...s } : undefined
  }

  /** Every score (copies), ordered by account. */
  listScores(): TrustScore[] {
    return [...this.scores.values()].map((s) => ({ ...s })).sort((a, b) => compareIds(a.account, b.account))
  }

  /** Number of stored scores. */
  get scoreCount(): number {
    return this.scores.size
  }

  /** One account's updates after filtering. */
  listUpdates(account: string, options: ListUpdatesOptions): TrustUpdate[] {
    return selectUpdates(this.updates.get(account) ?? [], options)
  }

  /** Everything as a document, updates in global time order. */
  toDocument(): TrustDocument {
    const all = [...this.updates.values()].flat().sort(compareSequenced)
    return {
      format: TRUST_DOCUMENT_FORMAT,
      schemaVersion: CURRENT_TRUST_SCHEMA_VERSION,
      scores: this.listScores(),
      updates: all.map((s) => ({ ...s.update })),
    }
  }
}

/** Orders account ids by code unit, the same for every backend and locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
