/**
 * Paged inventory (DESIGN §4 `inventory`: task ids and digests in a range, for anti-entropy): the
 * tasks whose id lies in [from, to), in ascending id order, at most `limit` of them, the same
 * range a peer's InventoryRequest names.
 */
import { hex } from './ids.js'

/** One task's entry: its id, the digest over its sorted message ids, its message count. */
export interface InventoryEntry {
  taskId: Uint8Array
  digest: Uint8Array
  messages: number
}

/** A range of task ids; every bound optional. */
export interface InventoryRange {
  /** Lowest task id included (bytewise order). */
  from?: Uint8Array
  /** First task id excluded; absent or empty = no upper bound. */
  to?: Uint8Array
  /** Most entries returned; absent = all. */
  limit?: number
}

/** What the inventory reads of a task. */
export interface InventoryTask {
  readonly hex: string
  readonly id: Uint8Array
  readonly digest: Uint8Array
  readonly ids: { readonly length: number }
}

/**
 * The entries of `tasks` inside `range`, sorted by id. Lowercase hex of bytes sorts as the bytes
 * do (two characters per byte, a prefix stays a prefix), so bounds compare as hex strings.
 */
export function selectInventory(
  tasks: Iterable<InventoryTask>,
  range: InventoryRange = {},
): InventoryEntry[] {
  const limit = range.limit ?? Number.POSITIVE_INFINITY
  if (!(limit >= 0)) throw new RangeError(`inventory limit must be a non-negative number, got ${range.limit}`)
  const from = range.from === undefined ? '' : hex(range.from)
  const to = range.to === undefined || range.to.length === 0 ? undefined : hex(range.to)
  const inRange: InventoryTask[] = []
  for (const t of tasks) if (t.hex >= from && (to === undefined || t.hex < to)) inRange.push(t)
  inRange.sort((a, b) => (a.hex < b.hex ? -1 : 1))
  return inRange
    .slice(0, Math.min(limit, inRange.length))
    .map((t) => ({ taskId: t.id, digest: t.digest, messages: t.ids.length }))
}
