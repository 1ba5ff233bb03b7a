/** ValidationScored and ConsensusVote rules. */
import { bytesEqual, MessageKind, type SignedMessage } from '@aimesh/protocol'
import { missingParent, RejectCode, reject } from '../errors.js'
import { outcomeRoot } from '../finality.js'
import { hex } from '../ids.js'
import { checkRound } from './checkpoint.js'
import { beforeSettlement, inWindow, parentTask } from './common.js'
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
  if (sub === undefined)
    missingParent([msg.body.submissionId], msg.body.taskId, 'the scored answer is not known yet')
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
 * A vote is cast after the validation deadline, in the round its time gives, below maxRounds and
 * before the settlement deadline (DESIGN §5.5). Any validator of the task's epoch votes (a
 * certificate needs ⅔ of the epoch's whole weight, not only of those that scored); who counts is
 * derived (DESIGN §5.7). Its
 * root must be the outcome root over exactly the answers and scores it lists (includedIds): each
 * listed message must be held (IGNORE until then) and be an answer or a score of the task, and the
 * root they give must be the vote's (REJECT otherwise: provable from the vote and the listed messages).
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
  // DESIGN §5.5: round ⌊(vote time − validation deadline) / roundMs⌋, below maxRounds.
  const p = view.genesis.params
  checkRound(view, msg.body.round, task.body.validationDeadline, msg.body.timestamp, p.maxRounds, 'vote')
  // Who counts (the validators of the task's epoch, DESIGN §5.4) is derived state, decided in
  // finality.ts, never gated here (DESIGN §5.7).
  const answers: string[] = []
  const scores: string[] = []
  const absent = msg.body.includedIds.filter((id) => !view.hasMessage(hex(id)))
  if (absent.length > 0) missingParent(absent, msg.body.taskId, 'a message the vote covers is not known yet')
  for (const id of msg.body.includedIds) {
    const idHex = hex(id)
    // Held but unreadable: its body was pruned at a checkpoint (DESIGN §5.6); not a crash.
    const m = view.getMessage(idHex)
    if (m === undefined)
      missingParent([id], msg.body.taskId, 'a message the vote covers is not readable here')
    if (m.kind !== MessageKind.AnswerRevealed && m.kind !== MessageKind.ValidationScored)
      reject(RejectCode.BAD_REFERENCE, 'a vote covers answers and scores only')
    if (!bytesEqual(m.body.taskId, msg.body.taskId))
      reject(RejectCode.BAD_REFERENCE, 'a vote covers a message of another task')
    ;(m.kind === MessageKind.AnswerRevealed ? answers : scores).push(idHex)
  }
  if (!bytesEqual(outcomeRoot(msg.body.taskId, answers, scores), msg.body.outcomeRoot))
    reject(RejectCode.BAD_REFERENCE, 'the outcome root is not the root of the messages the vote covers')
}
