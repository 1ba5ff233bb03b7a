/**
 * Starting a node from the latest certified checkpoint (DESIGN §5.6, §1 "join a network"): before
 * the engine opens, a node whose data dir holds nothing and that has bootstrap peers runs a joining
 * network (the same peer key, addresses and peer store as its real one, no gossip or sync), takes
 * the state at the latest certified checkpoint a peer serves, verified against its certificate
 * (@aimesh/network joinFromCheckpoint), and stops it. The engine then opens on that state and the
 * node's network syncs only what came after. `sync.fromCheckpoint: "never"` replays the history.
 */
import type { Genesis } from '@aimesh/engine'
import type { CheckpointJoinResult } from '@aimesh/network'
import { fromHex } from '@aimesh/protocol'
import type { StateStore } from '@aimesh/store'
import type { NodeConfig } from './config.js'
import { NodeError } from './errors.js'
import type { Clock, Logger } from './services/service.js'

/** What the join needs from the node. */
export interface CheckpointJoinComponents {
  config: NodeConfig
  genesis: Genesis
  store: StateStore
  logger: Logger
  clock: Clock
  signal: AbortSignal
}

/** True when the store holds any message id (a node that has started before). */
async function holdsHistory(store: StateStore): Promise<boolean> {
  for await (const _ of store.iterateTaskMessageIds()) return true
  return false
}

/** Where a join downloads and verifies a state: beside the data dir, never inside it. */
export function checkpointStagingDir(config: NodeConfig): string {
  return `${config.dataDir}.checkpoint-import`
}

/**
 * Imports the latest certified checkpoint's state into an empty store (see the file comment).
 * Returns what the join did, or null when it did not try (store not empty, no bootstrap peer,
 * network off, `fromCheckpoint: "never"`).
 */
export async function joinFromCheckpointIfEmpty(
  c: CheckpointJoinComponents,
): Promise<CheckpointJoinResult | null> {
  const { config, store } = c
  if (!config.network.enabled || config.sync.fromCheckpoint === 'never') return null
  if (await store.importPending())
    throw new NodeError(
      'REFUSED',
      `a checkpoint import into ${config.dataDir} did not finish; delete that directory and start again`,
    )
  if (config.network.bootstrap.length === 0 || (await holdsHistory(store))) return null
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
      store,
      stagingDir: checkpointStagingDir(config),
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
