/**
 * What a validator account should sign (DESIGN §5.5, §5.11): the consensus vote it owes a task now,
 * computed from what this node holds — nobody types a root. Used by the signer service on its
 * timer and by the `vote` action.
 */
import { type Engine, getTask, taskOutcome } from '@aimesh/engine'
import { type BodyOf, fromHex, MessageKind, ValidationRecord } from '@aimesh/protocol'

/** The vote to cast, or why there is none. */
export type VoteDuty = { body: BodyOf[MessageKind.ConsensusVote]; round: number } | { reason: string }

/** The vote round a time falls in after the validation deadline (negative before it). */
export function roundAt(engine: Engine, validationDeadline: number, now: number): number {
  return Math.floor((now - validationDeadline) / engine.genesis.params.roundMs)
}

/** True when `voter` (hex key) has a counted score in the task. */
export function isCountedValidator(engine: Engine, taskHex: string, voter: string): boolean {
  const t = engine.state.task(taskHex)
  if (t === undefined) return false
  for (const [k, r] of t.records) {
    if (!k.startsWith('validation:')) continue
    const v = ValidationRecord.decode(r.bytes)
    if (v.counted && Buffer.from(v.validator).toString('hex') === voter) return true
  }
  return false
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
    return { reason: 'the account has no counted score in this task' }
  const mine = t.bySigner.get(voter) ?? []
  if (mine.some((m) => m.kind === MessageKind.ConsensusVote && m.body.round === round))
    return { reason: `the account already voted in round ${round}` }
  if (round > 0 && record.certifiedRoot.length > 0) return { reason: 'the outcome is certified' }
  const outcome = taskOutcome(engine, fromHex(taskHex))
  if (outcome === undefined) return { reason: 'no outcome yet' }
  return {
    round,
    body: {
      timestamp: now,
      taskId: fromHex(taskHex),
      round,
      outcomeRoot: new Uint8Array(outcome.root) as Uint8Array<ArrayBuffer>,
      messageCount: outcome.includedIds.length,
      includedIds: outcome.includedIds.map((id) => new Uint8Array(id) as Uint8Array<ArrayBuffer>),
    },
  }
}
