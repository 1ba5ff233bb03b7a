import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from '../codec/runtime.js'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from '../codec/runtime.js'
import type { Uint8ArrayList } from 'uint8arraylist'

export enum TaskStatus {
  TASK_STATUS_UNSPECIFIED = 'TASK_STATUS_UNSPECIFIED',
  PUBLISHED = 'PUBLISHED',
  IN_PROGRESS = 'IN_PROGRESS',
  ANSWERS_SUBMITTED = 'ANSWERS_SUBMITTED',
  UNDER_VALIDATION = 'UNDER_VALIDATION',
  COMPLETED = 'COMPLETED',
  EXPIRED = 'EXPIRED',
  DISPUTED = 'DISPUTED',
  CANCELLED = 'CANCELLED'
}

enum __TaskStatusValues {
  TASK_STATUS_UNSPECIFIED = 0,
  PUBLISHED = 1,
  IN_PROGRESS = 2,
  ANSWERS_SUBMITTED = 3,
  UNDER_VALIDATION = 4,
  COMPLETED = 5,
  EXPIRED = 6,
  DISPUTED = 7,
  CANCELLED = 8
}

export namespace TaskStatus {
  export const codec = (): Codec<TaskStatus> => {
    return enumeration<TaskStatus>(__TaskStatusValues)
  }
}

export interface TaskRecord {
  id: Uint8Array<ArrayBuffer>
  publisher: Uint8Array<ArrayBuffer>
  publishedAt: number
  taskType: number
  difficulty: number
  reward: bigint
  commitDeadline: number
  submissionDeadline: number
  validationDeadline: number
  challengeDeadline: number
  requiredReviewers: number
  status: TaskStatus
  statusChangedAt: number
  commitCount: number
  submissionCount: number
  validationCount: number
  messageCount: number
  digest: Uint8Array<ArrayBuffer>
  certifiedRoot: Uint8Array<ArrayBuffer>
  title: string
  transitions: TaskTransition[]
  finality: Finality
  certifiedRound: number
}

export namespace TaskRecord {
  let _codec: Codec<TaskRecord>

  export const codec = (): Codec<TaskRecord> => {
    if (_codec == null) {
      _codec = message<TaskRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.id)
        }

        if ((obj.publisher != null && obj.publisher.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.publisher)
        }

        if ((obj.publishedAt != null && obj.publishedAt !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.publishedAt)
        }

        if ((obj.taskType != null && obj.taskType !== 0)) {
          w.uint32(32)
          w.uint32(obj.taskType)
        }

        if ((obj.difficulty != null && obj.difficulty !== 0)) {
          w.uint32(40)
          w.uint32(obj.difficulty)
        }

        if ((obj.reward != null && obj.reward !== 0n)) {
          w.uint32(48)
          w.uint64(obj.reward)
        }

        if ((obj.commitDeadline != null && obj.commitDeadline !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.commitDeadline)
        }

        if ((obj.submissionDeadline != null && obj.submissionDeadline !== 0)) {
          w.uint32(64)
          w.uint64Number(obj.submissionDeadline)
        }

        if ((obj.validationDeadline != null && obj.validationDeadline !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.validationDeadline)
        }

        if ((obj.challengeDeadline != null && obj.challengeDeadline !== 0)) {
          w.uint32(80)
          w.uint64Number(obj.challengeDeadline)
        }

        if ((obj.requiredReviewers != null && obj.requiredReviewers !== 0)) {
          w.uint32(88)
          w.uint32(obj.requiredReviewers)
        }

        if (obj.status != null && __TaskStatusValues[obj.status] !== 0) {
          w.uint32(96)
          TaskStatus.codec().encode(obj.status, w)
        }

        if ((obj.statusChangedAt != null && obj.statusChangedAt !== 0)) {
          w.uint32(104)
          w.uint64Number(obj.statusChangedAt)
        }

        if ((obj.commitCount != null && obj.commitCount !== 0)) {
          w.uint32(112)
          w.uint32(obj.commitCount)
        }

        if ((obj.submissionCount != null && obj.submissionCount !== 0)) {
          w.uint32(120)
          w.uint32(obj.submissionCount)
        }

        if ((obj.validationCount != null && obj.validationCount !== 0)) {
          w.uint32(128)
          w.uint32(obj.validationCount)
        }

        if ((obj.messageCount != null && obj.messageCount !== 0)) {
          w.uint32(136)
          w.uint32(obj.messageCount)
        }

        if ((obj.digest != null && obj.digest.byteLength > 0)) {
          w.uint32(146)
          w.bytes(obj.digest)
        }

        if ((obj.certifiedRoot != null && obj.certifiedRoot.byteLength > 0)) {
          w.uint32(154)
          w.bytes(obj.certifiedRoot)
        }

        if ((obj.title != null && obj.title !== '')) {
          w.uint32(162)
          w.string(obj.title)
        }

        if (obj.transitions != null && obj.transitions.length > 0) {
          for (const value of obj.transitions) {
            w.uint32(170)
            TaskTransition.codec().encode(value, w)
          }
        }

        if (obj.finality != null && __FinalityValues[obj.finality] !== 0) {
          w.uint32(176)
          Finality.codec().encode(obj.finality, w)
        }

