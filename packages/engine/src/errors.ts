/**
 * Typed validation outcomes, after Lodestar's GossipValidationError: each rule throws an
 * EngineValidationError carrying the verdict (IGNORE or REJECT) and a code; one wrapper turns
 * success into ACCEPT and anything unexpected into IGNORE.
 */
import { Verdict } from '@aimesh/protocol'

/** Codes for messages that may become valid later or are merely redundant (DESIGN §4). */
export const IgnoreCode = {
  DUPLICATE: 'DUPLICATE',
  FUTURE_TIMESTAMP: 'FUTURE_TIMESTAMP',
  UNKNOWN_TASK: 'UNKNOWN_TASK',
  UNKNOWN_SUBMISSION: 'UNKNOWN_SUBMISSION',
  UNKNOWN_COMMIT: 'UNKNOWN_COMMIT',
  UNKNOWN_DISPUTE: 'UNKNOWN_DISPUTE',
  UNKNOWN_EVIDENCE: 'UNKNOWN_EVIDENCE',
  /** The signer has no role in the task yet (no answer, score or publication held): it may sync in. */
  UNKNOWN_PARTICIPANT: 'UNKNOWN_PARTICIPANT',
  /** A collusion alert whose signal is not reproduced from the evidence and consensus this node holds. */
  NOT_REPRODUCED: 'NOT_REPRODUCED',
  INTERNAL: 'INTERNAL',
} as const

/** Codes for provably bad messages: the sender is penalised (DESIGN §4). */
export const RejectCode = {
  MALFORMED: 'MALFORMED',
  BAD_SIGNATURE: 'BAD_SIGNATURE',
  BEFORE_GENESIS: 'BEFORE_GENESIS',
  TASK_TOO_LONG: 'TASK_TOO_LONG',
  NOT_PUBLISHER: 'NOT_PUBLISHER',
  PUBLISHER_ANSWER: 'PUBLISHER_ANSWER',
  NO_COMMIT_PHASE: 'NO_COMMIT_PHASE',
  OUTSIDE_WINDOW: 'OUTSIDE_WINDOW',
  COMMIT_MISMATCH: 'COMMIT_MISMATCH',
  BAD_REFERENCE: 'BAD_REFERENCE',
  SELF_VALIDATION: 'SELF_VALIDATION',
  PUBLISHER_VALIDATION: 'PUBLISHER_VALIDATION',
  INVOLVED_VOTER: 'INVOLVED_VOTER',
  EVIDENCE_INVALID: 'EVIDENCE_INVALID',
  CLAIM_EXCEEDS_REWARD: 'CLAIM_EXCEEDS_REWARD',
  /** A vote whose round is not the one its timestamp falls in, or is past the last round (DESIGN §5.5). */
  BAD_ROUND: 'BAD_ROUND',
} as const

export type IgnoreCode = (typeof IgnoreCode)[keyof typeof IgnoreCode]
export type RejectCode = (typeof RejectCode)[keyof typeof RejectCode]
export type ValidationCode = IgnoreCode | RejectCode

/** Thrown by a rule; `verdict` says whether the sender is at fault. */
export class EngineValidationError extends Error {
  constructor(
    readonly verdict: Verdict.Ignore | Verdict.Reject,
    readonly code: ValidationCode,
    message: string,
  ) {
    super(`${code}: ${message}`)
    this.name = 'EngineValidationError'
  }
}

/** Throws IGNORE with a code. */
export function ignore(code: IgnoreCode, message: string): never {
  throw new EngineValidationError(Verdict.Ignore, code, message)
}

/** Throws REJECT with a code. */
export function reject(code: RejectCode, message: string): never {
  throw new EngineValidationError(Verdict.Reject, code, message)
}

/** The outcome of validating one message. */
export type ValidationResult =
  | { verdict: Verdict.Accept }
  | { verdict: Verdict.Ignore | Verdict.Reject; code: ValidationCode; reason: string }

/** Runs a rule check and maps its outcome to a verdict; unknown errors become IGNORE (never a crash). */
export function toValidationResult(check: () => void): ValidationResult {
  try {
    check()
    return { verdict: Verdict.Accept }
  } catch (err) {
    if (err instanceof EngineValidationError)
      return { verdict: err.verdict, code: err.code, reason: err.message }
    return {
      verdict: Verdict.Ignore,
      code: IgnoreCode.INTERNAL,
      reason: (err as Error).message ?? String(err),
    }
  }
}
