/** Why a piece of protocol data was refused; stable strings so callers can switch on them. */
export type ProtocolErrorCode =
  | 'TOO_LARGE'
  | 'MALFORMED'
  | 'NON_CANONICAL'
  | 'UNKNOWN_KIND'
  | 'INVALID_FIELD'
  | 'BAD_SIGNATURE'
  | 'INVALID_NAME'
  | 'INVALID_ADDRESS'
  | 'KEY_FILE'
  | 'WORK_NOT_FOUND'

/** The only error protocol functions throw for bad input: a code plus a readable message. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError'
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}

/** True when `err` is a ProtocolError, optionally with the given code. */
export function isProtocolError(err: unknown, code?: ProtocolErrorCode): err is ProtocolError {
  return err instanceof ProtocolError && (code === undefined || err.code === code)
}
