/** The node's pino logger (DESIGN §3): pretty on a terminal, JSON otherwise, or to a log file. */
import pino from 'pino'
import pretty from 'pino-pretty'
import type { NodeConfig } from './config.js'
import type { Logger } from './services/service.js'

/** A pino logger for the config's log section. */
export function createLogger(log: NodeConfig['log'], bindings: Record<string, unknown> = {}): Logger {
  const usePretty = log.pretty ?? (log.file === undefined && process.stderr.isTTY === true)
  const destination =
    log.file !== undefined
      ? pino.destination({ dest: log.file, mkdir: true, sync: false })
      : usePretty
        ? pretty({ colorize: true, destination: 2, sync: true })
        : pino.destination(2)
  return pino({ level: log.level, base: { ...bindings } }, destination) as unknown as Logger
}
