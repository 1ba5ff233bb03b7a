import { createPrivateKey, type KeyObject, randomBytes, sign } from 'node:crypto'
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises'
import { ed25519 } from '@noble/curves/ed25519.js'
import { encodeAddress } from './address.js'
import { fromHex, toHex } from './bytes.js'
import { ProtocolError } from './errors.js'

/** A key file is a few hundred bytes; anything far larger is not one (and is not read whole). */
const MAX_KEY_FILE_BYTES = 64 * 1024

/** DER prefix that wraps a 32-byte ed25519 seed as PKCS#8 for node:crypto. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/** An account: an ed25519 key pair that signs messages (DESIGN §4). */
export interface AccountKey {
  readonly publicKey: Uint8Array
  readonly address: string
  /** Signs bytes (ed25519, deterministic). */
  sign(message: Uint8Array): Uint8Array<ArrayBuffer>
  /** The 32-byte secret seed; only for saving. */
  exportSeed(): Uint8Array
}

/** Builds an account key from a 32-byte seed. */
export function accountFromSeed(seed: Uint8Array): AccountKey {
  if (seed.length !== 32)
    throw new ProtocolError('KEY_FILE', `an ed25519 seed is 32 bytes, got ${seed.length}`)
  const secret = Uint8Array.from(seed)
  const publicKey = ed25519.getPublicKey(secret)
  let keyObject: KeyObject | undefined
  return {
    publicKey,
    address: encodeAddress(publicKey),
    sign(message) {
      keyObject ??= createPrivateKey({
        key: Buffer.concat([PKCS8_ED25519_PREFIX, secret]),
        format: 'der',
        type: 'pkcs8',
      })
      return new Uint8Array(sign(null, message, keyObject))
    },
    exportSeed: () => Uint8Array.from(secret),
  }
}

/** Generates a fresh random account key. */
export function generateAccount(): AccountKey {
  return accountFromSeed(new Uint8Array(randomBytes(32)))
}

interface KeyFileV1 {
  version: 1
  type: 'ed25519'
  address: string
  publicKey: string
  secretSeed: string
}

/**
 * Saves the key as JSON readable only by its owner (mode 0600), via a temp file and rename so
 * a crash never leaves half a key. Refuses to overwrite an existing file unless `overwrite`.
 * The temp file is created exclusively (never an existing file or symlink), synced before it
 * takes the key's name, and removed if anything fails; without `overwrite` the final step is a
 * hard link, which fails atomically if the key file appeared meanwhile.
 */
export async function saveAccount(
  path: string,
  key: AccountKey,
  opts: { overwrite?: boolean } = {},
): Promise<void> {
  const exists = () =>
    new ProtocolError('KEY_FILE', `key file ${path} already exists; refusing to overwrite an existing key`)
  if (!opts.overwrite) {
    const found = await stat(path).then(
      () => true,
      () => false,
    )
    if (found) throw exists()
  }
  const file: KeyFileV1 = {
    version: 1,
    type: 'ed25519',
    address: key.address,
    publicKey: toHex(key.publicKey),
    secretSeed: toHex(key.exportSeed()),
  }
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  let created = false
  try {
    const handle = await open(tmp, 'wx', 0o600)
    created = true
    try {
      // The mode above applies only after the umask; make it exactly 0600 before writing the secret.
      await handle.chmod(0o600)
      await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await (opts.overwrite ? rename(tmp, path) : noClobberRename(tmp, path))
    created = false
  } catch (err) {
    if (created) await unlink(tmp).catch(() => undefined)
    if (err instanceof ProtocolError) throw err
    if ((err as NodeJS.ErrnoException).code === 'EEXIST' && !opts.overwrite) throw exists()
    throw new ProtocolError('KEY_FILE', `cannot write key file ${path}: ${(err as Error).message}`)
  }
}

/** Moves `tmp` to `path` unless `path` exists, atomically where the file system has hard links. */
async function noClobberRename(tmp: string, path: string): Promise<void> {
  try {
    await link(tmp, path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw err
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err
    // No hard links here: fall back to check-then-rename (a narrow race, as before).
    const found = await stat(path).then(
      () => true,
      () => false,
    )
    if (found) throw Object.assign(new Error('key file exists'), { code: 'EEXIST' })
    await rename(tmp, path)
    return
  }
  // The key is in place under its name; the temp name is only a second link to it.
  await unlink(tmp).catch(() => undefined)
}

/** Loads a key file written by saveAccount; checks permissions and that the key is consistent. */
export async function loadAccount(path: string): Promise<AccountKey> {
  let text: string
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new ProtocolError('KEY_FILE', `key file ${path} is not a regular file`)
    if (info.size > MAX_KEY_FILE_BYTES) {
      throw new ProtocolError(
        'KEY_FILE',
        `key file ${path} is ${info.size} bytes: too large to be a key file`,
      )
    }
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      throw new ProtocolError(
        'KEY_FILE',
        `key file ${path} is readable by other users (mode ${(info.mode & 0o777).toString(8)}); run: chmod 600 ${path}`,
      )
    }
    text = await readFile(path, 'utf8')
  } catch (err) {
    if (err instanceof ProtocolError) throw err
    throw new ProtocolError('KEY_FILE', `cannot read key file ${path}: ${(err as Error).message}`)
  }
  let parsed: Partial<KeyFileV1>
  try {
    parsed = JSON.parse(text) as Partial<KeyFileV1>
  } catch {
    throw new ProtocolError('KEY_FILE', `key file ${path} is not valid JSON`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ProtocolError('KEY_FILE', `key file ${path} is not an aimesh v1 ed25519 key file`)
  }
  if (parsed.version !== 1 || parsed.type !== 'ed25519' || typeof parsed.secretSeed !== 'string') {
    throw new ProtocolError('KEY_FILE', `key file ${path} is not an aimesh v1 ed25519 key file`)
  }
  let key: AccountKey
  try {
    key = accountFromSeed(fromHex(parsed.secretSeed))
  } catch {
    throw new ProtocolError('KEY_FILE', `key file ${path} holds a malformed secret seed`)
  }
  if (parsed.publicKey !== undefined && parsed.publicKey !== toHex(key.publicKey)) {
    throw new ProtocolError(
      'KEY_FILE',
      `key file ${path} is inconsistent: its public key does not match its seed`,
    )
  }
  if (parsed.address !== undefined && parsed.address !== key.address) {
    throw new ProtocolError(
      'KEY_FILE',
      `key file ${path} is inconsistent: its address does not match its seed`,
    )
  }
  return key
}
