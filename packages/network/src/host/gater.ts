/**
 * The connection gater (DESIGN §8): refuses to dial a banned peer and drops a banned peer's
 * connection as soon as its identity is known (after the encryption handshake), in both
 * directions.
 */
import type { ConnectionGater, PeerId } from '@libp2p/interface'

/** Answers whether a peer is banned (the ban book). */
export interface BanCheck {
  isBanned(peerId: string): boolean
}

/** A gater that enforces `bans`; `onDenied` is told about every refused peer (for metrics). */
export function banGater(bans: BanCheck, onDenied: (peerId: string) => void = () => {}): ConnectionGater {
  const deny = (peerId: PeerId): boolean => {
    const id = peerId.toString()
    if (!bans.isBanned(id)) return false
    onDenied(id)
    return true
  }
  return {
    denyDialPeer: deny,
    denyInboundEncryptedConnection: deny,
    denyOutboundEncryptedConnection: deny,
  }
}
