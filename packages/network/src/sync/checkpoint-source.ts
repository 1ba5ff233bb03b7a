/**
 * The state at certified checkpoints over an engine and its store (DESIGN §5.6): what `status` names
 * as our latest checkpoint and what `checkpoint` serves. The engine and store are read through
 * getters, so a node whose engine is reopened (a restart, an import) serves the current one.
 */
import { CheckpointError, type Engine, exportCheckpoint, latestCertifiedEpoch } from '@aimesh/engine'
import { fromHex } from '@aimesh/protocol'
import type { StateStore } from '@aimesh/store'
import type { CheckpointSource } from '../ports.js'

/** A CheckpointSource over `engine()` and the store it writes to. */
export function engineCheckpoints(engine: () => Engine, store: () => StateStore): CheckpointSource {
  return {
    latest() {
      const e = engine()
      const epoch = latestCertifiedEpoch(e)
      if (epoch === 0) return undefined
      const winner = e.checkpoints(epoch).find((c) => c.winner)
      return winner === undefined ? undefined : { epoch, id: fromHex(winner.digest) }
    },
    export(epoch) {
      try {
        return exportCheckpoint(engine(), store(), epoch === 0 ? undefined : epoch)
      } catch (err) {
        if (err instanceof CheckpointError && err.code === 'NOT_CERTIFIED') return undefined
        throw err
      }
    },
  }
}
