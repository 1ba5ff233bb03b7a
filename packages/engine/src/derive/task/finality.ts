/**
 * Finality (DESIGN §5.5): the certificates over the task's votes, the outcome root this node
 * derives (and votes for), and how settled the outcome is.
 *
 * Certificates are evaluated first: once one wins, the outcome is derived from its set only, so
 * answers and counted scores outside it (a backdated score that arrived late) stay in the log but
 * change nothing.
 */
import { Finality } from '@aimesh/protocol'
import {
  type FinalityResult,
  findCertificates,
  outcomeIds,
  outcomeRoot,
  type VoteInput,
} from '../../finality.js'
import { hex } from '../../ids.js'
import type { Scoring } from './consensus.js'
import type { Derivation } from './context.js'
import { includedOf } from './memo.js'
import type { Submission } from './submissions.js'

/** The certificates and what they settle. */
export interface Certification {
  result: FinalityResult
  /** When the last vote round closes: validation deadline + maxRounds·roundMs. */
  finalAt: number
  /** Whether a message is inside the outcome: every message until a certificate wins, then its set. */
  inOutcome(id: string): boolean
}

/** Finds the certificates among the votes authored after the validation deadline. */
export function certify(d: Derivation): Certification {
  const { params } = d
  const voteInputs: VoteInput[] = d.messages.votes
    .filter((v) => v.ts >= d.validationDeadline)
    .map((v) => ({
      id: v.id,
      voter: v.signer,
      round: v.m.body.round,
      at: v.ts,
      root: hex(v.m.body.outcomeRoot),
      included: includedOf(v.m),
    }))
  const result = findCertificates(
    voteInputs,
    d.inputs.validators.weights,
    params.certificateThresholdBps,
    params.certificateMinVoters,
  )
  const finalAt = d.validationDeadline + params.maxRounds * params.roundMs
  d.deadlines.push(finalAt)
  const certified = result.winner === null ? null : new Set(result.winner.included)
  return { result, finalAt, inOutcome: (id) => certified === null || certified.has(id) }
}

/** The outcome root over the accepted answers and the epoch validators' scores of them, and its ids. */
export function outcomeOf(
  d: Derivation,
  submissions: readonly Submission[],
  scoring: Scoring,
): { root: Uint8Array; ids: string[] } {
  const answers = submissions.map((s) => s.reveal.id)
  return {
    root: outcomeRoot(d.taskId, answers, scoring.outcomeValidationIds),
    ids: outcomeIds(answers, scoring.outcomeValidationIds),
  }
}

/**
 * Provisional until certified, certified once a certificate holds, final once the last round's
 * window has closed; no outcome at all for a cancelled or expired task.
 */
export function finalityOf(d: Derivation, cert: Certification, completed: boolean): Finality {
  if (!completed) return Finality.FINALITY_UNSPECIFIED
  if (cert.result.winner === null) return Finality.PROVISIONAL
  return d.te >= cert.finalAt ? Finality.FINAL : Finality.CERTIFIED
}
