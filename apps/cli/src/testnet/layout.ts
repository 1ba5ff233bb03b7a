/**
 * Where a local testnet's pieces live (DESIGN §1, habits of Anvil, Substrate --dev, iptb): ports
 * are base + index, each node has a home (keys, token, data dir) and a log file under one testnet
 * dir, and keys come from the seed and the index, so the same seed gives the same testnet.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'

/** Default first p2p port; node i listens on base + i. */
export const DEFAULT_BASE_PORT = 8545
/** The API ports sit this far above the p2p ports (node 0's API on 8645, docs/api.md). */
export const API_PORT_OFFSET = 100
/** `npm start`'s testnet size. */
export const DEFAULT_NODES = 4
export const DEFAULT_SEED = 'aimesh-testnet'

export interface TestnetOptions {
  nodes: number
  /** Seconds; undefined runs until Ctrl-C. */
  duration?: number
  seed: string
  basePort: number
  /** Seconds between random node kills; undefined disables chaos. */
  chaos?: number
  dir: string
  /** Run the bots (publishers, miners, validators); off for a bare network. */
  bots: boolean
}

export interface NodeLayout {
  index: number
  home: string
  dataDir: string
  logFile: string
  p2pPort: number
  apiPort: number
  apiUrl: string
}

export function nodeLayout(opts: Pick<TestnetOptions, 'dir' | 'basePort'>, index: number): NodeLayout {
  const home = join(opts.dir, `node-${index}`)
  const apiPort = opts.basePort + API_PORT_OFFSET + index
  return {
    index,
    home,
    dataDir: join(home, 'data'),
    logFile: join(opts.dir, `node-${index}.log`),
    p2pPort: opts.basePort + index,
    apiPort,
    apiUrl: `http://127.0.0.1:${apiPort}`,
  }
}

/** A 32-byte key seed for (seed, label): the same testnet seed always gives the same keys. */
export function deriveSeed(seed: string, label: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`aimesh-testnet\0${seed}\0${label}`).digest())
}
