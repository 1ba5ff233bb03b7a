/**
 * `aimesh start` (DESIGN §1 "join a network"): runs a node in this process until Ctrl-C or
 * SIGTERM (stop drains), with a sync progress bar on a terminal. Flags become the node's config
 * (highest priority over the home's config file and AIMESH_* variables). With `--init` a missing
 * home is created first, which is what containers and testnets use; `--seed/--index` derive the
 * peer key and validator account as `aimesh testnet` does.
 */

import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { type Command, Option } from 'commander'
import { type Context, handler, intOption, type Runtime, TOKEN_FILE } from '../context.js'
import { CliError, EXIT } from '../errors.js'
import { createLogger, type LogLevel } from '../log.js'
import { nodeFn } from '../node-lib.js'
import { progressBar } from '../progress.js'

/** Options `aimesh start` accepts; the testnet and docker-compose build exactly these. */
export interface StartOptions {
  init?: boolean
  seed?: string
  index?: number
  dataDir?: string
  genesis?: string
  listen?: string[]
  announce?: string[]
  p2pPort?: number
  apiPort?: number
  apiHost?: string
  bootstrap?: string[]
  loopback?: boolean
  /** false: run without networking (a single local node). */
  network?: boolean
  /** An empty data dir starts from the latest certified checkpoint ('auto') or replays history ('never'). */
  fromCheckpoint?: 'auto' | 'never'
  passphrase?: string
  logLevel?: LogLevel
}

/** How often a supervised node checks that its supervisor is still alive. */
const PARENT_CHECK_MS = 1_000

const collect = (v: string, prev: string[] = []) => [...prev, v]

/** The node config the flags give (the node's config schema; only what was set). */
export function startConfig(home: string, o: StartOptions): Record<string, unknown> {
  const listen = o.listen ?? (o.p2pPort === undefined ? undefined : [`/ip4/0.0.0.0/tcp/${o.p2pPort}`])
  const network: Record<string, unknown> = {}
  if (listen) network.listen = listen
  if (o.announce) network.announce = o.announce
  if (o.bootstrap) network.bootstrap = o.bootstrap
  if (o.loopback) network.loopback = true
  if (o.network === false) network.enabled = false
  const sync: Record<string, unknown> = {}
  if (o.fromCheckpoint !== undefined) sync.fromCheckpoint = o.fromCheckpoint
  const api: Record<string, unknown> = {}
  if (o.apiHost !== undefined) api.host = o.apiHost
  if (o.apiPort !== undefined) api.port = o.apiPort
  return {
    home,
    ...(o.dataDir === undefined ? {} : { dataDir: o.dataDir }),
    ...(o.genesis === undefined ? {} : { genesisFile: o.genesis }),
    ...(Object.keys(network).length ? { network } : {}),
    ...(Object.keys(sync).length ? { sync } : {}),
    ...(Object.keys(api).length ? { api } : {}),
    ...(o.logLevel === undefined ? {} : { log: { level: o.logLevel } }),
  }
}

/**
 * Waits for SIGINT or SIGTERM, or for the supervising process named in AIMESH_PARENT_PID to be
 * gone (a testnet killed with SIGKILL leaves no orphan node behind); a second signal exits at once.
 */
function untilSignal(env: NodeJS.ProcessEnv): Promise<NodeJS.Signals | 'parent-exited'> {
  const parent = Number(env.AIMESH_PARENT_PID)
  return new Promise((resolve) => {
    const timer =
      Number.isSafeInteger(parent) && parent > 0
        ? setInterval(() => {
            try {
              process.kill(parent, 0)
            } catch {
              done('parent-exited')
            }
          }, PARENT_CHECK_MS)
        : undefined
    const on = (sig: NodeJS.Signals) => done(sig)
    const done = (why: NodeJS.Signals | 'parent-exited') => {
      if (timer) clearInterval(timer)
      process.off('SIGINT', on)
      process.off('SIGTERM', on)
      process.once('SIGINT', () => process.exit(130))
      process.once('SIGTERM', () => process.exit(143))
      resolve(why)
    }
    process.on('SIGINT', on)
    process.on('SIGTERM', on)
  })
}

