/** Typed store errors: every failure a caller may handle has a code and a message that says what to do. */

/** What went wrong, for callers that branch on it. */
export type StoreErrorCode =
  | 'LOCKED'
  | 'SCHEMA_TOO_NEW'
  | 'MIGRATION_FAILED'
  | 'NOT_FOUND'
  | 'INVALID_ARGUMENT'
  | 'BACKUP_CORRUPT'
  | 'CORRUPT_RECORD'
  | 'BACKUP_KEY'
  | 'TARGET_NOT_EMPTY'
  | 'CLOSED'
  | 'OPEN_FAILED'
  | 'IO'

/** An error raised by @aimesh/store; `code` is stable, `message` is for people. */
export class StoreError extends Error {
  readonly code: StoreErrorCode

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StoreError'
    this.code = code
  }
}

/** True when `err` is a StoreError (optionally with the given code). */
export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code)
}
