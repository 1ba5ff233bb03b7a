/**
 * Schema versions in `meta`. Pending migrations run at open and commit as ONE batch together with
 * the new version number, so a crash leaves either the old schema or the new one, never a mix.
 */
import type { RawOp, StoreCore } from './core.js'
import { StoreError } from './errors.js'
import { readU32, u32 } from './keys.js'

/** The schema this build writes and reads. */
export const SCHEMA_VERSION = 1

/** One step from schema `from` to `from + 1`: returns the ops that rewrite the data. */
export interface Migration {
  from: number
  description: string
  plan(core: StoreCore): Promise<RawOp[]>
}

/** Built-in migrations (none yet: version 1 is the first schema). */
export const MIGRATIONS: readonly Migration[] = []

/** meta key of the schema version. */
export const SCHEMA_META_KEY: Uint8Array = new TextEncoder().encode('schemaVersion')

/** What open() did about the schema. */
export interface MigrationResult {
  from: number | undefined
  to: number
  applied: string[]
}

/** The stored schema version, or undefined for a store that never recorded one. */
export async function readSchemaVersion(core: StoreCore): Promise<number | undefined> {
  const v = await core.readUncached('meta', SCHEMA_META_KEY)
  return v === undefined ? undefined : readU32(v, 0)
}

/** The error for data written by a newer aimesh. */
export function schemaTooNew(found: number, supported: number, where: string): StoreError {
  return new StoreError(
    'SCHEMA_TOO_NEW',
    `${where} uses store schema v${found}, but this aimesh supports up to v${supported}; upgrade aimesh to open it (nothing was changed)`,
  )
}

/**
 * Brings the schema to `target`: fresh (empty) stores are stamped, older ones migrated in one batch.
 * OPEN_FAILED for a store with data but no version (an interrupted restore, or not an aimesh store).
 */
export async function migrate(
  core: StoreCore,
  where: string,
  target: number = SCHEMA_VERSION,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationResult> {
  const found = await readSchemaVersion(core)
  if (found !== undefined && found > target) throw schemaTooNew(found, target, where)
  const stamp: RawOp = { type: 'put', column: 'meta', key: SCHEMA_META_KEY, value: u32(target) }
  if (found === undefined) {
    // open() stamps a new store before anything else is written, so a store without a version but
    // with data is not one of ours: most likely a restore that was killed before it wrote `meta`.
    if (await holdsAnyKey(core)) throw unversionedData(where)
    await core.batch([stamp])
    return { from: undefined, to: target, applied: [] }
  }
  if (found === target) return { from: found, to: target, applied: [] }
  const ops: RawOp[] = []
  const applied: string[] = []
  for (let v = found; v < target; v++) {
    const step = migrations.find((m) => m.from === v)
    if (step === undefined)
      throw new StoreError(
        'MIGRATION_FAILED',
        `no migration from store schema v${v} to v${v + 1}; restore a backup made by this aimesh version`,
      )
    try {
      ops.push(...(await step.plan(core)))
    } catch (err) {
      throw new StoreError(
        'MIGRATION_FAILED',
        `migration v${v}→v${v + 1} (${step.description}) failed: ${(err as Error).message}`,
        {
          cause: err,
        },
      )
    }
    applied.push(step.description)
  }
  ops.push(stamp)
  await core.batch(ops)
  core.cache.clear()
  return { from: found, to: target, applied }
}

/** True when any column (i.e. the root database) holds at least one key. */
async function holdsAnyKey(core: StoreCore): Promise<boolean> {
  return (await core.columns.root.keys({ limit: 1 }).all()).length > 0
}

/** The error for a directory that holds LevelDB data but no schema version. */
export function unversionedData(where: string): StoreError {
  return new StoreError(
    'OPEN_FAILED',
    `${where} holds data but no store schema version: it is an interrupted restore or not an aimesh store. ` +
      'Nothing was changed; delete it and restore the backup again, or choose another directory',
  )
}
