/**
 * End to end through the CLI only (DESIGN §1, §5, §7): a 3-node network on 127.0.0.1 made with
 * `aimesh testnet genesis` and `aimesh start --init --seed --index`; publish → answers → scores →
 * votes → certified → claim, with every node reporting the same state root and the claim; then a
 * node whose data dir was deleted comes back with `aimesh recover` to the same root. CLI calls run
 * the real program in process; nodes are real processes, all killed at the end.
 */

import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Status, TaskView } from '../src/api/types.js'
import { aimeshHere, aimeshJson, eventually, killGroup, sleep, spawnAimesh, stopAll } from './helpers/cli.js'
import { freePorts } from './helpers/ports.js'

const SEED = 'cli-net-e2e'
const NODES = 3
/** Ports per node, picked free at the start (two runs on one machine must not collide). */
let p2pPorts: number[] = []
let apiPorts: number[] = []
/** Honest miners commit this long after publication: under 30 % of the beginner minimum is flagged too fast. */
const WORK_MS = 10_500

let dir: string
let genesis: string
let bootstrap: string
const procs: ChildProcess[] = []
const t0 = Date.now()
/** Progress lines, so a slow run shows where its time went. */
const step = (what: string) => console.log(`[${Math.round((Date.now() - t0) / 1000)}s] ${what}`)
const env = (i: number): NodeJS.ProcessEnv => ({
  AIMESH_HOME: join(dir, `node-${i}`),
  AIMESH_API_URL: `http://127.0.0.1:${apiPorts[i]}`,
})

function startNode(i: number): ChildProcess {
  const args = ['start', '--init', '--seed', SEED, '--index', String(i), '--genesis', genesis, '--loopback']
  args.push(
    '--listen',
    `/ip4/127.0.0.1/tcp/${p2pPorts[i]}`,
    '--api-port',
    String(apiPorts[i]),
    '--log-level',
    'warn',
  )
  if (i > 0) args.push('--bootstrap', bootstrap)
  const p = spawnAimesh(args, join(dir, `node-${i}.log`), env(i))
  procs[i] = p
  return p
}

const status = (i: number) => aimeshJson<Status>(['status'], env(i))
const show = (i: number, task: string) => aimeshJson<TaskView>(['task', 'show', task], env(i))
const publicKey = async (i: number, name: string) =>
  (
    await aimeshJson<{ accounts: { name: string; publicKey: string }[] }>(['account', 'list'], env(i))
  ).accounts.find((a) => a.name === name)!.publicKey

async function sameRoots(): Promise<Status[] | undefined> {
  const all = await Promise.all([0, 1, 2].map(status))
  return all.every((s) => s.stateRoot === all[0]!.stateRoot && s.derivedDigest === all[0]!.derivedDigest)
    ? all
    : undefined
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aimesh-net-e2e-'))
  genesis = join(dir, 'genesis.json')
  const ports = await freePorts(2 * NODES)
  p2pPorts = ports.slice(0, NODES)
  apiPorts = ports.slice(NODES)
})
afterAll(async () => {
  await stopAll()
  // AIMESH_E2E_KEEP=1 keeps the homes and node logs for a look after a failure.
  if (process.env.AIMESH_E2E_KEEP) console.log(`kept ${dir}`)
  else await rm(dir, { recursive: true, force: true })
})