/** Creates the home when it has none (start --init): from the seed and index, or a fresh random one. */
async function initIfMissing(ctx: Context, o: StartOptions): Promise<void> {
  if (o.seed !== undefined) {
    if (o.genesis === undefined)
      throw new CliError(
        'USAGE',
        'start --init --seed needs --genesis <file> (see `aimesh testnet genesis`)',
        EXIT.usage,
      )
    const { initTestnetHome } = await import('../testnet/homes.js')
    await initTestnetHome({
      home: ctx.home,
      genesisFile: o.genesis,
      seed: o.seed,
      index: o.index ?? 0,
      dataDir: o.dataDir,
      loopback: o.loopback,
    })
    return
  }
  if (await stat(join(ctx.home, TOKEN_FILE)).catch(() => null)) return
  const genesis =
    o.genesis === undefined ? undefined : (await (await nodeFn('loadGenesisFile'))(o.genesis)).genesis
  await (await nodeFn('init'))({
    home: ctx.home,
    genesis,
    config: o.dataDir === undefined ? {} : { dataDir: o.dataDir },
  })
}

export function registerStartCommand(program: Command, rt: Runtime): void {
  program
    .command('start')
    .description('run a node until Ctrl-C: join the network, sync with a progress bar, serve the HTTP API')
    .option('--init', 'create the home first if it has none (containers, testnets)')
    .option('--seed <text>', 'with --init: derive the peer key and validator account from this seed')
    .option('--index <n>', 'with --seed: this node’s index', intOption('--index', 0, 1000))
    .option('--data-dir <dir>', 'LevelDB data dir (default: <home>/data)')
    .option('--genesis <file>', 'genesis JSON (default: <home>/genesis.json)')
    .option('--listen <multiaddr>', 'libp2p listen address (repeatable)', collect)
    .option('--announce <multiaddr>', 'address peers should dial (repeatable)', collect)
    .option(
      '--p2p-port <port>',
      'shorthand for --listen /ip4/0.0.0.0/tcp/<port>',
      intOption('--p2p-port', 0, 65535),
    )
    .option('--api-port <port>', 'HTTP API port (default 8645)', intOption('--api-port', 0, 65535))
    .option(
      '--api-host <host>',
      'HTTP API bind address (default 127.0.0.1; any address still requires the token)',
    )
    .option('-b, --bootstrap <multiaddr>', 'a peer to join through (repeatable)', collect)
    .option('--loopback', 'a local testnet: allow private addresses and many peers per host')
    .addOption(
      new Option(
        '--from-checkpoint <mode>',
        'with an empty data dir: auto = start from the latest certified checkpoint a bootstrap peer serves ' +
          '(verified against its certificate), then sync what came after; never = replay the whole history',
      ).choices(['auto', 'never']),
    )
    .option(
      '--no-network',
      'run without networking: a single local node (trying things out, embedding tests)',
    )
    .option('--passphrase <text>', 'keystore passphrase (or set AIMESH_PASSPHRASE)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
    .action(
      handler(rt, async (ctx, o: StartOptions) => {
        if (o.init) await initIfMissing(ctx, o)
        const logger = createLogger({ level: o.logLevel ?? 'info' })
        const createNode = await nodeFn('createNode')
        const node = await createNode({
          config: startConfig(ctx.home, o),
          passphrase: o.passphrase ?? ctx.env.AIMESH_PASSPHRASE,
          logger,
        })
        const bar = progressBar(ctx.io, ctx.json, 'sync')
        node.events?.on?.('sync', (e: { done?: number; total?: number }) => bar.update(e.done ?? 0, e.total))
        await node.start()
        logger.info({ home: ctx.home }, 'node started; Ctrl-C stops it')
        const why = await untilSignal(ctx.env)
        bar.stop()
        logger.info({ reason: why }, 'stopping')
        await node.stop()
      }),
    )
}
