/** Helpers shared by repositories for reading index keys. */
import type { StoreCore } from '../core.js'
import { type IndexName, indexPrefix } from '../indexes.js'
import { ID_LENGTH, prefixRange } from '../keys.js'

/** Paging for list queries: at most `limit` results. */
export interface ListOptions {
  limit?: number
}

/** The trailing 32-byte id of an index key. */
export function trailingId(indexKey: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(indexKey.subarray(indexKey.length - ID_LENGTH))
}

/** Index keys under `name ‖ fields…`, in key order. */
export function scanIndex(
  core: StoreCore,
  name: IndexName,
  fields: Uint8Array[],
  options: ListOptions = {},
): Promise<Uint8Array[]> {
  const range = prefixRange(indexPrefix(name, ...fields))
  return core.keys('indexes', options.limit === undefined ? range : { ...range, limit: options.limit })
}

/** The trailing ids of the index keys under `name ‖ fields…`. */
export async function scanIds(
  core: StoreCore,
  name: IndexName,
  fields: Uint8Array[],
  options: ListOptions = {},
): Promise<Uint8Array<ArrayBuffer>[]> {
  return (await scanIndex(core, name, fields, options)).map(trailingId)
}