describe.sequential('a 3-node network driven only through the CLI', () => {
  let task = ''

  it('publishes, answers, scores, votes, certifies and claims; every node agrees', {
    timeout: 300_000,
  }, async () => {
    await aimeshJson(['testnet', 'genesis', '--nodes', String(NODES), '--seed', SEED, '--out', genesis])
    await aimeshJson(['account', 'new', 'publisher', '--role', 'publisher'], env(0))
    await aimeshJson(['account', 'new', 'miner-a', '--role', 'miner'], env(1))
    await aimeshJson(['account', 'new', 'miner-b', '--role', 'miner'], env(2))
    step('starting node 0')
    startNode(0)
    const s0 = await eventually('node 0 API', () => status(0), 90_000)
    bootstrap = `/ip4/127.0.0.1/tcp/${p2pPorts[0]}/p2p/${s0.peerId}`
    step('starting nodes 1 and 2')
    startNode(1)
    startNode(2)
    await eventually('nodes 1 and 2', () => Promise.all([status(1), status(2)]), 90_000)
    await eventually(
      'every node connected',
      async () => {
        const peers = await Promise.all(
          [0, 1, 2].map((i) => aimeshJson<{ peers: unknown[] }>(['peers'], env(i))),
        )
        return peers.every((p) => p.peers.length > 0)
      },
      60_000,
    )

    step('signing profiles')
    await Promise.all([
      aimeshJson(['account', 'profile', 'publisher', '--publisher'], env(0)),
      aimeshJson(['account', 'profile', 'miner-a', '--miner', '--skill', 'general:80'], env(1)),
      aimeshJson(['account', 'profile', 'miner-b', '--miner', '--skill', 'general:80'], env(2)),
      ...[0, 1, 2].map((i) => aimeshJson(['account', 'profile', 'validator', '--validator'], env(i))),
    ])
    // Profiles must reach every node before messages that need them (DESIGN §5.9).
    await eventually('profiles everywhere', sameRoots, 60_000)

    step('publishing')
    task = (
      await aimeshJson<{ id: string }>(
        [
          'task',
          'publish',
          '-a',
          'publisher',
          '-t',
          'Explain a cache',
          '-r',
          '1000000',
          '-i',
          'why cache?',
        ].concat([
          '--reviewers',
          '2',
          '--commit',
          '25',
          '--reveal',
          '8',
          '--validation',
          '30',
          '--challenge',
          '8',
        ]),
        env(0),
      )
    ).id
    const published = await eventually('the task on node 2', () => show(2, task), 30_000)
    await sleep(Math.max(0, published.publishedAt! + WORK_MS - Date.now()))
    step('answering from nodes 1 and 2')
    await Promise.all([
      aimeshJson(
        [
          'answer',
          'submit',
          task,
          '-a',
          'miner-a',
          '--answer',
          'A cache keeps hot data close to its readers.',
        ],
        env(1),
      ),
      aimeshJson(
        [
          'answer',
          'submit',
          task,
          '-a',
          'miner-b',
          '--answer',
          'Memoization trades memory for repeated work.',
        ],
        env(2),
      ),
    ])

    step('waiting for reveals')
    const revealed = await eventually(
      'two revealed submissions on node 0',
      async () => {
        const t = await show(0, task)
        return Date.now() >= t.submissionDeadline! && (t.submissions?.length ?? 0) === 2 ? t : undefined
      },
      60_000,
    )
    step('scoring from every node')
    await Promise.all(
      revealed.submissions!.flatMap((s, k) =>
        [0, 1, 2].map((i) => aimeshJson(['score', s.id, String(70 + 10 * k + i), '-a', 'validator'], env(i))),
      ),
    )

    step('voting')
    await eventually(
      'the validation deadline',
      async () => Date.now() >= revealed.validationDeadline!,
      45_000,
    )
    for (const i of [0, 1, 2]) {
      const v = await aimeshHere(['vote', task], env(i))
      // A validator may already have voted on its own (DESIGN §5.11); either way a vote exists.
      expect([0, 3], v.stderr).toContain(v.code)
    }
    step('waiting for a certificate on every node')
    const certified = await eventually(
      'a certified outcome everywhere',
      async () => {
        const views = await Promise.all([0, 1, 2].map((i) => show(i, task)))
        return views.every((t) => t.outcome?.state === 'certified' || t.outcome?.state === 'final')
          ? views[0]
          : undefined
      },
      90_000,
    )
    const minerA = await publicKey(1, 'miner-a')
    expect(certified!.rewards!.entries.some((x) => x.recipient === minerA)).toBe(true)

    step('claiming from node 1')
    await aimeshJson(['claim', task, '-a', 'miner-a'], env(1))
    await eventually(
      'the claim on every node',
      async () => {
        const views = await Promise.all([0, 1, 2].map((i) => show(i, task)))
        return views.every((t) => t.rewards?.entries.find((x) => x.recipient === minerA)?.claimed === true)
      },
      60_000,
    )
    const roots = await eventually('equal roots on every node', sameRoots, 60_000)
    expect(new Set(roots.map((s) => s.stateRoot)).size).toBe(1)
    step('done')
  })

  it('recover brings a node whose data dir was deleted back to the same root', {
    timeout: 240_000,
  }, async () => {
    expect(task, 'the first test ran').not.toBe('')
    step('backing up node 2')
    await aimeshJson(['backup', 'create'], env(2))
    const listed = await aimeshJson<{ backups: { id: string }[] }>(['backup', 'list'], env(2))
    expect(listed.backups.length).toBeGreaterThan(0)
    const verified = await aimeshJson<{ ok: boolean }>(['backup', 'verify'], env(2))
    expect(verified.ok).toBe(true)

    step('killing node 2 and deleting its data dir')
    const p = procs[2]!
    const exited = new Promise((r) => p.once('exit', r))
    killGroup(p, 'SIGKILL')
    await exited
    await rm(join(dir, 'node-2', 'data'), { recursive: true, force: true })

    step('recovering node 2')
    const report = await aimeshJson<{
      rootsMatch: boolean | null
      backup: unknown
      final: { stateRoot: string }
    }>(
      ['recover', '--bootstrap', bootstrap, '--listen', `/ip4/127.0.0.1/tcp/${p2pPorts[2]}`, '--loopback'],
      env(2),
    )
    expect(report.backup).not.toBeNull()
    expect(report.rootsMatch).toBe(true)
    // Validators keep signing (checkpoint votes), so the shared root moves on: compare live roots.

    step('restarting node 2')
    startNode(2)
    const back = await eventually('node 2 back with the same roots as its peers', sameRoots, 90_000)
    expect(back[2]!.stateRoot).toBe(back[0]!.stateRoot)
    const t = await show(2, task)
    expect(t.outcome?.state === 'certified' || t.outcome?.state === 'final').toBe(true)
  })
})
