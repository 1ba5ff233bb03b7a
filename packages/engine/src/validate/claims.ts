/** RewardClaimed rules. Which claim takes effect (the first, by (time, id)) is decided in derivation. */
import { bytesEqual, MessageKind, type SignedMessage } from '@aimesh/protocol'
import { RejectCode, reject } from '../errors.js'
import { hex } from '../ids.js'
import { beforeSettlement, parentTask, requireRole } from './common.js'
import type { ValidationView } from './view.js'

/**
 * A claim names a known task, is authored once rewards exist (after the validation deadline) and
 * before the settlement deadline, and comes from someone a distribution can pay: the publisher
 * (refund), the network account, a miner that answered or a validator that scored (IGNORE until held).
 */
export function validateRewardClaimed(
  view: ValidationView,
  msg: SignedMessage<MessageKind.RewardClaimed>,
): void {
  const task = parentTask(view, msg.body.taskId)
  if (msg.body.timestamp < task.body.validationDeadline) {
    reject(RejectCode.OUTSIDE_WINDOW, 'rewards are claimed after the validation deadline')
  }
  beforeSettlement(view, task, msg.body.timestamp, 'claim')
  // No entry of a distribution can exceed the task's reward.
  if (msg.body.amount > task.body.reward)
    reject(RejectCode.CLAIM_EXCEEDS_REWARD, 'claim is larger than the reward')
  if (bytesEqual(msg.signer, task.signer) || hex(msg.signer) === view.genesis.params.networkAccount) return
  requireRole(
    view,
    task,
    msg.signer,
    [MessageKind.AnswerRevealed, MessageKind.ValidationScored],
    'a claim comes from a recipient',
  )
}
