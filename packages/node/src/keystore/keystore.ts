/**
 * The node's keystore (DESIGN §4, §7): a directory (mode 0700) of account key files `<name>.json`
 * (mode 0600), optionally sealed with a passphrase. It lives outside the data dir by default, so
 * losing the data dir loses no key. Accounts sign every action the node takes for its user.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { type AccountKey, accountFromSeed, fromHex, generateAccount, toHex } from '@aimesh/protocol'
import { NodeError } from '../errors.js'
import { makeDir, writeFileAtomic } from '../fs-atomic.js'
import {
  ACCOUNT_NAME,
  isSealed,
  type KeyFile,
  keyFileSchema,
  makeKeyFile,
  openKeyFile,
  type Role,
} from './key-file.js'

/** What the keystore says about one account (no secret). */
export interface AccountInfo {
  name: string
  address: string
  /** Lowercase hex ed25519 public key: the account id in messages and the API. */
  publicKey: string
  roles: Role[]
  encrypted: boolean
  createdAt: number
}

/** An account with its signing key. */
export interface KeystoreAccount extends AccountInfo {
  key: AccountKey
}

/** Options of Keystore.open. */
export interface KeystoreOptions {
  /** Passphrase for sealed key files, and the one new accounts are sealed with. */
  passphrase?: string
  /** Create the directory when it does not exist (default true). */
  create?: boolean
}

/** A loaded keystore. */
export class Keystore {
  readonly dir: string
  readonly #passphrase: string | undefined
  readonly #accounts = new Map<string, KeystoreAccount>()

  private constructor(dir: string, passphrase: string | undefined) {
    this.dir = dir
    this.#passphrase = passphrase
  }

