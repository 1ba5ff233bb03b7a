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

/**
 * A derived record to write (insert or replace); the store updates its indexes from old → new.
 *
 * `previous` is an optional hint for callers that already hold the stored version (the engine
 * keeps every derived record in memory): the record as it is stored now, or `null` for "known new"
 * (nothing stored under this key). The store needs the old version only to diff index entries; with
 * a hint it skips its read of LevelDB when the key is not in its cache (the cache, when it has the
 * key, always wins over the hint). Omit it when unsure — the store then reads the old version.
 * A WRONG hint cannot lose the record itself, but leaves the indexes inconsistent (a stale entry of
 * the real old version is kept, or a missing one re-added); `checkIntegrity()` reports it and repair
 * (clearDerived + replay of the log) fixes it.
 */
export type RecordPut =
  | { type: 'task'; record: TaskRecord; previous?: TaskRecord | null }
  | { type: 'transition'; record: TaskTransition; previous?: TaskTransition | null }
  | { type: 'miner'; record: MinerRecord; previous?: MinerRecord | null }
  | { type: 'submission'; record: SubmissionRecord; previous?: SubmissionRecord | null }
  | { type: 'validation'; record: ValidationRecord; previous?: ValidationRecord | null }
  | { type: 'reward'; record: RewardDistribution; previous?: RewardDistribution | null }
  | { type: 'fraud'; record: FraudAnalysis; previous?: FraudAnalysis | null }
  | { type: 'behaviour'; record: BehaviourPattern; previous?: BehaviourPattern | null }
  | { type: 'dispute'; record: DisputeRecord; previous?: DisputeRecord | null }

/** A derived record to remove, by its primary key; `previous` is the same optional hint as on RecordPut. */
export type RecordDelete =
  | { type: 'task'; id: Uint8Array; previous?: TaskRecord | null }
  | { type: 'miner'; id: Uint8Array; previous?: MinerRecord | null }
  | { type: 'submission'; id: Uint8Array; previous?: SubmissionRecord | null }
  | { type: 'validation'; id: Uint8Array; previous?: ValidationRecord | null }
  | { type: 'reward'; taskId: Uint8Array; previous?: RewardDistribution | null }
  | { type: 'fraud'; subjectId: Uint8Array; previous?: FraudAnalysis | null }
  | { type: 'behaviour'; account: Uint8Array; previous?: BehaviourPattern | null }
  | { type: 'dispute'; id: Uint8Array; previous?: DisputeRecord | null }

/** One atomic unit of change: a message (optional, e.g. for deadline-driven updates) and its effects. */
export interface MessageWrite {
  message?: LoggedMessage
  puts: RecordPut[]
  deletes?: RecordDelete[]
  /** Engine state entries to write in the same batch (see EngineStateEntry). */
  engineState?: EngineStateEntry[]
}

/**
 * One entry of the engine's own derived state (DESIGN §5.12: what `open` loads instead of
 * re-deriving the log): an opaque value under a key in the `engineState` column, or null to delete.
 * Written in the same batch as the message and records it was derived with, so it never runs ahead
 * of or behind them; `clearDerived` wipes it with the other derived columns.
 */
export interface EngineStateEntry {
  key: Uint8Array
  value: Uint8Array | null
}
