/**
 * `aimesh testnet` as a user runs it (DESIGN §1): three node processes, bots, and chaos SIGKILLing
 * nodes during the workload; the supervisor restarts them, they catch up, and the TESTNET line
 * shows equal state roots and derived digests. SIGTERM stops a running testnet and leaves no node
 * process behind.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, killGroup, spawnAimesh, stopAll } from './helpers/cli.js'
import { freeBasePort } from './helpers/ports.js'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aimesh-testnet-e2e-'))
})
afterAll(async () => {
  await stopAll()
  await rm(dir, { recursive: true, force: true })
})

/** Every pid a node process logged (pino writes it on every line). */
async function nodePids(tdir: string): Promise<number[]> {
  const pids = new Set<number>()
  for (const f of (await readdir(tdir)).filter((n) => /^node-\d+\.log$/.test(n)))
    for (const m of (await readFile(join(tdir, f), 'utf8')).matchAll(/"pid":(\d+)/g)) pids.add(Number(m[1]))
  return [...pids]
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe.sequential('aimesh testnet', () => {
  it('survives SIGKILLed nodes: restarts them and converges to equal roots', {
    timeout: 420_000,
  }, async () => {
    const tdir = join(dir, 'chaos')
    const out = join(dir, 'chaos.out')
    const p = spawnAimesh(
      [
        'testnet',
        '--nodes',
        '3',
        '--duration',
        '45',
        '--chaos',
        '15',
        '--seed',
        'e2e-chaos',
        '--base-port',
        String(await freeBasePort(3)),
        '--dir',
        tdir,
      ],
      out,
    )
    const code = await new Promise<number | null>((r) => p.once('exit', (c) => r(c)))
    const text = await readFile(out, 'utf8')
    expect(code, text.slice(-2000)).toBe(0)
    const line = text.split('\n').find((l) => l.startsWith('TESTNET '))
    expect(line, text.slice(-2000)).toBeDefined()
    const r = JSON.parse(line!.slice('TESTNET '.length)) as {
      nodes: number
      restarts: number
      tasksPublished: number
      tasksFinalized: number
      checkpoints: number
      stateRoots: (string | null)[]
      derivedDigests: (string | null)[]
    }
    expect(r.nodes).toBe(3)
    expect(r.restarts).toBeGreaterThanOrEqual(1)
    expect(r.tasksPublished).toBeGreaterThan(0)
    expect(r.tasksFinalized).toBeGreaterThan(0)
    // Certified from the nodes' own CheckpointVotes (the bots cast none).
    expect(r.checkpoints).toBeGreaterThan(0)
    expect(r.stateRoots).toHaveLength(3)
    expect(r.stateRoots.every((x) => x !== null && x === r.stateRoots[0])).toBe(true)
    expect(r.derivedDigests.every((x) => x !== null && x === r.derivedDigests[0])).toBe(true)
    // Teardown left nothing running.
    const pids = await nodePids(tdir)
    expect(pids.length).toBeGreaterThanOrEqual(4)
    await eventually('every node process gone', async () => pids.every((x) => !alive(x)), 10_000)
  })

  it('SIGTERM stops a running testnet and every node process', { timeout: 240_000 }, async () => {
    const tdir = join(dir, 'stop')
    const out = join(dir, 'stop.out')
    const p = spawnAimesh(
      [
        'testnet',
        '--nodes',
        '2',
        '--no-bots',
        '--seed',
        'e2e-stop',
        '--base-port',
        String(await freeBasePort(2)),
        '--dir',
        tdir,
      ],
      out,
    )
    await eventually(
      'both nodes up',
      async () => /0:up\/.* 1:up\//.test(await readFile(out, 'utf8').catch(() => '')),
      180_000,
    )
    const pids = await nodePids(tdir)
    expect(pids.length).toBeGreaterThanOrEqual(2)
    const exited = new Promise<number | null>((r) => p.once('exit', (c) => r(c)))
    // SIGTERM to the testnet process only (not its group): it must take its nodes down itself.
    process.kill(p.pid!, 'SIGTERM')
    await exited
    await eventually('every node process gone', async () => pids.every((x) => !alive(x)), 20_000)
    killGroup(p)
  })
})
