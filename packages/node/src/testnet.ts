/**
 * Deterministic testnet keys (DESIGN §1: same testnet, same peer ids): every key is a function of
 * (seed, purpose, index), so a testnet restarted with the same seed has the same accounts, peer
 * ids and genesis. Also the seconds-long genesis parameters a local testnet certifies tasks with.
 */
import type { GenesisParams } from '@aimesh/engine'
import { type AccountKey, accountFromSeed, sha256, toHex } from '@aimesh/protocol'

const utf8 = new TextEncoder()

/** The 32-byte seed for `purpose` and `index` of a testnet seed. */
export function testnetSeed(
  seed: string,
  purpose: 'peer' | 'account' | 'validator',
  index: number,
): Uint8Array {
  if (!Number.isSafeInteger(index) || index < 0)
    throw new RangeError(`index must be a whole number ≥ 0, got ${index}`)
  return sha256(utf8.encode(`aimesh-testnet/${seed}/${purpose}/${index}`))
}

/** The libp2p peer key seed (hex) of node `index` (config network.peerKeySeed). */
export function testnetPeerKeySeed(seed: string, index: number): string {
  return toHex(testnetSeed(seed, 'peer', index))
}

/** The bot account `index` of a testnet. */
export function testnetAccount(seed: string, index: number): AccountKey {
  return accountFromSeed(testnetSeed(seed, 'account', index))
}

/** The validator account of node `index` (pre-trusted in the testnet's genesis). */
export function testnetValidator(seed: string, index: number): AccountKey {
  return accountFromSeed(testnetSeed(seed, 'validator', index))
}

/**
 * Genesis parameters for a local testnet: epochs, rounds and checkpoints seconds long and no
 * profile proof of work, so a one-minute run certifies tasks and signs checkpoints.
 */
export const TESTNET_PARAMS: Partial<GenesisParams> = {
  epochMs: 60_000,
  checkpointDelayMs: 10_000,
  roundMs: 3_000,
  maxRounds: 8,
  disputeVoteWindowMs: 20_000,
  settlementWindowMs: 3_600_000,
  profileWorkBits: 0,
  maxTasksPerHour: 3_600,
  maxProfilesPerHour: 60,
}
