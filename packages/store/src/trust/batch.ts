import type { ListUpdatesOptions, TrustScore, TrustUpdate } from './trust-store.js'

/** Pending writes: the last score written per account (null = deleted) and updates in order. */
export interface TrustBatch {
  scores: Map<string, TrustScore | null>
  updates: TrustUpdate[]
}

/** A batch with nothing in it. */
export function emptyBatch(): TrustBatch {
  return { scores: new Map(), updates: [] }
}

/** An update with its insertion sequence, which breaks timestamp ties. */
export interface SequencedUpdate {
  seq: number
  update: TrustUpdate
}

/** Orders updates by time, then by insertion. */
export function compareSequenced(a: SequencedUpdate, b: SequencedUpdate): number {
  return a.update.timestamp - b.update.timestamp || a.seq - b.seq
}

/** Applies `since`, `until`, `newestFirst` and `limit` to updates already in time order. */
export function selectUpdates(
  sorted: readonly SequencedUpdate[],
  options: ListUpdatesOptions,
): TrustUpdate[] {
  const since = options.since ?? Number.NEGATIVE_INFINITY
  const until = options.until ?? Number.POSITIVE_INFINITY
  const hits = sorted.filter((s) => s.update.timestamp >= since && s.update.timestamp < until)
  if (options.newestFirst) hits.reverse()
  const limited = options.limit === undefined ? hits : hits.slice(0, options.limit)
  return limited.map((s) => ({ ...s.update }))
}
