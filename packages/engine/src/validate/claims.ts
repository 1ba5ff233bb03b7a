/** RewardClaimed rules. Which claim takes effect (the first, by (time, id)) is decided in derivation. */
import type { MessageKind, SignedMessage } from '@aimesh/protocol'
import { RejectCode, reject } from '../errors.js'
import { beforeSettlement, parentTask } from './common.js'
import type { ValidationView } from './view.js'

/**
 * A claim names a known task and is authored once rewards exist (after the validation deadline) and
 * before the settlement deadline. Whether the claimant has an entry to claim is derived state
 * (DESIGN §5.7): a claim by a non-recipient is held and has no effect (derive/task/rewards.ts).
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
}
