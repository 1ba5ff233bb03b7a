/**
 * Typed node errors (DESIGN §1, §8): every failure a person or a script sees carries a code, a
 * message saying what went wrong and what to do, and (for bad input) the field it is about. The
 * HTTP API maps codes to statuses through one table (api/errors.ts).
 */

/** Every code a node error may carry. */
export const NodeErrorCode = {
  /** A config value (file, environment or option) is invalid; `field` names it. */
  CONFIG_INVALID: 'CONFIG_INVALID',
  /** The genesis file is missing, unreadable or invalid; `field` names the field. */
  GENESIS_INVALID: 'GENESIS_INVALID',
  /** The data dir was made with another genesis (both hashes in the message). */
  GENESIS_MISMATCH: 'GENESIS_MISMATCH',
  /** A key file cannot be read, decrypted or written. */
  KEYSTORE: 'KEYSTORE',
  /** The keystore holds no account by that name or address. */
  UNKNOWN_ACCOUNT: 'UNKNOWN_ACCOUNT',
  /** An account of that name exists already. */
  ACCOUNT_EXISTS: 'ACCOUNT_EXISTS',
  /** `init` found an existing home that it would overwrite. */
  ALREADY_INITIALIZED: 'ALREADY_INITIALIZED',
  /** A request or action argument is malformed. */
  BAD_INPUT: 'BAD_INPUT',
  /** A value is well-formed but outside its allowed range. */
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  /** The task, submission, dispute or peer named does not exist here. */
  NOT_FOUND: 'NOT_FOUND',
  /** The engine refused the signed message (its verdict code is in `verdictCode`). */
  REFUSED: 'REFUSED',
  /** The action cannot run now (wrong phase, nothing to reveal, no entry to claim). */
  NOT_READY: 'NOT_READY',
  /** The node is not running (before start or after stop). */
  NOT_RUNNING: 'NOT_RUNNING',
  /** The network is disabled on this node, so the operation has nothing to act on. */
  NO_NETWORK: 'NO_NETWORK',
  /** No usable backup was found. */
  NO_BACKUP: 'NO_BACKUP',
} as const

export type NodeErrorCode = (typeof NodeErrorCode)[keyof typeof NodeErrorCode]

/** A node error: code, message for a person, optional field and the engine's verdict code. */
export class NodeError extends Error {
  constructor(
    readonly code: NodeErrorCode,
    message: string,
    readonly field?: string,
    readonly verdictCode?: string,
  ) {
    super(message)
    this.name = 'NodeError'
  }
}

/** True when `err` is a NodeError (optionally of one code). */
export function isNodeError(err: unknown, code?: NodeErrorCode): err is NodeError {
  return err instanceof NodeError && (code === undefined || err.code === code)
}
