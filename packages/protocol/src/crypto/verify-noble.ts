import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToNumberLE, equalBytes } from '@noble/curves/utils.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { ED25519_L, passesStrictPrechecks } from './ed25519-rule.js'

/**
 * Pure-JS strict verifier with the same rule as verifyNode. noble's own `verify` uses the
 * cofactored equation, which accepts some keys with a torsion component that OpenSSL's
 * cofactorless check refuses; so the equation is written here with noble's point arithmetic.
 */
export function verifyNoble(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (!passesStrictPrechecks(signature, publicKey)) return false
  try {
    const A = ed25519.Point.fromBytes(publicKey, false)
    const rBytes = signature.subarray(0, 32)
    const s = bytesToNumberLE(signature.subarray(32, 64))
    const digest = sha512.create().update(rBytes).update(publicKey).update(message).digest()
    const k = bytesToNumberLE(digest) % ED25519_L
    // Cofactorless: R' = [S]B - [k]A must encode to exactly the R bytes that were signed.
    const rCheck = ed25519.Point.BASE.multiplyUnsafe(s).subtract(A.multiplyUnsafe(k))
    return equalBytes(rCheck.toBytes(), rBytes)
  } catch {
    return false
  }
}
