/** Test homes: a temp home with a testnet genesis, accounts for every role, and a controllable clock. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type AimeshNode,
  createNode,
  init,
  Keystore,
  makeGenesis,
  type NodeConfigInput,
  type NodeEventMap,
  type NodeEventName,
  TESTNET_PARAMS,
  testnetAccount,
} from '../../src/index.js'

/** A clock tests move by hand. */
export class TestClock {
  constructor(public t: number) {}
  now = () => this.t
  advance(ms: number): number {
    this.t += ms
    return this.t
  }
}

/** Account names in every test home, with their roles. */
export const ACCOUNTS = [
  { name: 'publisher', roles: ['publisher'] },
  { name: 'miner1', roles: ['miner'] },
  { name: 'miner2', roles: ['miner'] },
  { name: 'validator1', roles: ['validator'] },
  { name: 'validator2', roles: ['validator'] },
] as const

/** A temp dir removed by the returned cleanup. */
export async function tempDir(
  prefix = 'aimesh-node-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/** Initialises a home with the test accounts (deterministic from `seed`) and a testnet genesis. */
export async function testHome(dir: string, start: number, seed = 'node-test') {
  const keys = ACCOUNTS.map((a, i) => ({ ...a, key: testnetAccount(seed, i) }))
  const validators = keys.filter((k) => k.roles.includes('validator' as never))
  const genesis = makeGenesis({
    networkId: 'nodetest',
    genesisTime: start - 60_000,
    preTrustedValidators: validators.map((v) => Buffer.from(v.key.publicKey).toString('hex')),
    params: TESTNET_PARAMS,
  })
  const result = await init({ home: dir, genesis: genesis.genesis, account: false })
  const ks = await Keystore.open(result.config.keystoreDir)
  for (const k of keys) await ks.add(k.name, k.key, [...k.roles])
  return { ...result, keys }
}

/** A node on a test home: no network, API on port 0, fast timers, silent logs. */
export async function testNode(
  home: string,
  clock: TestClock,
  config: NodeConfigInput = {},
): Promise<AimeshNode> {
  return createNode({
    home,
    env: {},
    ...(config.network?.enabled === true ? {} : { network: false as const }),
    clock,
    config: {
      api: { port: 0 },
      clock: { intervalMs: 20 },
      signer: { intervalMs: 20, alertDelayMs: 1_000 },
      snapshots: { intervalMs: 0 },
      integrity: { intervalMs: 0 },
      backup: { intervalMs: 0 },
      log: { level: 'silent' },
      ...config,
    },
  })
}

/** Waits (bounded) until `check` returns a value that is not undefined/false. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs
  for (let i = 0; i < 10_000; i++) {
    const v = await check()
    if (v !== undefined && v !== false) return v
    if (Date.now() > until) break
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** Collects a node's events of one kind. */
export function collect<K extends NodeEventName>(node: AimeshNode, event: K): NodeEventMap[K][] {
  const out: NodeEventMap[K][] = []
  node.events.on(event, (p) => out.push(p))
  return out
}
