/**
 * Test helpers for @aimesh/store (the `@aimesh/store/testing` entry, never the public index): ways
 * to leave a store in the states a crash or a bad disk leaves, without reaching into its internals
 * from other packages.
 */
import type { ColumnName } from './columns.js'
import type { RawOp } from './core.js'
import type { StateStore } from './state-store.js'

/**
 * Deletes the keys of a column that `pick` selects (all by default; `pick` gets the key and its
 * position in key order) in one batch serialized with other writes, then clears the cache: what a
 * repair killed after some of its delete batches leaves. Returns how many keys went.
 */
export async function deleteColumnKeys(
  store: StateStore,
  column: ColumnName,
  pick: (key: Uint8Array, index: number) => boolean = () => true,
): Promise<number> {
  const core = store.core
  const keys = (await core.keys(column, {})).filter(pick)
  await core.mutex.run(() => core.batch(keys.map((key): RawOp => ({ type: 'del', column, key }))))
  core.cache.clear()
  return keys.length
}

/**
 * Puts (or, with null, deletes) one raw entry of a column, serialized with other writes, then
 * clears the cache: a record or state entry damaged or lost behind the store's back.
 */
export async function setRawEntry(
  store: StateStore,
  column: ColumnName,
  key: Uint8Array,
  value: Uint8Array | null,
): Promise<void> {
  const core = store.core
  const op: RawOp = value === null ? { type: 'del', column, key } : { type: 'put', column, key, value }
  await core.mutex.run(() => core.batch([op]))
  core.cache.clear()
}
