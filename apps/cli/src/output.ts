/**
 * Output for people and for scripts (DESIGN §1): human text by default, one JSON document with
 * `--json`. Commands return data plus a formatter; this module picks how to print it.
 */
import type { CliError } from './errors.js'

/** Where a command writes; tests pass buffers instead of the process streams. */
export interface Io {
  out(text: string): void
  err(text: string): void
  readonly isTTY: boolean
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  get isTTY() {
    return process.stdout.isTTY === true
  },
}

/** JSON with bigints as decimal strings and byte arrays as hex, so every result serializes. */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (typeof v === 'bigint') return v.toString()
      if (v instanceof Uint8Array) return Buffer.from(v).toString('hex')
      return v
    },
    indent,
  )
}

/** Prints a command's result: JSON when asked, else the command's own human rendering. */
export function emit<T>(io: Io, json: boolean, data: T, human: (data: T) => string): void {
  io.out(json ? toJson(data) : human(data))
}

/** Prints an error: `{ error: { code, message } }` on stdout for scripts, a sentence on stderr for people. */
export function emitError(io: Io, json: boolean, err: CliError): void {
  if (json) io.out(toJson({ error: { code: err.code, message: err.message } }))
  else io.err(`error [${err.code}]: ${err.message}`)
}

/** A left-aligned text table; columns sized to their widest cell. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))]
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

/** `key: value` lines, keys aligned. */
export function keyValues(pairs: [string, unknown][]): string {
  const w = Math.max(...pairs.map(([k]) => k.length))
  return pairs
    .map(([k, v]) => `${`${k}:`.padEnd(w + 1)} ${typeof v === 'string' ? v : toJson(v, 0)}`)
    .join('\n')
}

/** Shortens a long hex id for tables: first 12 characters and an ellipsis. */
export function short(id: string | undefined): string {
  if (!id) return '-'
  return id.length > 14 ? `${id.slice(0, 12)}…` : id
}
