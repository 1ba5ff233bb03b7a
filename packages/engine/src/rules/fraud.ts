/**
 * Fraud analysis (DESIGN §6): duplicate, near-duplicate, too-fast, collusion and equivocation
 * signals, risk = 0.7·mean + 0.3·max, flagged at ≥ 0.7; plus conflicting certificates (DESIGN §5.5).
 * Task derivation (derive/task/fraud.ts) runs exactly these functions.
 */
import { compareStrings, sortedSum, uniqueSorted } from './order.js'
import { type ShingleSketch, shingleSketch, sketchSimilarity } from './similarity.js'
import type {
  Account,
  Difficulty,
  FraudAnalysis,
  FraudSignal,
  FraudSignalKind,
  FraudSubmission,
  FraudTask,
  Id,
  ScoreRecord,
  ValidationRecord,
} from './types.js'

/** Risk = 0.7·mean + 0.3·max of the signals that apply (DESIGN §6). */
export const RISK_MEAN_WEIGHT = 0.7
export const RISK_MAX_WEIGHT = 0.3
/** A risk at or above this is flagged: excluded from rewards and announced (DESIGN §6). */
export const FRAUD_FLAG_THRESHOLD = 0.7

/** Answers this similar to an earlier one by another miner are near-duplicates (DESIGN §6). */
export const NEAR_DUPLICATE_THRESHOLD = 0.85

/**
 * Fastest plausible time from publication to commit per difficulty, in seconds. Neither DESIGN nor
 * the seeds give numbers; these are deliberately lenient (a model can answer quickly) so that only
 * work faster than reading the task is suspicious.
 */
export const MIN_WORK_SECONDS: Readonly<Record<Difficulty, number>> = {
  beginner: 30,
  intermediate: 120,
  advanced: 300,
  expert: 900,
}

/** A validator scoring a miner at least this far above consensus … (brief: 25 points) */
export const COLLUSION_MARGIN = 25
/** … at least this many times is a collusion signal (brief: ≥ 3). */
export const COLLUSION_MIN_COUNT = 3
/** The collusion signal is count / this, capped at 1: 3 times → 0.5, 5 times → 0.83 (flagged alone). */
export const COLLUSION_SATURATION_COUNT = 6

const SIGNAL_ORDER: readonly FraudSignalKind[] = [
  'duplicate',
  'near-duplicate',
  'too-fast',
  'collusion',
  'equivocation',
  'conflicting-certificate',
]

/** 0.7·mean + 0.3·max of signal values; 0 when no signal applies. */
export function fraudRisk(signals: readonly FraudSignal[]): number {
  if (signals.length === 0) return 0
  const values = signals.map((s) => s.value)
  return RISK_MEAN_WEIGHT * (sortedSum(values) / values.length) + RISK_MAX_WEIGHT * Math.max(...values)
}

/** The analysis of a subject from its signals: ordered by kind, risk, and whether it is flagged. */
export function fraudAnalysis(
  subject: FraudAnalysis['subject'],
  signals: readonly FraudSignal[],
): FraudAnalysis {
  const ordered = [...signals].sort((a, b) => SIGNAL_ORDER.indexOf(a.kind) - SIGNAL_ORDER.indexOf(b.kind))
  const risk = fraudRisk(ordered)
  return { subject, signals: ordered, risk, flagged: risk >= FRAUD_FLAG_THRESHOLD }
}

/** Author order: earlier commit first, then id. */
function isEarlier(a: FraudSubmission, b: FraudSubmission): boolean {
  return a.authoredAt < b.authoredAt || (a.authoredAt === b.authoredAt && a.id < b.id)
}

/** The earlier answers by other miners, in author order (the ones this one could have copied). */
function earlierByOthers(target: FraudSubmission, others: readonly FraudSubmission[]): FraudSubmission[] {
  return others
    .filter((o) => o.miner !== target.miner && o.id !== target.id && isEarlier(o, target))
    .sort((a, b) => a.authoredAt - b.authoredAt || compareStrings(a.id, b.id))
}

/** Exact duplicate: the earliest earlier answer by another miner with the same content hash. */
export function duplicateSignal(
  target: FraudSubmission,
  others: readonly FraudSubmission[],
): FraudSignal | null {
  const original = earlierByOthers(target, others).find((o) => o.contentHash === target.contentHash)
  return original === undefined ? null : { kind: 'duplicate', value: 1, evidence: [original.id] }
}

/** An answer's shingle sketch; callers that hold answers across analyses pass a cached one. */
export type SketchOf = (s: FraudSubmission) => ShingleSketch

const sketchAnswer: SketchOf = (s) => shingleSketch(s.answer)

/** Near-duplicate: the most similar earlier answer by another miner at ≥ 0.85 (different content hash). */
export function nearDuplicateSignal(
  target: FraudSubmission,
  others: readonly FraudSubmission[],
  sketchOf: SketchOf = sketchAnswer,
): FraudSignal | null {
  const sketch = sketchOf(target)
  let best: { id: Id; similarity: number } | null = null
  for (const o of earlierByOthers(target, others)) {
    if (o.contentHash === target.contentHash) continue
    const similarity = sketchSimilarity(sketch, sketchOf(o))
    // Strictly greater keeps the earliest of equally similar originals (input is in author order).
    if (best === null || similarity > best.similarity) best = { id: o.id, similarity }
  }
  if (best === null || best.similarity < NEAR_DUPLICATE_THRESHOLD) return null
  return { kind: 'near-duplicate', value: best.similarity, evidence: [best.id] }
}

