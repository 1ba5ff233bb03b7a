/**
 * The status handshake (DESIGN §4 genesis check, issue item 8): a peer whose genesis hash differs
 * from ours is on another network and gets goodbye IRRELEVANT_NETWORK; a peer whose clock differs
 * from ours by more than the genesis skew is only warned about (its messages are judged by their
 * own timestamps, DESIGN §5.3).
 */
import { bytesEqual, type Status } from '@aimesh/protocol'

export type HandshakeVerdict =
  | { ok: true; driftMs: number; drifting: boolean }
  | { ok: false; reason: 'IRRELEVANT_NETWORK' }

/** Compares a peer's status with ours at `now`. */
export function checkPeerStatus(ours: Status, theirs: Status, now: number, skewMs: number): HandshakeVerdict {
  if (!bytesEqual(ours.genesisHash, theirs.genesisHash)) return { ok: false, reason: 'IRRELEVANT_NETWORK' }
  const driftMs = theirs.clock - now
  return { ok: true, driftMs, drifting: Math.abs(driftMs) > skewMs }
}
