/**
 * The account key file (DESIGN §4 accounts): JSON with the account's name, roles, address and its
 * 32-byte ed25519 seed, either in the clear or sealed with a passphrase (scrypt → AES-256-GCM, both
 * from node:crypto; the name, address and public key are the GCM associated data, so a sealed seed
 * cannot be moved under another name). Files are written mode 0600 by the keystore.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb } from 'node:crypto'
import { promisify } from 'node:util'
import { type AccountKey, accountFromSeed, fromHex, toHex } from '@aimesh/protocol'
import { z } from 'zod'
import { NodeError } from '../errors.js'

const scrypt = promisify(scryptCb) as (
  password: string,
  salt: Uint8Array,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>

/** The `format` tag of an account key file. */
export const KEY_FILE_FORMAT = 'aimesh-account' as const

/** Roles an account may take (DESIGN §4). */
export const ROLES = ['publisher', 'miner', 'validator'] as const
export type Role = (typeof ROLES)[number]

/** scrypt cost: 2^15 × r 8 ≈ 32 MiB and ~0.1 s per unlock, the common wallet setting. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`))

const plainSecret = z.object({ type: z.literal('plain'), seed: hex(32) }).strict()
const sealedSecret = z
  .object({
    type: z.literal('scrypt-aes-256-gcm'),
    N: z
      .number()
      .int()
      .min(1024)
      .max(2 ** 20),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    salt: hex(16),
    iv: hex(12),
    tag: hex(16),
    ciphertext: hex(32),
  })
  .strict()

/** The zod schema of a key file. */
export const keyFileSchema = z
  .object({
    format: z.literal(KEY_FILE_FORMAT),
    version: z.literal(1),
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
    roles: z.array(z.enum(ROLES)).max(3),
    address: z.string(),
    publicKey: hex(32),
    createdAt: z.number().int().nonnegative(),
    secret: z.discriminatedUnion('type', [plainSecret, sealedSecret]),
  })
  .strict()

/** A key file as stored. */
export type KeyFile = z.infer<typeof keyFileSchema>

/** Account names: a letter or digit, then up to 63 of letters, digits, '.', '_', '-'. */
export const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

function associatedData(f: Pick<KeyFile, 'name' | 'address' | 'publicKey'>): Buffer {
  return Buffer.from(`${KEY_FILE_FORMAT}/1\0${f.name}\0${f.address}\0${f.publicKey}`)
}

/** Builds a key file for `key`, sealed when a passphrase is given. */
export async function makeKeyFile(
  key: AccountKey,
  info: { name: string; roles: readonly Role[]; createdAt: number },
  passphrase?: string,
): Promise<KeyFile> {
  const base = {
    format: KEY_FILE_FORMAT,
    version: 1 as const,
    name: info.name,
    roles: [...info.roles],
    address: key.address,
    publicKey: toHex(key.publicKey),
    createdAt: info.createdAt,
  }
  if (passphrase === undefined || passphrase === '')
    return { ...base, secret: { type: 'plain', seed: toHex(key.exportSeed()) } }
  const salt = randomBytes(16)
  const iv = randomBytes(12)
  const dk = await scrypt(passphrase, salt, 32, { ...SCRYPT, maxmem: 128 * SCRYPT.N * SCRYPT.r * 2 })
  const cipher = createCipheriv('aes-256-gcm', dk, iv)
  cipher.setAAD(associatedData(base))
  const ciphertext = Buffer.concat([cipher.update(key.exportSeed()), cipher.final()])
  return {
    ...base,
    secret: {
      type: 'scrypt-aes-256-gcm',
      ...SCRYPT,
      salt: salt.toString('hex'),
      iv: iv.toString('hex'),
      tag: cipher.getAuthTag().toString('hex'),
      ciphertext: ciphertext.toString('hex'),
    },
  }
}

/** True when the key file's seed is sealed with a passphrase. */
export function isSealed(f: KeyFile): boolean {
  return f.secret.type !== 'plain'
}

/** Opens a key file (decrypting with `passphrase` when sealed) and checks it is consistent. */
export async function openKeyFile(
  f: KeyFile,
  passphrase: string | undefined,
  where: string,
): Promise<AccountKey> {
  let seed: Uint8Array
  if (f.secret.type === 'plain') seed = fromHex(f.secret.seed)
  else {
    if (passphrase === undefined || passphrase === '')
      throw new NodeError(
        'KEYSTORE',
        `${where} is encrypted; give the keystore passphrase (AIMESH_PASSPHRASE or --passphrase)`,
      )
    const s = f.secret
    const dk = await scrypt(passphrase, Buffer.from(s.salt, 'hex'), 32, {
      N: s.N,
      r: s.r,
      p: s.p,
      maxmem: 128 * s.N * s.r * 2,
    })
    try {
      const decipher = createDecipheriv('aes-256-gcm', dk, Buffer.from(s.iv, 'hex'))
      decipher.setAAD(associatedData(f))
      decipher.setAuthTag(Buffer.from(s.tag, 'hex'))
      seed = Buffer.concat([decipher.update(Buffer.from(s.ciphertext, 'hex')), decipher.final()])
    } catch {
      throw new NodeError('KEYSTORE', `${where}: wrong passphrase (or the file was altered)`)
    }
  }
  const key = accountFromSeed(seed)
  if (toHex(key.publicKey) !== f.publicKey || key.address !== f.address)
    throw new NodeError(
      'KEYSTORE',
      `${where} is inconsistent: its public key or address does not match its seed`,
    )
  return key
}
