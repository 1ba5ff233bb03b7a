/**
 * Consensus per submission (DESIGN §6, §5.4): which scores count (a party's own, the publisher's and
 * out-of-window scores do not; once certified, an epoch validator's score outside the certificate
 * does not), equivocating scores, the consensus rule per submission, and a validation record per score.
 */
import type { MessageKind, ValidationRecord } from '@aimesh/protocol'
import { hex } from '../../ids.js'
import { computeConsensus, detectEquivocations, type FraudAnalysis } from '../../rules/index.js'
import { b, type Derivation, type Item } from './context.js'
import type { Certification } from './finality.js'
import type { Submission } from './submissions.js'

/** What scoring found, beside each submission's `validations` and `consensus`. */
export interface Scoring {
  /** Validators that signed two different scores for one submission (rules/fraud). */
  equivocations: FraudAnalysis[]
  /** One record per accepted score, in submission then score order. */
  records: ValidationRecord[]
  recordOf: Map<string, ValidationRecord>
  /** Every accepted score of an accepted answer by a validator of the epoch: what the outcome root covers. */
  outcomeValidationIds: string[]
  /** Validators that scored a submission with a median, and whether any of their scores was an outlier. */
  validatorOutlier: Map<string, boolean>
  /** Validators that scored a submission whose consensus was reached. */
  scoredReached: Set<string>
}

/** Assigns scores to submissions and computes each submission's consensus. */
export function scoreSubmissions(
  d: Derivation,
  submissions: readonly Submission[],
  cert: Certification,
): Scoring {
  const subById = new Map(submissions.map((s) => [s.reveal.id, s]))
  for (const v of d.messages.scores) {
    const s = subById.get(hex(v.m.body.submissionId))
    if (s === undefined || v.signer === s.reveal.signer || v.signer === d.publisher) continue
    // Shadow scores are in no root (DESIGN §5.5), so a certificate never leaves them out: they still
    // earn their validators trust for later epochs.
    if (d.weight(v.signer) > 0 && !cert.inOutcome(v.id)) continue
    if (v.ts < d.submissionDeadline || v.ts >= d.validationDeadline) continue
    s.validations.push(v)
  }
  const equivocations = detectEquivocations(
    submissions.flatMap((s) =>
      s.validations.map((v) => ({
        messageId: v.id,
        validator: v.signer,
        submissionId: s.reveal.id,
        score: v.m.body.score,
      })),
    ),
  )
  const equivocators = new Set(
    equivocations.map((e) =>
      e.subject.kind === 'validator' ? `${e.subject.account}:${e.subject.submissionId}` : '',
    ),
  )
  const scoring: Scoring = {
    equivocations,
    records: [],
    recordOf: new Map(),
    outcomeValidationIds: [],
    validatorOutlier: new Map(),
    scoredReached: new Set(),
  }
  for (const s of submissions) {
    const consensus = computeConsensus(
      s.reveal.id,
      s.validations.map((v) => ({ validator: v.signer, score: v.m.body.score, weight: d.weight(v.signer) })),
      d.required,
    )
    s.consensus = consensus
    const outliers = new Set(consensus.outliers)
    for (const v of s.validations) {
      const equivocated = equivocators.has(`${v.signer}:${s.reveal.id}`)
      const counted = d.weight(v.signer) > 0 && !equivocated
      const outlier = consensus.median !== null && (outliers.has(v.signer) || equivocated)
      if (d.weight(v.signer) > 0) scoring.outcomeValidationIds.push(v.id)
      if (consensus.median !== null) {
        scoring.validatorOutlier.set(v.signer, (scoring.validatorOutlier.get(v.signer) ?? false) || outlier)
        if (consensus.reached) scoring.scoredReached.add(v.signer)
      }
      addRecord(d, scoring, s, v, outlier, counted)
    }
  }
  return scoring
}

function addRecord(
  d: Derivation,
  scoring: Scoring,
  s: Submission,
  v: Item<MessageKind.ValidationScored>,
  outlier: boolean,
  counted: boolean,
): void {
  const record: ValidationRecord = {
    id: b(v.m.id),
    taskId: d.taskId,
    submissionId: b(s.reveal.m.id),
    validator: b(v.m.signer),
    score: v.m.body.score,
    at: v.ts,
    outlier,
    counted,
  }
  scoring.records.push(record)
  scoring.recordOf.set(v.id, record)
}
