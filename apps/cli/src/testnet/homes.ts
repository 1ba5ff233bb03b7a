/**
 * Prepares a testnet on disk (DESIGN §1): one genesis with seconds-long phases and the validators
 * pre-trusted, and per node a home made by the node library's init: peer key and validator account
 * from the seed and the index (same seed, same testnet), an API token, and the node's bot accounts
 * in its keystore. `docker-compose.yml` uses the same pieces through `testnet genesis` and
 * `start --init --seed --index`.
 */
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { accountFromSeed, toHex } from '@aimesh/protocol'
import { nodeFn } from '../node-lib.js'
import { type BotAccount, roster } from './bots/roster.js'
import type { NodeLayout, TestnetOptions } from './layout.js'

export interface PreparedTestnet {
  genesisFile: string
  genesisHash: string
  /** API token per node index. */
  tokens: string[]
  accounts: BotAccount[]
}

/** The validator account node `index` of a seed's testnet holds (the node library's derivation). */
async function nodeValidatorSeed(seed: string, index: number): Promise<Uint8Array> {
  return (await nodeFn('testnetSeed'))(seed, 'validator', index)
}

/**
 * Writes a testnet genesis whose pre-trusted validators are the nodes' validator accounts for
 * `nodes` nodes plus any `extra` keys, with the library's testnet parameters. Keeps an existing
 * file (a restarted compose project must not get a new genesis).
 */
export async function writeTestnetGenesis(opts: {
  out: string
  seed: string
  nodes: number
  extraValidators?: string[]
  keepExisting?: boolean
}): Promise<{ file: string; hash: string; kept: boolean }> {
  if (opts.keepExisting && (await stat(opts.out).catch(() => null))) {
    const loaded = await (await nodeFn('loadGenesisFile'))(opts.out)
    return { file: opts.out, hash: String(loaded.hash), kept: true }
  }
  const keys: string[] = []
  for (let i = 0; i < opts.nodes; i++)
    keys.push(toHex(accountFromSeed(await nodeValidatorSeed(opts.seed, i)).publicKey))
  const params = (await import('@aimesh/node')) as { TESTNET_PARAMS?: Record<string, unknown> }
  const made = (await nodeFn('makeGenesis'))({
    networkId: `testnet-${opts.seed}`.replace(/[^a-z0-9-]/gi, '-').toLowerCase(),
    genesisTime: Date.now(),
    preTrustedValidators: [...keys, ...(opts.extraValidators ?? [])],
    params: params.TESTNET_PARAMS ?? {},
  })
  await (await nodeFn('writeGenesisFile'))(opts.out, made.genesis)
  return { file: opts.out, hash: String(made.hash), kept: false }
}

/**
 * Creates node `index`'s home for a seed's testnet unless it exists: peer key and validator
 * account from the seed, the given genesis, loopback networking when asked.
 */
export async function initTestnetHome(opts: {
  home: string
  genesisFile: string
  seed: string
  index: number
  dataDir?: string
  loopback?: boolean
}): Promise<{ created: boolean }> {
  if (await stat(join(opts.home, 'api-token')).catch(() => null)) return { created: false }
  const genesis = await (await nodeFn('loadGenesisFile'))(opts.genesisFile)
  const peerKeySeed: string = (await nodeFn('testnetPeerKeySeed'))(opts.seed, opts.index)
  await (await nodeFn('init'))({
    home: opts.home,
    genesis: genesis.genesis,
    config: {
      ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }),
      network: { peerKeySeed, ...(opts.loopback ? { loopback: true } : {}) },
    },
    account: {
      name: 'validator',
      roles: ['publisher', 'miner', 'validator'],
      seed: await nodeValidatorSeed(opts.seed, opts.index),
    },
  })
  return { created: true }
}

/** Genesis and homes for `aimesh testnet`: node validators and bot validators pre-trusted, bots in keystores. */
export async function prepareTestnet(opts: TestnetOptions, nodes: NodeLayout[]): Promise<PreparedTestnet> {
  const accounts = opts.bots ? roster(opts.seed, opts.nodes) : []
  const genesis = await writeTestnetGenesis({
    out: join(opts.dir, 'genesis.json'),
    seed: opts.seed,
    nodes: opts.nodes,
    // Dishonest validators are pre-trusted too: their votes count, so the honest majority must outvote them.
    extraValidators: accounts
      .filter((a) => a.role === 'validator')
      .map((a) => toHex(accountFromSeed(a.keySeed).publicKey)),
  })
  const accountImport = await nodeFn('accountImport')
  const tokens: string[] = []
  for (const n of nodes) {
    await initTestnetHome({
      home: n.home,
      genesisFile: genesis.file,
      seed: opts.seed,
      index: n.index,
      dataDir: n.dataDir,
      loopback: true,
    })
    for (const a of accounts.filter((x) => x.node === n.index))
      await accountImport({
        keystoreDir: join(n.home, 'keystore'),
        text: toHex(a.keySeed),
        name: a.name,
        roles: [a.role],
      })
    tokens[n.index] = (await readFile(join(n.home, 'api-token'), 'utf8')).trim()
  }
  return { genesisFile: genesis.file, genesisHash: genesis.hash, tokens, accounts }
}
