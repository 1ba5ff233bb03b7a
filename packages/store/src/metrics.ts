/**
 * Store metrics as an interface (STYLE: metrics | null passed in); the node wires it to prom-client.
 */
import type { ColumnName } from './columns.js'

/** What the store reports; every method must be cheap and must not throw. */
export interface StoreMetrics {
  /** A point read or scan on `column` took `seconds`. */
  onRead(column: ColumnName, seconds: number): void
  /** A batch wrote `ops` puts/deletes to `column`; the whole batch took `seconds`. */
  onWrite(column: ColumnName, ops: number, seconds: number): void
  /** A cache lookup for `column` hit or missed. */
  onCache(column: ColumnName, hit: boolean): void
}

/** Per-column counters kept in memory; usable as a StoreMetrics in tests and by the node. */
export class CountingStoreMetrics implements StoreMetrics {
  readonly reads = new Map<ColumnName, { count: number; seconds: number }>()
  readonly writes = new Map<ColumnName, { ops: number; seconds: number }>()
  readonly cache = new Map<ColumnName, { hits: number; misses: number }>()

  /** Records a read. */
  onRead(column: ColumnName, seconds: number): void {
    const r = this.reads.get(column) ?? { count: 0, seconds: 0 }
    r.count++
    r.seconds += seconds
    this.reads.set(column, r)
  }

  /** Records a write. */
  onWrite(column: ColumnName, ops: number, seconds: number): void {
    const w = this.writes.get(column) ?? { ops: 0, seconds: 0 }
    w.ops += ops
    w.seconds += seconds
    this.writes.set(column, w)
  }

  /** Records a cache lookup. */
  onCache(column: ColumnName, hit: boolean): void {
    const c = this.cache.get(column) ?? { hits: 0, misses: 0 }
    if (hit) c.hits++
    else c.misses++
    this.cache.set(column, c)
  }
}

/** Seconds since `start` (from performance.now()). */
export function since(start: number): number {
  return (performance.now() - start) / 1000
}
