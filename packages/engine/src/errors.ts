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
  /**
   * A parent the message names is not held (DESIGN §5.10): the result lists the missing ids (and
   * the task id when known), so the network can fetch them and validate the message again.
   */
  MISSING_PARENT: 'MISSING_PARENT',
  /**
   * The message's scope already holds quota + 1 messages with lower ids (DESIGN §5.8): redundant
   * evidence of an overflow this node already has; not stored and not forwarded.
   */
  SCOPE_FULL: 'SCOPE_FULL',
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
  /** A MinerProfile without the genesis proof of work (DESIGN §5.9). */
  PROFILE_WORK: 'PROFILE_WORK',
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
    /** For MISSING_PARENT: what is missing, for the network's pending buffer (DESIGN §5.10). */
    readonly missing?: MissingParents,
  ) {
    super(`${code}: ${message}`)
    this.name = 'EngineValidationError'
  }
}

/** The parents a message waits for: their ids, and the task they belong to when known. */
export interface MissingParents {
  /** Ids of the missing parent messages (32 bytes each). */
  ids: Uint8Array[]
  /** The task the message belongs to, when the message names it (task-sync can fetch it whole). */
  taskId?: Uint8Array
}

/** Throws IGNORE with a code. */
export function ignore(code: IgnoreCode, message: string): never {
  throw new EngineValidationError(Verdict.Ignore, code, message)
}

/** Throws IGNORE MISSING_PARENT naming the missing ids (and the task when known): DESIGN §5.10. */
export function missingParent(ids: Uint8Array[], taskId: Uint8Array | undefined, message: string): never {
  throw new EngineValidationError(
    Verdict.Ignore,
    IgnoreCode.MISSING_PARENT,
    message,
    taskId === undefined ? { ids } : { ids, taskId },
  )
}

/** Throws REJECT with a code. */
export function reject(code: RejectCode, message: string): never {
  throw new EngineValidationError(Verdict.Reject, code, message)
}

/** The outcome of validating one message. */
export type ValidationResult =
  | { verdict: Verdict.Accept }
  | {
      verdict: Verdict.Ignore | Verdict.Reject
      code: ValidationCode
      reason: string
      /** With MISSING_PARENT: the ids to fetch before validating again (DESIGN §5.10). */
      missing?: Uint8Array[]
      /** With MISSING_PARENT, when the message names its task: the task to sync. */
      taskId?: Uint8Array
    }

/** Runs a rule check and maps its outcome to a verdict; unknown errors become IGNORE (never a crash). */
export function toValidationResult(check: () => void): ValidationResult {
  try {
    check()
    return { verdict: Verdict.Accept }
  } catch (err) {
    if (err instanceof EngineValidationError) {
      const out = { verdict: err.verdict, code: err.code, reason: err.message }
      if (err.missing === undefined) return out
      return err.missing.taskId === undefined
        ? { ...out, missing: err.missing.ids }
        : { ...out, missing: err.missing.ids, taskId: err.missing.taskId }
    }
    return {
      verdict: Verdict.Ignore,
      code: IgnoreCode.INTERNAL,
      reason: (err as Error).message ?? String(err),
    }
  }
}
