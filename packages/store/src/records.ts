/**
 * One row per record type: its column, primary key and codec. Adding a record type is adding a row.
 */
import {
  BehaviourPattern,
  DisputeRecord,
  FraudAnalysis,
  MinerRecord,
  RewardDistribution,
  SubmissionRecord,
  TaskRecord,
  TaskStatus,
  TaskTransition,
  ValidationRecord,
} from '@aimesh/protocol'
import type { ColumnName } from './columns.js'
import { StoreError } from './errors.js'
import { checkId, hex, key, u8, u64 } from './keys.js'
import type { RecordPut } from './message-write.js'

/** Maps a record type name to its TypeScript type. */
export interface RecordTypes {
  task: TaskRecord
  transition: TaskTransition
  miner: MinerRecord
  submission: SubmissionRecord
  validation: ValidationRecord
  reward: RewardDistribution
  fraud: FraudAnalysis
  behaviour: BehaviourPattern
  dispute: DisputeRecord
}

/** A record type name. */
export type RecordType = keyof RecordTypes

/** How one record type is stored. */
export interface RecordKind<T> {
  readonly column: ColumnName
  /** Primary key inside the column. */
  key(record: T): Uint8Array
  encode(record: T): Uint8Array
  decode(bytes: Uint8Array): T
}

/** Numeric code of a status enum value, for keys (the enum values are strings). */
export const TASK_STATUS_CODE: Readonly<Record<TaskStatus, number>> = {
  [TaskStatus.TASK_STATUS_UNSPECIFIED]: 0,
  [TaskStatus.PUBLISHED]: 1,
  [TaskStatus.IN_PROGRESS]: 2,
  [TaskStatus.ANSWERS_SUBMITTED]: 3,
  [TaskStatus.UNDER_VALIDATION]: 4,
  [TaskStatus.COMPLETED]: 5,
  [TaskStatus.EXPIRED]: 6,
  [TaskStatus.DISPUTED]: 7,
  [TaskStatus.CANCELLED]: 8,
}

/** Transition key: task id ‖ time ‖ from ‖ to, so a task's history scans in time order. */
export function transitionKey(t: TaskTransition): Uint8Array {
  return key(
    checkId(t.taskId, 'transition task id'),
    u64(t.at),
    u8(TASK_STATUS_CODE[t.from] ?? 0),
    u8(TASK_STATUS_CODE[t.to] ?? 0),
  )
}

/** The storage table of every record type. */
export const RECORD_KINDS: { readonly [K in RecordType]: RecordKind<RecordTypes[K]> } = {
  task: {
    column: 'tasks',
    key: (r) => checkId(r.id, 'task id'),
    encode: (r) => TaskRecord.encode(r),
    decode: (b) => TaskRecord.decode(b),
  },
  transition: {
    column: 'transitions',
    key: transitionKey,
    encode: (r) => TaskTransition.encode(r),
    decode: (b) => TaskTransition.decode(b),
  },
  miner: {
    column: 'miners',
    key: (r) => checkId(r.account, 'miner account'),
    encode: (r) => MinerRecord.encode(r),
    decode: (b) => MinerRecord.decode(b),
  },
  submission: {
    column: 'submissions',
    key: (r) => checkId(r.id, 'submission id'),
    encode: (r) => SubmissionRecord.encode(r),
    decode: (b) => SubmissionRecord.decode(b),
  },
  validation: {
    column: 'validations',
    key: (r) => checkId(r.id, 'validation id'),
    encode: (r) => ValidationRecord.encode(r),
    decode: (b) => ValidationRecord.decode(b),
  },
  reward: {
    column: 'rewards',
    key: (r) => checkId(r.taskId, 'reward task id'),
    encode: (r) => RewardDistribution.encode(r),
    decode: (b) => RewardDistribution.decode(b),
  },
  fraud: {
    column: 'fraud',
    key: (r) => checkId(r.subjectId, 'fraud subject id'),
    encode: (r) => FraudAnalysis.encode(r),
    decode: (b) => FraudAnalysis.decode(b),
  },
  behaviour: {
    column: 'behaviour',
    key: (r) => checkId(r.account, 'behaviour account'),
    encode: (r) => BehaviourPattern.encode(r),
    decode: (b) => BehaviourPattern.decode(b),
  },
  dispute: {
    column: 'disputes',
    key: (r) => checkId(r.id, 'dispute id'),
    encode: (r) => DisputeRecord.encode(r),
    decode: (b) => DisputeRecord.decode(b),
  },
}

/** Record types by column, for scans that start from a column (integrity, backups). */
export const RECORD_TYPE_OF_COLUMN: Partial<Record<ColumnName, RecordType>> = Object.fromEntries(
  (Object.keys(RECORD_KINDS) as RecordType[]).map((t) => [RECORD_KINDS[t].column, t]),
)

/** The stored bytes of a record put (its type's codec from the table above). */
export function encodeRecordPut(put: RecordPut): Uint8Array {
  return RECORD_KINDS[put.type].encode(put.record as never)
}

/** A record put from its type and stored bytes (the inverse of encodeRecordPut). */
export function decodeRecordPut(type: RecordType, bytes: Uint8Array): RecordPut {
  return { type, record: RECORD_KINDS[type].decode(bytes) } as RecordPut
}

/**
 * Decodes a stored record. Bytes that do not decode (a damaged disk, a bad restore) become a
 * CORRUPT_RECORD StoreError naming the fix: derived records are rebuilt from the message log by repair.
 */
export function decodeStoredRecord<K extends RecordType>(
  type: K,
  k: Uint8Array,
  bytes: Uint8Array,
): RecordTypes[K] {
  try {
    return RECORD_KINDS[type].decode(bytes) as RecordTypes[K]
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw new StoreError(
      'CORRUPT_RECORD',
      `stored ${type} record ${hex(k)} does not decode (${why}); run repair (\`aimesh repair\`, or ` +
        'Engine.repair) to rebuild the derived records from the message log',
      { cause: err },
    )
  }
}
