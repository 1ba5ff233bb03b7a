/**
 * Starting a node from the latest certified checkpoint (DESIGN §5.6, §1 "join a network"): before
 * the engine opens, a node whose data dir holds nothing and that has bootstrap peers runs a joining
 * network (the same peer key, addresses and peer store as its real one, no gossip or sync), takes
 * the state at the latest certified checkpoint a peer serves, verified against its certificate
 * (@aimesh/network joinFromCheckpoint), and stops it. The state is streamed once into a staging
 * store beside the data dir and renamed into place only when verified, so a crash leaves the data
 * dir empty or whole (the next start finishes or discards what was staged). The store and engine
 * then open on that state and the node's network syncs only what came after.
 * `sync.fromCheckpoint: "never"` replays the history.
 */
import type { Genesis } from '@aimesh/engine'
import type { CheckpointJoinResult } from '@aimesh/network'
import { fromHex } from '@aimesh/protocol'
import { StateStore } from '@aimesh/store'
import type { NodeConfig } from './config.js'
import { DATA_DIR_GENESIS_FILE } from './data-dir-genesis.js'
import { NodeError } from './errors.js'
import type { Clock, Logger } from './services/service.js'

/** What the join needs from the node. */
export interface CheckpointJoinComponents {
  config: NodeConfig
  genesis: Genesis
  logger: Logger
  clock: Clock
  signal: AbortSignal
}

/** Where a join streams and verifies a state: beside the data dir, never inside it. */
export function checkpointStagingDir(config: NodeConfig): string {
  return `${config.dataDir}.checkpoint-import`
}

/**
 * Finishes or discards a checkpoint join a crash interrupted (staged-state.ts), before anything
 * opens the data dir. Returns what it found.
 */
export async function recoverCheckpointJoin(
  config: NodeConfig,
  logger: Logger,
): Promise<'none' | 'discarded' | 'committed'> {
  const { recoverStagedState } = await import('@aimesh/network/staged-state')
  const found = await recoverStagedState(config.dataDir)
  if (found !== 'none')
    logger.warn(
      { dataDir: config.dataDir, found },
      found === 'committed'
        ? 'a verified checkpoint state from an interrupted join is now the data dir'
        : 'removed a checkpoint state an interrupted join left unfinished',
    )
  return found
}

/** True when the data dir's store holds any message; refuses one an older import left half-written. */
async function dataDirHoldsHistory(config: NodeConfig): Promise<boolean> {
  const { holdsHistory } = await import('@aimesh/network/staged-state')
  const store = await StateStore.open(config.dataDir)
  try {
    if (await store.importPending())
      throw new NodeError(
        'REFUSED',
        `a checkpoint import into ${config.dataDir} did not finish; delete that directory and start again`,
      )
    return await holdsHistory(store)
  } finally {
    await store.close()
  }
}

/**
 * Replaces an empty data dir with the latest certified checkpoint's state (see the file comment).
 * Run before the store opens. Returns what the join did, or null when it did not try (data dir not
 * empty, no bootstrap peer, network off, `fromCheckpoint: "never"`).
 */
export async function joinFromCheckpointIfEmpty(
  c: CheckpointJoinComponents,
): Promise<CheckpointJoinResult | null> {
  const { config } = c
  if (!config.network.enabled || config.sync.fromCheckpoint === 'never') return null
  if (config.network.bootstrap.length === 0 || (await dataDirHoldsHistory(config))) return null
  const net = await import('@aimesh/network')
  const n = config.network
  const logger = c.logger.child({ service: 'checkpoint-join' })
  const network = net.createNetwork(
    { engine: net.joiningEngine(c.genesis), logger: logger as unknown as import('@aimesh/network').Logger },
    {
      dataDir: config.networkDir,
      listen: n.listen,
      announce: n.announce,
      bootstrap: n.bootstrap,
      maxConnections: n.maxConnections,
      loopback: n.loopback,
      ...(n.peerKeySeed === undefined ? {} : { peerKeySeed: fromHex(n.peerKeySeed) }),
      // Wall clock for request expiries like the node's own network (libp2p-network.ts); the
      // node's clock is the engine's, used to verify the import.
      joining: true,
    },
  )
  try {
    await network.start(c.signal)
    const result = await network.joinFromCheckpoint({
      genesis: c.genesis,
      target: config.dataDir,
      carry: [DATA_DIR_GENESIS_FILE],
      waitMs: config.sync.checkpointWaitMs,
      expectPeers: n.bootstrap.length,
      now: () => c.clock.now(),
      signal: c.signal,
    })
    logger.info(
      {
        from: result.peer,
        epoch: result.header?.epoch ?? null,
        messages: result.messages,
        refused: result.refused.length,
      },
      result.peer === null
        ? 'no checkpoint imported: replaying history'
        : 'started from a certified checkpoint',
    )
    return result
  } finally {
    await network.stop()
  }
}
