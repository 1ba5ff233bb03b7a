/**
 * The testnet supervisor (DESIGN §1): a process that dies is restarted with backoff, chaos kills
 * are restarts too, and stop() leaves no process of any group behind, grandchildren included.
 * Real processes (small node scripts), bounded waits.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Supervisor, type SupervisorEvent } from '../src/testnet/supervisor.js'

let dir: string
let sup: Supervisor | undefined

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aimesh-sup-'))
})
afterEach(async () => {
  await sup?.stop(2_000)
  sup = undefined
  await rm(dir, { recursive: true, force: true })
})

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function until(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await cond()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('condition not met in time')
}

/** A node script that writes its pid (and its child's, if asked) to its log and then lives on. */
const LIVE = `
const { spawn } = require('node:child_process')
console.log('pid', process.pid)
if (process.env.WITH_CHILD) {
  const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  console.log('child', c.pid)
}
setInterval(() => {}, 1000)
`

describe('Supervisor', () => {
  it('restarts a killed process with backoff and counts the restart', async () => {
    const events: SupervisorEvent[] = []
    sup = new Supervisor({ initialBackoffMs: 50, onEvent: (e) => events.push(e) })
    const logFile = join(dir, 'p0.log')
    sup.add({ index: 0, command: process.execPath, args: ['-e', LIVE], logFile })
    const pidLines = async () =>
      ((await readFile(logFile, 'utf8').catch(() => '')).match(/^pid /gm) ?? []).length
    await until(async () => (await pidLines()) === 1)
    const first = sup.pid(0)!
    expect(sup.kill(0)).toBe(true)
    await until(() => sup!.isRunning(0) && sup!.pid(0) !== first)
    expect(sup.restarts()).toEqual({ 0: 1 })
    expect(events.some((e) => e.type === 'exited' && e.signal === 'SIGKILL' && !e.expected)).toBe(true)
    expect(events.some((e) => e.type === 'restart-scheduled' && e.delayMs === 50)).toBe(true)
    // Both lives wrote to the same log file.
    await until(async () => (await pidLines()) === 2)
  })

  it('doubles the delay for a process that keeps crashing', async () => {
    const delays: number[] = []
    sup = new Supervisor({
      initialBackoffMs: 20,
      maxBackoffMs: 100,
      onEvent: (e) => {
        if (e.type === 'restart-scheduled') delays.push(e.delayMs)
      },
    })
    sup.add({
      index: 3,
      command: process.execPath,
      args: ['-e', 'process.exit(1)'],
      logFile: join(dir, 'p3.log'),
    })
    await until(() => delays.length >= 4)
    expect(delays.slice(0, 4)).toEqual([20, 40, 80, 100])
  })

  it('stop() ends every process group, grandchildren included, and restarts nothing', async () => {
    sup = new Supervisor({ initialBackoffMs: 50 })
    for (const index of [0, 1])
      sup.add({
        index,
        command: process.execPath,
        args: ['-e', LIVE],
        logFile: join(dir, `p${index}.log`),
        env: { WITH_CHILD: '1' },
      })
    const pids: number[] = []
    await until(async () => {
      pids.length = 0
      for (const i of [0, 1]) {
        const log = await readFile(join(dir, `p${i}.log`), 'utf8').catch(() => '')
        for (const m of log.matchAll(/^(?:pid|child) (\d+)$/gm)) pids.push(Number(m[1]))
      }
      return pids.length === 4
    })
    expect(pids.every(alive)).toBe(true)
    await sup.stop(2_000)
    await until(() => pids.every((p) => !alive(p)), 5_000)
    expect(sup.isRunning(0) || sup.isRunning(1)).toBe(false)
    sup = undefined
  })
})
