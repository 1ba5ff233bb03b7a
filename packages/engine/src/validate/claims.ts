/** RewardClaimed rules. Which claim takes effect (the first, by (time, id)) is decided in derivation. */
import type { MessageKind, SignedMessage } from '@aimesh/protocol'
import { RejectCode, reject } from '../errors.js'
import { parentTask } from './common.js'
import type { ValidationView } from './view.js'

/** A claim names a known task and is authored once rewards exist (after the validation deadline). */
export function validateRewardClaimed(
  view: ValidationView,
  msg: SignedMessage<MessageKind.RewardClaimed>,
): void {
  const task = parentTask(view, msg.body.taskId)
  if (msg.body.timestamp < task.body.validationDeadline) {
    reject(RejectCode.OUTSIDE_WINDOW, 'rewards are claimed after the validation deadline')
  }
  // No entry of a distribution can exceed the task's reward.
  if (msg.body.amount > task.body.reward)
    reject(RejectCode.CLAIM_EXCEEDS_REWARD, 'claim is larger than the reward')
}
