/**
 * Small input and output types of the pure rule functions (DESIGN §6). They are deliberately
 * independent of the wire types: the engine maps protocol records onto these before calling a rule.
 */

/** An account: a 32-byte ed25519 public key as 64 lowercase hex characters. */
export type Account = string

/** A message, task, submission or dispute id as lowercase hex. */
export type Id = string

/** Unix time in milliseconds (always author time or an explicit `asOf`, never the wall clock). */
export type TimeMs = number

/** A validator score: an integer 0–100. */
export type Score = number

/** Task types from the seeds (DESIGN §4). */
export const TASK_TYPES = [
  'code-analysis',
  'security-audit',
  'data-analysis',
  'algorithm-optimization',
  'logic-reasoning',
  'general',
] as const
export type TaskType = (typeof TASK_TYPES)[number]

/** Difficulty levels in increasing order (DESIGN §4); the index is the level used in arithmetic. */
export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced', 'expert'] as const
export type Difficulty = (typeof DIFFICULTIES)[number]

/** One validator's score for one submission, with the validator's consensus weight. */
export interface ValidatorScore {
  validator: Account
  score: Score
  /** A non-negative safe integer from `validatorWeight`; 0 means "scored but does not count". */
  weight: number
}

/** The outcome of consensus over one submission's scores. */
export interface ConsensusResult {
  submissionId: Id
  /** Weighted median of the counted scores; null when no counted (weight > 0) score exists. */
  median: number | null
  /** Weighted mean of the clipped counted scores; null when no counted score exists. */
  score: number | null
  /**
   * The clipping band: median ± 15 narrowed to the weighted 40 %–60 % collusion bounds, so the
   * score stays inside the honest scores under a ≤ 40 % colluding minority; null with no score.
   */
  clipLow: number | null
  clipHigh: number | null
  reached: boolean
  /** 0.4·min(n/10, 1) + 0.6·max(1 − σ/50, 0), in [0, 1]. */
  confidence: number
  /** Number of counted validators (weight > 0). */
  counted: number
  totalWeight: number
  /** Counted weight whose score lies within the band around the median. */
  inBandWeight: number
  /** Validators (any weight) whose score lies outside the band, sorted. */
  outliers: Account[]
  /** Validators (any weight) whose score lies inside the band, sorted. */
  agreeing: Account[]
}

/** Basis points of the task reward given to each pool; must sum to 10,000. */
export interface RewardSplit {
  winnersBps: number
  participantsBps: number
  validatorsBps: number
  networkBps: number
}

/** A submission as seen by the reward rule. */
export interface RewardSubmission {
  id: Id
  miner: Account
  /** Consensus score (0–100), or null when there is none. */
  score: number | null
  reached: boolean
  /** Flagged by fraud analysis: earns nothing. */
  flagged: boolean
  /** Author time of the commit; earlier wins ties in score. */
  submittedAt: TimeMs
}

/** A validator who scored the task, as seen by the reward rule. */
export interface RewardValidator {
  validator: Account
  weight: number
  /** Outside the consensus band on any submission of the task. */
  outlier: boolean
}

export interface RewardInput {
  publisher: Account
  reward: bigint
  taskType: TaskType
  submissions: readonly RewardSubmission[]
  validators: readonly RewardValidator[]
  split?: RewardSplit
  passScore?: number
  /** Recipient of the network share; defaults to NETWORK_ACCOUNT. */
  networkAccount?: Account
}

export type RewardRole = 'winner' | 'participant' | 'validator' | 'network' | 'refund'

export interface RewardEntry {
  recipient: Account
  role: RewardRole
  amount: bigint
  /** The submission the amount is for (winner and participant entries); null otherwise. */
  submissionId: Id | null
}

/** Fields every folded event carries: a unique id, the account it concerns, and its author time. */
export interface EventBase {
  id: Id
  account: Account
  time: TimeMs
}

export type ReputationEvent = EventBase &
  (
    | { kind: 'miner-scored'; score: number }
    | { kind: 'validator-agreed' }
    | { kind: 'validator-outlier' }
    | { kind: 'adjustment'; delta: number }
  )

export interface ReputationRecord {
  value: number
  events: number
  updatedAt: TimeMs
}

