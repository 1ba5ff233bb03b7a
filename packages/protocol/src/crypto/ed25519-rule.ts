/**
 * The one signature rule of aimesh, shared by both verifiers: RFC 8032 ed25519 with
 * strict encodings, the cofactorless equation [S]B = R + [k]A (OpenSSL's), and these extra
 * checks done before either verifier runs, so both give the same answer on every input:
 * exact lengths, S < L, a canonical public key (y < p), and no small-order public key.
 */
import { LIMITS } from '../limits.js'

/** Group order L = 2^252 + 27742317777372353535851937790883648493, little-endian bytes. */
const L_BYTES_LE = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
])

export const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n

function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, 'hex'))
}

/**
 * Encodings of the eight small-order points (identity, order 2, 4 and 8), plus the two
 * x = 0 encodings with the sign bit set, which strict decoders refuse but not all verifiers.
 */
const SMALL_ORDER_KEYS: readonly Uint8Array[] = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000080',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
].map(hex)

/** Compares two 32-byte little-endian numbers: true when a < b. */
function lessThanLE(a: Uint8Array, aOffset: number, b: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const x = a[aOffset + i]!
    const y = b[i]!
    if (x !== y) return x < y
  }
  return false
}

/** p = 2^255 - 19 little-endian, for the canonical y check (sign bit masked off). */
const P_BYTES_LE = (() => {
  const p = new Uint8Array(32).fill(0xff)
  p[0] = 0xed
  p[31] = 0x7f
  return p
})()

/** True when the 32 bytes encode y < p (ignoring the sign bit): a canonical encoding. */
function isCanonicalY(key: Uint8Array): boolean {
  const y = Uint8Array.from(key)
  y[31] = y[31]! & 0x7f
  return lessThanLE(y, 0, P_BYTES_LE)
}

function equal32(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return false
  return true
}

/** True when the public key is one of the small-order encodings. */
export function isSmallOrderKey(publicKey: Uint8Array): boolean {
  return SMALL_ORDER_KEYS.some((k) => equal32(k, publicKey))
}

/**
 * The checks both verifiers run first. Returns false for inputs no verifier may accept;
 * true means "go on and check the equation".
 */
export function passesStrictPrechecks(signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== LIMITS.signatureBytes || publicKey.length !== LIMITS.publicKeyBytes) return false
  if (!lessThanLE(signature, 32, L_BYTES_LE)) return false
  if (!isCanonicalY(publicKey)) return false
  if (isSmallOrderKey(publicKey)) return false
  return true
}
