/**
 * The CLI's logger (DESIGN §3): pino, pretty-printed for a person at a terminal, JSON lines
 * otherwise (a pipe, a log file, a testnet supervisor collecting node logs).
 */
import { type Logger, pino } from 'pino'

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export function createLogger(opts: { level?: LogLevel; pretty?: boolean; name?: string } = {}): Logger {
  const pretty = opts.pretty ?? process.stderr.isTTY === true
  const base = { level: opts.level ?? 'info', name: opts.name ?? 'aimesh' }
  if (!pretty) return pino(base)
  // pino-pretty runs in pino's transport worker; its output goes to stderr like the JSON would.
  return pino({ ...base, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } })
}
