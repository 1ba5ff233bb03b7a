/**
 * End-to-end helpers: run the real `aimesh` command (bin/aimesh.js, as a user would) and start
 * node processes on 127.0.0.1, each in its own process group, all killed by `stopAll()`. Every
 * wait is bounded.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { openSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { run } from '../../src/program.js'

export const BIN = fileURLToPath(new URL('../../bin/aimesh.js', import.meta.url))

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `aimesh <args>` to completion (bounded) with AIMESH_* variables from `env`. */
export function aimesh(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/**
 * Runs the real aimesh program in this process (the same commander tree, handlers and API client
 * as the binary, without paying a process start per call on a busy machine).
 */
export async function aimeshHere(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const stdout: string[] = []
  const stderr: string[] = []
  const code = await run(args, {
    io: { isTTY: false, out: (t) => stdout.push(t), err: (t) => stderr.push(t) },
    env: { ...process.env, ...env },
    exitCode: 0,
  })
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') }
}

/** Runs `aimesh --json <args>` in process, fails with its output when it exits non-zero, returns the parsed output. */
export async function aimeshJson<T = Record<string, unknown>>(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<T> {
  const r = await aimeshHere(['--json', ...args], env)
  if (r.code !== 0) throw new Error(`aimesh ${args.join(' ')} exited ${r.code}: ${r.stdout} ${r.stderr}`)
  return JSON.parse(r.stdout) as T
}

const started: ChildProcess[] = []

/** Starts a long-running `aimesh` process (a node) in its own process group, output to `logFile`. */
export function spawnAimesh(args: string[], logFile: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  const fd = openSync(logFile, 'a')
  const child = spawn(process.execPath, [BIN, ...args], {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, ...env, AIMESH_PARENT_PID: String(process.pid) },
  })
  started.push(child)
  return child
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/** Ends every process this helper started: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopAll(graceMs = 5_000): Promise<void> {
  const live = started.splice(0)
  await Promise.all(
    live.map(async (c) => {
      if (c.exitCode !== null || c.signalCode !== null) return killGroup(c)
      const exited = new Promise<void>((r) => c.once('exit', () => r()))
      killGroup(c, 'SIGTERM')
      const t = setTimeout(() => killGroup(c), graceMs)
      await exited
      clearTimeout(t)
      killGroup(c)
    }),
  )
}

/** Polls `fn` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 500,
): Promise<T> {
  const end = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < end) {
    try {
      const v = await fn()
      if (v !== undefined && v !== false) return v
    } catch (err) {
      last = err
    }
    await new Promise((r) => setTimeout(r, everyMs))
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
