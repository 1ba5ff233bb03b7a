/**
 * Bounded LRU of hot records, holding ENCODED bytes: callers get a fresh decoded object every time,
 * so mutating a returned record can never corrupt the "previous version" the index diff reads.
 */
import { LRUCache } from 'lru-cache'
import type { ColumnName } from './columns.js'
import { hex } from './keys.js'

/** Marks a key known to be absent (a record can legitimately encode to zero bytes). */
export const ABSENT: unique symbol = Symbol('absent')

/** A cached value: the stored bytes, or known absence. */
export type CachedValue = Uint8Array | typeof ABSENT

/** Hit/miss counts since open. */
export interface CacheStats {
  hits: number
  misses: number
  size: number
  max: number
}

/** The record cache; `max` is an entry count. */
export class RecordCache {
  readonly #lru: LRUCache<string, CachedValue> | undefined
  readonly #max: number
  hits = 0
  misses = 0

  constructor(max: number) {
    this.#max = max
    this.#lru = max > 0 ? new LRUCache<string, CachedValue>({ max }) : undefined
  }

  /** The cached value, or undefined on a miss (counted). */
  get(column: ColumnName, key: Uint8Array): CachedValue | undefined {
    return this.getById(cacheKey(column, key))
  }

  /** Like `get`, by an id from `cacheKey` (the write path computes each id once). */
  getById(id: string): CachedValue | undefined {
    const v = this.#lru?.get(id)
    if (v === undefined) this.misses++
    else this.hits++
    return v
  }

  /** Stores a value after it is durable. */
  set(column: ColumnName, key: Uint8Array, value: CachedValue): void {
    this.#lru?.set(cacheKey(column, key), value)
  }

  /** Like `set`, by an id from `cacheKey`. */
  setById(id: string, value: CachedValue): void {
    this.#lru?.set(id, value)
  }

  /** Drops everything (after restore, repair or bulk deletes). */
  clear(): void {
    this.#lru?.clear()
  }

  /** Current counts. */
  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, size: this.#lru?.size ?? 0, max: this.#max }
  }
}

/** The cache's key of one record: column and primary key. */
export function cacheKey(column: ColumnName, key: Uint8Array): string {
  return `${column}:${hex(key)}`
}
