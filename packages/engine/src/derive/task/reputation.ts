/**
 * Reputation, trust and score history from a completed outcome (DESIGN §6), all at the validation
 * deadline: a flagged miner fails; a miner with consensus is scored (and succeeds at the pass score);
 * each validator agreed or was an outlier. The scores of answers with consensus enter the miner's
 * score history, which later tasks' collusion checks read; inflated ones count against the validator.
 */
import { isInflatedScore } from '../../rules/index.js'
import type { Scoring } from './consensus.js'
import type { Derivation } from './context.js'
import type { Submission } from './submissions.js'

/**
 * Adds the reputation and trust events and score history of a completed task; returns the unrounded
 * consensus score of each submission whose scores entered the history (by submission id).
 */
export function rateParticipants(
  d: Derivation,
  submissions: readonly Submission[],
  scoring: Scoring,
  completed: boolean,
): Map<string, number> {
  const consensusScores = new Map<string, number>()
  if (!completed) return consensusScores
  const vd = d.validationDeadline
  for (const s of submissions) {
    const miner = s.reveal.signer
    const id = `${s.reveal.id}:m`
    const c = d.contribution(miner)
    const cons = s.consensus
    if (s.flagged) {
      c.reputation.push({ id, account: miner, time: vd, kind: 'miner-scored', score: 0 })
      c.trust.push({ id, account: miner, time: vd, kind: 'failure' })
    } else if (cons?.reached && cons.score !== null) {
      consensusScores.set(s.reveal.id, cons.score)
      c.scoreSum += Math.round(cons.score)
      c.reputation.push({ id, account: miner, time: vd, kind: 'miner-scored', score: cons.score })
      if (cons.score >= d.params.passScore) {
        c.trust.push({ id, account: miner, time: vd, kind: 'success', verified: true })
      }
      for (const v of s.validations) {
        if (isInflatedScore({ score: v.m.body.score, consensusScore: cons.score })) {
          const vc = d.contribution(v.signer)
          vc.inflatedScores += 1
          vc.behaviourAt = Math.max(vc.behaviourAt, v.ts)
        }
        c.scores.push({
          time: vd,
          record: {
            messageId: v.id,
            validator: v.signer,
            miner,
            submissionId: s.reveal.id,
            score: v.m.body.score,
            consensusScore: cons.score,
          },
        })
      }
    }
  }
  const outlierCount = new Map<string, number>()
  for (const s of submissions) {
    for (const v of s.validations) {
      if (scoring.recordOf.get(v.id)?.outlier)
        outlierCount.set(v.signer, (outlierCount.get(v.signer) ?? 0) + 1)
    }
  }
  for (const [validator, outlier] of scoring.validatorOutlier) {
    const c = d.contribution(validator)
    const id = `${d.taskHex}:${validator}:v`
    c.outlierValidations += outlierCount.get(validator) ?? 0
    c.reputation.push(
      outlier
        ? { id, account: validator, time: vd, kind: 'validator-outlier' }
        : { id, account: validator, time: vd, kind: 'validator-agreed' },
    )
    c.trust.push(
      outlier
        ? { id, account: validator, time: vd, kind: 'failure' }
        : {
            id,
            account: validator,
            time: vd,
            kind: 'success',
            verified: scoring.scoredReached.has(validator),
          },
    )
  }
  return consensusScores
}
