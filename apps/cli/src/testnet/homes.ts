/**
 * Prepares a testnet on disk (DESIGN §1): one genesis with short test phases and the validator
 * bots pre-trusted, and per node a home made by the node library's init (keys from the seed and
 * the index, an API token) whose keystore holds that node's bot accounts.
 */
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { TOKEN_FILE } from '../context.js'
import { nodeFn } from '../node-lib.js'
import { type BotAccount, roster } from './bots/roster.js'
import type { NodeLayout, TestnetOptions } from './layout.js'

/**
 * Genesis parameters of a testnet: epochs and rounds of seconds so a 60 s run certifies tasks and
 * checkpoints, and no proof of work on profiles (DESIGN §5.9: 0 on testnets).
 */
export const TESTNET_GENESIS_PARAMS = {
  epochMs: 30_000,
  checkpointDelayMs: 5_000,
  roundMs: 3_000,
  maxRounds: 8,
  profileWorkBits: 0,
  disputeVoteWindowMs: 20_000,
  settlementWindowMs: 600_000,
  maxTasksPerHour: 600,
} as const

export interface PreparedTestnet {
  genesisFile: string
  genesisHash: string
  /** API token per node index. */
  tokens: string[]
  accounts: BotAccount[]
}

export async function prepareTestnet(opts: TestnetOptions, nodes: NodeLayout[]): Promise<PreparedTestnet> {
  await mkdir(opts.dir, { recursive: true })
  const accounts = roster(opts.seed, opts.nodes)
  const genesisFile = join(opts.dir, 'genesis.json')
  const writeGenesis = await nodeFn('writeGenesis')
  const validatorKeys: string[] = await Promise.all(
    accounts
      .filter((a) => a.role === 'validator')
      .map(async (a) => (await nodeFn('publicKeyFromSeed'))(a.keySeed)),
  )
  const genesis = await writeGenesis(genesisFile, {
    networkId: `testnet-${opts.seed}`,
    genesisTime: Date.now(),
    preTrustedValidators: validatorKeys,
    params: TESTNET_GENESIS_PARAMS,
  })
  const initHome = await nodeFn('initHome')
  const importSeed = await nodeFn('importAccountSeed')
  const tokens: string[] = []
  for (const n of nodes) {
    await initHome({
      home: n.home,
      dataDir: n.dataDir,
      genesis: genesisFile,
      seed: opts.seed,
      index: n.index,
    })
    for (const a of accounts.filter((x) => x.node === n.index))
      await importSeed({ home: n.home, name: a.name, seed: a.keySeed, roles: [a.role] })
    tokens[n.index] = (await readFile(join(n.home, TOKEN_FILE), 'utf8')).trim()
  }
  return { genesisFile, genesisHash: String(genesis?.hash ?? ''), tokens, accounts }
}
