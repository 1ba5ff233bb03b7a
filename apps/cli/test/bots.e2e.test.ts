/**
 * The testnet's bots as a module (DESIGN §1, §6), driven tick by tick against a real node
 * process: the roster's accounts in its keystore and pre-trusted in its genesis, profiles signed,
 * tasks published, honest and dishonest answers, scores, and then certified outcomes, fraud flags
 * and claims, and a dispute its panel decides — everything through the HTTP API.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient } from '../src/api/client.js'
import { Bots } from '../src/testnet/bots/index.js'
import { prepareTestnet } from '../src/testnet/homes.js'
import { nodeLayout } from '../src/testnet/layout.js'
import { NodeMonitor } from '../src/testnet/monitor.js'
import { eventually, sleep, spawnAimesh, stopAll } from './helpers/cli.js'
import { freeBasePort } from './helpers/ports.js'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aimesh-bots-'))
})
afterAll(async () => {
  await stopAll()
  await rm(dir, { recursive: true, force: true })
})

describe('Bots against one real node', () => {
  it('certify tasks, get fraud flagged, claim rewards and get a dispute decided', {
    timeout: 240_000,
  }, async () => {
    const opts = { nodes: 1, seed: 'bots-e2e', basePort: await freeBasePort(1), dir, bots: true }
    const node = nodeLayout(opts, 0)
    const prepared = await prepareTestnet(opts, [node])
    spawnAimesh(
      [
        '--home',
        node.home,
        'start',
        '--no-network',
        '--api-port',
        String(node.apiPort),
        '--log-level',
        'warn',
      ],
      node.logFile,
    )
    const api = new ApiClient({ url: node.apiUrl, token: prepared.tokens[0] })
    await eventually('the node API', () => api.status(), 60_000)
    const bots = new Bots({ clients: [api], accounts: prepared.accounts, seed: opts.seed })
    const monitor = new NodeMonitor(0, node.apiUrl)

    const done = await eventually(
      'a certified task, a fraud flag, a claim and a decided dispute',
      async () => {
        await bots.tick()
        const snap = await monitor.snapshot()
        await sleep(500)
        return snap.certified > 0 && snap.flagged > 0 && bots.stats.claims > 0 && snap.disputesDecided > 0
          ? snap
          : undefined
      },
      200_000,
      0,
    )
    expect(bots.stats.published).toBeGreaterThan(0)
    expect(bots.stats.answers).toBeGreaterThan(bots.stats.published)
    expect(bots.stats.scores).toBeGreaterThan(0)
    expect(done.certified).toBeGreaterThan(0)
    expect(done.flagged).toBeGreaterThan(0)
    // A dispute was opened and its panel (the engine's, read from the record) decided it.
    expect(bots.stats.disputes).toBeGreaterThan(0)
    expect(bots.stats.disputeVotes).toBeGreaterThanOrEqual(2)
    expect(done.disputesDecided).toBeGreaterThan(0)
  })
})
