/**
 * Runs the testnet's node processes (DESIGN §1): each in its own process group with its own log
 * file, restarted with exponential backoff when it dies, killable on purpose (chaos), and torn
 * down completely on stop or when this process exits, so nothing is left running.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'

/** First restart delay; doubles per consecutive crash (a node that keeps dying is not hammered). */
export const RESTART_INITIAL_MS = 500
/** Longest restart delay. */
export const RESTART_MAX_MS = 15_000
/** A node that stayed up this long has recovered: its next crash restarts after the initial delay again. */
export const RESTART_RESET_AFTER_MS = 30_000
/** How long stop() waits for SIGTERM to drain a node before SIGKILL. */
export const STOP_GRACE_MS = 10_000

/** One supervised process: what to run and where its output goes. */
export interface ProcessSpec {
  index: number
  command: string
  args: string[]
  logFile: string
  env?: NodeJS.ProcessEnv
  cwd?: string
}

export type SupervisorEvent =
  | { type: 'started'; index: number; pid: number; restart: number }
  | { type: 'exited'; index: number; code: number | null; signal: NodeJS.Signals | null; expected: boolean }
  | { type: 'restart-scheduled'; index: number; delayMs: number }

interface Slot {
  spec: ProcessSpec
  child: ChildProcess | undefined
  exited: Promise<void> | undefined
  startedAt: number
  failures: number
  restarts: number
  timer: NodeJS.Timeout | undefined
  /** True while we stop it on purpose (no restart). */
  stopping: boolean
}

export interface SupervisorOptions {
  initialBackoffMs?: number
  maxBackoffMs?: number
  onEvent?: (e: SupervisorEvent) => void
}

export class Supervisor {
  readonly #slots = new Map<number, Slot>()
  readonly #opts: Required<Omit<SupervisorOptions, 'onEvent'>> & Pick<SupervisorOptions, 'onEvent'>
  #closed = false
  readonly #onExit = () => this.killAllNow()

  constructor(opts: SupervisorOptions = {}) {
    this.#opts = {
      initialBackoffMs: opts.initialBackoffMs ?? RESTART_INITIAL_MS,
      maxBackoffMs: opts.maxBackoffMs ?? RESTART_MAX_MS,
      onEvent: opts.onEvent,
    }
    // If this process ends any way Node can still run code, the children go with it.
    process.on('exit', this.#onExit)
  }

  /** Starts a process and keeps it running until stop(). */
  add(spec: ProcessSpec): void {
    if (this.#closed) throw new Error('supervisor is stopped')
    if (this.#slots.has(spec.index)) throw new Error(`process ${spec.index} already supervised`)
    const slot: Slot = {
      spec,
      child: undefined,
      exited: undefined,
      startedAt: 0,
      failures: 0,
      restarts: 0,
      timer: undefined,
      stopping: false,
    }
    this.#slots.set(spec.index, slot)
    this.#spawn(slot)
  }

  /** Restarts so far per index. */
  restarts(): Record<number, number> {
    return Object.fromEntries([...this.#slots].map(([i, s]) => [i, s.restarts]))
  }

  totalRestarts(): number {
    return [...this.#slots.values()].reduce((n, s) => n + s.restarts, 0)
  }

  /** Pid of a running process, or undefined while it is down. */
  pid(index: number): number | undefined {
    const c = this.#slots.get(index)?.child
    return c && c.exitCode === null && c.signalCode === null ? c.pid : undefined
  }

  isRunning(index: number): boolean {
    return this.pid(index) !== undefined
  }

  indexes(): number[] {
    return [...this.#slots.keys()].sort((a, b) => a - b)
  }

  /** Kills a process's whole group as a crash would (chaos, tests); the supervisor restarts it. */
  kill(index: number, signal: NodeJS.Signals = 'SIGKILL'): boolean {
    const pid = this.pid(index)
    if (pid === undefined) return false
    killGroup(pid, signal)
    return true
  }

  /** Stops everything: SIGTERM to every group, SIGKILL after the grace period; resolves when all are gone. */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    this.#closed = true
    const waits: Promise<void>[] = []
    for (const slot of this.#slots.values()) {
      slot.stopping = true
      if (slot.timer) clearTimeout(slot.timer)
      slot.timer = undefined
      const pid = slot.child?.pid
      if (pid !== undefined && slot.exited) {
        killGroup(pid, 'SIGTERM')
        const exited = slot.exited
        waits.push(
          Promise.race([exited, delay(graceMs).then(() => 'timeout' as const)]).then(async (r) => {
            if (r === 'timeout') {
              killGroup(pid, 'SIGKILL')
              await exited
            }
            // The group may hold children of the node; make sure none outlive it.
            killGroup(pid, 'SIGKILL')
          }),
        )
      }
    }
    await Promise.all(waits)
    process.off('exit', this.#onExit)
  }

  /** Synchronous last resort for process exit: SIGKILL every group. */
  killAllNow(): void {
    for (const slot of this.#slots.values()) {
      slot.stopping = true
      if (slot.timer) clearTimeout(slot.timer)
      if (slot.child?.pid !== undefined) killGroup(slot.child.pid, 'SIGKILL')
    }
  }

  #spawn(slot: Slot): void {
    const { spec } = slot
    const fd = openSync(spec.logFile, 'a')
    let child: ChildProcess
    try {
      child = spawn(spec.command, spec.args, {
        // Its own process group: killing -pid reaches anything the node starts, too.
        detached: true,
        stdio: ['ignore', fd, fd],
        env: { ...process.env, ...spec.env, AIMESH_PARENT_PID: String(process.pid) },
        cwd: spec.cwd,
      })
    } finally {
      closeSync(fd)
    }
    slot.child = child
    slot.startedAt = Date.now()
    slot.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#opts.onEvent?.({ type: 'exited', index: spec.index, code, signal, expected: slot.stopping })
        resolve()
        if (!slot.stopping && !this.#closed) this.#scheduleRestart(slot)
      })
      child.once('error', () => resolve())
    })
    if (child.pid !== undefined)
      this.#opts.onEvent?.({ type: 'started', index: spec.index, pid: child.pid, restart: slot.restarts })
  }

  #scheduleRestart(slot: Slot): void {
    if (Date.now() - slot.startedAt >= RESTART_RESET_AFTER_MS) slot.failures = 0
    const delayMs = Math.min(this.#opts.maxBackoffMs, this.#opts.initialBackoffMs * 2 ** slot.failures)
    slot.failures++
    this.#opts.onEvent?.({ type: 'restart-scheduled', index: slot.spec.index, delayMs })
    slot.timer = setTimeout(() => {
      slot.timer = undefined
      if (slot.stopping || this.#closed) return
      slot.restarts++
      this.#spawn(slot)
    }, delayMs)
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    // ESRCH: the group is already gone.
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref())
}
