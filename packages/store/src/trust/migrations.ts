import { TrustStoreError, type TrustStoreErrorCode } from './errors.js'
import type { TrustScore, TrustUpdate } from './trust-store.js'
import { checkScore, checkUpdate } from './validate.js'

/** Schema version this code writes; data newer than this is refused. */
export const CURRENT_TRUST_SCHEMA_VERSION = 2

/** Marks a JSON document as aimesh trust data. */
export const TRUST_DOCUMENT_FORMAT = 'aimesh-trust'

/** All trust data at the current schema: scores by account, updates in time order. */
export interface TrustDocument {
  format: typeof TRUST_DOCUMENT_FORMAT
  schemaVersion: number
  scores: TrustScore[]
  updates: TrustUpdate[]
}

/** Trust data at any schema version, before validation. */
export interface RawTrustDocument {
  schemaVersion: number
  scores: unknown[]
  updates: unknown[]
}

/** One step from schema `from` to `from + 1`, as a pure function of the whole data set. */
export interface TrustMigration {
  from: number
  to: number
  description: string
  migrate(doc: RawTrustDocument): RawTrustDocument
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}

/**
 * Every migration in order. Backends run them on the whole data set and write the result in
 * one atomic step, so a crash mid-migration leaves the old version intact.
 */
export const TRUST_MIGRATIONS: readonly TrustMigration[] = [
  {
    from: 1,
    to: 2,
    description:
      'split successes into verified/unverified (v1 counted only verified ones), give updates a kind, ' +
      'and (level) index updates by time for cleanup',
    migrate: (doc) => ({
      schemaVersion: 2,
      scores: doc.scores.map((s) => {
        const { successes, ...rest } = record(s)
        return { ...rest, verifiedSuccesses: successes ?? 0, unverifiedSuccesses: 0 }
      }),
      // v1 kept only free text, so the kind is unknown; 'manual' keeps the text as the reason.
      updates: doc.updates.map((u) => ({ ...record(u), kind: 'manual' })),
    }),
  },
]

/** Throws SCHEMA_TOO_NEW when data at `version` was written by a newer aimesh. */
export function assertSupportedVersion(version: number, where: string): void {
  if (version > CURRENT_TRUST_SCHEMA_VERSION) {
    throw new TrustStoreError(
      'SCHEMA_TOO_NEW',
      `${where} has trust schema version ${version}, but this aimesh supports up to version ` +
        `${CURRENT_TRUST_SCHEMA_VERSION}. Upgrade aimesh to open it; the data was left untouched.`,
    )
  }
}

/** Runs every migration from the document's version up to the current one. */
export function migrateDocument(
  raw: RawTrustDocument,
  where: string,
  corruptCode: TrustStoreErrorCode = 'DATA_CORRUPT',
): RawTrustDocument {
  assertSupportedVersion(raw.schemaVersion, where)
  let doc = raw
  while (doc.schemaVersion < CURRENT_TRUST_SCHEMA_VERSION) {
    const step = TRUST_MIGRATIONS.find((m) => m.from === doc.schemaVersion)
    if (!step) {
      throw new TrustStoreError(
        corruptCode,
        `${where} has trust schema version ${doc.schemaVersion}, which no migration starts from`,
      )
    }
    doc = step.migrate(doc)
  }
  return doc
}

/**
 * Reads a raw JSON value as trust data: checks the version, migrates, validates every record.
 * Failures carry `corruptCode`, so a damaged backup and damaged live data report differently.
 */
export function parseTrustDocument(
  value: unknown,
  where: string,
  corruptCode: TrustStoreErrorCode = 'DATA_CORRUPT',
): TrustDocument {
  const o = record(value)
  const version = o.schemaVersion
  if (
    typeof version !== 'number' ||
    !Number.isSafeInteger(version) ||
    version < 1 ||
    !Array.isArray(o.scores) ||
    !Array.isArray(o.updates)
  ) {
    throw new TrustStoreError(
      corruptCode,
      `${where} is not aimesh trust data (missing schemaVersion, scores or updates)`,
    )
  }
  const migrated = migrateDocument(
    { schemaVersion: version, scores: o.scores, updates: o.updates },
    where,
    corruptCode,
  )
  try {
    const doc: TrustDocument = {
      format: TRUST_DOCUMENT_FORMAT,
      schemaVersion: CURRENT_TRUST_SCHEMA_VERSION,
      scores: migrated.scores.map(checkScore),
      updates: migrated.updates.map(checkUpdate),
    }
    if (new Set(doc.scores.map((s) => s.account)).size !== doc.scores.length) {
      throw new TrustStoreError('INVALID_RECORD', 'an account appears twice')
    }
    return doc
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err)
    throw new TrustStoreError(corruptCode, `${where} holds an invalid trust record: ${detail}`, {
      cause: err,
    })
  }
}
