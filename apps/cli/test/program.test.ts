/**
 * The aimesh command tree (DESIGN §1): every command explains itself in --help, --version prints
 * the package version, usage errors exit 2, and commands acting on a running node fail with a
 * clear message and exit 3 when no node answers.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { startConfig } from '../src/commands/start.js'
import type { Io } from '../src/output.js'
import { allCommands, buildProgram, run } from '../src/program.js'

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = []
  const stderr: string[] = []
  return { stdout, stderr, isTTY: false, out: (t) => stdout.push(t), err: (t) => stderr.push(t) }
}

const REQUIRED = [
  'init',
  'start',
  'testnet',
  'account new',
  'account list',
  'account export',
  'account import',
  'account profile',
  'task publish',
  'task list',
  'task show',
  'answer commit',
  'answer reveal',
  'answer submit',
  'score',
  'vote',
  'claim',
  'dispute open',
  'dispute vote',
  'dispute list',
  'peers',
  'peers ban',
  'peers unban',
  'status',
  'backup create',
  'backup list',
  'backup verify',
  'backup restore',
  'recover',
  'repair',
]

function fullName(c: { name(): string; parent: unknown }): string {
  const names: string[] = []
  let at: { name(): string; parent: unknown } | null = c
  while (at?.parent) {
    names.unshift(at.name())
    at = at.parent as typeof at
  }
  return names.join(' ')
}

describe('aimesh program', () => {
  it('has every command of the issue, each with a description for --help', () => {
    const cmds = allCommands(buildProgram({ io: capture(), env: {}, exitCode: 0 })).slice(1)
    const names = cmds.map(fullName)
    for (const r of REQUIRED) expect(names).toContain(r)
    for (const c of cmds) expect(c.description().length, fullName(c)).toBeGreaterThan(10)
  })

  it('prints help for every command and exits 0', async () => {
    for (const r of REQUIRED) {
      const io = capture()
      expect(await run([...r.split(' '), '--help'], { io, env: {}, exitCode: 0 })).toBe(0)
      expect(io.stdout.join('')).toContain(`Usage: aimesh ${r}`)
    }
  })

  it('explains --from-checkpoint in start --help and maps it to the node config', async () => {
    const io = capture()
    expect(await run(['start', '--help'], { io, env: {}, exitCode: 0 })).toBe(0)
    expect(io.stdout.join('')).toMatch(/--from-checkpoint <mode>[\s\S]*latest certified checkpoint/)
    expect(startConfig('/h', { fromCheckpoint: 'never' })).toMatchObject({
      sync: { fromCheckpoint: 'never' },
    })
    expect(startConfig('/h', {})).not.toHaveProperty('sync')
  })

  it('prints the package version', async () => {
    const io = capture()
    expect(await run(['--version'], { io, env: {}, exitCode: 0 })).toBe(0)
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string
    }
    expect(io.stdout.join('').trim()).toBe(pkg.version)
  })

  it('exits 2 with a usage error for a bad option value or a missing argument', async () => {
    const io = capture()
    expect(await run(['testnet', '--nodes', 'many'], { io, env: {}, exitCode: 0 })).toBe(2)
    expect(io.stderr.join('')).toMatch(/--nodes must be an integer/)
    expect(await run(['task', 'show'], { io: capture(), env: {}, exitCode: 0 })).toBe(2)
    expect(await run(['score', 'abc', '101', '-a', 'v'], { io: capture(), env: {}, exitCode: 0 })).toBe(2)
  })

  it('explains an unreachable node and exits 3; --json prints the error as JSON', async () => {
    const env = { AIMESH_API_URL: 'http://127.0.0.1:9' }
    const io = capture()
    expect(await run(['status'], { io, env, exitCode: 0 })).toBe(3)
    expect(io.stderr.join('')).toMatch(/cannot reach the node's API at http:\/\/127\.0\.0\.1:9.*aimesh start/)
    const j = capture()
    expect(await run(['--json', 'task', 'list'], { io: j, env, exitCode: 0 })).toBe(3)
    expect(JSON.parse(j.stdout.join(''))).toMatchObject({ error: { code: 'API_UNREACHABLE' } })
  })

  it('refuses an action without a token before sending anything', async () => {
    const io = capture()
    const env = { AIMESH_API_URL: 'http://127.0.0.1:9', AIMESH_HOME: '/nonexistent-aimesh-home' }
    expect(await run(['claim', 'ab', '-a', 'miner'], { io, env, exitCode: 0 })).toBe(2)
    expect(io.stderr.join('')).toMatch(/NO_TOKEN.*--token/)
  })
})

describe('enum names', () => {
  it('equal the protocol enums the API speaks', async () => {
    const p = await import('@aimesh/protocol')
    const { DIFFICULTIES, DISPUTE_TYPES, TASK_STATUSES, TASK_TYPES } = await import('../src/api/types.js')
    const named = (e: object) =>
      Object.values(e).filter((v) => typeof v === 'string' && !v.endsWith('UNSPECIFIED'))
    expect(TASK_STATUSES).toEqual(named(p.TaskStatus))
    expect(TASK_TYPES).toEqual(named(p.TaskType))
    expect(DIFFICULTIES).toEqual(named(p.Difficulty))
    expect(DISPUTE_TYPES).toEqual(named(p.DisputeType))
  })
})
