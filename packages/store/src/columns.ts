/**
 * Column families as sublevels. A name is never reused once retired (renaming one is a migration),
 * because its prefix is what identifies the bytes on disk.
 */
import type { AbstractSublevel } from 'abstract-level'
import type { Level } from 'level'

/** The root database: binary keys and values everywhere. */
export type RootDb = Level<Uint8Array, Uint8Array>

/** A binary sublevel of the root database. */
export type Column = AbstractSublevel<RootDb, string | Buffer | Uint8Array, Uint8Array, Uint8Array>

/** Every column family, by the name used in metrics, manifests and integrity reports. */
export const COLUMN_NAMES = [
  'tasks',
  'transitions',
  'miners',
  'submissions',
  'validations',
  'rewards',
  'fraud',
  'behaviour',
  'metrics',
  'disputes',
  'indexes',
  'messages',
  'taskMessages',
  'trust',
  'trustUpdates',
  'meta',
  'engineState',
] as const

/** A column family name. */
export type ColumnName = (typeof COLUMN_NAMES)[number]

/**
 * Columns derived from the message log: `clearDerived()` wipes them and repair rebuilds them.
 * Metrics snapshots are node-local history that the log cannot reproduce, so they are kept.
 */
export const DERIVED_COLUMNS: readonly ColumnName[] = [
  'tasks',
  'transitions',
  'miners',
  'submissions',
  'validations',
  'rewards',
  'fraud',
  'behaviour',
  'disputes',
  'indexes',
  'engineState',
]

/** Sublevel handles plus each one's key prefix inside the root database (for raw root batches). */
export interface Columns {
  readonly root: RootDb
  readonly byName: Readonly<Record<ColumnName, Column>>
  readonly prefix: Readonly<Record<ColumnName, Uint8Array>>
}

const BINARY = { keyEncoding: 'view', valueEncoding: 'view' } as const

/** Creates the binary sublevels of `root`. */
export function openColumns(root: RootDb): Columns {
  const byName = {} as Record<ColumnName, Column>
  const prefix = {} as Record<ColumnName, Uint8Array>
  for (const name of COLUMN_NAMES) {
    const sub = root.sublevel<Uint8Array, Uint8Array>(name, BINARY) as Column
    byName[name] = sub
    // The prefix of an empty key is the sublevel's own prefix ("!name!" as bytes).
    prefix[name] = sub.prefixKey(new Uint8Array(0), 'view')
  }
  return { root, byName, prefix }
}

/** The column whose prefix starts `rootKey`, with the key inside the column (for snapshot scans of the root). */
export function splitRootKey(
  columns: Columns,
  rootKey: Uint8Array,
): { column: ColumnName; key: Uint8Array } | undefined {
  for (const name of COLUMN_NAMES) {
    const p = columns.prefix[name]
    if (rootKey.length < p.length) continue
    let match = true
    for (let i = 0; i < p.length; i++) {
      if (rootKey[i] !== p[i]) {
        match = false
        break
      }
    }
    if (match) return { column: name, key: rootKey.subarray(p.length) }
  }
  return undefined
}
