/**
 * What one task contributes to each account's cross-task aggregates (derive/accounts.ts folds them):
 * activity, behaviour counts, earnings, reputation and trust events, score history. This stage
 * records activity and behaviour; disputes, rewards and reputation add the rest.
 */
import type { ReputationEvent, ScoreRecord, TrustEvent } from '../../rules/index.js'
import type { Scoring } from './consensus.js'
import type { Derivation } from './context.js'
import type { Certification } from './finality.js'
import type { Submission } from './submissions.js'

/** What one task contributes to one account's cross-task aggregates. */
export interface Contribution {
  submissions: number
  wins: number
  validations: number
  outlierValidations: number
  scoreSum: number
  earned: bigint
  lastActiveAt: number
  trust: TrustEvent[]
  reputation: ReputationEvent[]
  /** Validations of this account's answers with their consensus, for later tasks' collusion checks. */
  scores: { time: number; record: ScoreRecord }[]
  /** Counted answers with a duplicate or near-duplicate signal (BehaviourPattern.duplicateAnswers). */
  duplicateAnswers: number
  /** Counted answers with a too-fast signal (BehaviourPattern.fastAnswers). */
  fastAnswers: number
  /** This account's scores that count toward a collusion signal (rules/fraud isInflatedScore). */
  inflatedScores: number
  /** (validator, submission) pairs where this account signed two different scores. */
  equivocations: number
  /** Sum over the counted answers of (authored time − workStartedAt, clamped ≥ 0), in ms. */
  workMs: bigint
  /** Latest author time of the messages behind the behaviour fields above (0 when none). */
  behaviourAt: number
}

export function emptyContribution(): Contribution {
  return {
    submissions: 0,
    wins: 0,
    validations: 0,
    outlierValidations: 0,
    scoreSum: 0,
    earned: 0n,
    lastActiveAt: 0,
    trust: [],
    reputation: [],
    scores: [],
    duplicateAnswers: 0,
    fastAnswers: 0,
    inflatedScores: 0,
    equivocations: 0,
    workMs: 0n,
    behaviourAt: 0,
  }
}

/**
 * Activity and behaviour: answers (with their fraud signals), equivocating scores, conflicting
 * certificates, counted scores.
 */
export function recordActivity(
  d: Derivation,
  submissions: readonly Submission[],
  scoring: Scoring,
  cert: Certification,
): void {
  for (const s of submissions) {
    const c = d.contribution(s.reveal.signer)
    c.submissions += 1
    c.lastActiveAt = Math.max(c.lastActiveAt, s.reveal.ts)
    if (s.duplicate) c.duplicateAnswers += 1
    if (s.fast) c.fastAnswers += 1
    c.workMs += BigInt(Math.max(s.submittedAt - s.reveal.m.body.workStartedAt, 0))
    c.behaviourAt = Math.max(c.behaviourAt, s.reveal.ts)
  }
  const scoreTime = new Map(d.messages.scores.map((v) => [v.id, v.ts]))
  for (const e of scoring.equivocations) {
    if (e.subject.kind !== 'validator') continue
    const c = d.contribution(e.subject.account)
    c.equivocations += 1
    for (const id of e.signals[0]?.evidence ?? [])
      c.behaviourAt = Math.max(c.behaviourAt, scoreTime.get(id) ?? 0)
  }
  // DESIGN §5.5: certificates that do not nest are evidence against every validator that signed
  // both; it is penalized once per task (a trust failure and an equivocation), whatever won.
  const voteTime = new Map(d.messages.votes.map((v) => [v.id, v.ts]))
  const conflictAt = new Map<string, number>()
  for (const c of cert.result.conflicts) {
    const at = Math.max(...c.evidence.filter((id) => voteTime.has(id)).map((id) => voteTime.get(id)!))
    conflictAt.set(c.voter, Math.min(conflictAt.get(c.voter) ?? at, at))
  }
  for (const [voter, at] of conflictAt) {
    const c = d.contribution(voter)
    c.equivocations += 1
    c.behaviourAt = Math.max(c.behaviourAt, at)
    c.trust.push({ id: `${d.taskHex}:${voter}:conflict`, account: voter, time: at, kind: 'failure' })
  }
  for (const s of submissions) {
    for (const v of s.validations) {
      const c = d.contribution(v.signer)
      if (scoring.recordOf.get(v.id)?.counted) c.validations += 1
      c.lastActiveAt = Math.max(c.lastActiveAt, v.ts)
    }
  }
}