/** Too fast: commit sooner after publication than the difficulty allows; value 1 − elapsed/minimum. */
export function tooFastSignal(target: FraudSubmission, task: FraudTask): FraudSignal | null {
  const minimumMs = MIN_WORK_SECONDS[task.difficulty] * 1000
  const elapsed = Math.max(target.authoredAt - task.publishedAt, 0)
  if (elapsed >= minimumMs) return null
  return { kind: 'too-fast', value: 1 - elapsed / minimumMs, evidence: uniqueSorted([task.id, target.id]) }
}

/** A score far above its submission's consensus: what counts toward a collusion signal. */
export function isInflatedScore(r: Pick<ScoreRecord, 'score' | 'consensusScore'>): boolean {
  return r.score - r.consensusScore >= COLLUSION_MARGIN
}

/**
 * Collusion: a validator scored this miner ≥ 25 points above consensus at least 3 times. One signal
 * for the worst validator's count; evidence is every offending validation of every such validator.
 */
export function collusionSignal(
  target: FraudSubmission,
  history: readonly ScoreRecord[],
): FraudSignal | null {
  const byValidator = new Map<string, Set<Id>>()
  for (const r of history) {
    if (r.miner !== target.miner || !isInflatedScore(r)) continue
    const ids = byValidator.get(r.validator) ?? new Set<Id>()
    ids.add(r.messageId)
    byValidator.set(r.validator, ids)
  }
  let worst = 0
  const evidence: Id[] = []
  for (const ids of byValidator.values()) {
    if (ids.size < COLLUSION_MIN_COUNT) continue
    worst = Math.max(worst, ids.size)
    evidence.push(...ids)
  }
  if (worst === 0) return null
  return {
    kind: 'collusion',
    value: Math.min(worst / COLLUSION_SATURATION_COUNT, 1),
    evidence: uniqueSorted(evidence),
  }
}

export interface SubmissionFraudInput {
  submission: FraudSubmission
  task: FraudTask
  /** Other answers to compare with (any order; only earlier ones by other miners count). */
  others: readonly FraudSubmission[]
  /** Past validations of any miner with their consensus (only this miner's count). */
  scoreHistory: readonly ScoreRecord[]
  /** Sketches of the answers (default: computed from each answer's text). */
  sketchOf?: SketchOf
}

/** Fraud analysis of one submission: duplicate, near-duplicate, too-fast and collusion signals. */
export function analyzeSubmission(input: SubmissionFraudInput): FraudAnalysis {
  const { submission, task, others, scoreHistory, sketchOf } = input
  const signals = [
    duplicateSignal(submission, others),
    nearDuplicateSignal(submission, others, sketchOf),
    tooFastSignal(submission, task),
    collusionSignal(submission, scoreHistory),
  ].filter((s): s is FraudSignal => s !== null)
  return fraudAnalysis({ kind: 'submission', id: submission.id }, signals)
}

/**
 * Equivocation: a validator signed two different scores for one submission. Each such pair is an
 * analysis with risk 1.0; the proof is the two message ids (the smallest id, and the smallest id
 * that disagrees with it), sorted by (validator, submission).
 */
export function detectEquivocations(validations: readonly ValidationRecord[]): FraudAnalysis[] {
  const groups = new Map<string, ValidationRecord[]>()
  for (const v of validations) {
    const key = `${v.validator}\u0000${v.submissionId}`
    const group = groups.get(key) ?? []
    group.push(v)
    groups.set(key, group)
  }
  const out: FraudAnalysis[] = []
  for (const key of [...groups.keys()].sort(compareStrings)) {
    const group = groups
      .get(key)!
      .sort((a, b) => compareStrings(a.messageId, b.messageId) || a.score - b.score)
    const first = group[0]!
    const other = group.find((v) => v.score !== first.score)
    if (other === undefined) continue
    out.push(
      fraudAnalysis({ kind: 'validator', account: first.validator, submissionId: first.submissionId }, [
        { kind: 'equivocation', value: 1, evidence: [first.messageId, other.messageId] },
      ]),
    )
  }
  return out
}

/**
 * Conflicting certificates (DESIGN §5.5): a validator voted for two roots of one task whose sets do
 * not nest. Risk 1.0; the proof is the votes (`evidence`, their ids).
 */
export function certificateConflict(
  voter: Account,
  taskId: Id,
  roots: readonly [Id, Id],
  evidence: readonly Id[],
): FraudAnalysis {
  const [a, b] = [...roots].sort(compareStrings) as [Id, Id]
  return fraudAnalysis({ kind: 'voter', account: voter, taskId, roots: [a, b] }, [
    { kind: 'conflicting-certificate', value: 1, evidence: [...evidence] },
  ])
}
