/** DisputeOpened and DisputeVote rules (DESIGN §6). */
import { bytesEqual, MessageKind, type SignedMessage } from '@aimesh/protocol'
import { missingParent, RejectCode, reject } from '../errors.js'
import { hex } from '../ids.js'
import { parentTask } from './common.js'
import type { ValidationView } from './view.js'

/**
 * A dispute is opened inside [validation deadline, challenge deadline] with evidence from its task.
 * Whether the opener is a party to the task (its publisher, a miner that answered, a validator that
 * scored) depends on which of its messages are held, so derivation decides it (DESIGN §5.7): a
 * dispute from a non-party is held and has no effect.
 */
export function validateDisputeOpened(
  view: ValidationView,
  msg: SignedMessage<MessageKind.DisputeOpened>,
): void {
  const task = parentTask(view, msg.body.taskId)
  const ts = msg.body.timestamp
  if (ts < task.body.validationDeadline || ts > task.body.challengeDeadline) {
    reject(RejectCode.OUTSIDE_WINDOW, 'disputes open inside the challenge window')
  }
  if (bytesEqual(msg.signer, msg.body.accused))
    reject(RejectCode.BAD_REFERENCE, 'an account cannot accuse itself')
  const absent = msg.body.evidenceIds.filter((id) => !view.hasMessage(hex(id)))
  if (absent.length > 0) missingParent(absent, msg.body.taskId, 'dispute evidence is not known yet')
  for (const id of msg.body.evidenceIds) {
    const e = view.getMessage(hex(id))
    // Held but unreadable: its body was pruned at a checkpoint (DESIGN §5.6); not a crash.
    if (e === undefined) missingParent([id], msg.body.taskId, 'dispute evidence is not readable here')
    const eTask = e.kind === MessageKind.TaskPublished ? e.id : 'taskId' in e.body ? e.body.taskId : undefined
    if (eTask === undefined || !bytesEqual(eTask, msg.body.taskId)) {
      reject(RejectCode.BAD_REFERENCE, 'dispute evidence belongs to another task')
    }
  }
}

/** A vote references a known dispute, is not cast by a party to it, before the voting deadline. */
export function validateDisputeVote(view: ValidationView, msg: SignedMessage<MessageKind.DisputeVote>): void {
  const dispute = view.getMessage(hex(msg.body.disputeId))
  if (dispute === undefined) missingParent([msg.body.disputeId], undefined, 'the dispute is not known yet')
  if (dispute.kind !== MessageKind.DisputeOpened)
    reject(RejectCode.BAD_REFERENCE, 'disputeId does not name a dispute')
  const task = parentTask(view, dispute.body.taskId)
  // Panels are uninvolved validators (DESIGN §6): the parties and the publisher can never sit on one.
  for (const party of [dispute.signer, dispute.body.accused, task.signer]) {
    if (bytesEqual(party, msg.signer))
      reject(RejectCode.INVOLVED_VOTER, 'a party to the dispute may not vote on it')
  }
  const deadline = task.body.challengeDeadline + view.genesis.params.disputeVoteWindowMs
  if (msg.body.timestamp < dispute.body.timestamp || msg.body.timestamp >= deadline) {
    reject(RejectCode.OUTSIDE_WINDOW, 'dispute votes are cast between the opening and the voting deadline')
  }
}
