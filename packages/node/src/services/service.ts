/**
 * How the node composes (STYLE "as network, node and CLI arrive"): each service is
 * `new X(components, init)`, declares the components it needs, has start()/stop() and stops its
 * timers when the node's AbortSignal fires. `createNode` alone picks pino and prom-client and sets
 * the order (store → engine → network → API; stop in reverse).
 */
import type { Registry } from 'prom-client'

/** The logger subset services use (pino's signature: object first, then message). */
export interface Logger {
  trace(obj: object, msg?: string): void
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
  child(bindings: Record<string, unknown>): Logger
}

/** The node's wall clock (tests pass their own). */
export interface Clock {
  now(): number
}

/** A started-and-stopped part of the node. */
export interface Service {
  readonly name: string
  start(): Promise<void>
  stop(): Promise<void>
}

/** Components every service may ask for. */
export interface BaseComponents {
  logger: Logger
  /** The node's own prom-client registry, or null when metrics are off. */
  metrics: Registry | null
  clock: Clock
  /** Fires when the node stops: timers end, loops leave. */
  signal: AbortSignal
}

/**
 * Runs `fn` every `ms` until `signal` aborts, never two at once (a slow run delays the next one);
 * errors go to `onError`. Returns a function that waits for the run in flight.
 */
export function every(
  ms: number,
  signal: AbortSignal,
  fn: () => Promise<void>,
  onError: (err: unknown) => void,
): { idle(): Promise<void>; kick(): void } {
  let running: Promise<void> | null = null
  let timer: NodeJS.Timeout | null = null
  const run = () => {
    if (signal.aborted || running !== null) return
    running = fn()
      .catch(onError)
      .finally(() => {
        running = null
      })
  }
  timer = setInterval(run, ms)
  timer.unref?.()
  signal.addEventListener(
    'abort',
    () => {
      if (timer !== null) clearInterval(timer)
      timer = null
    },
    { once: true },
  )
  return {
    idle: async () => {
      while (running !== null) await running
    },
    kick: run,
  }
}
