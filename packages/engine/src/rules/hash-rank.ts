import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js'
import { compareStrings } from './order.js'
import type { Account, Id } from './types.js'

/** sha256(seed id bytes ‖ account key bytes) as hex: a per-task lottery nobody can steer alone. */
export function rankHash(seed: Id, account: Account): string {
  return bytesToHex(sha256(concatBytes(hexToBytes(seed), hexToBytes(account))))
}

/** Accounts (deduplicated) ordered by rankHash(seed, account), ties by account. */
export function rankByHash(seed: Id, accounts: Iterable<Account>): Account[] {
  return [...new Set(accounts)]
    .map((account) => ({ account, hash: rankHash(seed, account) }))
    .sort((a, b) => compareStrings(a.hash, b.hash) || compareStrings(a.account, b.account))
    .map((r) => r.account)
}
