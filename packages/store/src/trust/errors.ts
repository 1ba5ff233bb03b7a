/** Why a trust store operation failed; callers branch on this, people read the message. */
export type TrustStoreErrorCode =
  | 'LOCKED'
  | 'SCHEMA_TOO_NEW'
  | 'DATA_CORRUPT'
  | 'BACKUP_CORRUPT'
  | 'BACKUP_NOT_FOUND'
  | 'BACKUP_EXISTS'
  | 'CLOSED'
  | 'TX_FINISHED'
  | 'INVALID_SCORE'
  | 'INVALID_RECORD'
  | 'IO'

/** The one error type every trust store backend throws. */
export class TrustStoreError extends Error {
  override readonly name = 'TrustStoreError'

  /** Builds an error with a machine-readable code and an actionable message. */
  constructor(
    readonly code: TrustStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** True when `err` is a TrustStoreError, optionally with the given code. */
export function isTrustStoreError(err: unknown, code?: TrustStoreErrorCode): err is TrustStoreError {
  return err instanceof TrustStoreError && (code === undefined || err.code === code)
}

/** Wraps an unknown failure from the file system or database as an IO error with context. */
export function ioError(action: string, cause: unknown): TrustStoreError {
  if (cause instanceof TrustStoreError) return cause
  const detail = cause instanceof Error ? cause.message : String(cause)
  return new TrustStoreError('IO', `${action} failed: ${detail}`, { cause })
}
