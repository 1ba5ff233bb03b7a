/**
 * The contract between the engine and the store: everything one accepted message changes,
 * committed as ONE LevelDB batch (the raw message, every derived record, every index entry),
 * or not at all. The engine computes the records; the store owns keys, encodings and indexes.
 */
import type {
  BehaviourPattern,
  DisputeRecord,
  FraudAnalysis,
  MinerRecord,
  RewardDistribution,
  SubmissionRecord,
  TaskRecord,
  TaskTransition,
  ValidationRecord,
} from '@aimesh/protocol'

/** The raw message as it goes into the message log. */
export interface LoggedMessage {
  /** 32-byte message id. */
  id: Uint8Array
  /** The encoded signed envelope, exactly as received. */
  bytes: Uint8Array
  kind: number
  signer: Uint8Array
  /** Author timestamp (unix ms). */
  timestamp: number
  /**
   * The task this message belongs to (for the task→messages index and task digests).
   * Account-level messages (miner profiles) use the all-zero id.
   */
  taskId: Uint8Array
}

/** A derived record to write (insert or replace); the store updates its indexes from old → new. */
export type RecordPut =
  | { type: 'task'; record: TaskRecord }
  | { type: 'transition'; record: TaskTransition }
  | { type: 'miner'; record: MinerRecord }
  | { type: 'submission'; record: SubmissionRecord }
  | { type: 'validation'; record: ValidationRecord }
  | { type: 'reward'; record: RewardDistribution }
  | { type: 'fraud'; record: FraudAnalysis }
  | { type: 'behaviour'; record: BehaviourPattern }
  | { type: 'dispute'; record: DisputeRecord }

/** A derived record to remove, by its primary key. */
export type RecordDelete =
  | { type: 'task'; id: Uint8Array }
  | { type: 'submission'; id: Uint8Array }
  | { type: 'validation'; id: Uint8Array }
  | { type: 'reward'; taskId: Uint8Array }
  | { type: 'fraud'; subjectId: Uint8Array }
  | { type: 'dispute'; id: Uint8Array }

/** One atomic unit of change: a message (optional, e.g. for deadline-driven updates) and its effects. */
export interface MessageWrite {
  message?: LoggedMessage
  puts: RecordPut[]
  deletes?: RecordDelete[]
}
