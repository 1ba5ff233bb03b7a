/**
 * A certified checkpoint that folds a whole workload (DESIGN §5.6), for tests that cut history or
 * start a node from a checkpoint: the checkpoint of an epoch whose cut is past every task's last
 * vote round, voted by the workload's own validators at the cut.
 */
import { checkpointCut, type Engine, epochOf, epochStart } from '@aimesh/engine'
import { type AnySignedMessage, MessageKind, signMessage } from '@aimesh/protocol'
import type { Workload } from './node.js'

/** The epoch, its cut, a wall clock after its votes, and the votes (one per validator, in actor order). */
export interface FoldingCheckpoint {
  epoch: number
  cut: number
  now: number
  votes: AnySignedMessage[]
}

/**
 * Moves `engine` (holding the workload) to the cut of the first checkpoint past every task's final
 * round and signs the CheckpointVotes its validators owe there. Delivering enough of them certifies
 * it; `now` is a wall clock inside the next epoch, after every vote.
 */
export async function foldingCheckpoint(engine: Engine, w: Workload): Promise<FoldingCheckpoint> {
  const g = w.genesis
  let lastFinal = 0
  for (const task of engine.state.tasks()) lastFinal = Math.max(lastFinal, task.derived?.finalAt ?? 0)
  const epoch = epochOf(g, Math.max(lastFinal, w.now)) + 2
  const cut = checkpointCut(g, epoch)
  await engine.advance(cut)
  const votes: AnySignedMessage[] = []
  for (const [i, actor] of w.sim.actors.entries()) {
    const body = engine.checkpointVoteFor(actor.hex, cut + (1 + i) * 1_000)
    if (body === null) continue
    votes.push(
      signMessage(
        g.networkId,
        MessageKind.CheckpointVote,
        { ...body, profileId: actor.profile.id as Uint8Array<ArrayBuffer> },
        actor.key,
      ),
    )
  }
  return { epoch, cut, now: epochStart(g, epoch + 1), votes }
}
