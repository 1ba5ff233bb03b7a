import { createPublicKey, type KeyObject, verify } from 'node:crypto'
import { passesStrictPrechecks } from './ed25519-rule.js'

/** DER prefix that turns a raw 32-byte ed25519 key into an SPKI structure OpenSSL accepts. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

/**
 * Parsed keys are cached because a node sees the same few hundred signers over and over and
 * parsing costs a large share of a verify. Bounded: cleared when full (cheap, no bookkeeping).
 */
const KEY_CACHE_MAX = 4096
const keyCache = new Map<string, KeyObject | null>()

function keyObject(publicKey: Uint8Array): KeyObject | null {
  const id = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('latin1')
  let key = keyCache.get(id)
  if (key === undefined) {
    try {
      key = createPublicKey({
        key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]),
        format: 'der',
        type: 'spki',
      })
    } catch {
      key = null
    }
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear()
    keyCache.set(id, key)
  }
  return key
}

/** Fast strict verifier (OpenSSL through node:crypto): the hot path. */
export function verifyNode(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (!passesStrictPrechecks(signature, publicKey)) return false
  const key = keyObject(publicKey)
  if (key === null) return false
  try {
    return verify(null, message, key, signature)
  } catch {
    return false
  }
}
