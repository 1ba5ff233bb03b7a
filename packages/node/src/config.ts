/**
 * Node configuration (DESIGN §1, §7): defaults < config file (`<home>/config.json`) < environment
 * (`AIMESH_*`) < options, merged, then validated by one zod schema, so an error names the field
 * (and the source that set it) and says why. Paths default to the home layout
 * `<home>/{keystore,data,backups,api-token,config.json,genesis.json}`; the data dir may live
 * elsewhere while keys and backups stay in the home.
 */
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { NodeError } from './errors.js'
import { zodError } from './zod-errors.js'

/** The default API port (testnets use base + node index). */
export const DEFAULT_API_PORT = 8645
/** The default libp2p TCP port. */
export const DEFAULT_P2P_PORT = 4645

const port = z.number().int('must be a whole number').min(0).max(65_535, 'must be a port number 0..65535')
const ms = (min: number) =>
  z
    .number()
    .int('must be whole milliseconds')
    .min(min)
    .max(2 ** 31 - 1)

const schema = z
  .object({
    home: z.string().min(1).optional(),
    dataDir: z.string().min(1).optional(),
    keystoreDir: z.string().min(1).optional(),
    backupDir: z.string().min(1).optional(),
    genesisFile: z.string().min(1).optional(),
    apiTokenFile: z.string().min(1).optional(),
    blobDir: z.string().min(1).optional(),
    revealsFile: z.string().min(1).optional(),
    networkDir: z.string().min(1).optional(),
    api: z
      .object({
        enabled: z.boolean().default(true),
        host: z.string().min(1).default('127.0.0.1'),
        port: port.default(DEFAULT_API_PORT),
      })
      .strict()
      .prefault({}),
    network: z
      .object({
        enabled: z.boolean().default(true),
        listen: z
          .array(z.string().startsWith('/', 'must be a multiaddr'))
          .default([`/ip4/0.0.0.0/tcp/${DEFAULT_P2P_PORT}`]),
        announce: z.array(z.string().startsWith('/', 'must be a multiaddr')).default([]),
        bootstrap: z.array(z.string().startsWith('/', 'must be a multiaddr')).default([]),
        /** 64 hex characters: the libp2p peer key's seed (testnets derive it from seed and index). */
        peerKeySeed: z
          .string()
          .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters')
          .optional(),
        /** Loopback testnets: allow private addresses in the DHT and many peers per host. */
        loopback: z.boolean().default(false),
        maxConnections: z.number().int().min(1).max(10_000).default(64),
      })
      .strict()
      .prefault({}),
    sync: z
      .object({
        /**
         * An empty data dir with bootstrap peers starts from the latest certified checkpoint a peer
         * serves, verified against its certificate ("auto"), or replays the whole history ("never").
         */
        fromCheckpoint: z.enum(['auto', 'never']).default('auto'),
        /** Longest wait for the bootstrap peers' statuses before choosing a checkpoint source. */
        checkpointWaitMs: ms(0).default(10_000),
      })
      .strict()
      .prefault({}),
    clock: z
      .object({ intervalMs: ms(10).default(1_000) })
      .strict()
      .prefault({}),
    backup: z
      .object({
        /** 0 turns scheduled backups off. */
        intervalMs: ms(0).default(6 * 3_600_000),
        keep: z.number().int().min(1).max(1_000).default(7),
        /** Path of a 32-byte backup key file (store's createBackupKeyFile); omitted = plain. */
        keyFile: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    integrity: z
      .object({ intervalMs: ms(0).default(3_600_000) })
      .strict()
      .prefault({}),
    snapshots: z
      .object({ intervalMs: ms(0).default(60_000) })
      .strict()
      .prefault({}),
    signer: z
      .object({
        /** How often validator duties (votes, checkpoint votes, alerts) are looked at. */
        intervalMs: ms(10).default(1_000),
        /** Wait per rank before a lower-ranked validator signs a fraud alert nobody announced. */
        alertDelayMs: ms(0).default(10_000),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
        /** Pretty logs for a terminal; JSON otherwise. */
        pretty: z.boolean().optional(),
        /** Write logs to this file instead of stderr. */
        file: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict()

/** Config as given (file, environment or options): every field optional. */
export type NodeConfigInput = z.input<typeof schema>

type Parsed = z.output<typeof schema>

/** Resolved config: every path absolute, every section filled. */
export interface NodeConfig
  extends Omit<
    Parsed,
    | 'home'
    | 'dataDir'
    | 'keystoreDir'
    | 'backupDir'
    | 'genesisFile'
    | 'apiTokenFile'
    | 'blobDir'
    | 'revealsFile'
  > {
  home: string
  dataDir: string
  keystoreDir: string
  backupDir: string
  genesisFile: string
  apiTokenFile: string
  /** Task input blobs by hash (outside the data dir: the publisher serves them). */
  blobDir: string
  /** Salts of committed answers waiting to be revealed (outside the data dir: losing one loses the answer). */
  revealsFile: string
  /** The network's own directory: peer key (0600) and peer store, bans, peer quality. */
  networkDir: string
  configFile: string
}

/** One environment variable: where it goes and how its text becomes a value. */
interface EnvRow {
  path: string[]
  parse: (text: string) => unknown
}

const text = (t: string) => t
const int = (t: string) => (/^-?\d+$/.test(t.trim()) ? Number(t) : t)
const bool = (t: string) => (/^(1|true|on|yes)$/i.test(t) ? true : /^(0|false|off|no)$/i.test(t) ? false : t)
const list = (t: string) =>
  t
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')

/** AIMESH_* variables, one row each (a new setting is one row). */
export const ENVIRONMENT: Readonly<Record<string, EnvRow>> = {
  AIMESH_HOME: { path: ['home'], parse: text },
  AIMESH_DATA_DIR: { path: ['dataDir'], parse: text },
  AIMESH_KEYSTORE_DIR: { path: ['keystoreDir'], parse: text },
  AIMESH_BACKUP_DIR: { path: ['backupDir'], parse: text },
  AIMESH_GENESIS: { path: ['genesisFile'], parse: text },
  AIMESH_API_TOKEN_FILE: { path: ['apiTokenFile'], parse: text },
  AIMESH_API: { path: ['api', 'enabled'], parse: bool },
  AIMESH_API_HOST: { path: ['api', 'host'], parse: text },
  AIMESH_API_PORT: { path: ['api', 'port'], parse: int },
  AIMESH_NETWORK: { path: ['network', 'enabled'], parse: bool },
  AIMESH_LISTEN: { path: ['network', 'listen'], parse: list },
  AIMESH_ANNOUNCE: { path: ['network', 'announce'], parse: list },
  AIMESH_BOOTSTRAP: { path: ['network', 'bootstrap'], parse: list },
  AIMESH_PEER_KEY_SEED: { path: ['network', 'peerKeySeed'], parse: text },
  AIMESH_LOOPBACK: { path: ['network', 'loopback'], parse: bool },
  AIMESH_FROM_CHECKPOINT: { path: ['sync', 'fromCheckpoint'], parse: text },
  AIMESH_CHECKPOINT_WAIT_MS: { path: ['sync', 'checkpointWaitMs'], parse: int },
  AIMESH_CLOCK_INTERVAL_MS: { path: ['clock', 'intervalMs'], parse: int },
  AIMESH_BACKUP_INTERVAL_MS: { path: ['backup', 'intervalMs'], parse: int },
  AIMESH_BACKUP_KEEP: { path: ['backup', 'keep'], parse: int },
  AIMESH_BACKUP_KEY_FILE: { path: ['backup', 'keyFile'], parse: text },
  AIMESH_INTEGRITY_INTERVAL_MS: { path: ['integrity', 'intervalMs'], parse: int },
  AIMESH_SNAPSHOT_INTERVAL_MS: { path: ['snapshots', 'intervalMs'], parse: int },
  AIMESH_SIGNER_INTERVAL_MS: { path: ['signer', 'intervalMs'], parse: int },
  AIMESH_ALERT_DELAY_MS: { path: ['signer', 'alertDelayMs'], parse: int },
  AIMESH_LOG_LEVEL: { path: ['log', 'level'], parse: text },
  AIMESH_LOG_PRETTY: { path: ['log', 'pretty'], parse: bool },
  AIMESH_LOG_FILE: { path: ['log', 'file'], parse: text },
}

/** The config the AIMESH_* variables of `env` give, and which variable set which field. */
export function configFromEnvironment(env: NodeJS.ProcessEnv = process.env): {
  config: Record<string, unknown>
  sources: Map<string, string>
} {
  const config: Record<string, unknown> = {}
  const sources = new Map<string, string>()
  for (const [name, row] of Object.entries(ENVIRONMENT)) {
    const raw = env[name]
    if (raw === undefined || raw === '') continue
    let at = config
    for (const p of row.path.slice(0, -1)) {
      at[p] ??= {}
      at = at[p] as Record<string, unknown>
    }
    at[row.path.at(-1)!] = row.parse(raw)
    sources.set(row.path.join('.'), `environment variable ${name}`)
  }
  return { config, sources }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** Deep merge: later layers win field by field; arrays are replaced whole. */
export function mergeConfig(...layers: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const layer of layers) {
    if (!isObject(layer)) continue
    for (const [k, v] of Object.entries(layer)) {
      if (v === undefined) continue
      out[k] = isObject(v) && isObject(out[k]) ? mergeConfig(out[k], v) : v
    }
  }
  return out
}

/** Where the node's home is when nothing says: `$AIMESH_HOME`, else `~/.aimesh`. */
export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.AIMESH_HOME ?? join(homedir(), '.aimesh'))
}

/** How to load config. */
export interface LoadConfigOptions {
  /** Highest-priority values (the CLI's flags, an embedder's options). */
  options?: NodeConfigInput
  /** Environment to read AIMESH_* from (default process.env; pass {} to ignore it). */
  env?: NodeJS.ProcessEnv
  /** Config file path (default `<home>/config.json`; a missing default file is fine). */
  configFile?: string
}

/** Reads the config file at `path`; undefined when it does not exist and `optional`. */
async function readConfigFile(path: string, optional: boolean): Promise<Record<string, unknown> | undefined> {
  let raw: string
  try {
    raw = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && optional) return undefined
    throw new NodeError('CONFIG_INVALID', `cannot read config file ${path}: ${(err as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch (err) {
    throw new NodeError('CONFIG_INVALID', `config file ${path} is not valid JSON: ${(err as Error).message}`)
  }
  if (!isObject(json)) throw new NodeError('CONFIG_INVALID', `config file ${path} must hold a JSON object`)
  return json
}

/** Loads, merges and validates config (see the file comment). */
export async function loadConfig(opts: LoadConfigOptions = {}): Promise<NodeConfig> {
  const env = opts.env ?? process.env
  const fromEnv = configFromEnvironment(env)
  const options = (opts.options ?? {}) as Record<string, unknown>
  const home = resolve(
    (typeof options.home === 'string' ? options.home : undefined) ??
      (typeof fromEnv.config.home === 'string' ? fromEnv.config.home : undefined) ??
      defaultHome({}),
  )
  const configFile = resolve(opts.configFile ?? join(home, 'config.json'))
  const fromFile = (await readConfigFile(configFile, opts.configFile === undefined)) ?? {}
  return resolveConfig(mergeConfig(fromFile, fromEnv.config, options, { home }), {
    configFile,
    sources: fromEnv.sources,
  })
}

/**
 * Validates a merged config and fills the home layout. `sources` says which environment variable
 * set a field, so an error can name it.
 */
export function resolveConfig(
  merged: unknown,
  ctx: { configFile?: string; sources?: Map<string, string> } = {},
): NodeConfig {
  const parsed = schema.safeParse(merged)
  if (!parsed.success) {
    const err = zodError('CONFIG_INVALID', 'config', parsed.error)
    const from = err.field === undefined ? undefined : ctx.sources?.get(err.field)
    if (from === undefined) throw err
    throw new NodeError('CONFIG_INVALID', `${err.message} (set by ${from})`, err.field)
  }
  const c = parsed.data
  const home = resolve(c.home ?? defaultHome({}))
  const at = (p: string | undefined, name: string) => resolve(home, p ?? name)
  return {
    ...c,
    home,
    dataDir: at(c.dataDir, 'data'),
    keystoreDir: at(c.keystoreDir, 'keystore'),
    backupDir: at(c.backupDir, 'backups'),
    genesisFile: at(c.genesisFile, 'genesis.json'),
    apiTokenFile: at(c.apiTokenFile, 'api-token'),
    blobDir: at(c.blobDir, 'blobs'),
    revealsFile: at(c.revealsFile, 'reveals.json'),
    networkDir: at(c.networkDir, 'network'),
    configFile: resolve(ctx.configFile ?? join(home, 'config.json')),
  }
}
