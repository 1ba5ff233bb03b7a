/**
 * What every command needs, resolved from global options and the environment (DESIGN §1):
 * where the home is, how to reach the running node's API and with which token, JSON or human
 * output. Commands get it through `context(cmd)` so each reads the same precedence:
 * option > environment (`AIMESH_*`) > the home's files > defaults.
 */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { type Command, InvalidArgumentError } from 'commander'
import { ApiClient } from './api/client.js'
import { toCliError } from './errors.js'
import { emitError, type Io } from './output.js'

/** docs/api.md: the API listens on 127.0.0.1:8645 unless configured otherwise. */
export const DEFAULT_API_URL = 'http://127.0.0.1:8645'
/** Where `aimesh init` puts keys, token and config unless told otherwise. */
export const DEFAULT_HOME = join(homedir(), '.aimesh')
/** docs/api.md: the token file inside the home. */
export const TOKEN_FILE = 'api-token'

export interface GlobalOptions {
  home?: string
  api?: string
  token?: string
  json?: boolean
}

export interface Context {
  readonly io: Io
  readonly json: boolean
  readonly home: string
  readonly env: NodeJS.ProcessEnv
  /** A client for the running node's API; the token is read lazily so reads work without one. */
  api(): ApiClient
}

/** Shared by every command of one program: its output streams and environment. */
export interface Runtime {
  io: Io
  env: NodeJS.ProcessEnv
  /** Set to the exit code of the last failed command (the process exits with it). */
  exitCode: number
}

export function resolveHome(opts: GlobalOptions, env: NodeJS.ProcessEnv): string {
  return opts.home ?? env.AIMESH_HOME ?? DEFAULT_HOME
}

/** The token: --token, AIMESH_TOKEN, or `<home>/api-token`; undefined when none is found. */
export function resolveToken(opts: GlobalOptions, env: NodeJS.ProcessEnv, home: string): string | undefined {
  if (opts.token) return opts.token
  if (env.AIMESH_TOKEN) return env.AIMESH_TOKEN
  try {
    return readFileSync(join(home, TOKEN_FILE), 'utf8').trim() || undefined
  } catch {
    return undefined
  }
}

export function context(rt: Runtime, cmd: Command): Context {
  const opts = cmd.optsWithGlobals<GlobalOptions>()
  const home = resolveHome(opts, rt.env)
  let client: ApiClient | undefined
  return {
    io: rt.io,
    json: opts.json === true,
    home,
    env: rt.env,
    api() {
      client ??= new ApiClient({
        url: opts.api ?? rt.env.AIMESH_API_URL ?? DEFAULT_API_URL,
        token: resolveToken(opts, rt.env, home),
      })
      return client
    },
  }
}

/**
 * Wraps a command handler: builds its context, and turns a thrown error into a printed message and
 * an exit code instead of a stack trace.
 */
export function handler<A extends unknown[]>(
  rt: Runtime,
  fn: (ctx: Context, ...args: A) => Promise<void>,
): (...args: [...A, Command]) => Promise<void> {
  return async (...args) => {
    const cmd = args[args.length - 1] as Command
    const ctx = context(rt, cmd)
    try {
      await fn(ctx, ...(args.slice(0, -1) as A))
    } catch (err) {
      const e = toCliError(err)
      emitError(rt.io, ctx.json, e)
      rt.exitCode = e.exitCode
    }
  }
}

/** Parses an integer option, failing with a usage error that names the option. */
export function intOption(name: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer in [${min}, ${max}]`)
    return n
  }
}
