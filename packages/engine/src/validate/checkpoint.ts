/**
 * CheckpointVote rules (DESIGN §5.6) and the round rule shared with ConsensusVote (DESIGN §5.5).
 * Every check reads only the vote and genesis: whether the signer is a validator of the epoch and
 * which checkpoint wins are decided in derivation (epochs.ts), never at admission (DESIGN §5.7).
 */
import type { MessageKind, SignedMessage } from '@aimesh/protocol'
import { checkpointCut, epochStart, roundAt } from '../epochs.js'
import { RejectCode, reject } from '../errors.js'
import type { ValidationView } from './view.js'

/**
 * REJECT unless `round` is the round its author time falls in, counted from `from`, and below
 * `maxRounds` (when given): a round is a function of the timestamp, so a validator has one vote
 * scope per round and at most maxRounds of them per task.
 */
export function checkRound(
  view: ValidationView,
  round: number,
  from: number,
  ts: number,
  maxRounds: number | null,
  what: string,
): void {
  const expected = roundAt(view.genesis, from, ts)
  if (maxRounds !== null && expected >= maxRounds)
    reject(RejectCode.BAD_ROUND, `${what} at ${ts} is after the last round (${maxRounds - 1})`)
  if (round !== expected)
    reject(RejectCode.BAD_ROUND, `${what} names round ${round}, but its time ${ts} is in round ${expected}`)
}

/**
 * A checkpoint vote for epoch n is authored inside epoch n−1, no earlier than its start plus
 * checkpointDelayMs, in the round its time gives, and names at most maxValidators validators.
 */
export function validateCheckpointVote(
  view: ValidationView,
  msg: SignedMessage<MessageKind.CheckpointVote>,
): void {
  const g = view.genesis
  const { epoch, round, validators } = msg.body
  const ts = msg.body.timestamp
  const from = checkpointCut(g, epoch)
  const end = epochStart(g, epoch)
  // DESIGN §5.6: "during epoch e+1, after checkpointDelayMs"; votes authored outside never count.
  if (ts < from || ts >= end)
    reject(RejectCode.OUTSIDE_WINDOW, `a vote for epoch ${epoch}'s checkpoint is cast in [${from}, ${end})`)
  checkRound(view, round, from, ts, null, 'checkpoint vote')
  if (validators.length > g.params.maxValidators)
    reject(RejectCode.MALFORMED, `a checkpoint names at most ${g.params.maxValidators} validators`)
}
