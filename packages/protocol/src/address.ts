import { bytesEqual, sha256 } from './bytes.js'
import { ProtocolError } from './errors.js'

/** Human-readable prefix of every account address. */
export const ADDRESS_PREFIX = 'aim1'
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'
const CHECKSUM_BYTES = 4
/** aim1 + base32 of 36 bytes (288 bits → 58 characters). */
const ADDRESS_CHARS = ADDRESS_PREFIX.length + Math.ceil(((32 + CHECKSUM_BYTES) * 8) / 5)

/** An untrusted string, shortened for an error message. */
function quote(s: string): string {
  return JSON.stringify(s.length > ADDRESS_CHARS + 8 ? `${s.slice(0, ADDRESS_CHARS)}…` : s)
}

function base32(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31]
  return out
}

function unbase32(text: string): Uint8Array | null {
  const out: number[] = []
  let bits = 0
  let value = 0
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch)
    if (v < 0) return null
    value = ((value << 5) | v) & 0xffff
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  // Leftover bits must be under one character and zero, so every byte string has exactly one address.
  if (bits >= 5 || (value & ((1 << bits) - 1)) !== 0) return null
  return Uint8Array.from(out)
}

/**
 * A printable account address: `aim1` + base32(public key ‖ first 4 bytes of sha256(key)).
 * The checksum catches typos when people paste addresses into the CLI.
 */
export function encodeAddress(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new ProtocolError('INVALID_ADDRESS', 'an account public key is 32 bytes')
  return (
    ADDRESS_PREFIX + base32(new Uint8Array([...publicKey, ...sha256(publicKey).subarray(0, CHECKSUM_BYTES)]))
  )
}

/** The public key inside an address; throws INVALID_ADDRESS on a typo or a wrong prefix. */
export function decodeAddress(address: string): Uint8Array {
  if (typeof address !== 'string' || !address.startsWith(ADDRESS_PREFIX)) {
    throw new ProtocolError(
      'INVALID_ADDRESS',
      `address ${quote(String(address))} does not start with ${ADDRESS_PREFIX}`,
    )
  }
  // Length first: addresses arrive from the CLI and the HTTP API, and may be arbitrarily long.
  const raw = address.length === ADDRESS_CHARS ? unbase32(address.slice(ADDRESS_PREFIX.length)) : null
  if (raw === null || raw.length !== 32 + CHECKSUM_BYTES) {
    throw new ProtocolError('INVALID_ADDRESS', `address ${quote(address)} is malformed`)
  }
  const key = raw.subarray(0, 32)
  if (!bytesEqual(raw.subarray(32), sha256(key).subarray(0, CHECKSUM_BYTES))) {
    throw new ProtocolError(
      'INVALID_ADDRESS',
      `address ${quote(address)} has a bad checksum: check it for typos`,
    )
  }
  return Uint8Array.from(key)
}
