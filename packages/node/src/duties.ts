/**
 * What a validator account should sign (DESIGN §5.5, §5.11): the consensus vote it owes a task now,
 * computed from what this node holds — nobody types a root. Used by the signer service on its
 * timer and by the `vote` action.
 */
import { type Engine, getTask } from '@aimesh/engine'
import type { BodyOf, MessageKind } from '@aimesh/protocol'

/** The vote to cast, or why there is none. */
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
