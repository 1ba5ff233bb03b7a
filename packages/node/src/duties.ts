/**
 * What a validator account should sign (DESIGN §5.5, §5.11): the consensus vote it owes a task now,
 * computed from what this node holds — nobody types a root — and when a task or the checkpoint
 * next owes one, so the signer looks only at what is due. Used by the signer service and by the
 * `vote` action.
 */
import { checkpointCut, type Engine, epochStart, getTask } from '@aimesh/engine'
import type { BodyOf, MessageKind } from '@aimesh/protocol'

/** A vote to sign (the signer adds its profileId, DESIGN §5.9), or why not. */
export type VoteDuty =
  | { body: Omit<BodyOf[MessageKind.ConsensusVote], 'profileId'>; round: number }
  | { reason: string }

/** The vote round a time falls in after the validation deadline (negative before it). */
export function roundAt(engine: Engine, validationDeadline: number, now: number): number {
  return Math.floor((now - validationDeadline) / engine.genesis.params.roundMs)
}

/** True when `voter` (hex key) is a validator of the task's epoch (DESIGN §5.4): only they count. */
export function isCountedValidator(engine: Engine, taskHex: string, voter: string): boolean {
  const publish = engine.state.task(taskHex)?.publish
  if (publish === null || publish === undefined) return false
  return engine.validatorSet(engine.epochAt(publish.body.timestamp)).weights.has(voter)
}

/** The ConsensusVote `voter` owes `taskHex` at `now` (see the file comment). */
export function consensusVoteDuty(engine: Engine, taskHex: string, voter: string, now: number): VoteDuty {
  const t = engine.state.task(taskHex)
  const record = t === undefined ? undefined : getTask(engine, t.id)
  if (t === undefined || record === undefined) return { reason: 'unknown task' }
  const round = roundAt(engine, record.validationDeadline, now)
  if (round < 0) return { reason: 'the validation window is still open' }
  if (round >= engine.genesis.params.maxRounds) return { reason: 'the vote rounds of this task are over' }
  if (!isCountedValidator(engine, taskHex, voter))
    return { reason: "the account is not a validator of the task's epoch" }
  if (record.certifiedRoot.length > 0) return { reason: 'the outcome is certified' }
  // The engine computes the vote (root, covered ids, round) from what this node holds.
  const body = engine.consensusVoteFor(voter, t.id, now)
  if (body === null) return { reason: `the account already voted in round ${round} or for this root` }
  return { round, body }
}

/**
 * When `taskHex` next owes a ConsensusVote from one of `voters` (hex keys) after `now`: its
 * validation deadline, then the start of each later round while rounds remain and nothing
 * certified (DESIGN §5.5: again next round when nothing certifies). Undefined when none of them is
 * a validator of the task's epoch or no round is left; a change to the task asks again.
 */
export function nextVoteAt(
  engine: Engine,
  taskHex: string,
  voters: readonly string[],
  now: number,
): number | undefined {
  const t = engine.state.task(taskHex)
  if (t?.publish === null || t?.publish === undefined) return undefined
  if (!voters.some((v) => isCountedValidator(engine, taskHex, v))) return undefined
  const record = getTask(engine, t.id)
  if (record === undefined || record.certifiedRoot.length > 0) return undefined
  const { roundMs, maxRounds } = engine.genesis.params
  const vd = record.validationDeadline
  if (now < vd) return vd
  const next = roundAt(engine, vd, now) + 1
  return next < maxRounds ? vd + next * roundMs : undefined
}

/**
 * When a CheckpointVote may next be owed after `now` (DESIGN §5.6): the cut of the next epoch's
 * checkpoint (the current epoch's start + checkpointDelayMs), then the start of each later round
 * until the epoch ends, then the following epoch's cut.
 */
export function nextCheckpointAt(engine: Engine, now: number): number {
  const g = engine.genesis
  const epoch = engine.epochAt(now) + 1
  const cut = checkpointCut(g, epoch)
  if (now < cut) return cut
  const next = cut + (Math.floor((now - cut) / g.params.roundMs) + 1) * g.params.roundMs
  return next < epochStart(g, epoch) ? next : checkpointCut(g, epoch + 1)
}
