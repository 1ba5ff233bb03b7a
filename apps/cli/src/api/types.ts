/**
 * The shapes the node's HTTP API answers with (docs/api.md). Fields the contract names are typed;
 * records may carry more, kept as unknown so a newer node does not break an older CLI.
 */

/*
 * The protocol's enum names as the API speaks them. Listed here, not imported, so a command that
 * only talks to the API starts without loading the protocol package; a unit test checks these
 * lists equal the protocol's enums.
 */

/** Task lifecycle statuses (DESIGN §6). */
export const TASK_STATUSES = [
  'PUBLISHED',
  'IN_PROGRESS',
  'ANSWERS_SUBMITTED',
  'UNDER_VALIDATION',
  'COMPLETED',
  'EXPIRED',
  'DISPUTED',
  'CANCELLED',
]
export const TASK_TYPES = [
  'CODE_ANALYSIS',
  'SECURITY_AUDIT',
  'DATA_ANALYSIS',
  'ALGORITHM_OPTIMIZATION',
  'LOGIC_REASONING',
  'GENERAL',
]
export const DIFFICULTIES = ['BEGINNER', 'INTERMEDIATE', 'ADVANCED', 'EXPERT']
export const DISPUTE_TYPES = [
  'VALIDATION_ACCURACY',
  'REWARD_DISTRIBUTION',
  'PLAGIARISM',
  'QUALITY_ASSESSMENT',
  'TECHNICAL_ERROR',
]

export type OutcomeState = 'provisional' | 'certified' | 'final'

export interface Health {
  ok: boolean
  store?: unknown
  integrity?: unknown
  peers?: number
  syncLag?: number
  lastBackup?: unknown
  [k: string]: unknown
}

export interface Status {
  networkId: string
  genesisHash: string
  peerId: string
  stateRoot: string
  derivedDigest: string
  messages: number
  tasks: number
  clock?: number
  epoch?: number
  [k: string]: unknown
}

export interface SubmissionView {
  id: string
  /** The miner's public key (hex). */
  miner?: string
  consensusScore?: number
  consensusReached?: boolean
  flagged?: boolean
  rank?: number
  validations?: ValidationView[]
  [k: string]: unknown
}

export interface ValidationView {
  id?: string
  submission?: string
  validator?: string
  score?: number
  [k: string]: unknown
}

export interface RewardEntryView {
  recipient: string
  amount: string
  role?: string
  claimed?: boolean
  [k: string]: unknown
}

export interface RewardsView {
  total?: string
  entries: RewardEntryView[]
  [k: string]: unknown
}

/** A task as GET /tasks lists it. */
export interface TaskSummary {
  id: string
  title?: string
  taskType?: string
  status: string
  publisher?: string
  reward?: string
  publishedAt?: number
  commitDeadline?: number
  submissionDeadline?: number
  validationDeadline?: number
  challengeDeadline?: number
  /** A count in lists. */
  submissions?: number | SubmissionView[]
  validations?: number
  certified?: boolean
  [k: string]: unknown
}

/** A task as GET /tasks/:id shows it. */
export interface TaskView extends TaskSummary {
  difficulty?: string | number | null
  submissions?: SubmissionView[]
  consensus?: unknown
  outcome?: { state: OutcomeState; root?: string } | null
  rewards?: RewardsView | null
  disputes?: DisputeView[]
  /** Validators expected to score this task, in rank order (DESIGN §6), when the node exposes them. */
  expectedValidators?: string[]
  [k: string]: unknown
}

export interface AccountView {
  name: string
  address: string
  publicKey: string
  roles?: string[]
}

export interface PeerView {
  peerId: string
  addrs?: string[]
  score?: number
  quality?: unknown
}

export interface Peers {
  peers: PeerView[]
  bans: unknown[]
}

export interface DisputeView {
  id: string
  taskId?: string
  accused?: string
  status?: string
  disputeType?: string | number
  votesUphold?: number
  votesDismiss?: number
  [k: string]: unknown
}

/** One checkpoint voted for (GET /checkpoints), with its voters and whether it certified. */
export interface CheckpointView {
  epoch: number
  digest: string
  certified: boolean
  winner?: boolean
  voters?: { voter: string; voteId: string; round: number }[]
  [k: string]: unknown
}

export interface Checkpoints {
  checkpoints: CheckpointView[]
  validatorSet: unknown
}

/** Body of POST /tasks. */
export interface PublishTaskBody {
  account: string
  title: string
  description?: string
  taskType: string
  difficulty: string
  reward: string
  input?: string
  inputHash?: string
  verification?: { requiredReviewers?: number; threshold?: number }
  commitReveal?: boolean
  /** Phase lengths in ms from publication. */
  phases?: { commitMs?: number; revealMs?: number; validationMs?: number; challengeMs?: number }
  maxSubmissions?: number
}

/** Body of POST /tasks/:id/disputes. */
export interface OpenDisputeBody {
  account: string
  disputeType: string
  /** The submission or account the dispute is about (hex id). */
  accused: string
  reason?: string
  evidence?: string[]
}

/** Body of POST /accounts/:name/profile. */
export interface ProfileBody {
  publisher?: boolean
  miner?: boolean
  validator?: boolean
  specializations?: { taskType: string; proficiency: number; maxDifficulty: string }[]
  capacity?: number
  name?: string
}

/** The error body every 4xx/5xx carries (docs/api.md). */
export interface ApiErrorBody {
  error: { code: string; message: string }
}
