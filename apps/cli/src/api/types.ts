/**
 * The shapes the node's HTTP API answers with (docs/api.md). Fields the contract names are typed;
 * records may carry more, kept as unknown so a newer node does not break an older CLI.
 */

/** Task lifecycle statuses (DESIGN §6). */
export const TASK_STATUSES = [
  'Published',
  'InProgress',
  'AnswersSubmitted',
  'UnderValidation',
  'Completed',
  'Expired',
  'Disputed',
  'Cancelled',
] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

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
  miner?: string
  answer?: string
  revealed?: boolean
  score?: number
  flagged?: boolean
  [k: string]: unknown
}

export interface ValidationView {
  id?: string
  submission?: string
  validator?: string
  score?: number
  [k: string]: unknown
}

export interface RewardView {
  recipient?: string
  account?: string
  amount?: string
  claimed?: boolean
  [k: string]: unknown
}

export interface TaskView {
  id: string
  title?: string
  taskType?: string | number
  status: TaskStatus | string
  publisher?: string
  reward?: string
  difficulty?: number
  submissions?: SubmissionView[]
  validations?: ValidationView[]
  consensus?: unknown
  outcome?: { state: OutcomeState; root?: string } | null
  rewards?: RewardView[]
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
  task?: string
  status?: string
  disputeType?: string
  [k: string]: unknown
}

export interface Checkpoints {
  checkpoints: unknown[]
  validatorSet: unknown[]
}

/** Body of POST /tasks. */
export interface PublishTaskBody {
  account: string
  title: string
  taskType: string
  difficulty: number | string
  reward: string
  input?: string
  inputHash?: string
  requiredReviewers?: number
  [k: string]: unknown
}

/** The error body every 4xx/5xx carries (docs/api.md). */
export interface ApiErrorBody {
  error: { code: string; message: string }
}
