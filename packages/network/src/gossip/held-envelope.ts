/**
 * Whether gossip bytes are exactly an envelope this node already holds (DESIGN §4). A message that
 * reached us first by sync, a parent fetch or replicate is a DUPLICATE to the engine, yet its gossip
 * copy must still travel on, or a peer behind us in a line would never get it by gossip. Only the
 * byte-identical envelope counts: it is what we verified, and since relays cannot make new gossip
 * ids for it (the id covers topic and bytes), each is forwarded once.
 */
import { bytesEqual, decodeEnvelope } from '@aimesh/protocol'
import type { NetworkEngine } from '../ports.js'

/** True when `bytes` decode to a held message whose stored envelope is byte-identical. */
export function isHeldEnvelope(engine: NetworkEngine, bytes: Uint8Array): boolean {
  try {
    const { id } = decodeEnvelope(engine.genesis.networkId, bytes)
    const held = engine.getMessage(id)
    return held !== undefined && bytesEqual(held.bytes, bytes)
  } catch {
    return false
  }
}
