/**
 * The node's home (DESIGN §1 "aimesh init", §7): `init` writes a keystore with a first account, an
 * API token (mode 0600), a genesis file (given, or a one-node devnet whose validator is the new
 * account) and an empty data dir; the account functions the CLI's `account` commands call.
 * Keystore and backups live in the home, outside the data dir, so losing the data dir loses
 * neither.
 */
import { randomBytes } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import type { Genesis } from '@aimesh/engine'
import { type NodeConfig, type NodeConfigInput, resolveConfig } from './config.js'
import { NodeError } from './errors.js'
import { makeDir, writeFileAtomic } from './fs-atomic.js'
import { type LoadedGenesis, makeGenesis, writeGenesisFile } from './genesis-file.js'
import type { Role } from './keystore/key-file.js'
import { type AccountInfo, Keystore } from './keystore/keystore.js'

/** How to initialise a home. */
export interface InitOptions {
  /** The home directory (created). */
  home: string
  /** More config written to `<home>/config.json` (paths, ports, network). */
  config?: Omit<NodeConfigInput, 'home'>
  /** The network's genesis; default a one-node devnet with the first account pre-trusted. */
  genesis?: Genesis
  /** The first account (default `default` with every role); `false` creates none. */
  account?: { name: string; roles?: Role[]; seed?: Uint8Array } | false
  /** Seal key files with this passphrase. */
  passphrase?: string
}

/** What init wrote. */
export interface InitResult {
  config: NodeConfig
  genesis: LoadedGenesis
  account: AccountInfo | null
  apiToken: string
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

/** Creates a home (see the file comment); refuses one that already has a genesis or token. */
export async function init(opts: InitOptions): Promise<InitResult> {
  const config = resolveConfig({ ...opts.config, home: opts.home })
  for (const path of [config.genesisFile, config.apiTokenFile]) {
    if (await exists(path))
      throw new NodeError(
        'ALREADY_INITIALIZED',
        `${path} exists: ${config.home} is already initialised; use another --home or remove it first`,
      )
  }
  await makeDir(config.home)
  await makeDir(config.dataDir)
  await makeDir(config.backupDir)
  const keystore = await Keystore.open(config.keystoreDir, { passphrase: opts.passphrase })
  let account: AccountInfo | null = null
  if (opts.account !== false) {
    const a = opts.account ?? { name: 'default' }
    account = await keystore.create(a.name, a.roles ?? ['publisher', 'miner', 'validator'], a.seed)
  }
  const genesis =
    opts.genesis === undefined
      ? makeGenesis({ preTrustedValidators: account === null ? [] : [account.publicKey] })
      : makeGenesis(opts.genesis)
  await writeGenesisFile(config.genesisFile, genesis.genesis)
  const apiToken = await writeApiToken(config.apiTokenFile)
  if (opts.config !== undefined && Object.keys(opts.config).length > 0)
    await writeFileAtomic(config.configFile, `${JSON.stringify(opts.config, null, 2)}\n`, 0o600)
  return { config, genesis, account, apiToken }
}

/** Writes a fresh random API token (mode 0600) and returns it. */
export async function writeApiToken(path: string): Promise<string> {
  const token = randomBytes(32).toString('hex')
  await writeFileAtomic(path, `${token}\n`, 0o600)
  return token
}

/** Reads the API token file; refuses one that other users can read. */
export async function readApiToken(path: string): Promise<string> {
  let info: Awaited<ReturnType<typeof stat>>
  try {
    info = await stat(path)
  } catch {
    throw new NodeError(
      'CONFIG_INVALID',
      `API token file ${path} is missing; run \`aimesh init\``,
      'apiTokenFile',
    )
  }
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0)
    throw new NodeError(
      'CONFIG_INVALID',
      `API token file ${path} is readable by other users; run: chmod 600 ${path}`,
      'apiTokenFile',
    )
  const token = (await readFile(path, 'utf8')).trim()
  if (token.length < 16)
    throw new NodeError('CONFIG_INVALID', `API token file ${path} holds no token`, 'apiTokenFile')
  return token
}

/** Options shared by the account functions. */
export interface AccountsOptions {
  /** The keystore directory (config.keystoreDir). */
  keystoreDir: string
  passphrase?: string
}

/** `aimesh account new`: creates an account. */
export async function accountNew(
  opts: AccountsOptions & { name: string; roles?: Role[]; seed?: Uint8Array },
): Promise<AccountInfo> {
  const ks = await Keystore.open(opts.keystoreDir, { passphrase: opts.passphrase })
  return ks.create(opts.name, opts.roles ?? ['publisher', 'miner'], opts.seed)
}

/** `aimesh account list`: the keystore's accounts (no secrets). */
export async function accountList(opts: AccountsOptions): Promise<AccountInfo[]> {
  return (await Keystore.open(opts.keystoreDir, { passphrase: opts.passphrase, create: false })).list()
}

/** `aimesh account export`: the key file text, sealed with `exportPassphrase` when given. */
export async function accountExport(
  opts: AccountsOptions & { account: string; exportPassphrase?: string },
): Promise<string> {
  const ks = await Keystore.open(opts.keystoreDir, { passphrase: opts.passphrase, create: false })
  return ks.export(opts.account, opts.exportPassphrase)
}

/** `aimesh account import`: adds an exported key file (or a hex seed) to the keystore. */
export async function accountImport(
  opts: AccountsOptions & { text: string; name?: string; importPassphrase?: string; roles?: Role[] },
): Promise<AccountInfo> {
  const ks = await Keystore.open(opts.keystoreDir, { passphrase: opts.passphrase })
  return ks.import(opts.text, {
    ...(opts.name === undefined ? {} : { name: opts.name }),
    ...(opts.importPassphrase === undefined ? {} : { passphrase: opts.importPassphrase }),
    ...(opts.roles === undefined ? {} : { roles: opts.roles }),
  })
}
