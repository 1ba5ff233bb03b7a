/**
 * Real child processes for reliability tests: `node --import tsx <script> <args…>`, read line by
 * line, every wait bounded, and every child tracked so `afterEach` can SIGKILL what is left.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** Longest any wait on a child may take before the test fails (a busy 2-core host is slow to start tsx). */
export const CHILD_WAIT_MS = 25_000

/** A running child with its stdout lines and stderr so far. */
export interface Child {
  readonly process: ChildProcess
  readonly lines: string[]
  stderr(): string
  /** Resolves with the first line (seen so far or later) matching `pred`; rejects on exit or timeout. */
  waitForLine(pred: (line: string) => boolean, timeoutMs?: number): Promise<string>
  /** Resolves with the exit code (or signal name) once the child has exited; rejects after the timeout. */
  exited(timeoutMs?: number): Promise<number | string>
  /** SIGKILLs the child (if still running) and waits for it to exit. */
  kill(): Promise<void>
}

/** Absolute path of a script in test/helpers. */
export function helperScript(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url))
}

/** Tracks children so a test file can kill every one of them in `afterEach`. */
export class Children {
  readonly #live = new Set<Child>()

  /** Starts `node --import tsx <script> <args…>` with piped stdio. */
  start(script: string, args: readonly string[]): Child {
    const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const child = wrap(proc)
    this.#live.add(child)
    proc.once('close', () => this.#live.delete(child))
    return child
  }

  /** SIGKILLs every child still running and waits for each to exit. */
  async killAll(): Promise<void> {
    await Promise.all([...this.#live].map((c) => c.kill()))
  }
}

function wrap(proc: ChildProcess): Child {
  const lines: string[] = []
  const listeners = new Set<(line: string) => void>()
  let stderr = ''
  let buf = ''
  proc.stdout?.setEncoding('utf8')
  proc.stdout?.on('data', (chunk: string) => {
    buf += chunk
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i)
      buf = buf.slice(i + 1)
      lines.push(line)
      for (const l of listeners) l(line)
    }
  })
  proc.stderr?.setEncoding('utf8')
  proc.stderr?.on('data', (chunk: string) => {
    // Keep the tail only: enough to explain a failure, bounded in memory.
    stderr = (stderr + chunk).slice(-8_000)
  })
  // 'close' (not 'exit'): the process has exited AND its stdout is drained, so no line is lost.
  let closed = false
  proc.once('close', () => {
    closed = true
  })
  const exitedNow = () => closed
  const exitValue = () => proc.exitCode ?? proc.signalCode ?? -1

  const child: Child = {
    process: proc,
    lines,
    stderr: () => stderr,
    waitForLine(pred, timeoutMs = CHILD_WAIT_MS) {
      const seen = lines.find(pred)
      if (seen !== undefined) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer)
          listeners.delete(onLine)
          proc.off('close', onExit)
        }
        const onLine = (line: string) => {
          if (!pred(line)) return
          done()
          resolve(line)
        }
        const onExit = () => {
          done()
          reject(new Error(`child exited (${exitValue()}) before the awaited line; stderr: ${stderr}`))
        }
        const timer = setTimeout(() => {
          done()
          reject(
            new Error(
              `no awaited line within ${timeoutMs} ms; last lines: ${lines.slice(-3)}; stderr: ${stderr}`,
            ),
          )
        }, timeoutMs)
        listeners.add(onLine)
        if (exitedNow()) onExit()
        else proc.once('close', onExit)
      })
    },
    exited(timeoutMs = CHILD_WAIT_MS) {
      if (exitedNow()) return Promise.resolve(exitValue())
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          proc.off('close', onExit)
          reject(new Error(`child still running after ${timeoutMs} ms; stderr: ${stderr}`))
        }, timeoutMs)
        const onExit = () => {
          clearTimeout(timer)
          resolve(exitValue())
        }
        proc.once('close', onExit)
      })
    },
    async kill() {
      if (exitedNow()) return
      proc.kill('SIGKILL')
      await child.exited()
    },
  }
  return child
}