export type TrustEvent = EventBase &
  ({ kind: 'success'; verified: boolean } | { kind: 'failure' } | { kind: 'adjustment'; delta: number })

export interface TrustRecord {
  score: number
  /** Successes and failures folded so far (adjustments do not count). */
  interactions: number
  updatedAt: TimeMs
}

export type TrustLevel = 'basic' | 'delegation' | 'consensus' | 'verification' | 'critical'

export type FraudSignalKind =
  | 'duplicate'
  | 'near-duplicate'
  | 'too-fast'
  | 'collusion'
  | 'equivocation'
  | 'conflicting-certificate'

export interface FraudSignal {
  kind: FraudSignalKind
  /** Strength in [0, 1]. */
  value: number
  /** Message ids that prove or support the signal, sorted. */
  evidence: Id[]
}

export type FraudSubject =
  | { kind: 'submission'; id: Id }
  | { kind: 'validator'; account: Account; submissionId: Id }
  /** A validator that voted for two roots of one task whose sets do not nest (roots sorted). */
  | { kind: 'voter'; account: Account; taskId: Id; roots: [Id, Id] }

export interface FraudAnalysis {
  subject: FraudSubject
  signals: FraudSignal[]
  risk: number
  flagged: boolean
}

/** An answer as seen by fraud analysis. */
export interface FraudSubmission {
  id: Id
  miner: Account
  /** Hash of the revealed answer content. */
  contentHash: string
  answer: string
  /** Author time of the commit. */
  authoredAt: TimeMs
}

export interface FraudTask {
  id: Id
  difficulty: Difficulty
  publishedAt: TimeMs
}

/** A past validation with the consensus it was measured against (for collusion). */
export interface ScoreRecord {
  messageId: Id
  validator: Account
  miner: Account
  submissionId: Id
  score: Score
  consensusScore: number
}

/** A signed validation score (for equivocation). */
export interface ValidationRecord {
  messageId: Id
  validator: Account
  submissionId: Id
  score: Score
}

export interface MinerCandidate {
  account: Account
  /** Proficiency per task type, each in [0, 1]; missing types count as 0. */
  proficiency: Readonly<Partial<Record<TaskType, number>>>
  /** The level the miner works at best. */
  difficulty: Difficulty
  /** Reputation 0–10,000. */
  reputation: number
  /** Share of past submissions that passed, in [0, 1]. */
  successRate: number
  /** Free capacity, in [0, 1]. */
  availability: number
}

export interface MatchTask {
  taskType: TaskType
  difficulty: Difficulty
}

export interface MatchCandidate {
  account: Account
  score: number
}

export interface ValidatorCandidate {
  account: Account
  trust: number
  /** Named as pre-trusted in genesis. */
  preTrusted: boolean
}

export interface ValidatorTask {
  id: Id
  publisher: Account
  miners: readonly Account[]
}

export const DISPUTE_TYPES = [
  'validation-accuracy',
  'reward-distribution',
  'plagiarism',
  'quality-assessment',
  'technical-error',
] as const
export type DisputeType = (typeof DISPUTE_TYPES)[number]

export interface DisputeCase {
  id: Id
  type: DisputeType
  opener: Account
  publisher: Account
  accusedMiners: readonly Account[]
  accusedValidators: readonly Account[]
  /** Submissions whose rewards the dispute contests. */
  disputedSubmissions: readonly Id[]
}

export type DisputeVerdict = 'uphold' | 'reject'

export interface DisputeVoteRecord {
  messageId: Id
  voter: Account
  verdict: DisputeVerdict
  time: TimeMs
}

export interface AccountDelta {
  account: Account
  delta: number
}

export interface DisputeAdjustments {
  /** Hint for the reward rule: recompute the split without the excluded parties. */
  reward: { redistribute: boolean; excludeSubmissions: Id[]; excludeValidators: Account[] }
  reputation: AccountDelta[]
  trust: AccountDelta[]
}

export interface DisputeResolution {
  /** 'expired': the deadline passed with an empty panel (no adjustments). */
  status: 'pending' | 'upheld' | 'rejected' | 'expired'
  upholdVotes: number
  rejectVotes: number
  /** Null while pending or expired. */
  adjustments: DisputeAdjustments | null
}
