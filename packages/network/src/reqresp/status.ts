/**
 * Our `status` (DESIGN §4, §5.13): genesis hash, message-set root, derived digest when the engine
 * offers one, counts (the engine keeps them: no inventory is built), latest checkpoint and our clock.
 * The genesis hash is computed once per engine.
 */
import { genesisHash } from '@aimesh/engine'
import { fromHex, type Status } from '@aimesh/protocol'
import { plainBytes } from '../bytes.js'
import type { CheckpointSource, NetworkEngine } from '../ports.js'

const hashes = new WeakMap<object, Uint8Array<ArrayBuffer>>()

/** The genesis hash of the engine's network, as bytes. */
export function genesisHashOf(engine: NetworkEngine): Uint8Array<ArrayBuffer> {
  let h = hashes.get(engine.genesis)
  if (h === undefined) {
    h = fromHex(genesisHash(engine.genesis))
    hashes.set(engine.genesis, h)
  }
  return h
}

/** The status this node sends. */
export function localStatus(
  engine: NetworkEngine,
  now: number,
  checkpoints: CheckpointSource | null = null,
): Status {
  const derived = engine.derivedDigest?.()
  const checkpoint = checkpoints?.latest() ?? engine.latestCheckpoint?.()
  return {
    genesisHash: genesisHashOf(engine),
    messageRoot: plainBytes(engine.stateRoot()),
    ...(derived === undefined ? {} : { derivedDigest: plainBytes(derived) }),
    messages: engine.messageCount,
    // An engine without the count (test ports) pays for the inventory.
    tasks: engine.taskCount ?? engine.inventory().length,
    ...(checkpoint === undefined
      ? {}
      : { checkpoint: { epoch: checkpoint.epoch, id: plainBytes(checkpoint.id) } }),
    clock: now,
  }
}
