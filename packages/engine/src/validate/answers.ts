/** AnswerCommitted and AnswerRevealed rules (commit–reveal, DESIGN §6). */
import { answerCommitment, bytesEqual, MessageKind, type SignedMessage } from '@aimesh/protocol'
import { usesCommitReveal } from '../answer-time.js'
import { missingParent, RejectCode, reject } from '../errors.js'
import { hex } from '../ids.js'
import type { Parent, ParentOf } from '../stubs.js'
import { inWindow, parentTask } from './common.js'
import type { ValidationView } from './view.js'

type Task = SignedMessage<MessageKind.TaskPublished>
type Reveal = SignedMessage<MessageKind.AnswerRevealed>
type Commit = SignedMessage<MessageKind.AnswerCommitted>

/** A commit needs a commit–reveal task, a miner other than the publisher, and the commit window. */
export function validateAnswerCommitted(view: ValidationView, msg: Commit): void {
  const task = parentTask(view, msg.body.taskId)
  if (bytesEqual(task.signer, msg.signer))
    reject(RejectCode.PUBLISHER_ANSWER, 'a publisher may not answer its own task')
  if (task.body.commitDeadline === 0)
    reject(RejectCode.NO_COMMIT_PHASE, 'the task does not use commit–reveal')
  inWindow(msg.body.timestamp, task.body.timestamp, task.body.commitDeadline, 'commit')
}

/**
 * Salt and commit id against the task (the schema only checks their sizes): a commit–reveal reveal
 * carries a salt and names the commit it opens; any other reveal carries neither.
 */
export function checkRevealShape(task: Task, reveal: Reveal): void {
  const b = reveal.body
  if (usesCommitReveal(task)) {
    // An empty salt makes the commitment a plain hash of the answer: anyone could open it.
    if (b.salt.length === 0) reject(RejectCode.MALFORMED, 'a commit–reveal answer needs a salt')
    if (b.commitId.length === 0)
      reject(RejectCode.MALFORMED, 'a commit–reveal answer must name the commit it opens')
  } else {
    if (b.salt.length !== 0) reject(RejectCode.MALFORMED, 'salt is only for commit–reveal tasks')
    if (b.commitId.length !== 0) reject(RejectCode.MALFORMED, 'commitId is only for commit–reveal tasks')
  }
}

/**
 * The commit a reveal names must be its author's commit in the same task and must open: anything
 * else is provable from the two immutable messages alone, so it is the same verdict on every node.
 */
export function checkRevealOpens(
  reveal: Reveal,
  commit: Parent,
): asserts commit is ParentOf<MessageKind.AnswerCommitted> {
  if (commit.kind !== MessageKind.AnswerCommitted)
    reject(RejectCode.BAD_REFERENCE, 'commitId does not name a commit')
  if (!bytesEqual(commit.signer, reveal.signer))
    reject(RejectCode.BAD_REFERENCE, "commitId names another miner's commit")
  if (!bytesEqual(commit.body.taskId, reveal.body.taskId))
    reject(RejectCode.BAD_REFERENCE, 'commitId names a commit to another task')
  const commitment = answerCommitment(reveal.body.answer, reveal.body.salt, reveal.signer)
  // DESIGN §6: the reveal must open the commitment it names.
  if (!bytesEqual(commit.body.commitment, commitment))
    reject(RejectCode.COMMIT_MISMATCH, 'the reveal does not open the commit it names')
}

/**
 * A reveal falls in the reveal window (after the commit deadline for commit–reveal tasks) and, for
 * commit–reveal, opens the commit it names by id: that commit not held yet is IGNORE (it may still
 * arrive by sync); held but another miner's, another task's, or not opened by the reveal is REJECT.
 * Naming the commit keeps the verdict independent of which of a miner's commits a node holds.
 */
export function validateAnswerRevealed(view: ValidationView, msg: Reveal): void {
  const task = parentTask(view, msg.body.taskId)
  const t = task.body
  if (bytesEqual(task.signer, msg.signer))
    reject(RejectCode.PUBLISHER_ANSWER, 'a publisher may not answer its own task')
  checkRevealShape(task, msg)
  if (!usesCommitReveal(task)) {
    inWindow(msg.body.timestamp, t.timestamp, t.submissionDeadline, 'answer')
    return
  }
  inWindow(msg.body.timestamp, t.commitDeadline, t.submissionDeadline, 'reveal')
  const commit = view.getMessage(hex(msg.body.commitId))
  if (commit === undefined)
    missingParent([msg.body.commitId], msg.body.taskId, 'the commit this reveal opens is not known yet')
  checkRevealOpens(msg, commit)
}
