/**
 * End to end through the CLI only (DESIGN §1, issue: "driven only through the CLI"): a testnet
 * genesis, nodes started with `aimesh start --init --seed --index`, accounts and profiles, then
 * publish → answers → scores → votes → certified → claim, read back with `task show` and
 * `status`. Real processes on 127.0.0.1, every one killed at the end.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testnetSeed } from '@aimesh/node'
import { toHex } from '@aimesh/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Status, TaskView } from '../src/api/types.js'
import { aimeshHere, aimeshJson, eventually, sleep, spawnAimesh, stopAll } from './helpers/cli.js'

const SEED = 'cli-e2e'
const API_PORT = 28_745
/** Honest miners commit this long after publication: under 30 % of the beginner minimum is flagged too fast. */
const WORK_MS = 10_500

let dir: string
const t0 = Date.now()
/** Progress lines, so a slow run shows where its time went. */
const step = (what: string) => console.log(`[${Math.round((Date.now() - t0) / 1000)}s] ${what}`)
const env = (i: number): NodeJS.ProcessEnv => ({
  AIMESH_HOME: join(dir, `node-${i}`),
  AIMESH_API_URL: `http://127.0.0.1:${API_PORT + i}`,
})

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aimesh-cli-e2e-'))
})
afterAll(async () => {
  await stopAll()
  await rm(dir, { recursive: true, force: true })
})

describe('one node, driven only through the CLI', () => {
  it('publishes, answers, scores, votes, certifies and claims', { timeout: 300_000 }, async () => {
    const genesis = join(dir, 'genesis.json')
    await aimeshJson(['testnet', 'genesis', '--nodes', '3', '--seed', SEED, '--out', genesis])
    const e = env(0)
    const roles: [string, string][] = [
      ['publisher', 'publisher'],
      ['miner-a', 'miner'],
      ['miner-b', 'miner'],
    ]
    for (const [name, role] of roles) await aimeshJson(['account', 'new', name, '--role', role], e)
    // One node holds the three genesis validators, so its votes alone can certify.
    for (const i of [1, 2]) {
      const file = join(dir, `validator-${i}.seed`)
      await writeFile(file, toHex(testnetSeed(SEED, 'validator', i)))
      await aimeshJson(['account', 'import', file, '--name', `validator-${i}`, '--role', 'validator'], e)
    }
    step('accounts ready; starting node')
    spawnAimesh(
      [
        'start',
        '--init',
        '--seed',
        SEED,
        '--index',
        '0',
        '--genesis',
        genesis,
        '--no-network',
        '--api-port',
        String(API_PORT),
        '--log-level',
        'warn',
      ],
      join(dir, 'node-0.log'),
      e,
    )
    await eventually('node 0 API', () => aimeshJson<Status>(['status'], e), 60_000, 500)

    await aimeshJson(['account', 'profile', 'publisher', '--publisher'], e)
    for (const m of ['miner-a', 'miner-b'])
      await aimeshJson(['account', 'profile', m, '--miner', '--skill', 'general:80'], e)
    for (const v of ['validator', 'validator-1', 'validator-2'])
      await aimeshJson(['account', 'profile', v, '--validator'], e)

    step('profiles signed; publishing')
    const { id: task } = await aimeshJson<{ id: string }>(
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
        '--reviewers',
        '2',
        '--commit',
        '25',
        '--reveal',
        '6',
        '--validation',
        '30',
        '--challenge',
        '8',
      ],
      e,
    )
    const published = await aimeshJson<TaskView>(['task', 'show', task], e)
    await sleep(Math.max(0, published.publishedAt! + WORK_MS - Date.now()))
    step('answering')
    await aimeshJson(
      ['answer', 'submit', task, '-a', 'miner-a', '--answer', 'A cache keeps hot data close to its readers.'],
      e,
    )
    await aimeshJson(
      ['answer', 'submit', task, '-a', 'miner-b', '--answer', 'Memoization trades memory for repeated work.'],
      e,
    )

    // After the reveal window every answer is a submission the validators score.
    step('waiting for reveals')
    const revealed = await eventually(
      'two revealed submissions',
      async () => {
        const t = await aimeshJson<TaskView>(['task', 'show', task], e)
        return Date.now() >= t.submissionDeadline! && (t.submissions?.length ?? 0) === 2 ? t : undefined
      },
      40_000,
    )
    await Promise.all(
      revealed.submissions!.flatMap((s) =>
        ['validator', 'validator-1'].map((v, i) => aimeshJson(['score', s.id, String(80 + i), '-a', v], e)),
      ),
    )

    step('scored; waiting for the validation deadline')
    await eventually(
      'the validation deadline',
      async () => Date.now() >= revealed.validationDeadline!,
      30_000,
    )
    const vote = await aimeshHere(['vote', task], e)
    expect(vote.code, vote.stderr).toBe(0)
    step('voted; waiting for a certificate')
    const certified = await eventually(
      'a certified outcome',
      async () => {
        const t = await aimeshJson<TaskView>(['task', 'show', task], e)
        return t.outcome?.state === 'certified' || t.outcome?.state === 'final' ? t : undefined
      },
      60_000,
    )
    const accounts = await aimeshJson<{ accounts: { name: string; publicKey: string }[] }>(
      ['account', 'list'],
      e,
    )
    const minerA = accounts.accounts.find((a) => a.name === 'miner-a')!.publicKey
    const entry = certified.rewards!.entries.find((x) => x.recipient === minerA)
    expect(entry, 'miner-a has a reward entry').toBeDefined()

    step('certified; claiming')
    await aimeshJson(['claim', task, '-a', 'miner-a'], e)
    await eventually(
      'the claim applied',
      async () => {
        const t = await aimeshJson<TaskView>(['task', 'show', task], e)
        return t.rewards?.entries.find((x) => x.recipient === minerA)?.claimed === true
      },
      30_000,
    )
    const status = await aimeshJson<Status>(['status'], e)
    expect(status.stateRoot).toMatch(/^[0-9a-f]{64}$/)
  })
})
