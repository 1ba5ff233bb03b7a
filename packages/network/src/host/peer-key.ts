/**
 * The node's libp2p peer key (DESIGN §4: separate from its accounts), kept in a key file of mode
 * 0600 so the peer id survives restarts. The file format and its checks are the protocol's account
 * key file (an ed25519 seed); libp2p derives the same key pair from that seed.
 */
import { stat } from 'node:fs/promises'
import { accountFromSeed, generateAccount, loadAccount, saveAccount } from '@aimesh/protocol'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'

/**
 * Loads the peer key from `path`, or creates it there when the file does not exist: from `seed`
 * when given (testnets derive peer ids from a seed and the node index), otherwise at random.
 */
export async function loadOrCreatePeerKey(path: string, seed?: Uint8Array): Promise<PrivateKey> {
  const exists = await stat(path).then(
    () => true,
    () => false,
  )
  let account: Awaited<ReturnType<typeof loadAccount>>
  if (exists) account = await loadAccount(path)
  else {
    account = seed === undefined ? generateAccount() : accountFromSeed(seed)
    await saveAccount(path, account)
  }
  return generateKeyPairFromSeed('Ed25519', account.exportSeed())
}

/** A peer key held only in memory (tests, embedders that pass no key file). */
export async function ephemeralPeerKey(seed?: Uint8Array): Promise<PrivateKey> {
  const account = seed === undefined ? generateAccount() : accountFromSeed(seed)
  return generateKeyPairFromSeed('Ed25519', account.exportSeed())
}
