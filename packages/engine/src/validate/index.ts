/** One entry point: validate any message against the current state (DESIGN §4 pipeline, rules step). */
import { type AnySignedMessage, MessageKind, type SignedMessage } from '@aimesh/protocol'
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

/** The rule of each kind, after the checks common to all (signature, time, admission). */
type KindRules = { readonly [K in MessageKind]: (view: ValidationView, msg: SignedMessage<K>) => void }

const KIND_RULES: KindRules = {
  [MessageKind.TaskPublished]: validateTaskPublished,
  [MessageKind.TaskCancelled]: validateTaskCancelled,
  // A profile's one rule, its proof of work, is admission's (validate/admission.ts).
  [MessageKind.MinerProfile]: () => {},
  [MessageKind.AnswerCommitted]: validateAnswerCommitted,
  [MessageKind.AnswerRevealed]: validateAnswerRevealed,
  [MessageKind.ValidationScored]: validateValidationScored,
  [MessageKind.ConsensusVote]: validateConsensusVote,
  [MessageKind.FraudAlert]: validateFraudAlert,
  [MessageKind.DisputeOpened]: validateDisputeOpened,
  [MessageKind.DisputeVote]: validateDisputeVote,
  [MessageKind.RewardClaimed]: validateRewardClaimed,
  [MessageKind.CheckpointVote]: validateCheckpointVote,
}

/** Throws an EngineValidationError when the message breaks a rule; returns when it is acceptable. */
export function assertValid(view: ValidationView, msg: AnySignedMessage, idHex = hex(msg.id)): void {
  checkCommon(view, msg, idHex)
  checkAdmission(view, msg)
  // The row's message type is the message's own kind: TypeScript cannot correlate the two.
  const rule = KIND_RULES[msg.kind] as (view: ValidationView, msg: AnySignedMessage) => void
  rule(view, msg)
}

/** Validates a message: ACCEPT, or IGNORE / REJECT with a typed code. */
export function validateMessage(view: ValidationView, msg: AnySignedMessage): ValidationResult {
  return toValidationResult(() => assertValid(view, msg))
}
