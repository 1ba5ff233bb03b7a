/** TaskPublished and TaskCancelled rules. */
import type { MessageKind, SignedMessage } from '@aimesh/protocol'
import { RejectCode, reject } from '../errors.js'
import { hex } from '../ids.js'
import { parentTask } from './common.js'
import type { ValidationView } from './view.js'

/** A task must end (challenge deadline) within the genesis maximum duration. */
export function validateTaskPublished(
  view: ValidationView,
  msg: SignedMessage<MessageKind.TaskPublished>,
): void {
  const b = msg.body
  // Genesis bounds how long a task may hold its reward and the validators' attention.
  if (b.challengeDeadline - b.timestamp > view.genesis.params.maxTaskDurationMs) {
    reject(RejectCode.TASK_TOO_LONG, 'challenge deadline is beyond the maximum task duration')
  }
}

/** Only the publisher may cancel; whether it takes effect (before the first answer) is derived. */
export function validateTaskCancelled(
  view: ValidationView,
  msg: SignedMessage<MessageKind.TaskCancelled>,
): void {
  const task = parentTask(view, msg.body.taskId)
  // DESIGN §6: cancellation is the publisher's act.
  if (hex(task.signer) !== hex(msg.signer))
    reject(RejectCode.NOT_PUBLISHER, 'only the publisher may cancel a task')
  if (msg.body.timestamp < task.body.timestamp) {
    reject(RejectCode.OUTSIDE_WINDOW, 'cancelled before the task was published')
  }
}
