/**
 * Typed CLI errors (DESIGN §1): every failure a person sees says what went wrong and what to do,
 * and maps to a non-zero exit code a script can test.
 */

/** Exit codes: 1 a failure, 2 bad usage, 3 the node's API could not be reached or refused the call. */
export const EXIT = { failure: 1, usage: 2, api: 3 } as const

export type CliErrorCode =
  | 'USAGE'
  | 'API_UNREACHABLE'
  | 'API_ERROR'
  | 'NO_TOKEN'
  | 'NODE_LIBRARY'
  | 'TESTNET'
  | 'NOT_FOUND'
  | 'IO'

/** An error the CLI prints as `error [CODE]: message` and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode | string,
    message: string,
    readonly exitCode: number = EXIT.failure,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

/** Turns anything thrown into a CliError, keeping typed codes from the libraries below when present. */
export function toCliError(err: unknown): CliError {
  if (err instanceof CliError) return err
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code
    return new CliError(typeof code === 'string' ? code : 'FAILED', err.message)
  }
  return new CliError('FAILED', String(err))
}