  /** Opens the keystore at `dir`, loading (and unlocking) every key file. */
  static async open(dir: string, options: KeystoreOptions = {}): Promise<Keystore> {
    const ks = new Keystore(dir, options.passphrase)
    const found = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    )
    if (!found) {
      if (options.create === false)
        throw new NodeError('KEYSTORE', `keystore ${dir} does not exist; run \`aimesh init\` first`)
      await makeDir(dir)
      return ks
    }
    for (const name of (await readdir(dir)).sort()) {
      if (!name.endsWith('.json')) continue
      const account = await ks.#load(join(dir, name))
      ks.#accounts.set(account.name, account)
    }
    return ks
  }

  /** An in-memory keystore (tests, embedding with keys from elsewhere); `add` does not write files. */
  static memory(): Keystore {
    return new Keystore('', undefined)
  }

  /** Every account, sorted by name. */
  list(): AccountInfo[] {
    return [...this.#accounts.values()]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map(({ key: _key, ...info }) => info)
  }

  /** Every account with its key. */
  accounts(): KeystoreAccount[] {
    return [...this.#accounts.values()].sort((a, b) => (a.name < b.name ? -1 : 1))
  }

  /** The account named `ref` (a name, an aim1 address or a hex public key), or undefined. */
  find(ref: string): KeystoreAccount | undefined {
    const byName = this.#accounts.get(ref)
    if (byName !== undefined) return byName
    const lower = ref.toLowerCase()
    for (const a of this.#accounts.values()) if (a.address === ref || a.publicKey === lower) return a
    return undefined
  }

  /** Like find, but throws UNKNOWN_ACCOUNT naming what exists. */
  get(ref: string): KeystoreAccount {
    const a = this.find(ref)
    if (a === undefined) {
      const names = [...this.#accounts.keys()]
      throw new NodeError(
        'UNKNOWN_ACCOUNT',
        `the keystore holds no account "${ref}"${names.length > 0 ? ` (it holds: ${names.slice(0, 10).join(', ')})` : '; create one with `aimesh account new`'}`,
        'account',
      )
    }
    return a
  }

  /** The account whose public key is `publicKeyHex`, if held. */
  byPublicKey(publicKeyHex: string): KeystoreAccount | undefined {
    for (const a of this.#accounts.values()) if (a.publicKey === publicKeyHex) return a
    return undefined
  }

  /** Creates an account (random, or from a 32-byte seed) and writes its key file. */
  async create(
    name: string,
    roles: readonly Role[] = ['publisher', 'miner'],
    seed?: Uint8Array,
  ): Promise<AccountInfo> {
    const key = seed === undefined ? generateAccount() : accountFromSeed(seed)
    return this.add(name, key, roles)
  }

  /** Adds an existing key under `name` (sealed with the keystore's passphrase, if any). */
  async add(name: string, key: AccountKey, roles: readonly Role[]): Promise<AccountInfo> {
    if (!ACCOUNT_NAME.test(name))
      throw new NodeError(
        'BAD_INPUT',
        `account name "${name}" is invalid: use 1-64 letters, digits, '.', '_' or '-'`,
        'name',
      )
    if (this.#accounts.has(name))
      throw new NodeError(
        'ACCOUNT_EXISTS',
        `an account named "${name}" exists already; pick another name`,
        'name',
      )
    const existing = this.byPublicKey(toHex(key.publicKey))
    if (existing !== undefined)
      throw new NodeError(
        'ACCOUNT_EXISTS',
        `this key is already in the keystore as "${existing.name}"`,
        'name',
      )
    const file = await makeKeyFile(key, { name, roles, createdAt: Date.now() }, this.#passphrase)
    if (this.dir !== '')
      await writeFileAtomic(join(this.dir, `${name}.json`), `${JSON.stringify(file, null, 2)}\n`)
    const account = toAccount(file, key)
    this.#accounts.set(name, account)
    const { key: _key, ...info } = account
    return info
  }

  /**
   * The key file of an account as JSON text, to move it elsewhere: sealed with `passphrase` when
   * given, in the clear otherwise (the caller warns the user).
   */
  async export(ref: string, passphrase?: string): Promise<string> {
    const a = this.get(ref)
    const file = await makeKeyFile(
      a.key,
      { name: a.name, roles: a.roles, createdAt: a.createdAt },
      passphrase,
    )
    return `${JSON.stringify(file, null, 2)}\n`
  }

  /**
   * Imports an exported key file (or a bare 64-hex-character seed), unlocking it with
   * `passphrase` when sealed; stored under `name` (default: the file's name).
   */
  async import(
    text: string,
    options: { name?: string; passphrase?: string; roles?: Role[] } = {},
  ): Promise<AccountInfo> {
    const trimmed = text.trim()
    if (/^[0-9a-f]{64}$/i.test(trimmed)) {
      if (options.name === undefined)
        throw new NodeError('BAD_INPUT', 'importing a bare seed needs a name for the account', 'name')
      return this.add(
        options.name,
        accountFromSeed(fromHex(trimmed.toLowerCase())),
        options.roles ?? ['miner'],
      )
    }
    const file = parseKeyFile(trimmed, 'imported key file')
    const key = await openKeyFile(file, options.passphrase, 'the imported key file')
    return this.add(options.name ?? file.name, key, options.roles ?? file.roles)
  }

  async #load(path: string): Promise<KeystoreAccount> {
    const info = await stat(path)
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0)
      throw new NodeError(
        'KEYSTORE',
        `key file ${path} is readable by other users (mode ${(info.mode & 0o777).toString(8)}); run: chmod 600 ${path}`,
      )
    if (info.size > 64 * 1024) throw new NodeError('KEYSTORE', `${path} is too large to be a key file`)
    const file = parseKeyFile(await readFile(path, 'utf8'), `key file ${path}`)
    const key = await openKeyFile(file, this.#passphrase, `key file ${path}`)
    return toAccount(file, key)
  }
}

function parseKeyFile(text: string, where: string): KeyFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new NodeError('KEYSTORE', `${where} is not valid JSON`)
  }
  const parsed = keyFileSchema.safeParse(json)
  if (!parsed.success) {
    const i = parsed.error.issues[0]!
    throw new NodeError(
      'KEYSTORE',
      `${where} is not an aimesh account file: ${i.path.join('.') || '(root)'}: ${i.message}`,
    )
  }
  return parsed.data
}

function toAccount(file: KeyFile, key: AccountKey): KeystoreAccount {
  return {
    name: file.name,
    address: file.address,
    publicKey: file.publicKey,
    roles: [...file.roles],
    encrypted: isSealed(file),
    createdAt: file.createdAt,
    key,
  }
}
