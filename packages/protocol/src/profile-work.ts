/**
 * Proof of work of a MinerProfile (DESIGN §5.9: admission costs work). The work binds an account
 * on one network: sha256(`aimesh/<network>/profile-work/1` ‖ signer ‖ nonce) must start with
 * `bits` zero bits. Solving costs about 2^bits hashes; checking costs one. The work is per
 * account, not per profile body, so an account updates its profile without redoing it.
 */
import { createHash } from 'node:crypto'
import { ProtocolError } from './errors.js'
import { LIMITS } from './limits.js'

/** Most work bits a genesis may ask for (2^32 hashes is hours of one core). */
export const MAX_PROFILE_WORK_BITS = 32

/** Bytes of the nonce `solveProfileWork` writes: a big-endian counter. */
const NONCE_BYTES = 8

const tags = new Map<string, Buffer>()
function workTag(network: string): Buffer {
  let tag = tags.get(network)
  if (tag === undefined) {
    tag = Buffer.from(`aimesh/${network}/profile-work/1`, 'utf8')
    tags.set(network, tag)
  }
  return tag
}

/** The work digest of (network, signer, nonce). */
export function profileWorkDigest(network: string, signer: Uint8Array, nonce: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(workTag(network)).update(signer).update(nonce).digest())
}

/** Number of leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8
      continue
    }
    return bits + Math.clz32(byte) - 24
  }
  return bits
}

function assertBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < 0 || bits > MAX_PROFILE_WORK_BITS)
    throw new ProtocolError(
      'INVALID_FIELD',
      `work bits must be an integer in 0..${MAX_PROFILE_WORK_BITS}`,
      'bits',
    )
}

/** True when `nonce` (at most LIMITS.nonceBytes) proves `bits` of work for the signer on the network. */
export function checkProfileWork(
  network: string,
  signer: Uint8Array,
  nonce: Uint8Array,
  bits: number,
): boolean {
  assertBits(bits)
  if (nonce.length > LIMITS.nonceBytes) return false
  if (bits === 0) return true
  return leadingZeroBits(profileWorkDigest(network, signer, nonce)) >= bits
}

/** Options of `solveProfileWork`. */
export interface SolveProfileWorkOptions {
  /** Most hashes to try before giving up; default 2^(bits + 8) (the chance of failing is e^-256). */
  maxAttempts?: number
  /** First counter value (to split a search or resume one); default 0. */
  start?: number
}

/**
 * Finds a nonce proving `bits` of work for the signer on the network (empty for 0 bits). Bounded:
 * throws WORK_NOT_FOUND after `maxAttempts` hashes.
 */
export function solveProfileWork(
  network: string,
  signer: Uint8Array,
  bits: number,
  opts: SolveProfileWorkOptions = {},
): Uint8Array {
  assertBits(bits)
  if (bits === 0) return new Uint8Array(0)
  const max = opts.maxAttempts ?? 2 ** Math.min(bits + 8, 52)
  const start = opts.start ?? 0
  const nonce = new Uint8Array(NONCE_BYTES)
  const view = new DataView(nonce.buffer)
  for (let i = 0; i < max; i++) {
    view.setBigUint64(0, BigInt(start + i))
    if (leadingZeroBits(profileWorkDigest(network, signer, nonce)) >= bits) return nonce
  }
  throw new ProtocolError('WORK_NOT_FOUND', `no ${bits}-bit profile work in ${max} attempts`, 'workNonce')
}
