import { sha256 } from './bytes.js'
import { ProtocolError } from './errors.js'
import { LIMITS } from './limits.js'

/** sha256 of an answer's UTF-8 bytes: how stores and fraud checks compare answers. */
export function answerHash(answer: string): Uint8Array {
  return sha256(new TextEncoder().encode(answer))
}

/**
 * Commit–reveal commitment: sha256(sha256(answer) ‖ miner ‖ salt). The fixed-width parts come
 * first so no other (answer, salt) split of the same bytes can match, and the miner's key
 * binds the commitment to its author (a copied commitment is useless to anyone else).
 */
export function answerCommitment(answer: string, salt: Uint8Array, miner: Uint8Array): Uint8Array {
  // The split between miner and salt is only unambiguous while the key has its fixed width.
  if (miner.length !== LIMITS.publicKeyBytes) {
    throw new ProtocolError(
      'INVALID_FIELD',
      `miner must be a ${LIMITS.publicKeyBytes}-byte public key`,
      'miner',
    )
  }
  return sha256(answerHash(answer), miner, salt)
}
