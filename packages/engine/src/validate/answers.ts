/** AnswerCommitted and AnswerRevealed rules (commit–reveal, DESIGN §6). */
import { answerCommitment, bytesEqual, type MessageKind, type SignedMessage } from '@aimesh/protocol'
import { IgnoreCode, ignore, RejectCode, reject } from '../errors.js'
import { hex } from '../ids.js'
import { inWindow, parentTask } from './common.js'
import type { ValidationView } from './view.js'

/** A commit needs a commit–reveal task, a miner other than the publisher, and the commit window. */
export function validateAnswerCommitted(
  view: ValidationView,
  msg: SignedMessage<MessageKind.AnswerCommitted>,
): void {
  const task = parentTask(view, msg.body.taskId)
  if (bytesEqual(task.signer, msg.signer))
    reject(RejectCode.PUBLISHER_ANSWER, 'a publisher may not answer its own task')
  if (task.body.commitDeadline === 0)
    reject(RejectCode.NO_COMMIT_PHASE, 'the task does not use commit–reveal')
  inWindow(msg.body.timestamp, task.body.timestamp, task.body.commitDeadline, 'commit')
}

/**
 * A reveal falls in the reveal window (after the commit deadline for commit–reveal tasks) and, for
 * commit–reveal, opens one of its author's commits: a mismatch with the miner's held commits is
 * REJECT; no commit held yet is IGNORE (the commit may still arrive by sync).
 */
export function validateAnswerRevealed(
  view: ValidationView,
  msg: SignedMessage<MessageKind.AnswerRevealed>,
): void {
  const task = parentTask(view, msg.body.taskId)
  const t = task.body
  if (bytesEqual(task.signer, msg.signer))
    reject(RejectCode.PUBLISHER_ANSWER, 'a publisher may not answer its own task')
  if (t.commitDeadline === 0) {
    inWindow(msg.body.timestamp, t.timestamp, t.submissionDeadline, 'answer')
    return
  }
  inWindow(msg.body.timestamp, t.commitDeadline, t.submissionDeadline, 'reveal')
  const commits = view.commitsBy(hex(task.id), hex(msg.signer))
  if (commits.length === 0) ignore(IgnoreCode.UNKNOWN_COMMIT, 'no commit from this miner is known yet')
  const commitment = answerCommitment(msg.body.answer, msg.body.salt, msg.signer)
  // DESIGN §6: the reveal must open the miner's commitment; anything else is a provable mismatch.
  if (!commits.some((c) => bytesEqual(c.body.commitment, commitment))) {
    reject(RejectCode.COMMIT_MISMATCH, "the reveal does not open the miner's commitment")
  }
}
