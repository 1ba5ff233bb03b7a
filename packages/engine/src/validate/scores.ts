/** ValidationScored and ConsensusVote rules. */
import { bytesEqual, MessageKind, type SignedMessage } from '@aimesh/protocol'
import { IgnoreCode, ignore, RejectCode, reject } from '../errors.js'
import { hex } from '../ids.js'
import { beforeSettlement, inWindow, parentTask, requireRole } from './common.js'
import type { ValidationView } from './view.js'

/**
 * A score references a known answer of the same task, comes from neither the answer's miner nor
 * the publisher (DESIGN §6: rule violations), inside [submission deadline, validation deadline).
 */
export function validateValidationScored(
  view: ValidationView,
  msg: SignedMessage<MessageKind.ValidationScored>,
): void {
  const task = parentTask(view, msg.body.taskId)
  const sub = view.getMessage(hex(msg.body.submissionId))
  if (sub === undefined) ignore(IgnoreCode.UNKNOWN_SUBMISSION, 'the scored answer is not known yet')
  if (sub.kind !== MessageKind.AnswerRevealed)
    reject(RejectCode.BAD_REFERENCE, 'submissionId does not name an answer')
  if (!bytesEqual(sub.body.taskId, msg.body.taskId)) {
    reject(RejectCode.BAD_REFERENCE, 'the scored answer belongs to another task')
  }
  if (bytesEqual(sub.signer, msg.signer))
    reject(RejectCode.SELF_VALIDATION, 'a miner may not score its own answer')
  if (bytesEqual(task.signer, msg.signer)) {
    reject(RejectCode.PUBLISHER_VALIDATION, 'a publisher may not score answers to its own task')
  }
  inWindow(msg.body.timestamp, task.body.submissionDeadline, task.body.validationDeadline, 'score')
}

/**
 * A vote is cast after the validation deadline and before the settlement deadline (DESIGN §5.4), by
 * a validator that scored in the task (IGNORE until its score is held); who counts is derived.
 */
export function validateConsensusVote(
  view: ValidationView,
  msg: SignedMessage<MessageKind.ConsensusVote>,
): void {
  const task = parentTask(view, msg.body.taskId)
  if (bytesEqual(task.signer, msg.signer)) reject(RejectCode.PUBLISHER_VALIDATION, 'a publisher may not vote')
  if (msg.body.timestamp < task.body.validationDeadline) {
    reject(RejectCode.OUTSIDE_WINDOW, 'votes are cast after the validation deadline')
  }
  beforeSettlement(view, task, msg.body.timestamp, 'vote')
  // DESIGN §5.4: "each validator that scored the task signs a ConsensusVote".
  requireRole(
    view,
    task,
    msg.signer,
    [MessageKind.ValidationScored],
    'a vote comes from a validator that scored',
  )
}