        if ((obj.certifiedRound != null && obj.certifiedRound !== 0)) {
          w.uint32(184)
          w.uint32(obj.certifiedRound)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: uint8ArrayAlloc(0),
          publisher: uint8ArrayAlloc(0),
          publishedAt: 0,
          taskType: 0,
          difficulty: 0,
          reward: 0n,
          commitDeadline: 0,
          submissionDeadline: 0,
          validationDeadline: 0,
          challengeDeadline: 0,
          requiredReviewers: 0,
          status: TaskStatus.TASK_STATUS_UNSPECIFIED,
          statusChangedAt: 0,
          commitCount: 0,
          submissionCount: 0,
          validationCount: 0,
          messageCount: 0,
          digest: uint8ArrayAlloc(0),
          certifiedRoot: uint8ArrayAlloc(0),
          title: '',
          transitions: [],
          finality: Finality.FINALITY_UNSPECIFIED,
          certifiedRound: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.bytes()
              break
            }
            case 2: {
              obj.publisher = reader.bytes()
              break
            }
            case 3: {
              obj.publishedAt = reader.uint64Number()
              break
            }
            case 4: {
              obj.taskType = reader.uint32()
              break
            }
            case 5: {
              obj.difficulty = reader.uint32()
              break
            }
            case 6: {
              obj.reward = reader.uint64()
              break
            }
            case 7: {
              obj.commitDeadline = reader.uint64Number()
              break
            }
            case 8: {
              obj.submissionDeadline = reader.uint64Number()
              break
            }
            case 9: {
              obj.validationDeadline = reader.uint64Number()
              break
            }
            case 10: {
              obj.challengeDeadline = reader.uint64Number()
              break
            }
            case 11: {
              obj.requiredReviewers = reader.uint32()
              break
            }
            case 12: {
              obj.status = TaskStatus.codec().decode(reader)
              break
            }
            case 13: {
              obj.statusChangedAt = reader.uint64Number()
              break
            }
            case 14: {
              obj.commitCount = reader.uint32()
              break
            }
            case 15: {
              obj.submissionCount = reader.uint32()
              break
            }
            case 16: {
              obj.validationCount = reader.uint32()
              break
            }
            case 17: {
              obj.messageCount = reader.uint32()
              break
            }
            case 18: {
              obj.digest = reader.bytes()
              break
            }
            case 19: {
              obj.certifiedRoot = reader.bytes()
              break
            }
            case 20: {
              obj.title = reader.string()
              break
            }
            case 21: {
              if (opts.limits?.transitions != null && obj.transitions.length === opts.limits.transitions) {
                throw new MaxLengthError('Decode error - repeated field "transitions" had too many elements')
              }

              obj.transitions.push(TaskTransition.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.transitions$
              }))
              break
            }
            case 22: {
              obj.finality = Finality.codec().decode(reader)
              break
            }
            case 23: {
              obj.certifiedRound = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          transitions: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.publisher`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.publishedAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.taskType`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.difficulty`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.reward`,
                value: reader.uint64()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.commitDeadline`,
                value: reader.uint64Number()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.submissionDeadline`,
                value: reader.uint64Number()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.validationDeadline`,
                value: reader.uint64Number()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.challengeDeadline`,
                value: reader.uint64Number()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.requiredReviewers`,
                value: reader.uint32()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.status`,
                value: TaskStatus.codec().decode(reader)
              }
              break
            }
            case 13: {
              yield {
                field: `${prefix}.statusChangedAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 14: {
              yield {
                field: `${prefix}.commitCount`,
                value: reader.uint32()
              }
              break
            }
            case 15: {
              yield {
                field: `${prefix}.submissionCount`,
                value: reader.uint32()
              }
              break
            }
            case 16: {
              yield {
                field: `${prefix}.validationCount`,
                value: reader.uint32()
              }
              break
            }
            case 17: {
              yield {
                field: `${prefix}.messageCount`,
                value: reader.uint32()
              }
              break
            }
            case 18: {
              yield {
                field: `${prefix}.digest`,
                value: reader.bytes()
              }
              break
            }
            case 19: {
              yield {
                field: `${prefix}.certifiedRoot`,
                value: reader.bytes()
              }
              break
            }
            case 20: {
              yield {
                field: `${prefix}.title`,
                value: reader.string()
              }
              break
            }
            case 21: {
              if (opts.limits?.transitions != null && obj.transitions === opts.limits.transitions) {
                throw new MaxLengthError('Streaming decode error - repeated field "transitions" had too many elements')
              }

              for (const evt of TaskTransition.codec().stream(reader, reader.uint32(), `${prefix}.transitions[]`, {
                limits: opts.limits?.transitions$
              })) {
                yield {
                  ...evt,
                  index: obj.transitions
                }
              }

              obj.transitions++

              break
            }
            case 22: {
              yield {
                field: `${prefix}.finality`,
                value: Finality.codec().decode(reader)
              }
              break
            }
            case 23: {
              yield {
                field: `${prefix}.certifiedRound`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TaskRecordIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TaskRecordPublisherFieldEvent {
    field: '$.publisher'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TaskRecordPublishedAtFieldEvent {
    field: '$.publishedAt'
    value: number
  }

  export interface TaskRecordTaskTypeFieldEvent {
    field: '$.taskType'
    value: number
  }

  export interface TaskRecordDifficultyFieldEvent {
    field: '$.difficulty'
    value: number
  }

  export interface TaskRecordRewardFieldEvent {
    field: '$.reward'
    value: bigint
  }

  export interface TaskRecordCommitDeadlineFieldEvent {
    field: '$.commitDeadline'
    value: number
  }

  export interface TaskRecordSubmissionDeadlineFieldEvent {
    field: '$.submissionDeadline'
    value: number
  }

  export interface TaskRecordValidationDeadlineFieldEvent {
    field: '$.validationDeadline'
    value: number
  }

  export interface TaskRecordChallengeDeadlineFieldEvent {
    field: '$.challengeDeadline'
    value: number
  }

  export interface TaskRecordRequiredReviewersFieldEvent {
    field: '$.requiredReviewers'
    value: number
  }

  export interface TaskRecordStatusFieldEvent {
    field: '$.status'
    value: TaskStatus
  }

  export interface TaskRecordStatusChangedAtFieldEvent {
    field: '$.statusChangedAt'
    value: number
  }

  export interface TaskRecordCommitCountFieldEvent {
    field: '$.commitCount'
    value: number
  }

  export interface TaskRecordSubmissionCountFieldEvent {
    field: '$.submissionCount'
    value: number
  }

  export interface TaskRecordValidationCountFieldEvent {
    field: '$.validationCount'
    value: number
  }

  export interface TaskRecordMessageCountFieldEvent {
    field: '$.messageCount'
    value: number
  }

  export interface TaskRecordDigestFieldEvent {
    field: '$.digest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TaskRecordCertifiedRootFieldEvent {
    field: '$.certifiedRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TaskRecordTitleFieldEvent {
    field: '$.title'
    value: string
  }

  export interface TaskRecordTransitionsTaskIdFieldEvent {
    field: '$.transitions[].taskId'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface TaskRecordTransitionsFromFieldEvent {
    field: '$.transitions[].from'
    value: TaskStatus
    index: number
  }

  export interface TaskRecordTransitionsToFieldEvent {
    field: '$.transitions[].to'
    value: TaskStatus
    index: number
  }

  export interface TaskRecordTransitionsAtFieldEvent {
    field: '$.transitions[].at'
    value: number
    index: number
  }

  export interface TaskRecordTransitionsTriggerIdFieldEvent {
    field: '$.transitions[].triggerId'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface TaskRecordTransitionsTriggerFieldEvent {
    field: '$.transitions[].trigger'
    value: string
    index: number
  }

  export interface TaskRecordFinalityFieldEvent {
    field: '$.finality'
    value: Finality
  }

  export interface TaskRecordCertifiedRoundFieldEvent {
    field: '$.certifiedRound'
    value: number
  }

  export function encode (obj: Partial<TaskRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TaskRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TaskRecord>): TaskRecord {
    return decodeMessage(buf, TaskRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TaskRecord>): Generator<TaskRecordIdFieldEvent | TaskRecordPublisherFieldEvent | TaskRecordPublishedAtFieldEvent | TaskRecordTaskTypeFieldEvent | TaskRecordDifficultyFieldEvent | TaskRecordRewardFieldEvent | TaskRecordCommitDeadlineFieldEvent | TaskRecordSubmissionDeadlineFieldEvent | TaskRecordValidationDeadlineFieldEvent | TaskRecordChallengeDeadlineFieldEvent | TaskRecordRequiredReviewersFieldEvent | TaskRecordStatusFieldEvent | TaskRecordStatusChangedAtFieldEvent | TaskRecordCommitCountFieldEvent | TaskRecordSubmissionCountFieldEvent | TaskRecordValidationCountFieldEvent | TaskRecordMessageCountFieldEvent | TaskRecordDigestFieldEvent | TaskRecordCertifiedRootFieldEvent | TaskRecordTitleFieldEvent | TaskRecordTransitionsTaskIdFieldEvent | TaskRecordTransitionsFromFieldEvent | TaskRecordTransitionsToFieldEvent | TaskRecordTransitionsAtFieldEvent | TaskRecordTransitionsTriggerIdFieldEvent | TaskRecordTransitionsTriggerFieldEvent | TaskRecordFinalityFieldEvent | TaskRecordCertifiedRoundFieldEvent> {
    return streamMessage(buf, TaskRecord.codec(), opts)
  }
}

export enum Finality {
  FINALITY_UNSPECIFIED = 'FINALITY_UNSPECIFIED',
  PROVISIONAL = 'PROVISIONAL',
  CERTIFIED = 'CERTIFIED',
  FINAL = 'FINAL'
}

enum __FinalityValues {
  FINALITY_UNSPECIFIED = 0,
  PROVISIONAL = 1,
  CERTIFIED = 2,
  FINAL = 3
}

export namespace Finality {
  export const codec = (): Codec<Finality> => {
    return enumeration<Finality>(__FinalityValues)
  }
}

export interface TaskTransition {
  taskId: Uint8Array<ArrayBuffer>
  from: TaskStatus
  to: TaskStatus
  at: number
  triggerId: Uint8Array<ArrayBuffer>
  trigger: string
}

export namespace TaskTransition {
  let _codec: Codec<TaskTransition>

  export const codec = (): Codec<TaskTransition> => {
    if (_codec == null) {
      _codec = message<TaskTransition>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.taskId != null && obj.taskId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.taskId)
        }

        if (obj.from != null && __TaskStatusValues[obj.from] !== 0) {
          w.uint32(16)
          TaskStatus.codec().encode(obj.from, w)
        }

        if (obj.to != null && __TaskStatusValues[obj.to] !== 0) {
          w.uint32(24)
          TaskStatus.codec().encode(obj.to, w)
        }

        if ((obj.at != null && obj.at !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.at)
        }

        if ((obj.triggerId != null && obj.triggerId.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.triggerId)
        }

        if ((obj.trigger != null && obj.trigger !== '')) {
          w.uint32(50)
          w.string(obj.trigger)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          taskId: uint8ArrayAlloc(0),
          from: TaskStatus.TASK_STATUS_UNSPECIFIED,
          to: TaskStatus.TASK_STATUS_UNSPECIFIED,
          at: 0,
          triggerId: uint8ArrayAlloc(0),
          trigger: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.taskId = reader.bytes()
              break
            }
            case 2: {
              obj.from = TaskStatus.codec().decode(reader)
              break
            }
            case 3: {
              obj.to = TaskStatus.codec().decode(reader)
              break
            }
            case 4: {
              obj.at = reader.uint64Number()
              break
            }
            case 5: {
              obj.triggerId = reader.bytes()
              break
            }
            case 6: {
              obj.trigger = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.taskId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.from`,
                value: TaskStatus.codec().decode(reader)
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.to`,
                value: TaskStatus.codec().decode(reader)
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.at`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.triggerId`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.trigger`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TaskTransitionTaskIdFieldEvent {
    field: '$.taskId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TaskTransitionFromFieldEvent {
    field: '$.from'
    value: TaskStatus
  }

  export interface TaskTransitionToFieldEvent {
    field: '$.to'
    value: TaskStatus
  }

  export interface TaskTransitionAtFieldEvent {
    field: '$.at'
    value: number
  }

  export interface TaskTransitionTriggerIdFieldEvent {
    field: '$.triggerId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TaskTransitionTriggerFieldEvent {
    field: '$.trigger'
    value: string
  }

  export function encode (obj: Partial<TaskTransition>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TaskTransition.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TaskTransition>): TaskTransition {
    return decodeMessage(buf, TaskTransition.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TaskTransition>): Generator<TaskTransitionTaskIdFieldEvent | TaskTransitionFromFieldEvent | TaskTransitionToFieldEvent | TaskTransitionAtFieldEvent | TaskTransitionTriggerIdFieldEvent | TaskTransitionTriggerFieldEvent> {
    return streamMessage(buf, TaskTransition.codec(), opts)
  }
}

export interface SpecializationRecord {
  taskType: number
  proficiency: number
  maxDifficulty: number
}

export namespace SpecializationRecord {
  let _codec: Codec<SpecializationRecord>

  export const codec = (): Codec<SpecializationRecord> => {
    if (_codec == null) {
      _codec = message<SpecializationRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.taskType != null && obj.taskType !== 0)) {
          w.uint32(8)
          w.uint32(obj.taskType)
        }

        if ((obj.proficiency != null && obj.proficiency !== 0)) {
          w.uint32(16)
          w.uint32(obj.proficiency)
        }

        if ((obj.maxDifficulty != null && obj.maxDifficulty !== 0)) {
          w.uint32(24)
          w.uint32(obj.maxDifficulty)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          taskType: 0,
          proficiency: 0,
          maxDifficulty: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.taskType = reader.uint32()
              break
            }
            case 2: {
              obj.proficiency = reader.uint32()
              break
            }
            case 3: {
              obj.maxDifficulty = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.taskType`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.proficiency`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.maxDifficulty`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SpecializationRecordTaskTypeFieldEvent {
    field: '$.taskType'
    value: number
  }

  export interface SpecializationRecordProficiencyFieldEvent {
    field: '$.proficiency'
    value: number
  }

  export interface SpecializationRecordMaxDifficultyFieldEvent {
    field: '$.maxDifficulty'
    value: number
  }

  export function encode (obj: Partial<SpecializationRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SpecializationRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SpecializationRecord>): SpecializationRecord {
    return decodeMessage(buf, SpecializationRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SpecializationRecord>): Generator<SpecializationRecordTaskTypeFieldEvent | SpecializationRecordProficiencyFieldEvent | SpecializationRecordMaxDifficultyFieldEvent> {
    return streamMessage(buf, SpecializationRecord.codec(), opts)
  }
}

export interface MinerRecord {
  account: Uint8Array<ArrayBuffer>
  roles: number
  specializations: SpecializationRecord[]
  capacity: number
  name: string
  profileUpdatedAt: number
  reputation: number
  submissions: number
  wins: number
  validations: number
  outlierValidations: number
  scoreSum: number
  lastActiveAt: number
  earned: bigint
}

export namespace MinerRecord {
  let _codec: Codec<MinerRecord>

  export const codec = (): Codec<MinerRecord> => {
    if (_codec == null) {
      _codec = message<MinerRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.account != null && obj.account.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.account)
        }

        if ((obj.roles != null && obj.roles !== 0)) {
          w.uint32(16)
          w.uint32(obj.roles)
        }

        if (obj.specializations != null && obj.specializations.length > 0) {
          for (const value of obj.specializations) {
            w.uint32(26)
            SpecializationRecord.codec().encode(value, w)
          }
        }

        if ((obj.capacity != null && obj.capacity !== 0)) {
          w.uint32(32)
          w.uint32(obj.capacity)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(42)
          w.string(obj.name)
        }

        if ((obj.profileUpdatedAt != null && obj.profileUpdatedAt !== 0)) {
          w.uint32(48)
          w.uint64Number(obj.profileUpdatedAt)
        }

        if ((obj.reputation != null && obj.reputation !== 0)) {
          w.uint32(56)
          w.uint32(obj.reputation)
        }

        if ((obj.submissions != null && obj.submissions !== 0)) {
          w.uint32(64)
          w.uint32(obj.submissions)
        }

        if ((obj.wins != null && obj.wins !== 0)) {
          w.uint32(72)
          w.uint32(obj.wins)
        }

        if ((obj.validations != null && obj.validations !== 0)) {
          w.uint32(80)
          w.uint32(obj.validations)
        }

        if ((obj.outlierValidations != null && obj.outlierValidations !== 0)) {
          w.uint32(88)
          w.uint32(obj.outlierValidations)
        }

        if ((obj.scoreSum != null && obj.scoreSum !== 0)) {
          w.uint32(96)
          w.uint64Number(obj.scoreSum)
        }

        if ((obj.lastActiveAt != null && obj.lastActiveAt !== 0)) {
          w.uint32(104)
          w.uint64Number(obj.lastActiveAt)
        }

        if ((obj.earned != null && obj.earned !== 0n)) {
          w.uint32(112)
          w.uint64(obj.earned)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          account: uint8ArrayAlloc(0),
          roles: 0,
          specializations: [],
          capacity: 0,
          name: '',
          profileUpdatedAt: 0,
          reputation: 0,
          submissions: 0,
          wins: 0,
          validations: 0,
          outlierValidations: 0,
          scoreSum: 0,
          lastActiveAt: 0,
          earned: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.account = reader.bytes()
              break
            }
            case 2: {
              obj.roles = reader.uint32()
              break
            }
            case 3: {
              if (opts.limits?.specializations != null && obj.specializations.length === opts.limits.specializations) {
                throw new MaxLengthError('Decode error - repeated field "specializations" had too many elements')
              }

              obj.specializations.push(SpecializationRecord.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.specializations$
              }))
              break
            }
            case 4: {
              obj.capacity = reader.uint32()
              break
            }
            case 5: {
              obj.name = reader.string()
              break
            }
            case 6: {
              obj.profileUpdatedAt = reader.uint64Number()
              break
            }
            case 7: {
              obj.reputation = reader.uint32()
              break
            }
            case 8: {
              obj.submissions = reader.uint32()
              break
            }
            case 9: {
              obj.wins = reader.uint32()
              break
            }
            case 10: {
              obj.validations = reader.uint32()
              break
            }
            case 11: {
              obj.outlierValidations = reader.uint32()
              break
            }
            case 12: {
              obj.scoreSum = reader.uint64Number()
              break
            }
            case 13: {
              obj.lastActiveAt = reader.uint64Number()
              break
            }
            case 14: {
              obj.earned = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          specializations: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.account`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.roles`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              if (opts.limits?.specializations != null && obj.specializations === opts.limits.specializations) {
                throw new MaxLengthError('Streaming decode error - repeated field "specializations" had too many elements')
              }

              for (const evt of SpecializationRecord.codec().stream(reader, reader.uint32(), `${prefix}.specializations[]`, {
                limits: opts.limits?.specializations$
              })) {
                yield {
                  ...evt,
                  index: obj.specializations
                }
              }

              obj.specializations++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.capacity`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.profileUpdatedAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.reputation`,
                value: reader.uint32()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.submissions`,
                value: reader.uint32()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.wins`,
                value: reader.uint32()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.validations`,
                value: reader.uint32()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.outlierValidations`,
                value: reader.uint32()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.scoreSum`,
                value: reader.uint64Number()
              }
              break
            }
            case 13: {
              yield {
                field: `${prefix}.lastActiveAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 14: {
              yield {
                field: `${prefix}.earned`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MinerRecordAccountFieldEvent {
    field: '$.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MinerRecordRolesFieldEvent {
    field: '$.roles'
    value: number
  }

  export interface MinerRecordSpecializationsTaskTypeFieldEvent {
    field: '$.specializations[].taskType'
    value: number
    index: number
  }

  export interface MinerRecordSpecializationsProficiencyFieldEvent {
    field: '$.specializations[].proficiency'
    value: number
    index: number
  }

  export interface MinerRecordSpecializationsMaxDifficultyFieldEvent {
    field: '$.specializations[].maxDifficulty'
    value: number
    index: number
  }

  export interface MinerRecordCapacityFieldEvent {
    field: '$.capacity'
    value: number
  }

  export interface MinerRecordNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface MinerRecordProfileUpdatedAtFieldEvent {
    field: '$.profileUpdatedAt'
    value: number
  }

  export interface MinerRecordReputationFieldEvent {
    field: '$.reputation'
    value: number
  }

  export interface MinerRecordSubmissionsFieldEvent {
    field: '$.submissions'
    value: number
  }

  export interface MinerRecordWinsFieldEvent {
    field: '$.wins'
    value: number
  }

  export interface MinerRecordValidationsFieldEvent {
    field: '$.validations'
    value: number
  }

  export interface MinerRecordOutlierValidationsFieldEvent {
    field: '$.outlierValidations'
    value: number
  }

  export interface MinerRecordScoreSumFieldEvent {
    field: '$.scoreSum'
    value: number
  }

  export interface MinerRecordLastActiveAtFieldEvent {
    field: '$.lastActiveAt'
    value: number
  }

  export interface MinerRecordEarnedFieldEvent {
    field: '$.earned'
    value: bigint
  }

  export function encode (obj: Partial<MinerRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MinerRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MinerRecord>): MinerRecord {
    return decodeMessage(buf, MinerRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MinerRecord>): Generator<MinerRecordAccountFieldEvent | MinerRecordRolesFieldEvent | MinerRecordSpecializationsTaskTypeFieldEvent | MinerRecordSpecializationsProficiencyFieldEvent | MinerRecordSpecializationsMaxDifficultyFieldEvent | MinerRecordCapacityFieldEvent | MinerRecordNameFieldEvent | MinerRecordProfileUpdatedAtFieldEvent | MinerRecordReputationFieldEvent | MinerRecordSubmissionsFieldEvent | MinerRecordWinsFieldEvent | MinerRecordValidationsFieldEvent | MinerRecordOutlierValidationsFieldEvent | MinerRecordScoreSumFieldEvent | MinerRecordLastActiveAtFieldEvent | MinerRecordEarnedFieldEvent> {
    return streamMessage(buf, MinerRecord.codec(), opts)
  }
}

export interface SubmissionRecord {
  id: Uint8Array<ArrayBuffer>
  taskId: Uint8Array<ArrayBuffer>
  miner: Uint8Array<ArrayBuffer>
  commitId: Uint8Array<ArrayBuffer>
  revealedAt: number
  answerHash: Uint8Array<ArrayBuffer>
  workStartedAt: number
  validationCount: number
  consensusScore: number
  consensusReached: boolean
  confidenceBps: number
  medianScore: number
  flagged: boolean
  rank: number
}

export namespace SubmissionRecord {
  let _codec: Codec<SubmissionRecord>

  export const codec = (): Codec<SubmissionRecord> => {
    if (_codec == null) {
      _codec = message<SubmissionRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.id)
        }

        if ((obj.taskId != null && obj.taskId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.taskId)
        }

        if ((obj.miner != null && obj.miner.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.miner)
        }

        if ((obj.commitId != null && obj.commitId.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.commitId)
        }

        if ((obj.revealedAt != null && obj.revealedAt !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.revealedAt)
        }

        if ((obj.answerHash != null && obj.answerHash.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.answerHash)
        }

        if ((obj.workStartedAt != null && obj.workStartedAt !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.workStartedAt)
        }

        if ((obj.validationCount != null && obj.validationCount !== 0)) {
          w.uint32(64)
          w.uint32(obj.validationCount)
        }

        if ((obj.consensusScore != null && obj.consensusScore !== 0)) {
          w.uint32(72)
          w.uint32(obj.consensusScore)
        }

        if ((obj.consensusReached != null && obj.consensusReached !== false)) {
          w.uint32(80)
          w.bool(obj.consensusReached)
        }

        if ((obj.confidenceBps != null && obj.confidenceBps !== 0)) {
          w.uint32(88)
          w.uint32(obj.confidenceBps)
        }

        if ((obj.medianScore != null && obj.medianScore !== 0)) {
          w.uint32(96)
          w.uint32(obj.medianScore)
        }

        if ((obj.flagged != null && obj.flagged !== false)) {
          w.uint32(104)
          w.bool(obj.flagged)
        }

        if ((obj.rank != null && obj.rank !== 0)) {
          w.uint32(112)
          w.uint32(obj.rank)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: uint8ArrayAlloc(0),
          taskId: uint8ArrayAlloc(0),
          miner: uint8ArrayAlloc(0),
          commitId: uint8ArrayAlloc(0),
          revealedAt: 0,
          answerHash: uint8ArrayAlloc(0),
          workStartedAt: 0,
          validationCount: 0,
          consensusScore: 0,
          consensusReached: false,
          confidenceBps: 0,
          medianScore: 0,
          flagged: false,
          rank: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.bytes()
              break
            }
            case 2: {
              obj.taskId = reader.bytes()
              break
            }
            case 3: {
              obj.miner = reader.bytes()
              break
            }
            case 4: {
              obj.commitId = reader.bytes()
              break
            }
            case 5: {
              obj.revealedAt = reader.uint64Number()
              break
            }
            case 6: {
              obj.answerHash = reader.bytes()
              break
            }
            case 7: {
              obj.workStartedAt = reader.uint64Number()
              break
            }
            case 8: {
              obj.validationCount = reader.uint32()
              break
            }
            case 9: {
              obj.consensusScore = reader.uint32()
              break
            }
            case 10: {
              obj.consensusReached = reader.bool()
              break
            }
            case 11: {
              obj.confidenceBps = reader.uint32()
              break
            }
            case 12: {
              obj.medianScore = reader.uint32()
              break
            }
            case 13: {
              obj.flagged = reader.bool()
              break
            }
            case 14: {
              obj.rank = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.taskId`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.miner`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.commitId`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.revealedAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.answerHash`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.workStartedAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.validationCount`,
                value: reader.uint32()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.consensusScore`,
                value: reader.uint32()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.consensusReached`,
                value: reader.bool()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.confidenceBps`,
                value: reader.uint32()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.medianScore`,
                value: reader.uint32()
              }
              break
            }
            case 13: {
              yield {
                field: `${prefix}.flagged`,
                value: reader.bool()
              }
              break
            }
            case 14: {
              yield {
                field: `${prefix}.rank`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SubmissionRecordIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SubmissionRecordTaskIdFieldEvent {
    field: '$.taskId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SubmissionRecordMinerFieldEvent {
    field: '$.miner'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SubmissionRecordCommitIdFieldEvent {
    field: '$.commitId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SubmissionRecordRevealedAtFieldEvent {
    field: '$.revealedAt'
    value: number
  }

  export interface SubmissionRecordAnswerHashFieldEvent {
    field: '$.answerHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SubmissionRecordWorkStartedAtFieldEvent {
    field: '$.workStartedAt'
    value: number
  }

  export interface SubmissionRecordValidationCountFieldEvent {
    field: '$.validationCount'
    value: number
  }

  export interface SubmissionRecordConsensusScoreFieldEvent {
    field: '$.consensusScore'
    value: number
  }

  export interface SubmissionRecordConsensusReachedFieldEvent {
    field: '$.consensusReached'
    value: boolean
  }

  export interface SubmissionRecordConfidenceBpsFieldEvent {
    field: '$.confidenceBps'
    value: number
  }

  export interface SubmissionRecordMedianScoreFieldEvent {
    field: '$.medianScore'
    value: number
  }

  export interface SubmissionRecordFlaggedFieldEvent {
    field: '$.flagged'
    value: boolean
  }

  export interface SubmissionRecordRankFieldEvent {
    field: '$.rank'
    value: number
  }

  export function encode (obj: Partial<SubmissionRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SubmissionRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmissionRecord>): SubmissionRecord {
    return decodeMessage(buf, SubmissionRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmissionRecord>): Generator<SubmissionRecordIdFieldEvent | SubmissionRecordTaskIdFieldEvent | SubmissionRecordMinerFieldEvent | SubmissionRecordCommitIdFieldEvent | SubmissionRecordRevealedAtFieldEvent | SubmissionRecordAnswerHashFieldEvent | SubmissionRecordWorkStartedAtFieldEvent | SubmissionRecordValidationCountFieldEvent | SubmissionRecordConsensusScoreFieldEvent | SubmissionRecordConsensusReachedFieldEvent | SubmissionRecordConfidenceBpsFieldEvent | SubmissionRecordMedianScoreFieldEvent | SubmissionRecordFlaggedFieldEvent | SubmissionRecordRankFieldEvent> {
    return streamMessage(buf, SubmissionRecord.codec(), opts)
  }
}

export interface ValidationRecord {
  id: Uint8Array<ArrayBuffer>
  taskId: Uint8Array<ArrayBuffer>
  submissionId: Uint8Array<ArrayBuffer>
  validator: Uint8Array<ArrayBuffer>
  score: number
  at: number
  outlier: boolean
  counted: boolean
}

export namespace ValidationRecord {
  let _codec: Codec<ValidationRecord>

  export const codec = (): Codec<ValidationRecord> => {
    if (_codec == null) {
      _codec = message<ValidationRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.id)
        }

        if ((obj.taskId != null && obj.taskId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.taskId)
        }

        if ((obj.submissionId != null && obj.submissionId.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.submissionId)
        }

        if ((obj.validator != null && obj.validator.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.validator)
        }

        if ((obj.score != null && obj.score !== 0)) {
          w.uint32(40)
          w.uint32(obj.score)
        }

        if ((obj.at != null && obj.at !== 0)) {
          w.uint32(48)
          w.uint64Number(obj.at)
        }

        if ((obj.outlier != null && obj.outlier !== false)) {
          w.uint32(56)
          w.bool(obj.outlier)
        }

        if ((obj.counted != null && obj.counted !== false)) {
          w.uint32(64)
          w.bool(obj.counted)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: uint8ArrayAlloc(0),
          taskId: uint8ArrayAlloc(0),
          submissionId: uint8ArrayAlloc(0),
          validator: uint8ArrayAlloc(0),
          score: 0,
          at: 0,
          outlier: false,
          counted: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.bytes()
              break
            }
            case 2: {
              obj.taskId = reader.bytes()
              break
            }
            case 3: {
              obj.submissionId = reader.bytes()
              break
            }
            case 4: {
              obj.validator = reader.bytes()
              break
            }
            case 5: {
              obj.score = reader.uint32()
              break
            }
            case 6: {
              obj.at = reader.uint64Number()
              break
            }
            case 7: {
              obj.outlier = reader.bool()
              break
            }
            case 8: {
              obj.counted = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.taskId`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.submissionId`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.validator`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.score`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.at`,
                value: reader.uint64Number()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.outlier`,
                value: reader.bool()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.counted`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ValidationRecordIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ValidationRecordTaskIdFieldEvent {
    field: '$.taskId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ValidationRecordSubmissionIdFieldEvent {
    field: '$.submissionId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ValidationRecordValidatorFieldEvent {
    field: '$.validator'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ValidationRecordScoreFieldEvent {
    field: '$.score'
    value: number
  }

  export interface ValidationRecordAtFieldEvent {
    field: '$.at'
    value: number
  }

  export interface ValidationRecordOutlierFieldEvent {
    field: '$.outlier'
    value: boolean
  }

  export interface ValidationRecordCountedFieldEvent {
    field: '$.counted'
    value: boolean
  }

  export function encode (obj: Partial<ValidationRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ValidationRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ValidationRecord>): ValidationRecord {
    return decodeMessage(buf, ValidationRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ValidationRecord>): Generator<ValidationRecordIdFieldEvent | ValidationRecordTaskIdFieldEvent | ValidationRecordSubmissionIdFieldEvent | ValidationRecordValidatorFieldEvent | ValidationRecordScoreFieldEvent | ValidationRecordAtFieldEvent | ValidationRecordOutlierFieldEvent | ValidationRecordCountedFieldEvent> {
    return streamMessage(buf, ValidationRecord.codec(), opts)
  }
}

export enum RewardRole {
  REWARD_ROLE_UNSPECIFIED = 'REWARD_ROLE_UNSPECIFIED',
  WINNER = 'WINNER',
  PARTICIPANT = 'PARTICIPANT',
  VALIDATOR_ROLE = 'VALIDATOR_ROLE',
  NETWORK = 'NETWORK',
  PUBLISHER_REFUND = 'PUBLISHER_REFUND'
}

enum __RewardRoleValues {
  REWARD_ROLE_UNSPECIFIED = 0,
  WINNER = 1,
  PARTICIPANT = 2,
  VALIDATOR_ROLE = 3,
  NETWORK = 4,
  PUBLISHER_REFUND = 5
}

export namespace RewardRole {
  export const codec = (): Codec<RewardRole> => {
    return enumeration<RewardRole>(__RewardRoleValues)
  }
}

export interface RewardEntry {
  recipient: Uint8Array<ArrayBuffer>
  amount: bigint
  role: RewardRole
  claimed: boolean
  claimId: Uint8Array<ArrayBuffer>
}

export namespace RewardEntry {
  let _codec: Codec<RewardEntry>

  export const codec = (): Codec<RewardEntry> => {
    if (_codec == null) {
      _codec = message<RewardEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.recipient != null && obj.recipient.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.recipient)
        }

        if ((obj.amount != null && obj.amount !== 0n)) {
          w.uint32(16)
          w.uint64(obj.amount)
        }

        if (obj.role != null && __RewardRoleValues[obj.role] !== 0) {
          w.uint32(24)
          RewardRole.codec().encode(obj.role, w)
        }

        if ((obj.claimed != null && obj.claimed !== false)) {
          w.uint32(32)
          w.bool(obj.claimed)
        }

        if ((obj.claimId != null && obj.claimId.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.claimId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          recipient: uint8ArrayAlloc(0),
          amount: 0n,
          role: RewardRole.REWARD_ROLE_UNSPECIFIED,
          claimed: false,
          claimId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.recipient = reader.bytes()
              break
            }
            case 2: {
              obj.amount = reader.uint64()
              break
            }
            case 3: {
              obj.role = RewardRole.codec().decode(reader)
              break
            }
            case 4: {
              obj.claimed = reader.bool()
              break
            }
            case 5: {
              obj.claimId = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.recipient`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.amount`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.role`,
                value: RewardRole.codec().decode(reader)
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.claimed`,
                value: reader.bool()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.claimId`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RewardEntryRecipientFieldEvent {
    field: '$.recipient'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RewardEntryAmountFieldEvent {
    field: '$.amount'
    value: bigint
  }

  export interface RewardEntryRoleFieldEvent {
    field: '$.role'
    value: RewardRole
  }

  export interface RewardEntryClaimedFieldEvent {
    field: '$.claimed'
    value: boolean
  }

  export interface RewardEntryClaimIdFieldEvent {
    field: '$.claimId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<RewardEntry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RewardEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RewardEntry>): RewardEntry {
    return decodeMessage(buf, RewardEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RewardEntry>): Generator<RewardEntryRecipientFieldEvent | RewardEntryAmountFieldEvent | RewardEntryRoleFieldEvent | RewardEntryClaimedFieldEvent | RewardEntryClaimIdFieldEvent> {
    return streamMessage(buf, RewardEntry.codec(), opts)
  }
}

export interface RewardDistribution {
  taskId: Uint8Array<ArrayBuffer>
  total: bigint
  entries: RewardEntry[]
  computedAt: number
}

export namespace RewardDistribution {
  let _codec: Codec<RewardDistribution>

  export const codec = (): Codec<RewardDistribution> => {
    if (_codec == null) {
      _codec = message<RewardDistribution>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.taskId != null && obj.taskId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.taskId)
        }

        if ((obj.total != null && obj.total !== 0n)) {
          w.uint32(16)
          w.uint64(obj.total)
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(26)
            RewardEntry.codec().encode(value, w)
          }
        }

        if ((obj.computedAt != null && obj.computedAt !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.computedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          taskId: uint8ArrayAlloc(0),
          total: 0n,
          entries: [],
          computedAt: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.taskId = reader.bytes()
              break
            }
            case 2: {
              obj.total = reader.uint64()
              break
            }
            case 3: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(RewardEntry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
              }))
              break
            }
            case 4: {
              obj.computedAt = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          entries: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.taskId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.total`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of RewardEntry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.computedAt`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RewardDistributionTaskIdFieldEvent {
    field: '$.taskId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RewardDistributionTotalFieldEvent {
    field: '$.total'
    value: bigint
  }

  export interface RewardDistributionEntriesRecipientFieldEvent {
    field: '$.entries[].recipient'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface RewardDistributionEntriesAmountFieldEvent {
    field: '$.entries[].amount'
    value: bigint
    index: number
  }

  export interface RewardDistributionEntriesRoleFieldEvent {
    field: '$.entries[].role'
    value: RewardRole
    index: number
  }

  export interface RewardDistributionEntriesClaimedFieldEvent {
    field: '$.entries[].claimed'
    value: boolean
    index: number
  }

  export interface RewardDistributionEntriesClaimIdFieldEvent {
    field: '$.entries[].claimId'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface RewardDistributionComputedAtFieldEvent {
    field: '$.computedAt'
    value: number
  }

  export function encode (obj: Partial<RewardDistribution>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RewardDistribution.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RewardDistribution>): RewardDistribution {
    return decodeMessage(buf, RewardDistribution.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RewardDistribution>): Generator<RewardDistributionTaskIdFieldEvent | RewardDistributionTotalFieldEvent | RewardDistributionEntriesRecipientFieldEvent | RewardDistributionEntriesAmountFieldEvent | RewardDistributionEntriesRoleFieldEvent | RewardDistributionEntriesClaimedFieldEvent | RewardDistributionEntriesClaimIdFieldEvent | RewardDistributionComputedAtFieldEvent> {
    return streamMessage(buf, RewardDistribution.codec(), opts)
  }
}

export interface FraudSignal {
  kind: number
  valueBps: number
  evidenceIds: Uint8Array<ArrayBuffer>[]
}

export namespace FraudSignal {
  let _codec: Codec<FraudSignal>

  export const codec = (): Codec<FraudSignal> => {
    if (_codec == null) {
      _codec = message<FraudSignal>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.kind != null && obj.kind !== 0)) {
          w.uint32(8)
          w.uint32(obj.kind)
        }

        if ((obj.valueBps != null && obj.valueBps !== 0)) {
          w.uint32(16)
          w.uint32(obj.valueBps)
        }

        if (obj.evidenceIds != null && obj.evidenceIds.length > 0) {
          for (const value of obj.evidenceIds) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: 0,
          valueBps: 0,
          evidenceIds: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.kind = reader.uint32()
              break
            }
            case 2: {
              obj.valueBps = reader.uint32()
              break
            }
            case 3: {
              if (opts.limits?.evidenceIds != null && obj.evidenceIds.length === opts.limits.evidenceIds) {
                throw new MaxLengthError('Decode error - repeated field "evidenceIds" had too many elements')
              }

              obj.evidenceIds.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          evidenceIds: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.kind`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.valueBps`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              if (opts.limits?.evidenceIds != null && obj.evidenceIds === opts.limits.evidenceIds) {
                throw new MaxLengthError('Streaming decode error - repeated field "evidenceIds" had too many elements')
              }

              yield {
                field: `${prefix}.evidenceIds[]`,
                index: obj.evidenceIds,
                value: reader.bytes()
              }

              obj.evidenceIds++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface FraudSignalKindFieldEvent {
    field: '$.kind'
    value: number
  }

  export interface FraudSignalValueBpsFieldEvent {
    field: '$.valueBps'
    value: number
  }

  export interface FraudSignalEvidenceIdsFieldEvent {
    field: '$.evidenceIds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<FraudSignal>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FraudSignal.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FraudSignal>): FraudSignal {
    return decodeMessage(buf, FraudSignal.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FraudSignal>): Generator<FraudSignalKindFieldEvent | FraudSignalValueBpsFieldEvent | FraudSignalEvidenceIdsFieldEvent> {
    return streamMessage(buf, FraudSignal.codec(), opts)
  }
}

export interface FraudAnalysis {
  subjectId: Uint8Array<ArrayBuffer>
  taskId: Uint8Array<ArrayBuffer>
  account: Uint8Array<ArrayBuffer>
  signals: FraudSignal[]
  riskBps: number
  flagged: boolean
  analyzedAt: number
}

export namespace FraudAnalysis {
  let _codec: Codec<FraudAnalysis>

  export const codec = (): Codec<FraudAnalysis> => {
    if (_codec == null) {
      _codec = message<FraudAnalysis>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.subjectId != null && obj.subjectId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.subjectId)
        }

        if ((obj.taskId != null && obj.taskId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.taskId)
        }

        if ((obj.account != null && obj.account.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.account)
        }

        if (obj.signals != null && obj.signals.length > 0) {
          for (const value of obj.signals) {
            w.uint32(34)
            FraudSignal.codec().encode(value, w)
          }
        }

        if ((obj.riskBps != null && obj.riskBps !== 0)) {
          w.uint32(40)
          w.uint32(obj.riskBps)
        }

        if ((obj.flagged != null && obj.flagged !== false)) {
          w.uint32(48)
          w.bool(obj.flagged)
        }

        if ((obj.analyzedAt != null && obj.analyzedAt !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.analyzedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          subjectId: uint8ArrayAlloc(0),
          taskId: uint8ArrayAlloc(0),
          account: uint8ArrayAlloc(0),
          signals: [],
          riskBps: 0,
          flagged: false,
          analyzedAt: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.subjectId = reader.bytes()
              break
            }
            case 2: {
              obj.taskId = reader.bytes()
              break
            }
            case 3: {
              obj.account = reader.bytes()
              break
            }
            case 4: {
              if (opts.limits?.signals != null && obj.signals.length === opts.limits.signals) {
                throw new MaxLengthError('Decode error - repeated field "signals" had too many elements')
              }

              obj.signals.push(FraudSignal.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.signals$
              }))
              break
            }
            case 5: {
              obj.riskBps = reader.uint32()
              break
            }
            case 6: {
              obj.flagged = reader.bool()
              break
            }
            case 7: {
              obj.analyzedAt = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          signals: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.subjectId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.taskId`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.account`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              if (opts.limits?.signals != null && obj.signals === opts.limits.signals) {
                throw new MaxLengthError('Streaming decode error - repeated field "signals" had too many elements')
              }

              for (const evt of FraudSignal.codec().stream(reader, reader.uint32(), `${prefix}.signals[]`, {
                limits: opts.limits?.signals$
              })) {
                yield {
                  ...evt,
                  index: obj.signals
                }
              }

              obj.signals++

              break
            }
            case 5: {
              yield {
                field: `${prefix}.riskBps`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.flagged`,
                value: reader.bool()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.analyzedAt`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface FraudAnalysisSubjectIdFieldEvent {
    field: '$.subjectId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FraudAnalysisTaskIdFieldEvent {
    field: '$.taskId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FraudAnalysisAccountFieldEvent {
    field: '$.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FraudAnalysisSignalsKindFieldEvent {
    field: '$.signals[].kind'
    value: number
    index: number
  }

  export interface FraudAnalysisSignalsValueBpsFieldEvent {
    field: '$.signals[].valueBps'
    value: number
    index: number
  }

  export interface FraudAnalysisSignalsEvidenceIdsFieldEvent {
    field: '$.signals[].evidenceIds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface FraudAnalysisRiskBpsFieldEvent {
    field: '$.riskBps'
    value: number
  }

  export interface FraudAnalysisFlaggedFieldEvent {
    field: '$.flagged'
    value: boolean
  }

  export interface FraudAnalysisAnalyzedAtFieldEvent {
    field: '$.analyzedAt'
    value: number
  }

  export function encode (obj: Partial<FraudAnalysis>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FraudAnalysis.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FraudAnalysis>): FraudAnalysis {
    return decodeMessage(buf, FraudAnalysis.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FraudAnalysis>): Generator<FraudAnalysisSubjectIdFieldEvent | FraudAnalysisTaskIdFieldEvent | FraudAnalysisAccountFieldEvent | FraudAnalysisSignalsKindFieldEvent | FraudAnalysisSignalsValueBpsFieldEvent | FraudAnalysisSignalsEvidenceIdsFieldEvent | FraudAnalysisRiskBpsFieldEvent | FraudAnalysisFlaggedFieldEvent | FraudAnalysisAnalyzedAtFieldEvent> {
    return streamMessage(buf, FraudAnalysis.codec(), opts)
  }
}

export interface BehaviourPattern {
  account: Uint8Array<ArrayBuffer>
  submissions: number
  duplicateAnswers: number
  fastAnswers: number
  inflatedScores: number
  equivocations: number
  meanWorkMs: number
  updatedAt: number
}

export namespace BehaviourPattern {
  let _codec: Codec<BehaviourPattern>

  export const codec = (): Codec<BehaviourPattern> => {
    if (_codec == null) {
      _codec = message<BehaviourPattern>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.account != null && obj.account.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.account)
        }

        if ((obj.submissions != null && obj.submissions !== 0)) {
          w.uint32(16)
          w.uint32(obj.submissions)
        }

        if ((obj.duplicateAnswers != null && obj.duplicateAnswers !== 0)) {
          w.uint32(24)
          w.uint32(obj.duplicateAnswers)
        }

        if ((obj.fastAnswers != null && obj.fastAnswers !== 0)) {
          w.uint32(32)
          w.uint32(obj.fastAnswers)
        }

        if ((obj.inflatedScores != null && obj.inflatedScores !== 0)) {
          w.uint32(40)
          w.uint32(obj.inflatedScores)
        }

        if ((obj.equivocations != null && obj.equivocations !== 0)) {
          w.uint32(48)
          w.uint32(obj.equivocations)
        }

        if ((obj.meanWorkMs != null && obj.meanWorkMs !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.meanWorkMs)
        }

        if ((obj.updatedAt != null && obj.updatedAt !== 0)) {
          w.uint32(64)
          w.uint64Number(obj.updatedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          account: uint8ArrayAlloc(0),
          submissions: 0,
          duplicateAnswers: 0,
          fastAnswers: 0,
          inflatedScores: 0,
          equivocations: 0,
          meanWorkMs: 0,
          updatedAt: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.account = reader.bytes()
              break
            }
            case 2: {
              obj.submissions = reader.uint32()
              break
            }
            case 3: {
              obj.duplicateAnswers = reader.uint32()
              break
            }
            case 4: {
              obj.fastAnswers = reader.uint32()
              break
            }
            case 5: {
              obj.inflatedScores = reader.uint32()
              break
            }
            case 6: {
              obj.equivocations = reader.uint32()
              break
            }
            case 7: {
              obj.meanWorkMs = reader.uint64Number()
              break
            }
            case 8: {
              obj.updatedAt = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.account`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.submissions`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.duplicateAnswers`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.fastAnswers`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.inflatedScores`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.equivocations`,
                value: reader.uint32()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.meanWorkMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.updatedAt`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface BehaviourPatternAccountFieldEvent {
    field: '$.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BehaviourPatternSubmissionsFieldEvent {
    field: '$.submissions'
    value: number
  }

  export interface BehaviourPatternDuplicateAnswersFieldEvent {
    field: '$.duplicateAnswers'
    value: number
  }

  export interface BehaviourPatternFastAnswersFieldEvent {
    field: '$.fastAnswers'
    value: number
  }

  export interface BehaviourPatternInflatedScoresFieldEvent {
    field: '$.inflatedScores'
    value: number
  }

  export interface BehaviourPatternEquivocationsFieldEvent {
    field: '$.equivocations'
    value: number
  }

  export interface BehaviourPatternMeanWorkMsFieldEvent {
    field: '$.meanWorkMs'
    value: number
  }

  export interface BehaviourPatternUpdatedAtFieldEvent {
    field: '$.updatedAt'
    value: number
  }

  export function encode (obj: Partial<BehaviourPattern>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BehaviourPattern.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BehaviourPattern>): BehaviourPattern {
    return decodeMessage(buf, BehaviourPattern.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BehaviourPattern>): Generator<BehaviourPatternAccountFieldEvent | BehaviourPatternSubmissionsFieldEvent | BehaviourPatternDuplicateAnswersFieldEvent | BehaviourPatternFastAnswersFieldEvent | BehaviourPatternInflatedScoresFieldEvent | BehaviourPatternEquivocationsFieldEvent | BehaviourPatternMeanWorkMsFieldEvent | BehaviourPatternUpdatedAtFieldEvent> {
    return streamMessage(buf, BehaviourPattern.codec(), opts)
  }
}

export interface NetworkMetrics {
  at: number
  tasks: number
  activeTasks: number
  submissions: number
  validations: number
  miners: number
  validators: number
  completed: number
  flagged: number
}

export namespace NetworkMetrics {
  let _codec: Codec<NetworkMetrics>

  export const codec = (): Codec<NetworkMetrics> => {
    if (_codec == null) {
      _codec = message<NetworkMetrics>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.at != null && obj.at !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.at)
        }

        if ((obj.tasks != null && obj.tasks !== 0)) {
          w.uint32(16)
          w.uint32(obj.tasks)
        }

        if ((obj.activeTasks != null && obj.activeTasks !== 0)) {
          w.uint32(24)
          w.uint32(obj.activeTasks)
        }

        if ((obj.submissions != null && obj.submissions !== 0)) {
          w.uint32(32)
          w.uint32(obj.submissions)
        }

        if ((obj.validations != null && obj.validations !== 0)) {
          w.uint32(40)
          w.uint32(obj.validations)
        }

        if ((obj.miners != null && obj.miners !== 0)) {
          w.uint32(48)
          w.uint32(obj.miners)
        }

        if ((obj.validators != null && obj.validators !== 0)) {
          w.uint32(56)
          w.uint32(obj.validators)
        }

        if ((obj.completed != null && obj.completed !== 0)) {
          w.uint32(64)
          w.uint32(obj.completed)
        }

        if ((obj.flagged != null && obj.flagged !== 0)) {
          w.uint32(72)
          w.uint32(obj.flagged)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          at: 0,
          tasks: 0,
          activeTasks: 0,
          submissions: 0,
          validations: 0,
          miners: 0,
          validators: 0,
          completed: 0,
          flagged: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.at = reader.uint64Number()
              break
            }
            case 2: {
              obj.tasks = reader.uint32()
              break
            }
            case 3: {
              obj.activeTasks = reader.uint32()
              break
            }
            case 4: {
              obj.submissions = reader.uint32()
              break
            }
            case 5: {
              obj.validations = reader.uint32()
              break
            }
            case 6: {
              obj.miners = reader.uint32()
              break
            }
            case 7: {
              obj.validators = reader.uint32()
              break
            }
            case 8: {
              obj.completed = reader.uint32()
              break
            }
            case 9: {
              obj.flagged = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.at`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.tasks`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.activeTasks`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.submissions`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.validations`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.miners`,
                value: reader.uint32()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.validators`,
                value: reader.uint32()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.completed`,
                value: reader.uint32()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.flagged`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface NetworkMetricsAtFieldEvent {
    field: '$.at'
    value: number
  }

  export interface NetworkMetricsTasksFieldEvent {
    field: '$.tasks'
    value: number
  }

  export interface NetworkMetricsActiveTasksFieldEvent {
    field: '$.activeTasks'
    value: number
  }

  export interface NetworkMetricsSubmissionsFieldEvent {
    field: '$.submissions'
    value: number
  }

  export interface NetworkMetricsValidationsFieldEvent {
    field: '$.validations'
    value: number
  }

  export interface NetworkMetricsMinersFieldEvent {
    field: '$.miners'
    value: number
  }

  export interface NetworkMetricsValidatorsFieldEvent {
    field: '$.validators'
    value: number
  }

  export interface NetworkMetricsCompletedFieldEvent {
    field: '$.completed'
    value: number
  }

  export interface NetworkMetricsFlaggedFieldEvent {
    field: '$.flagged'
    value: number
  }

  export function encode (obj: Partial<NetworkMetrics>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, NetworkMetrics.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NetworkMetrics>): NetworkMetrics {
    return decodeMessage(buf, NetworkMetrics.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NetworkMetrics>): Generator<NetworkMetricsAtFieldEvent | NetworkMetricsTasksFieldEvent | NetworkMetricsActiveTasksFieldEvent | NetworkMetricsSubmissionsFieldEvent | NetworkMetricsValidationsFieldEvent | NetworkMetricsMinersFieldEvent | NetworkMetricsValidatorsFieldEvent | NetworkMetricsCompletedFieldEvent | NetworkMetricsFlaggedFieldEvent> {
    return streamMessage(buf, NetworkMetrics.codec(), opts)
  }
}

export interface PerformanceAnalytics {
  at: number
  name: string
  value: number
  unit: string
}

export namespace PerformanceAnalytics {
  let _codec: Codec<PerformanceAnalytics>

  export const codec = (): Codec<PerformanceAnalytics> => {
    if (_codec == null) {
      _codec = message<PerformanceAnalytics>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.at != null && obj.at !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.at)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(18)
          w.string(obj.name)
        }

        if ((obj.value != null && obj.value !== 0)) {
          w.uint32(25)
          w.double(obj.value)
        }

        if ((obj.unit != null && obj.unit !== '')) {
          w.uint32(34)
          w.string(obj.unit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          at: 0,
          name: '',
          value: 0,
          unit: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.at = reader.uint64Number()
              break
            }
            case 2: {
              obj.name = reader.string()
              break
            }
            case 3: {
              obj.value = reader.double()
              break
            }
            case 4: {
              obj.unit = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.at`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.value`,
                value: reader.double()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.unit`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PerformanceAnalyticsAtFieldEvent {
    field: '$.at'
    value: number
  }

  export interface PerformanceAnalyticsNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface PerformanceAnalyticsValueFieldEvent {
    field: '$.value'
    value: number
  }

  export interface PerformanceAnalyticsUnitFieldEvent {
    field: '$.unit'
    value: string
  }

  export function encode (obj: Partial<PerformanceAnalytics>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PerformanceAnalytics.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PerformanceAnalytics>): PerformanceAnalytics {
    return decodeMessage(buf, PerformanceAnalytics.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PerformanceAnalytics>): Generator<PerformanceAnalyticsAtFieldEvent | PerformanceAnalyticsNameFieldEvent | PerformanceAnalyticsValueFieldEvent | PerformanceAnalyticsUnitFieldEvent> {
    return streamMessage(buf, PerformanceAnalytics.codec(), opts)
  }
}

export enum DisputeStatus {
  DISPUTE_STATUS_UNSPECIFIED = 'DISPUTE_STATUS_UNSPECIFIED',
  PENDING = 'PENDING',
  UPHELD = 'UPHELD',
  DISMISSED = 'DISMISSED',
  EXPIRED_DISPUTE = 'EXPIRED_DISPUTE'
}

enum __DisputeStatusValues {
  DISPUTE_STATUS_UNSPECIFIED = 0,
  PENDING = 1,
  UPHELD = 2,
  DISMISSED = 3,
  EXPIRED_DISPUTE = 4
}

export namespace DisputeStatus {
  export const codec = (): Codec<DisputeStatus> => {
    return enumeration<DisputeStatus>(__DisputeStatusValues)
  }
}

export interface DisputeRecord {
  id: Uint8Array<ArrayBuffer>
  taskId: Uint8Array<ArrayBuffer>
  opener: Uint8Array<ArrayBuffer>
  accused: Uint8Array<ArrayBuffer>
  disputeType: number
  status: DisputeStatus
  openedAt: number
  panel: Uint8Array<ArrayBuffer>[]
  votesUphold: number
  votesDismiss: number
  resolvedAt: number
  evidenceIds: Uint8Array<ArrayBuffer>[]
}

export namespace DisputeRecord {
  let _codec: Codec<DisputeRecord>

  export const codec = (): Codec<DisputeRecord> => {
    if (_codec == null) {
      _codec = message<DisputeRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.id)
        }

        if ((obj.taskId != null && obj.taskId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.taskId)
        }

        if ((obj.opener != null && obj.opener.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.opener)
        }

        if ((obj.accused != null && obj.accused.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.accused)
        }

        if ((obj.disputeType != null && obj.disputeType !== 0)) {
          w.uint32(40)
          w.uint32(obj.disputeType)
        }

        if (obj.status != null && __DisputeStatusValues[obj.status] !== 0) {
          w.uint32(48)
          DisputeStatus.codec().encode(obj.status, w)
        }

        if ((obj.openedAt != null && obj.openedAt !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.openedAt)
        }

        if (obj.panel != null && obj.panel.length > 0) {
          for (const value of obj.panel) {
            w.uint32(66)
            w.bytes(value)
          }
        }

        if ((obj.votesUphold != null && obj.votesUphold !== 0)) {
          w.uint32(72)
          w.uint32(obj.votesUphold)
        }

        if ((obj.votesDismiss != null && obj.votesDismiss !== 0)) {
          w.uint32(80)
          w.uint32(obj.votesDismiss)
        }

        if ((obj.resolvedAt != null && obj.resolvedAt !== 0)) {
          w.uint32(88)
          w.uint64Number(obj.resolvedAt)
        }

        if (obj.evidenceIds != null && obj.evidenceIds.length > 0) {
          for (const value of obj.evidenceIds) {
            w.uint32(98)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: uint8ArrayAlloc(0),
          taskId: uint8ArrayAlloc(0),
          opener: uint8ArrayAlloc(0),
          accused: uint8ArrayAlloc(0),
          disputeType: 0,
          status: DisputeStatus.DISPUTE_STATUS_UNSPECIFIED,
          openedAt: 0,
          panel: [],
          votesUphold: 0,
          votesDismiss: 0,
          resolvedAt: 0,
          evidenceIds: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.bytes()
              break
            }
            case 2: {
              obj.taskId = reader.bytes()
              break
            }
            case 3: {
              obj.opener = reader.bytes()
              break
            }
            case 4: {
              obj.accused = reader.bytes()
              break
            }
            case 5: {
              obj.disputeType = reader.uint32()
              break
            }
            case 6: {
              obj.status = DisputeStatus.codec().decode(reader)
              break
            }
            case 7: {
              obj.openedAt = reader.uint64Number()
              break
            }
            case 8: {
              if (opts.limits?.panel != null && obj.panel.length === opts.limits.panel) {
                throw new MaxLengthError('Decode error - repeated field "panel" had too many elements')
              }

              obj.panel.push(reader.bytes())
              break
            }
            case 9: {
              obj.votesUphold = reader.uint32()
              break
            }
            case 10: {
              obj.votesDismiss = reader.uint32()
              break
            }
            case 11: {
              obj.resolvedAt = reader.uint64Number()
              break
            }
            case 12: {
              if (opts.limits?.evidenceIds != null && obj.evidenceIds.length === opts.limits.evidenceIds) {
                throw new MaxLengthError('Decode error - repeated field "evidenceIds" had too many elements')
              }

              obj.evidenceIds.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          panel: 0,
          evidenceIds: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.taskId`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.opener`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.accused`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.disputeType`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.status`,
                value: DisputeStatus.codec().decode(reader)
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.openedAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 8: {
              if (opts.limits?.panel != null && obj.panel === opts.limits.panel) {
                throw new MaxLengthError('Streaming decode error - repeated field "panel" had too many elements')
              }

              yield {
                field: `${prefix}.panel[]`,
                index: obj.panel,
                value: reader.bytes()
              }

              obj.panel++

              break
            }
            case 9: {
              yield {
                field: `${prefix}.votesUphold`,
                value: reader.uint32()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.votesDismiss`,
                value: reader.uint32()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.resolvedAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 12: {
              if (opts.limits?.evidenceIds != null && obj.evidenceIds === opts.limits.evidenceIds) {
                throw new MaxLengthError('Streaming decode error - repeated field "evidenceIds" had too many elements')
              }

              yield {
                field: `${prefix}.evidenceIds[]`,
                index: obj.evidenceIds,
                value: reader.bytes()
              }

              obj.evidenceIds++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DisputeRecordIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DisputeRecordTaskIdFieldEvent {
    field: '$.taskId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DisputeRecordOpenerFieldEvent {
    field: '$.opener'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DisputeRecordAccusedFieldEvent {
    field: '$.accused'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DisputeRecordDisputeTypeFieldEvent {
    field: '$.disputeType'
    value: number
  }

  export interface DisputeRecordStatusFieldEvent {
    field: '$.status'
    value: DisputeStatus
  }

  export interface DisputeRecordOpenedAtFieldEvent {
    field: '$.openedAt'
    value: number
  }

  export interface DisputeRecordPanelFieldEvent {
    field: '$.panel[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface DisputeRecordVotesUpholdFieldEvent {
    field: '$.votesUphold'
    value: number
  }

  export interface DisputeRecordVotesDismissFieldEvent {
    field: '$.votesDismiss'
    value: number
  }

  export interface DisputeRecordResolvedAtFieldEvent {
    field: '$.resolvedAt'
    value: number
  }

  export interface DisputeRecordEvidenceIdsFieldEvent {
    field: '$.evidenceIds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<DisputeRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DisputeRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DisputeRecord>): DisputeRecord {
    return decodeMessage(buf, DisputeRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DisputeRecord>): Generator<DisputeRecordIdFieldEvent | DisputeRecordTaskIdFieldEvent | DisputeRecordOpenerFieldEvent | DisputeRecordAccusedFieldEvent | DisputeRecordDisputeTypeFieldEvent | DisputeRecordStatusFieldEvent | DisputeRecordOpenedAtFieldEvent | DisputeRecordPanelFieldEvent | DisputeRecordVotesUpholdFieldEvent | DisputeRecordVotesDismissFieldEvent | DisputeRecordResolvedAtFieldEvent | DisputeRecordEvidenceIdsFieldEvent> {
    return streamMessage(buf, DisputeRecord.codec(), opts)
  }
}
