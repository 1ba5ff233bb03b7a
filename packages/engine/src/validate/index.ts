/** One entry point: validate any message against the current state (DESIGN §4 pipeline, rules step). */
import { type AnySignedMessage, MessageKind } from '@aimesh/protocol'
import { toValidationResult, type ValidationResult } from '../errors.js'
import { hex } from '../ids.js'
import { checkAdmission } from './admission.js'
import { validateAnswerCommitted, validateAnswerRevealed } from './answers.js'
import { validateCheckpointVote } from './checkpoint.js'
import { validateRewardClaimed } from './claims.js'
import { checkCommon } from './common.js'
import { validateDisputeOpened, validateDisputeVote } from './disputes.js'
import { validateFraudAlert } from './fraud-alert.js'
import { validateConsensusVote, validateValidationScored } from './scores.js'
import { validateTaskCancelled, validateTaskPublished } from './task.js'
import type { ValidationView } from './view.js'

export type { ValidationView } from './view.js'

/** Throws an EngineValidationError when the message breaks a rule; returns when it is acceptable. */
export function assertValid(view: ValidationView, msg: AnySignedMessage, idHex = hex(msg.id)): void {
  checkCommon(view, msg, idHex)
  checkAdmission(view, msg)
  switch (msg.kind) {
    case MessageKind.TaskPublished:
      validateTaskPublished(view, msg)
      return
    case MessageKind.TaskCancelled:
      validateTaskCancelled(view, msg)
      return
    case MessageKind.MinerProfile:
      return
    case MessageKind.AnswerCommitted:
      validateAnswerCommitted(view, msg)
      return
    case MessageKind.AnswerRevealed:
      validateAnswerRevealed(view, msg)
      return
    case MessageKind.ValidationScored:
      validateValidationScored(view, msg)
      return
    case MessageKind.ConsensusVote:
      validateConsensusVote(view, msg)
      return
    case MessageKind.FraudAlert:
      validateFraudAlert(view, msg)
      return
    case MessageKind.DisputeOpened:
      validateDisputeOpened(view, msg)
      return
    case MessageKind.DisputeVote:
      validateDisputeVote(view, msg)
      return
    case MessageKind.RewardClaimed:
      validateRewardClaimed(view, msg)
      return
    case MessageKind.CheckpointVote:
      validateCheckpointVote(view, msg)
      return
  }
}

/** Validates a message: ACCEPT, or IGNORE / REJECT with a typed code. */
export function validateMessage(view: ValidationView, msg: AnySignedMessage): ValidationResult {
  return toValidationResult(() => assertValid(view, msg))
}
