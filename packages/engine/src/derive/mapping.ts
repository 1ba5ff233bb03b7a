/** Maps between the wire enums (protons string enums) and the rules' words and record numbers. */
import { Difficulty, DisputeType, FraudKind, RewardRole, TaskType } from '@aimesh/protocol'
import type * as rules from '../rules/index.js'

/** Wire task type → rules task type. */
export const TASK_TYPE_RULE: Readonly<Record<TaskType, rules.TaskType>> = {
  [TaskType.TASK_TYPE_UNSPECIFIED]: 'general',
  [TaskType.CODE_ANALYSIS]: 'code-analysis',
  [TaskType.SECURITY_AUDIT]: 'security-audit',
  [TaskType.DATA_ANALYSIS]: 'data-analysis',
  [TaskType.ALGORITHM_OPTIMIZATION]: 'algorithm-optimization',
  [TaskType.LOGIC_REASONING]: 'logic-reasoning',
  [TaskType.GENERAL]: 'general',
}

/** Wire task type → its proto number (records store numbers). */
export const TASK_TYPE_NUMBER: Readonly<Record<TaskType, number>> = {
  [TaskType.TASK_TYPE_UNSPECIFIED]: 0,
  [TaskType.CODE_ANALYSIS]: 1,
  [TaskType.SECURITY_AUDIT]: 2,
  [TaskType.DATA_ANALYSIS]: 3,
  [TaskType.ALGORITHM_OPTIMIZATION]: 4,
  [TaskType.LOGIC_REASONING]: 5,
  [TaskType.GENERAL]: 6,
}

/** Wire difficulty → rules difficulty. */
export const DIFFICULTY_RULE: Readonly<Record<Difficulty, rules.Difficulty>> = {
  [Difficulty.DIFFICULTY_UNSPECIFIED]: 'beginner',
  [Difficulty.BEGINNER]: 'beginner',
  [Difficulty.INTERMEDIATE]: 'intermediate',
  [Difficulty.ADVANCED]: 'advanced',
  [Difficulty.EXPERT]: 'expert',
}

/** Wire difficulty → proto number. */
export const DIFFICULTY_NUMBER: Readonly<Record<Difficulty, number>> = {
  [Difficulty.DIFFICULTY_UNSPECIFIED]: 0,
  [Difficulty.BEGINNER]: 1,
  [Difficulty.INTERMEDIATE]: 2,
  [Difficulty.ADVANCED]: 3,
  [Difficulty.EXPERT]: 4,
}

/** Proto number → rules task type (for records read back). */
export const TASK_TYPE_OF_NUMBER: readonly rules.TaskType[] = [
  'general',
  'code-analysis',
  'security-audit',
  'data-analysis',
  'algorithm-optimization',
  'logic-reasoning',
  'general',
]

/** Proto number → rules difficulty. */
export const DIFFICULTY_OF_NUMBER: readonly rules.Difficulty[] = [
  'beginner',
  'beginner',
  'intermediate',
  'advanced',
  'expert',
]

/** Wire dispute type → proto number. */
export const DISPUTE_TYPE_NUMBER: Readonly<Record<DisputeType, number>> = {
  [DisputeType.DISPUTE_TYPE_UNSPECIFIED]: 0,
  [DisputeType.VALIDATION_ACCURACY]: 1,
  [DisputeType.REWARD_DISTRIBUTION]: 2,
  [DisputeType.PLAGIARISM]: 3,
  [DisputeType.QUALITY_ASSESSMENT]: 4,
  [DisputeType.TECHNICAL_ERROR]: 5,
}

/** Wire dispute type → rules dispute type. */
export const DISPUTE_TYPE_RULE: Readonly<Record<DisputeType, rules.DisputeType>> = {
  [DisputeType.DISPUTE_TYPE_UNSPECIFIED]: 'technical-error',
  [DisputeType.VALIDATION_ACCURACY]: 'validation-accuracy',
  [DisputeType.REWARD_DISTRIBUTION]: 'reward-distribution',
  [DisputeType.PLAGIARISM]: 'plagiarism',
  [DisputeType.QUALITY_ASSESSMENT]: 'quality-assessment',
  [DisputeType.TECHNICAL_ERROR]: 'technical-error',
}

/** Fraud kind → proto number (FraudSignal.kind is a number). */
export const FRAUD_KIND_NUMBER: Readonly<Record<FraudKind, number>> = {
  [FraudKind.FRAUD_KIND_UNSPECIFIED]: 0,
  [FraudKind.DUPLICATE_ANSWER]: 1,
  [FraudKind.NEAR_DUPLICATE]: 2,
  [FraudKind.IMPLAUSIBLE_SPEED]: 3,
  [FraudKind.COLLUSION]: 4,
  [FraudKind.EQUIVOCATION]: 5,
  [FraudKind.CONFLICTING_CERTIFICATE]: 6,
}

/** Rules fraud signal → wire fraud kind. */
export const FRAUD_KIND_OF_SIGNAL: Readonly<Record<rules.FraudSignalKind, FraudKind>> = {
  duplicate: FraudKind.DUPLICATE_ANSWER,
  'near-duplicate': FraudKind.NEAR_DUPLICATE,
  'too-fast': FraudKind.IMPLAUSIBLE_SPEED,
  collusion: FraudKind.COLLUSION,
  equivocation: FraudKind.EQUIVOCATION,
  'conflicting-certificate': FraudKind.CONFLICTING_CERTIFICATE,
}

/** Rules reward role → record reward role. */
export const REWARD_ROLE_RECORD: Readonly<Record<rules.RewardRole, RewardRole>> = {
  winner: RewardRole.WINNER,
  participant: RewardRole.PARTICIPANT,
  validator: RewardRole.VALIDATOR_ROLE,
  network: RewardRole.NETWORK,
  refund: RewardRole.PUBLISHER_REFUND,
}
