import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from '../codec/runtime.js'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from '../codec/runtime.js'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Envelope {
  kind: number
  body: Uint8Array<ArrayBuffer>
  signer: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace Envelope {
  let _codec: Codec<Envelope>

  export const codec = (): Codec<Envelope> => {
    if (_codec == null) {
      _codec = message<Envelope>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.kind != null && obj.kind !== 0)) {
          w.uint32(8)
          w.uint32(obj.kind)
        }

        if ((obj.body != null && obj.body.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.body)
        }

        if ((obj.signer != null && obj.signer.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.signer)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: 0,
          body: uint8ArrayAlloc(0),
          signer: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
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
              obj.body = reader.bytes()
              break
            }
            case 3: {
              obj.signer = reader.bytes()
              break
            }
            case 4: {
              obj.signature = reader.bytes()
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
                field: `${prefix}.kind`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.body`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.signer`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.signature`,
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

  export interface EnvelopeKindFieldEvent {
    field: '$.kind'
    value: number
  }

  export interface EnvelopeBodyFieldEvent {
    field: '$.body'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeSignerFieldEvent {
    field: '$.signer'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Envelope>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Envelope.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Envelope {
    return decodeMessage(buf, Envelope.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Generator<EnvelopeKindFieldEvent | EnvelopeBodyFieldEvent | EnvelopeSignerFieldEvent | EnvelopeSignatureFieldEvent> {
    return streamMessage(buf, Envelope.codec(), opts)
  }
}

export enum TaskType {
  TASK_TYPE_UNSPECIFIED = 'TASK_TYPE_UNSPECIFIED',
  CODE_ANALYSIS = 'CODE_ANALYSIS',
  SECURITY_AUDIT = 'SECURITY_AUDIT',
  DATA_ANALYSIS = 'DATA_ANALYSIS',
  ALGORITHM_OPTIMIZATION = 'ALGORITHM_OPTIMIZATION',
  LOGIC_REASONING = 'LOGIC_REASONING',
  GENERAL = 'GENERAL'
}

enum __TaskTypeValues {
  TASK_TYPE_UNSPECIFIED = 0,
  CODE_ANALYSIS = 1,
  SECURITY_AUDIT = 2,
  DATA_ANALYSIS = 3,
  ALGORITHM_OPTIMIZATION = 4,
  LOGIC_REASONING = 5,
  GENERAL = 6
}

export namespace TaskType {
  export const codec = (): Codec<TaskType> => {
    return enumeration<TaskType>(__TaskTypeValues)
  }
}

export enum Difficulty {
  DIFFICULTY_UNSPECIFIED = 'DIFFICULTY_UNSPECIFIED',
  BEGINNER = 'BEGINNER',
  INTERMEDIATE = 'INTERMEDIATE',
  ADVANCED = 'ADVANCED',
  EXPERT = 'EXPERT'
}

enum __DifficultyValues {
  DIFFICULTY_UNSPECIFIED = 0,
  BEGINNER = 1,
  INTERMEDIATE = 2,
  ADVANCED = 3,
  EXPERT = 4
}

export namespace Difficulty {
  export const codec = (): Codec<Difficulty> => {
    return enumeration<Difficulty>(__DifficultyValues)
  }
}

export enum VerificationType {
  VERIFICATION_UNSPECIFIED = 'VERIFICATION_UNSPECIFIED',
  AUTOMATIC = 'AUTOMATIC',
  PEER_REVIEW = 'PEER_REVIEW',
  EXPERT_REVIEW = 'EXPERT_REVIEW',
  HYBRID = 'HYBRID'
}

enum __VerificationTypeValues {
  VERIFICATION_UNSPECIFIED = 0,
  AUTOMATIC = 1,
  PEER_REVIEW = 2,
  EXPERT_REVIEW = 3,
  HYBRID = 4
}

export namespace VerificationType {
  export const codec = (): Codec<VerificationType> => {
    return enumeration<VerificationType>(__VerificationTypeValues)
  }
}

export interface TaskDetails {
  language?: string
  complexity?: number
  scope?: string
  dataType?: string
  analysisType?: string
  domain?: string
  category?: string
}

export namespace TaskDetails {
  let _codec: Codec<TaskDetails>

  export const codec = (): Codec<TaskDetails> => {
    if (_codec == null) {
      _codec = message<TaskDetails>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.language != null) {
          w.uint32(10)
          w.string(obj.language)
        }

        if (obj.complexity != null) {
          w.uint32(16)
          w.uint32(obj.complexity)
        }

        if (obj.scope != null) {
          w.uint32(26)
          w.string(obj.scope)
        }

        if (obj.dataType != null) {
          w.uint32(34)
          w.string(obj.dataType)
        }

        if (obj.analysisType != null) {
          w.uint32(42)
          w.string(obj.analysisType)
        }

        if (obj.domain != null) {
          w.uint32(50)
          w.string(obj.domain)
        }

        if (obj.category != null) {
          w.uint32(58)
          w.string(obj.category)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.language = reader.string()
              break
            }
            case 2: {
              obj.complexity = reader.uint32()
              break
            }
            case 3: {
              obj.scope = reader.string()
              break
            }
            case 4: {
              obj.dataType = reader.string()
              break
            }
            case 5: {
              obj.analysisType = reader.string()
              break
            }
            case 6: {
              obj.domain = reader.string()
              break
            }
            case 7: {
              obj.category = reader.string()
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
                field: `${prefix}.language`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.complexity`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.scope`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.dataType`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.analysisType`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.domain`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.category`,
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

  export interface TaskDetailsLanguageFieldEvent {
    field: '$.language'
    value: string
  }

  export interface TaskDetailsComplexityFieldEvent {
    field: '$.complexity'
    value: number
  }

  export interface TaskDetailsScopeFieldEvent {
    field: '$.scope'
    value: string
  }

  export interface TaskDetailsDataTypeFieldEvent {
    field: '$.dataType'
    value: string
  }

  export interface TaskDetailsAnalysisTypeFieldEvent {
    field: '$.analysisType'
    value: string
  }

  export interface TaskDetailsDomainFieldEvent {
    field: '$.domain'
    value: string
  }

  export interface TaskDetailsCategoryFieldEvent {
    field: '$.category'
    value: string
  }

  export function encode (obj: Partial<TaskDetails>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TaskDetails.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TaskDetails>): TaskDetails {
    return decodeMessage(buf, TaskDetails.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TaskDetails>): Generator<TaskDetailsLanguageFieldEvent | TaskDetailsComplexityFieldEvent | TaskDetailsScopeFieldEvent | TaskDetailsDataTypeFieldEvent | TaskDetailsAnalysisTypeFieldEvent | TaskDetailsDomainFieldEvent | TaskDetailsCategoryFieldEvent> {
    return streamMessage(buf, TaskDetails.codec(), opts)
  }
}

export interface Verification {
  type: VerificationType
  requiredReviewers: number
  threshold: number
  expertCount: number
  automaticWeight: number
  peerWeight: number
}

export namespace Verification {
  let _codec: Codec<Verification>

  export const codec = (): Codec<Verification> => {
    if (_codec == null) {
      _codec = message<Verification>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.type != null && __VerificationTypeValues[obj.type] !== 0) {
          w.uint32(8)
          VerificationType.codec().encode(obj.type, w)
        }

        if ((obj.requiredReviewers != null && obj.requiredReviewers !== 0)) {
          w.uint32(16)
          w.uint32(obj.requiredReviewers)
        }

        if ((obj.threshold != null && obj.threshold !== 0)) {
          w.uint32(24)
          w.uint32(obj.threshold)
        }

        if ((obj.expertCount != null && obj.expertCount !== 0)) {
          w.uint32(32)
          w.uint32(obj.expertCount)
        }

        if ((obj.automaticWeight != null && obj.automaticWeight !== 0)) {
          w.uint32(40)
          w.uint32(obj.automaticWeight)
        }

        if ((obj.peerWeight != null && obj.peerWeight !== 0)) {
          w.uint32(48)
          w.uint32(obj.peerWeight)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          type: VerificationType.VERIFICATION_UNSPECIFIED,
          requiredReviewers: 0,
          threshold: 0,
          expertCount: 0,
          automaticWeight: 0,
          peerWeight: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.type = VerificationType.codec().decode(reader)
              break
            }
            case 2: {
              obj.requiredReviewers = reader.uint32()
              break
            }
            case 3: {
              obj.threshold = reader.uint32()
              break
            }
            case 4: {
              obj.expertCount = reader.uint32()
              break
            }
            case 5: {
              obj.automaticWeight = reader.uint32()
              break
            }
            case 6: {
              obj.peerWeight = reader.uint32()
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
                field: `${prefix}.type`,
                value: VerificationType.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.requiredReviewers`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.threshold`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.expertCount`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.automaticWeight`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.peerWeight`,
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

  export interface VerificationTypeFieldEvent {
    field: '$.type'
    value: VerificationType
  }

  export interface VerificationRequiredReviewersFieldEvent {
    field: '$.requiredReviewers'
    value: number
  }

  export interface VerificationThresholdFieldEvent {
    field: '$.threshold'
    value: number
  }

  export interface VerificationExpertCountFieldEvent {
    field: '$.expertCount'
    value: number
  }

  export interface VerificationAutomaticWeightFieldEvent {
    field: '$.automaticWeight'
    value: number
  }

  export interface VerificationPeerWeightFieldEvent {
    field: '$.peerWeight'
    value: number
  }

  export function encode (obj: Partial<Verification>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Verification.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Verification>): Verification {
    return decodeMessage(buf, Verification.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Verification>): Generator<VerificationTypeFieldEvent | VerificationRequiredReviewersFieldEvent | VerificationThresholdFieldEvent | VerificationExpertCountFieldEvent | VerificationAutomaticWeightFieldEvent | VerificationPeerWeightFieldEvent> {
    return streamMessage(buf, Verification.codec(), opts)
  }
}

export interface TaskPublishedBody {
  timestamp: number
  title: string
  description: string
  taskType: TaskType
  details?: TaskDetails
  difficulty: Difficulty
  verification?: Verification
  reward: bigint
  commitDeadline: number
  submissionDeadline: number
  validationDeadline: number
  challengeDeadline: number
  maxSubmissions: number
  inputHash: Uint8Array<ArrayBuffer>
  nonce: Uint8Array<ArrayBuffer>
  profileId: Uint8Array<ArrayBuffer>
}

export namespace TaskPublishedBody {
  let _codec: Codec<TaskPublishedBody>

  export const codec = (): Codec<TaskPublishedBody> => {
    if (_codec == null) {
      _codec = message<TaskPublishedBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.timestamp != null && obj.timestamp !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.timestamp)
        }

        if ((obj.title != null && obj.title !== '')) {
          w.uint32(18)
          w.string(obj.title)
        }

        if ((obj.description != null && obj.description !== '')) {
          w.uint32(26)
          w.string(obj.description)
        }

        if (obj.taskType != null && __TaskTypeValues[obj.taskType] !== 0) {
          w.uint32(32)
          TaskType.codec().encode(obj.taskType, w)
        }

        if (obj.details != null) {
          w.uint32(42)
          TaskDetails.codec().encode(obj.details, w)
        }

        if (obj.difficulty != null && __DifficultyValues[obj.difficulty] !== 0) {
          w.uint32(48)
          Difficulty.codec().encode(obj.difficulty, w)
        }

        if (obj.verification != null) {
          w.uint32(58)
          Verification.codec().encode(obj.verification, w)
        }

        if ((obj.reward != null && obj.reward !== 0n)) {
          w.uint32(64)
          w.uint64(obj.reward)
        }

        if ((obj.commitDeadline != null && obj.commitDeadline !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.commitDeadline)
        }

        if ((obj.submissionDeadline != null && obj.submissionDeadline !== 0)) {
          w.uint32(80)
          w.uint64Number(obj.submissionDeadline)
        }

        if ((obj.validationDeadline != null && obj.validationDeadline !== 0)) {
          w.uint32(88)
          w.uint64Number(obj.validationDeadline)
        }

        if ((obj.challengeDeadline != null && obj.challengeDeadline !== 0)) {
          w.uint32(96)
          w.uint64Number(obj.challengeDeadline)
        }

        if ((obj.maxSubmissions != null && obj.maxSubmissions !== 0)) {
          w.uint32(104)
          w.uint32(obj.maxSubmissions)
        }

        if ((obj.inputHash != null && obj.inputHash.byteLength > 0)) {
          w.uint32(114)
          w.bytes(obj.inputHash)
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(122)
          w.bytes(obj.nonce)
        }

        if ((obj.profileId != null && obj.profileId.byteLength > 0)) {
          w.uint32(162)
          w.bytes(obj.profileId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          timestamp: 0,
          title: '',
          description: '',
          taskType: TaskType.TASK_TYPE_UNSPECIFIED,
          difficulty: Difficulty.DIFFICULTY_UNSPECIFIED,
          reward: 0n,
          commitDeadline: 0,
          submissionDeadline: 0,
          validationDeadline: 0,
          challengeDeadline: 0,
          maxSubmissions: 0,
          inputHash: uint8ArrayAlloc(0),
          nonce: uint8ArrayAlloc(0),
          profileId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.timestamp = reader.uint64Number()
              break
            }
            case 2: {
              obj.title = reader.string()
              break
            }
            case 3: {
              obj.description = reader.string()
              break
            }
            case 4: {
              obj.taskType = TaskType.codec().decode(reader)
              break
            }
            case 5: {
              obj.details = TaskDetails.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.details
              })
              break
            }
            case 6: {
              obj.difficulty = Difficulty.codec().decode(reader)
              break
            }
            case 7: {
              obj.verification = Verification.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.verification
              })
              break
            }
            case 8: {
              obj.reward = reader.uint64()
              break
            }
            case 9: {
              obj.commitDeadline = reader.uint64Number()
              break
            }
            case 10: {
              obj.submissionDeadline = reader.uint64Number()
              break
            }
            case 11: {
              obj.validationDeadline = reader.uint64Number()
              break
            }
            case 12: {
              obj.challengeDeadline = reader.uint64Number()
              break
            }
            case 13: {
              obj.maxSubmissions = reader.uint32()
              break
            }
            case 14: {
              obj.inputHash = reader.bytes()
              break
            }
            case 15: {
              obj.nonce = reader.bytes()
              break
            }
            case 20: {
              obj.profileId = reader.bytes()
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
                field: `${prefix}.timestamp`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.title`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.description`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.taskType`,
                value: TaskType.codec().decode(reader)
              }
              break
            }
            case 5: {
              yield * TaskDetails.codec().stream(reader, reader.uint32(), `${prefix}.details`, {
                limits: opts.limits?.details
              })

              break
            }
            case 6: {
              yield {
                field: `${prefix}.difficulty`,
                value: Difficulty.codec().decode(reader)
              }
              break
            }
            case 7: {
              yield * Verification.codec().stream(reader, reader.uint32(), `${prefix}.verification`, {
                limits: opts.limits?.verification
              })

              break
            }
            case 8: {
              yield {
                field: `${prefix}.reward`,
                value: reader.uint64()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.commitDeadline`,
                value: reader.uint64Number()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.submissionDeadline`,
                value: reader.uint64Number()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.validationDeadline`,
                value: reader.uint64Number()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.challengeDeadline`,
                value: reader.uint64Number()
              }
              break
            }
            case 13: {
              yield {
                field: `${prefix}.maxSubmissions`,
                value: reader.uint32()
              }
              break
            }
            case 14: {
              yield {
                field: `${prefix}.inputHash`,
                value: reader.bytes()
              }
              break
            }
            case 15: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 20: {
              yield {
                field: `${prefix}.profileId`,
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

  export interface TaskPublishedBodyTimestampFieldEvent {
    field: '$.timestamp'
    value: number
  }

  export interface TaskPublishedBodyTitleFieldEvent {
    field: '$.title'
    value: string
  }

  export interface TaskPublishedBodyDescriptionFieldEvent {
    field: '$.description'
    value: string
  }

  export interface TaskPublishedBodyTaskTypeFieldEvent {
    field: '$.taskType'
    value: TaskType
  }

  export interface TaskPublishedBodyDetailsLanguageFieldEvent {
    field: '$.details.language'
    value: string
  }

  export interface TaskPublishedBodyDetailsComplexityFieldEvent {
    field: '$.details.complexity'
    value: number
  }

  export interface TaskPublishedBodyDetailsScopeFieldEvent {
    field: '$.details.scope'
    value: string
  }

  export interface TaskPublishedBodyDetailsDataTypeFieldEvent {
    field: '$.details.dataType'
    value: string
  }

  export interface TaskPublishedBodyDetailsAnalysisTypeFieldEvent {
    field: '$.details.analysisType'
    value: string
  }

  export interface TaskPublishedBodyDetailsDomainFieldEvent {
    field: '$.details.domain'
    value: string
  }

  export interface TaskPublishedBodyDetailsCategoryFieldEvent {
    field: '$.details.category'
    value: string
  }

  export interface TaskPublishedBodyDifficultyFieldEvent {
    field: '$.difficulty'
    value: Difficulty
  }

  export interface TaskPublishedBodyVerificationTypeFieldEvent {
    field: '$.verification.type'
    value: VerificationType
  }

  export interface TaskPublishedBodyVerificationRequiredReviewersFieldEvent {
    field: '$.verification.requiredReviewers'
    value: number
  }

  export interface TaskPublishedBodyVerificationThresholdFieldEvent {
    field: '$.verification.threshold'
    value: number
  }

  export interface TaskPublishedBodyVerificationExpertCountFieldEvent {
    field: '$.verification.expertCount'
    value: number
  }

  export interface TaskPublishedBodyVerificationAutomaticWeightFieldEvent {
    field: '$.verification.automaticWeight'
    value: number
  }

  export interface TaskPublishedBodyVerificationPeerWeightFieldEvent {
    field: '$.verification.peerWeight'
    value: number
  }

  export interface TaskPublishedBodyRewardFieldEvent {
    field: '$.reward'
    value: bigint
  }

  export interface TaskPublishedBodyCommitDeadlineFieldEvent {
    field: '$.commitDeadline'
    value: number
  }

  export interface TaskPublishedBodySubmissionDeadlineFieldEvent {
    field: '$.submissionDeadline'
    value: number
  }

  export interface TaskPublishedBodyValidationDeadlineFieldEvent {
    field: '$.validationDeadline'
    value: number
  }

  export interface TaskPublishedBodyChallengeDeadlineFieldEvent {
    field: '$.challengeDeadline'
    value: number
  }

  export interface TaskPublishedBodyMaxSubmissionsFieldEvent {
    field: '$.maxSubmissions'
    value: number
  }

  export interface TaskPublishedBodyInputHashFieldEvent {
    field: '$.inputHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TaskPublishedBodyNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TaskPublishedBodyProfileIdFieldEvent {
    field: '$.profileId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<TaskPublishedBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TaskPublishedBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TaskPublishedBody>): TaskPublishedBody {
    return decodeMessage(buf, TaskPublishedBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TaskPublishedBody>): Generator<TaskPublishedBodyTimestampFieldEvent | TaskPublishedBodyTitleFieldEvent | TaskPublishedBodyDescriptionFieldEvent | TaskPublishedBodyTaskTypeFieldEvent | TaskPublishedBodyDetailsLanguageFieldEvent | TaskPublishedBodyDetailsComplexityFieldEvent | TaskPublishedBodyDetailsScopeFieldEvent | TaskPublishedBodyDetailsDataTypeFieldEvent | TaskPublishedBodyDetailsAnalysisTypeFieldEvent | TaskPublishedBodyDetailsDomainFieldEvent | TaskPublishedBodyDetailsCategoryFieldEvent | TaskPublishedBodyDifficultyFieldEvent | TaskPublishedBodyVerificationTypeFieldEvent | TaskPublishedBodyVerificationRequiredReviewersFieldEvent | TaskPublishedBodyVerificationThresholdFieldEvent | TaskPublishedBodyVerificationExpertCountFieldEvent | TaskPublishedBodyVerificationAutomaticWeightFieldEvent | TaskPublishedBodyVerificationPeerWeightFieldEvent | TaskPublishedBodyRewardFieldEvent | TaskPublishedBodyCommitDeadlineFieldEvent | TaskPublishedBodySubmissionDeadlineFieldEvent | TaskPublishedBodyValidationDeadlineFieldEvent | TaskPublishedBodyChallengeDeadlineFieldEvent | TaskPublishedBodyMaxSubmissionsFieldEvent | TaskPublishedBodyInputHashFieldEvent | TaskPublishedBodyNonceFieldEvent | TaskPublishedBodyProfileIdFieldEvent> {
    return streamMessage(buf, TaskPublishedBody.codec(), opts)
  }
}

export interface TaskCancelledBody {
  timestamp: number
  taskId: Uint8Array<ArrayBuffer>
  reason: string
  profileId: Uint8Array<ArrayBuffer>
}

export namespace TaskCancelledBody {
  let _codec: Codec<TaskCancelledBody>

  export const codec = (): Codec<TaskCancelledBody> => {
    if (_codec == null) {
      _codec = message<TaskCancelledBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.timestamp != null && obj.timestamp !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.timestamp)
        }

        if ((obj.taskId != null && obj.taskId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.taskId)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(26)
          w.string(obj.reason)
        }

        if ((obj.profileId != null && obj.profileId.byteLength > 0)) {
          w.uint32(162)
          w.bytes(obj.profileId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          timestamp: 0,
          taskId: uint8ArrayAlloc(0),
          reason: '',
          profileId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.timestamp = reader.uint64Number()
              break
            }
            case 2: {
              obj.taskId = reader.bytes()
              break
            }
            case 3: {
              obj.reason = reader.string()
              break
            }
            case 20: {
              obj.profileId = reader.bytes()
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
                field: `${prefix}.timestamp`,
                value: reader.uint64Number()
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
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            case 20: {
              yield {
                field: `${prefix}.profileId`,
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

  export interface TaskCancelledBodyTimestampFieldEvent {
    field: '$.timestamp'
    value: number
  }

  export interface TaskCancelledBodyTaskIdFieldEvent {
    field: '$.taskId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TaskCancelledBodyReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface TaskCancelledBodyProfileIdFieldEvent {
    field: '$.profileId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<TaskCancelledBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TaskCancelledBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TaskCancelledBody>): TaskCancelledBody {
    return decodeMessage(buf, TaskCancelledBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TaskCancelledBody>): Generator<TaskCancelledBodyTimestampFieldEvent | TaskCancelledBodyTaskIdFieldEvent | TaskCancelledBodyReasonFieldEvent | TaskCancelledBodyProfileIdFieldEvent> {
    return streamMessage(buf, TaskCancelledBody.codec(), opts)
  }
}

export interface Specialization {
  taskType: TaskType
  proficiency: number
  maxDifficulty: Difficulty
}

export namespace Specialization {
  let _codec: Codec<Specialization>

  export const codec = (): Codec<Specialization> => {
    if (_codec == null) {
      _codec = message<Specialization>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.taskType != null && __TaskTypeValues[obj.taskType] !== 0) {
          w.uint32(8)
          TaskType.codec().encode(obj.taskType, w)
        }

        if ((obj.proficiency != null && obj.proficiency !== 0)) {
          w.uint32(16)
          w.uint32(obj.proficiency)
        }

        if (obj.maxDifficulty != null && __DifficultyValues[obj.maxDifficulty] !== 0) {
          w.uint32(24)
          Difficulty.codec().encode(obj.maxDifficulty, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          taskType: TaskType.TASK_TYPE_UNSPECIFIED,
          proficiency: 0,
          maxDifficulty: Difficulty.DIFFICULTY_UNSPECIFIED
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.taskType = TaskType.codec().decode(reader)
              break
            }
            case 2: {
              obj.proficiency = reader.uint32()
              break
            }
            case 3: {
              obj.maxDifficulty = Difficulty.codec().decode(reader)
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
                value: TaskType.codec().decode(reader)
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
                value: Difficulty.codec().decode(reader)
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

  export interface SpecializationTaskTypeFieldEvent {
    field: '$.taskType'
    value: TaskType
  }

  export interface SpecializationProficiencyFieldEvent {
    field: '$.proficiency'
    value: number
  }

  export interface SpecializationMaxDifficultyFieldEvent {
    field: '$.maxDifficulty'
    value: Difficulty
  }

  export function encode (obj: Partial<Specialization>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Specialization.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Specialization>): Specialization {
    return decodeMessage(buf, Specialization.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Specialization>): Generator<SpecializationTaskTypeFieldEvent | SpecializationProficiencyFieldEvent | SpecializationMaxDifficultyFieldEvent> {
    return streamMessage(buf, Specialization.codec(), opts)
  }
}

export interface MinerProfileBody {
  timestamp: number
  publisher: boolean
  specializations: Specialization[]
  capacity: number
  name: string
  miner: boolean
  validator: boolean
  workNonce: Uint8Array<ArrayBuffer>
}

export namespace MinerProfileBody {
  let _codec: Codec<MinerProfileBody>

  export const codec = (): Codec<MinerProfileBody> => {
    if (_codec == null) {
      _codec = message<MinerProfileBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.timestamp != null && obj.timestamp !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.timestamp)
        }

        if ((obj.publisher != null && obj.publisher !== false)) {
          w.uint32(16)
          w.bool(obj.publisher)
        }

        if (obj.specializations != null && obj.specializations.length > 0) {
          for (const value of obj.specializations) {
            w.uint32(26)
            Specialization.codec().encode(value, w)
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

        if ((obj.miner != null && obj.miner !== false)) {
          w.uint32(48)
          w.bool(obj.miner)
        }

        if ((obj.validator != null && obj.validator !== false)) {
          w.uint32(56)
          w.bool(obj.validator)
        }

        if ((obj.workNonce != null && obj.workNonce.byteLength > 0)) {
          w.uint32(66)
          w.bytes(obj.workNonce)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          timestamp: 0,
          publisher: false,
          specializations: [],
          capacity: 0,
          name: '',
          miner: false,
          validator: false,
          workNonce: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.timestamp = reader.uint64Number()
              break
            }
            case 2: {
              obj.publisher = reader.bool()
              break
            }
            case 3: {
              if (opts.limits?.specializations != null && obj.specializations.length === opts.limits.specializations) {
                throw new MaxLengthError('Decode error - repeated field "specializations" had too many elements')
              }

              if (obj.specializations.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "specializations" had too many elements')
              }

              obj.specializations.push(Specialization.codec().decode(reader, reader.uint32(), {
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
              obj.miner = reader.bool()
              break
            }
            case 7: {
              obj.validator = reader.bool()
              break
            }
            case 8: {
              obj.workNonce = reader.bytes()
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
          specializations: 16
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.publisher`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              if (opts.limits?.specializations != null && obj.specializations === opts.limits.specializations) {
                throw new MaxLengthError('Streaming decode error - repeated field "specializations" had too many elements')
              }

              if (obj.specializations === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "specializations" had too many elements')
              }

              for (const evt of Specialization.codec().stream(reader, reader.uint32(), `${prefix}.specializations[]`, {
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
                field: `${prefix}.miner`,
                value: reader.bool()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.validator`,
                value: reader.bool()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.workNonce`,
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

  export interface MinerProfileBodyTimestampFieldEvent {
    field: '$.timestamp'
    value: number
  }

  export interface MinerProfileBodyPublisherFieldEvent {
    field: '$.publisher'
    value: boolean
  }

  export interface MinerProfileBodySpecializationsTaskTypeFieldEvent {
    field: '$.specializations[].taskType'
    value: TaskType
    index: number
  }

  export interface MinerProfileBodySpecializationsProficiencyFieldEvent {
    field: '$.specializations[].proficiency'
    value: number
    index: number
  }

  export interface MinerProfileBodySpecializationsMaxDifficultyFieldEvent {
    field: '$.specializations[].maxDifficulty'
    value: Difficulty
    index: number
  }

  export interface MinerProfileBodyCapacityFieldEvent {
    field: '$.capacity'
    value: number
  }

  export interface MinerProfileBodyNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface MinerProfileBodyMinerFieldEvent {
    field: '$.miner'
    value: boolean
  }

  export interface MinerProfileBodyValidatorFieldEvent {
    field: '$.validator'
    value: boolean
  }

  export interface MinerProfileBodyWorkNonceFieldEvent {
    field: '$.workNonce'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<MinerProfileBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MinerProfileBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MinerProfileBody>): MinerProfileBody {
    return decodeMessage(buf, MinerProfileBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MinerProfileBody>): Generator<MinerProfileBodyTimestampFieldEvent | MinerProfileBodyPublisherFieldEvent | MinerProfileBodySpecializationsTaskTypeFieldEvent | MinerProfileBodySpecializationsProficiencyFieldEvent | MinerProfileBodySpecializationsMaxDifficultyFieldEvent | MinerProfileBodyCapacityFieldEvent | MinerProfileBodyNameFieldEvent | MinerProfileBodyMinerFieldEvent | MinerProfileBodyValidatorFieldEvent | MinerProfileBodyWorkNonceFieldEvent> {
    return streamMessage(buf, MinerProfileBody.codec(), opts)
  }
}

export interface AnswerCommittedBody {
  timestamp: number
  taskId: Uint8Array<ArrayBuffer>
  commitment: Uint8Array<ArrayBuffer>
  profileId: Uint8Array<ArrayBuffer>
}

export namespace AnswerCommittedBody {
  let _codec: Codec<AnswerCommittedBody>

  export const codec = (): Codec<AnswerCommittedBody> => {
    if (_codec == null) {
      _codec = message<AnswerCommittedBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.timestamp != null && obj.timestamp !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.timestamp)
        }

        if ((obj.taskId != null && obj.taskId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.taskId)
        }

        if ((obj.commitment != null && obj.commitment.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.commitment)
        }

        if ((obj.profileId != null && obj.profileId.byteLength > 0)) {
          w.uint32(162)
          w.bytes(obj.profileId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          timestamp: 0,
          taskId: uint8ArrayAlloc(0),
          commitment: uint8ArrayAlloc(0),
          profileId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.timestamp = reader.uint64Number()
              break
            }
            case 2: {
              obj.taskId = reader.bytes()
              break
            }
            case 3: {
              obj.commitment = reader.bytes()
              break
            }
            case 20: {
              obj.profileId = reader.bytes()
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
                field: `${prefix}.timestamp`,
                value: reader.uint64Number()
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
                field: `${prefix}.commitment`,
                value: reader.bytes()
              }
              break
            }
            case 20: {
              yield {
                field: `${prefix}.profileId`,
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

  export interface AnswerCommittedBodyTimestampFieldEvent {
    field: '$.timestamp'
    value: number
  }

  export interface AnswerCommittedBodyTaskIdFieldEvent {
    field: '$.taskId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AnswerCommittedBodyCommitmentFieldEvent {
    field: '$.commitment'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AnswerCommittedBodyProfileIdFieldEvent {
    field: '$.profileId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<AnswerCommittedBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AnswerCommittedBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AnswerCommittedBody>): AnswerCommittedBody {
    return decodeMessage(buf, AnswerCommittedBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AnswerCommittedBody>): Generator<AnswerCommittedBodyTimestampFieldEvent | AnswerCommittedBodyTaskIdFieldEvent | AnswerCommittedBodyCommitmentFieldEvent | AnswerCommittedBodyProfileIdFieldEvent> {
    return streamMessage(buf, AnswerCommittedBody.codec(), opts)
  }
}

export interface AnswerRevealedBody {
  timestamp: number
  taskId: Uint8Array<ArrayBuffer>
  answer: string
  salt: Uint8Array<ArrayBuffer>
  workStartedAt: number
  commitId: Uint8Array<ArrayBuffer>
  profileId: Uint8Array<ArrayBuffer>
}

export namespace AnswerRevealedBody {
  let _codec: Codec<AnswerRevealedBody>

  export const codec = (): Codec<AnswerRevealedBody> => {
    if (_codec == null) {
      _codec = message<AnswerRevealedBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.timestamp != null && obj.timestamp !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.timestamp)
        }

        if ((obj.taskId != null && obj.taskId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.taskId)
        }

        if ((obj.answer != null && obj.answer !== '')) {
          w.uint32(26)
          w.string(obj.answer)
        }

        if ((obj.salt != null && obj.salt.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.salt)
        }

        if ((obj.workStartedAt != null && obj.workStartedAt !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.workStartedAt)
        }

        if ((obj.commitId != null && obj.commitId.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.commitId)
        }

        if ((obj.profileId != null && obj.profileId.byteLength > 0)) {
          w.uint32(162)
          w.bytes(obj.profileId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          timestamp: 0,
          taskId: uint8ArrayAlloc(0),
          answer: '',
          salt: uint8ArrayAlloc(0),
          workStartedAt: 0,
          commitId: uint8ArrayAlloc(0),
          profileId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.timestamp = reader.uint64Number()
              break
            }
            case 2: {
              obj.taskId = reader.bytes()
              break
            }
            case 3: {
              obj.answer = reader.string()
              break
            }
            case 4: {
              obj.salt = reader.bytes()
              break
            }
            case 5: {
              obj.workStartedAt = reader.uint64Number()
              break
            }
            case 6: {
              obj.commitId = reader.bytes()
              break
            }
            case 20: {
              obj.profileId = reader.bytes()
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
                field: `${prefix}.timestamp`,
                value: reader.uint64Number()
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
                field: `${prefix}.answer`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.salt`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.workStartedAt`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.commitId`,
                value: reader.bytes()
              }
              break
            }
            case 20: {
              yield {
                field: `${prefix}.profileId`,
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

  export interface AnswerRevealedBodyTimestampFieldEvent {
    field: '$.timestamp'
    value: number
  }

  export interface AnswerRevealedBodyTaskIdFieldEvent {
    field: '$.taskId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AnswerRevealedBodyAnswerFieldEvent {
    field: '$.answer'
    value: string
  }

  export interface AnswerRevealedBodySaltFieldEvent {
    field: '$.salt'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AnswerRevealedBodyWorkStartedAtFieldEvent {
    field: '$.workStartedAt'
    value: number
  }

  export interface AnswerRevealedBodyCommitIdFieldEvent {
    field: '$.commitId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AnswerRevealedBodyProfileIdFieldEvent {
    field: '$.profileId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<AnswerRevealedBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AnswerRevealedBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AnswerRevealedBody>): AnswerRevealedBody {
    return decodeMessage(buf, AnswerRevealedBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AnswerRevealedBody>): Generator<AnswerRevealedBodyTimestampFieldEvent | AnswerRevealedBodyTaskIdFieldEvent | AnswerRevealedBodyAnswerFieldEvent | AnswerRevealedBodySaltFieldEvent | AnswerRevealedBodyWorkStartedAtFieldEvent | AnswerRevealedBodyCommitIdFieldEvent | AnswerRevealedBodyProfileIdFieldEvent> {
    return streamMessage(buf, AnswerRevealedBody.codec(), opts)
  }
}

export interface ValidationScoredBody {
  timestamp: number
  taskId: Uint8Array<ArrayBuffer>
  submissionId: Uint8Array<ArrayBuffer>
  score: number
  comment: string
  profileId: Uint8Array<ArrayBuffer>
}

export namespace ValidationScoredBody {
  let _codec: Codec<ValidationScoredBody>

  export const codec = (): Codec<ValidationScoredBody> => {
    if (_codec == null) {
      _codec = message<ValidationScoredBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.timestamp != null && obj.timestamp !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.timestamp)
        }

        if ((obj.taskId != null && obj.taskId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.taskId)
        }

        if ((obj.submissionId != null && obj.submissionId.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.submissionId)
        }

        if ((obj.score != null && obj.score !== 0)) {
          w.uint32(32)
          w.uint32(obj.score)
        }

        if ((obj.comment != null && obj.comment !== '')) {
          w.uint32(42)
          w.string(obj.comment)
        }

        if ((obj.profileId != null && obj.profileId.byteLength > 0)) {
          w.uint32(162)
          w.bytes(obj.profileId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          timestamp: 0,
          taskId: uint8ArrayAlloc(0),
          submissionId: uint8ArrayAlloc(0),
          score: 0,
          comment: '',
          profileId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.timestamp = reader.uint64Number()
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
              obj.score = reader.uint32()
              break
            }
            case 5: {
              obj.comment = reader.string()
              break
            }
            case 20: {
              obj.profileId = reader.bytes()
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
                field: `${prefix}.timestamp`,
                value: reader.uint64Number()
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
                field: `${prefix}.score`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.comment`,
                value: reader.string()
              }
              break
            }
            case 20: {
              yield {
                field: `${prefix}.profileId`,
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

  export interface ValidationScoredBodyTimestampFieldEvent {
    field: '$.timestamp'
    value: number
  }

  export interface ValidationScoredBodyTaskIdFieldEvent {
    field: '$.taskId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ValidationScoredBodySubmissionIdFieldEvent {
    field: '$.submissionId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ValidationScoredBodyScoreFieldEvent {
    field: '$.score'
    value: number
  }

  export interface ValidationScoredBodyCommentFieldEvent {
    field: '$.comment'
    value: string
  }

  export interface ValidationScoredBodyProfileIdFieldEvent {
    field: '$.profileId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ValidationScoredBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ValidationScoredBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ValidationScoredBody>): ValidationScoredBody {
    return decodeMessage(buf, ValidationScoredBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ValidationScoredBody>): Generator<ValidationScoredBodyTimestampFieldEvent | ValidationScoredBodyTaskIdFieldEvent | ValidationScoredBodySubmissionIdFieldEvent | ValidationScoredBodyScoreFieldEvent | ValidationScoredBodyCommentFieldEvent | ValidationScoredBodyProfileIdFieldEvent> {
    return streamMessage(buf, ValidationScoredBody.codec(), opts)
  }
}

export interface ConsensusVoteBody {
  timestamp: number
  taskId: Uint8Array<ArrayBuffer>
  round: number
  outcomeRoot: Uint8Array<ArrayBuffer>
  messageCount: number
  includedIds: Uint8Array<ArrayBuffer>[]
  profileId: Uint8Array<ArrayBuffer>
}

export namespace ConsensusVoteBody {
  let _codec: Codec<ConsensusVoteBody>

  export const codec = (): Codec<ConsensusVoteBody> => {
    if (_codec == null) {
      _codec = message<ConsensusVoteBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.timestamp != null && obj.timestamp !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.timestamp)
        }

        if ((obj.taskId != null && obj.taskId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.taskId)
        }

        if ((obj.round != null && obj.round !== 0)) {
          w.uint32(24)
          w.uint32(obj.round)
        }

        if ((obj.outcomeRoot != null && obj.outcomeRoot.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.outcomeRoot)
        }

        if ((obj.messageCount != null && obj.messageCount !== 0)) {
          w.uint32(40)
          w.uint32(obj.messageCount)
        }

        if (obj.includedIds != null && obj.includedIds.length > 0) {
          for (const value of obj.includedIds) {
            w.uint32(50)
            w.bytes(value)
          }
        }

        if ((obj.profileId != null && obj.profileId.byteLength > 0)) {
          w.uint32(162)
          w.bytes(obj.profileId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          timestamp: 0,
          taskId: uint8ArrayAlloc(0),
          round: 0,
          outcomeRoot: uint8ArrayAlloc(0),
          messageCount: 0,
          includedIds: [],
          profileId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.timestamp = reader.uint64Number()
              break
            }
            case 2: {
              obj.taskId = reader.bytes()
              break
            }
            case 3: {
              obj.round = reader.uint32()
              break
            }
            case 4: {
              obj.outcomeRoot = reader.bytes()
              break
            }
            case 5: {
              obj.messageCount = reader.uint32()
              break
            }
            case 6: {
              if (opts.limits?.includedIds != null && obj.includedIds.length === opts.limits.includedIds) {
                throw new MaxLengthError('Decode error - repeated field "includedIds" had too many elements')
              }

              if (obj.includedIds.length === 1024) {
                throw new MaxLengthError('Decode error - repeated field "includedIds" had too many elements')
              }

              obj.includedIds.push(reader.bytes())
              break
            }
            case 20: {
              obj.profileId = reader.bytes()
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
          includedIds: 1024
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64Number()
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
                field: `${prefix}.round`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.outcomeRoot`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.messageCount`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              if (opts.limits?.includedIds != null && obj.includedIds === opts.limits.includedIds) {
                throw new MaxLengthError('Streaming decode error - repeated field "includedIds" had too many elements')
              }

              if (obj.includedIds === 1024) {
                throw new MaxLengthError('Streaming decode error - repeated field "includedIds" had too many elements')
              }

              yield {
                field: `${prefix}.includedIds[]`,
                index: obj.includedIds,
                value: reader.bytes()
              }

              obj.includedIds++

              break
            }
            case 20: {
              yield {
                field: `${prefix}.profileId`,
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

  export interface ConsensusVoteBodyTimestampFieldEvent {
    field: '$.timestamp'
    value: number
  }

  export interface ConsensusVoteBodyTaskIdFieldEvent {
    field: '$.taskId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ConsensusVoteBodyRoundFieldEvent {
    field: '$.round'
    value: number
  }

  export interface ConsensusVoteBodyOutcomeRootFieldEvent {
    field: '$.outcomeRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ConsensusVoteBodyMessageCountFieldEvent {
    field: '$.messageCount'
    value: number
  }

  export interface ConsensusVoteBodyIncludedIdsFieldEvent {
    field: '$.includedIds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface ConsensusVoteBodyProfileIdFieldEvent {
    field: '$.profileId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ConsensusVoteBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ConsensusVoteBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ConsensusVoteBody>): ConsensusVoteBody {
    return decodeMessage(buf, ConsensusVoteBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ConsensusVoteBody>): Generator<ConsensusVoteBodyTimestampFieldEvent | ConsensusVoteBodyTaskIdFieldEvent | ConsensusVoteBodyRoundFieldEvent | ConsensusVoteBodyOutcomeRootFieldEvent | ConsensusVoteBodyMessageCountFieldEvent | ConsensusVoteBodyIncludedIdsFieldEvent | ConsensusVoteBodyProfileIdFieldEvent> {
    return streamMessage(buf, ConsensusVoteBody.codec(), opts)
  }
}

export enum FraudKind {
  FRAUD_KIND_UNSPECIFIED = 'FRAUD_KIND_UNSPECIFIED',
  DUPLICATE_ANSWER = 'DUPLICATE_ANSWER',
  NEAR_DUPLICATE = 'NEAR_DUPLICATE',
  IMPLAUSIBLE_SPEED = 'IMPLAUSIBLE_SPEED',
  COLLUSION = 'COLLUSION',
  EQUIVOCATION = 'EQUIVOCATION',
  CONFLICTING_CERTIFICATE = 'CONFLICTING_CERTIFICATE'
}

enum __FraudKindValues {
  FRAUD_KIND_UNSPECIFIED = 0,
  DUPLICATE_ANSWER = 1,
  NEAR_DUPLICATE = 2,
  IMPLAUSIBLE_SPEED = 3,
  COLLUSION = 4,
  EQUIVOCATION = 5,
  CONFLICTING_CERTIFICATE = 6
}

export namespace FraudKind {
  export const codec = (): Codec<FraudKind> => {
    return enumeration<FraudKind>(__FraudKindValues)
  }
}

export interface FraudAlertBody {
  timestamp: number
  taskId: Uint8Array<ArrayBuffer>
  subject: Uint8Array<ArrayBuffer>
  fraudKind: FraudKind
  evidenceIds: Uint8Array<ArrayBuffer>[]
  evidence: Uint8Array<ArrayBuffer>[]
  riskBps: number
  profileId: Uint8Array<ArrayBuffer>
}

export namespace FraudAlertBody {
  let _codec: Codec<FraudAlertBody>

  export const codec = (): Codec<FraudAlertBody> => {
    if (_codec == null) {
      _codec = message<FraudAlertBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.timestamp != null && obj.timestamp !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.timestamp)
        }

        if ((obj.taskId != null && obj.taskId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.taskId)
        }

        if ((obj.subject != null && obj.subject.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.subject)
        }

        if (obj.fraudKind != null && __FraudKindValues[obj.fraudKind] !== 0) {
          w.uint32(32)
          FraudKind.codec().encode(obj.fraudKind, w)
        }

        if (obj.evidenceIds != null && obj.evidenceIds.length > 0) {
          for (const value of obj.evidenceIds) {
            w.uint32(42)
            w.bytes(value)
          }
        }

        if (obj.evidence != null && obj.evidence.length > 0) {
          for (const value of obj.evidence) {
            w.uint32(50)
            w.bytes(value)
          }
        }

        if ((obj.riskBps != null && obj.riskBps !== 0)) {
          w.uint32(56)
          w.uint32(obj.riskBps)
        }

        if ((obj.profileId != null && obj.profileId.byteLength > 0)) {
          w.uint32(162)
          w.bytes(obj.profileId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          timestamp: 0,
          taskId: uint8ArrayAlloc(0),
          subject: uint8ArrayAlloc(0),
          fraudKind: FraudKind.FRAUD_KIND_UNSPECIFIED,
          evidenceIds: [],
          evidence: [],
          riskBps: 0,
          profileId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.timestamp = reader.uint64Number()
              break
            }
            case 2: {
              obj.taskId = reader.bytes()
              break
            }
            case 3: {
              obj.subject = reader.bytes()
              break
            }
            case 4: {
              obj.fraudKind = FraudKind.codec().decode(reader)
              break
            }
            case 5: {
              if (opts.limits?.evidenceIds != null && obj.evidenceIds.length === opts.limits.evidenceIds) {
                throw new MaxLengthError('Decode error - repeated field "evidenceIds" had too many elements')
              }

              if (obj.evidenceIds.length === 32) {
                throw new MaxLengthError('Decode error - repeated field "evidenceIds" had too many elements')
              }

              obj.evidenceIds.push(reader.bytes())
              break
            }
            case 6: {
              if (opts.limits?.evidence != null && obj.evidence.length === opts.limits.evidence) {
                throw new MaxLengthError('Decode error - repeated field "evidence" had too many elements')
              }

              if (obj.evidence.length === 8) {
                throw new MaxLengthError('Decode error - repeated field "evidence" had too many elements')
              }

              obj.evidence.push(reader.bytes())
              break
            }
            case 7: {
              obj.riskBps = reader.uint32()
              break
            }
            case 20: {
              obj.profileId = reader.bytes()
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
          evidenceIds: 32,
          evidence: 8
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64Number()
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
                field: `${prefix}.subject`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.fraudKind`,
                value: FraudKind.codec().decode(reader)
              }
              break
            }
            case 5: {
              if (opts.limits?.evidenceIds != null && obj.evidenceIds === opts.limits.evidenceIds) {
                throw new MaxLengthError('Streaming decode error - repeated field "evidenceIds" had too many elements')
              }

              if (obj.evidenceIds === 32) {
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
            case 6: {
              if (opts.limits?.evidence != null && obj.evidence === opts.limits.evidence) {
                throw new MaxLengthError('Streaming decode error - repeated field "evidence" had too many elements')
              }

              if (obj.evidence === 8) {
                throw new MaxLengthError('Streaming decode error - repeated field "evidence" had too many elements')
              }

              yield {
                field: `${prefix}.evidence[]`,
                index: obj.evidence,
                value: reader.bytes()
              }

              obj.evidence++

              break
            }
            case 7: {
              yield {
                field: `${prefix}.riskBps`,
                value: reader.uint32()
              }
              break
            }
            case 20: {
              yield {
                field: `${prefix}.profileId`,
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

  export interface FraudAlertBodyTimestampFieldEvent {
    field: '$.timestamp'
    value: number
  }

  export interface FraudAlertBodyTaskIdFieldEvent {
    field: '$.taskId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FraudAlertBodySubjectFieldEvent {
    field: '$.subject'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FraudAlertBodyFraudKindFieldEvent {
    field: '$.fraudKind'
    value: FraudKind
  }

  export interface FraudAlertBodyEvidenceIdsFieldEvent {
    field: '$.evidenceIds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface FraudAlertBodyEvidenceFieldEvent {
    field: '$.evidence[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface FraudAlertBodyRiskBpsFieldEvent {
    field: '$.riskBps'
    value: number
  }

  export interface FraudAlertBodyProfileIdFieldEvent {
    field: '$.profileId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<FraudAlertBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FraudAlertBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FraudAlertBody>): FraudAlertBody {
    return decodeMessage(buf, FraudAlertBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FraudAlertBody>): Generator<FraudAlertBodyTimestampFieldEvent | FraudAlertBodyTaskIdFieldEvent | FraudAlertBodySubjectFieldEvent | FraudAlertBodyFraudKindFieldEvent | FraudAlertBodyEvidenceIdsFieldEvent | FraudAlertBodyEvidenceFieldEvent | FraudAlertBodyRiskBpsFieldEvent | FraudAlertBodyProfileIdFieldEvent> {
    return streamMessage(buf, FraudAlertBody.codec(), opts)
  }
}

export enum DisputeType {
  DISPUTE_TYPE_UNSPECIFIED = 'DISPUTE_TYPE_UNSPECIFIED',
  VALIDATION_ACCURACY = 'VALIDATION_ACCURACY',
  REWARD_DISTRIBUTION = 'REWARD_DISTRIBUTION',
  PLAGIARISM = 'PLAGIARISM',
  QUALITY_ASSESSMENT = 'QUALITY_ASSESSMENT',
  TECHNICAL_ERROR = 'TECHNICAL_ERROR'
}

enum __DisputeTypeValues {
  DISPUTE_TYPE_UNSPECIFIED = 0,
  VALIDATION_ACCURACY = 1,
  REWARD_DISTRIBUTION = 2,
  PLAGIARISM = 3,
  QUALITY_ASSESSMENT = 4,
  TECHNICAL_ERROR = 5
}

export namespace DisputeType {
  export const codec = (): Codec<DisputeType> => {
    return enumeration<DisputeType>(__DisputeTypeValues)
  }
}

export interface DisputeOpenedBody {
  timestamp: number
  taskId: Uint8Array<ArrayBuffer>
  disputeType: DisputeType
  accused: Uint8Array<ArrayBuffer>
  evidenceIds: Uint8Array<ArrayBuffer>[]
  description: string
  profileId: Uint8Array<ArrayBuffer>
}

export namespace DisputeOpenedBody {
  let _codec: Codec<DisputeOpenedBody>

  export const codec = (): Codec<DisputeOpenedBody> => {
    if (_codec == null) {
      _codec = message<DisputeOpenedBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.timestamp != null && obj.timestamp !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.timestamp)
        }

        if ((obj.taskId != null && obj.taskId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.taskId)
        }

        if (obj.disputeType != null && __DisputeTypeValues[obj.disputeType] !== 0) {
          w.uint32(24)
          DisputeType.codec().encode(obj.disputeType, w)
        }

        if ((obj.accused != null && obj.accused.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.accused)
        }

        if (obj.evidenceIds != null && obj.evidenceIds.length > 0) {
          for (const value of obj.evidenceIds) {
            w.uint32(42)
            w.bytes(value)
          }
        }

        if ((obj.description != null && obj.description !== '')) {
          w.uint32(50)
          w.string(obj.description)
        }

        if ((obj.profileId != null && obj.profileId.byteLength > 0)) {
          w.uint32(162)
          w.bytes(obj.profileId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          timestamp: 0,
          taskId: uint8ArrayAlloc(0),
          disputeType: DisputeType.DISPUTE_TYPE_UNSPECIFIED,
          accused: uint8ArrayAlloc(0),
          evidenceIds: [],
          description: '',
          profileId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.timestamp = reader.uint64Number()
              break
            }
            case 2: {
              obj.taskId = reader.bytes()
              break
            }
            case 3: {
              obj.disputeType = DisputeType.codec().decode(reader)
              break
            }
            case 4: {
              obj.accused = reader.bytes()
              break
            }
            case 5: {
              if (opts.limits?.evidenceIds != null && obj.evidenceIds.length === opts.limits.evidenceIds) {
                throw new MaxLengthError('Decode error - repeated field "evidenceIds" had too many elements')
              }

              if (obj.evidenceIds.length === 32) {
                throw new MaxLengthError('Decode error - repeated field "evidenceIds" had too many elements')
              }

              obj.evidenceIds.push(reader.bytes())
              break
            }
            case 6: {
              obj.description = reader.string()
              break
            }
            case 20: {
              obj.profileId = reader.bytes()
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
          evidenceIds: 32
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64Number()
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
                field: `${prefix}.disputeType`,
                value: DisputeType.codec().decode(reader)
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
              if (opts.limits?.evidenceIds != null && obj.evidenceIds === opts.limits.evidenceIds) {
                throw new MaxLengthError('Streaming decode error - repeated field "evidenceIds" had too many elements')
              }

              if (obj.evidenceIds === 32) {
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
            case 6: {
              yield {
                field: `${prefix}.description`,
                value: reader.string()
              }
              break
            }
            case 20: {
              yield {
                field: `${prefix}.profileId`,
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

  export interface DisputeOpenedBodyTimestampFieldEvent {
    field: '$.timestamp'
    value: number
  }

  export interface DisputeOpenedBodyTaskIdFieldEvent {
    field: '$.taskId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DisputeOpenedBodyDisputeTypeFieldEvent {
    field: '$.disputeType'
    value: DisputeType
  }

  export interface DisputeOpenedBodyAccusedFieldEvent {
    field: '$.accused'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DisputeOpenedBodyEvidenceIdsFieldEvent {
    field: '$.evidenceIds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface DisputeOpenedBodyDescriptionFieldEvent {
    field: '$.description'
    value: string
  }

  export interface DisputeOpenedBodyProfileIdFieldEvent {
    field: '$.profileId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<DisputeOpenedBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DisputeOpenedBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DisputeOpenedBody>): DisputeOpenedBody {
    return decodeMessage(buf, DisputeOpenedBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DisputeOpenedBody>): Generator<DisputeOpenedBodyTimestampFieldEvent | DisputeOpenedBodyTaskIdFieldEvent | DisputeOpenedBodyDisputeTypeFieldEvent | DisputeOpenedBodyAccusedFieldEvent | DisputeOpenedBodyEvidenceIdsFieldEvent | DisputeOpenedBodyDescriptionFieldEvent | DisputeOpenedBodyProfileIdFieldEvent> {
    return streamMessage(buf, DisputeOpenedBody.codec(), opts)
  }
}

export interface DisputeVoteBody {
  timestamp: number
  disputeId: Uint8Array<ArrayBuffer>
  uphold: boolean
  reason: string
  profileId: Uint8Array<ArrayBuffer>
}

export namespace DisputeVoteBody {
  let _codec: Codec<DisputeVoteBody>

  export const codec = (): Codec<DisputeVoteBody> => {
    if (_codec == null) {
      _codec = message<DisputeVoteBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.timestamp != null && obj.timestamp !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.timestamp)
        }

        if ((obj.disputeId != null && obj.disputeId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.disputeId)
        }

        if ((obj.uphold != null && obj.uphold !== false)) {
          w.uint32(24)
          w.bool(obj.uphold)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(34)
          w.string(obj.reason)
        }

        if ((obj.profileId != null && obj.profileId.byteLength > 0)) {
          w.uint32(162)
          w.bytes(obj.profileId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          timestamp: 0,
          disputeId: uint8ArrayAlloc(0),
          uphold: false,
          reason: '',
          profileId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.timestamp = reader.uint64Number()
              break
            }
            case 2: {
              obj.disputeId = reader.bytes()
              break
            }
            case 3: {
              obj.uphold = reader.bool()
              break
            }
            case 4: {
              obj.reason = reader.string()
              break
            }
            case 20: {
              obj.profileId = reader.bytes()
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
                field: `${prefix}.timestamp`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.disputeId`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.uphold`,
                value: reader.bool()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            case 20: {
              yield {
                field: `${prefix}.profileId`,
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

  export interface DisputeVoteBodyTimestampFieldEvent {
    field: '$.timestamp'
    value: number
  }

  export interface DisputeVoteBodyDisputeIdFieldEvent {
    field: '$.disputeId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DisputeVoteBodyUpholdFieldEvent {
    field: '$.uphold'
    value: boolean
  }

  export interface DisputeVoteBodyReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface DisputeVoteBodyProfileIdFieldEvent {
    field: '$.profileId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<DisputeVoteBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DisputeVoteBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DisputeVoteBody>): DisputeVoteBody {
    return decodeMessage(buf, DisputeVoteBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DisputeVoteBody>): Generator<DisputeVoteBodyTimestampFieldEvent | DisputeVoteBodyDisputeIdFieldEvent | DisputeVoteBodyUpholdFieldEvent | DisputeVoteBodyReasonFieldEvent | DisputeVoteBodyProfileIdFieldEvent> {
    return streamMessage(buf, DisputeVoteBody.codec(), opts)
  }
}

export interface RewardClaimedBody {
  timestamp: number
  taskId: Uint8Array<ArrayBuffer>
  amount: bigint
  outcomeRoot: Uint8Array<ArrayBuffer>
  profileId: Uint8Array<ArrayBuffer>
}

export namespace RewardClaimedBody {
  let _codec: Codec<RewardClaimedBody>

  export const codec = (): Codec<RewardClaimedBody> => {
    if (_codec == null) {
      _codec = message<RewardClaimedBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.timestamp != null && obj.timestamp !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.timestamp)
        }

        if ((obj.taskId != null && obj.taskId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.taskId)
        }

        if ((obj.amount != null && obj.amount !== 0n)) {
          w.uint32(24)
          w.uint64(obj.amount)
        }

        if ((obj.outcomeRoot != null && obj.outcomeRoot.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.outcomeRoot)
        }

        if ((obj.profileId != null && obj.profileId.byteLength > 0)) {
          w.uint32(162)
          w.bytes(obj.profileId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          timestamp: 0,
          taskId: uint8ArrayAlloc(0),
          amount: 0n,
          outcomeRoot: uint8ArrayAlloc(0),
          profileId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.timestamp = reader.uint64Number()
              break
            }
            case 2: {
              obj.taskId = reader.bytes()
              break
            }
            case 3: {
              obj.amount = reader.uint64()
              break
            }
            case 4: {
              obj.outcomeRoot = reader.bytes()
              break
            }
            case 20: {
              obj.profileId = reader.bytes()
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
                field: `${prefix}.timestamp`,
                value: reader.uint64Number()
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
                field: `${prefix}.amount`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.outcomeRoot`,
                value: reader.bytes()
              }
              break
            }
            case 20: {
              yield {
                field: `${prefix}.profileId`,
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

  export interface RewardClaimedBodyTimestampFieldEvent {
    field: '$.timestamp'
    value: number
  }

  export interface RewardClaimedBodyTaskIdFieldEvent {
    field: '$.taskId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RewardClaimedBodyAmountFieldEvent {
    field: '$.amount'
    value: bigint
  }

  export interface RewardClaimedBodyOutcomeRootFieldEvent {
    field: '$.outcomeRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RewardClaimedBodyProfileIdFieldEvent {
    field: '$.profileId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<RewardClaimedBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RewardClaimedBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RewardClaimedBody>): RewardClaimedBody {
    return decodeMessage(buf, RewardClaimedBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RewardClaimedBody>): Generator<RewardClaimedBodyTimestampFieldEvent | RewardClaimedBodyTaskIdFieldEvent | RewardClaimedBodyAmountFieldEvent | RewardClaimedBodyOutcomeRootFieldEvent | RewardClaimedBodyProfileIdFieldEvent> {
    return streamMessage(buf, RewardClaimedBody.codec(), opts)
  }
}

export interface ValidatorWeight {
  account: Uint8Array<ArrayBuffer>
  weight: number
}

export namespace ValidatorWeight {
  let _codec: Codec<ValidatorWeight>

  export const codec = (): Codec<ValidatorWeight> => {
    if (_codec == null) {
      _codec = message<ValidatorWeight>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.account != null && obj.account.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.account)
        }

        if ((obj.weight != null && obj.weight !== 0)) {
          w.uint32(16)
          w.uint32(obj.weight)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          account: uint8ArrayAlloc(0),
          weight: 0
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
              obj.weight = reader.uint32()
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
                field: `${prefix}.weight`,
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

  export interface ValidatorWeightAccountFieldEvent {
    field: '$.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ValidatorWeightWeightFieldEvent {
    field: '$.weight'
    value: number
  }

  export function encode (obj: Partial<ValidatorWeight>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ValidatorWeight.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ValidatorWeight>): ValidatorWeight {
    return decodeMessage(buf, ValidatorWeight.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ValidatorWeight>): Generator<ValidatorWeightAccountFieldEvent | ValidatorWeightWeightFieldEvent> {
    return streamMessage(buf, ValidatorWeight.codec(), opts)
  }
}

export interface CheckpointVoteBody {
  timestamp: number
  epoch: number
  round: number
  foldRoot: Uint8Array<ArrayBuffer>
  foldedTasks: number
  trustDigest: Uint8Array<ArrayBuffer>
  validators: ValidatorWeight[]
  profileId: Uint8Array<ArrayBuffer>
}

export namespace CheckpointVoteBody {
  let _codec: Codec<CheckpointVoteBody>

  export const codec = (): Codec<CheckpointVoteBody> => {
    if (_codec == null) {
      _codec = message<CheckpointVoteBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.timestamp != null && obj.timestamp !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.timestamp)
        }

        if ((obj.epoch != null && obj.epoch !== 0)) {
          w.uint32(16)
          w.uint32(obj.epoch)
        }

        if ((obj.round != null && obj.round !== 0)) {
          w.uint32(24)
          w.uint32(obj.round)
        }

        if ((obj.foldRoot != null && obj.foldRoot.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.foldRoot)
        }

        if ((obj.foldedTasks != null && obj.foldedTasks !== 0)) {
          w.uint32(40)
          w.uint32(obj.foldedTasks)
        }

        if ((obj.trustDigest != null && obj.trustDigest.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.trustDigest)
        }

        if (obj.validators != null && obj.validators.length > 0) {
          for (const value of obj.validators) {
            w.uint32(58)
            ValidatorWeight.codec().encode(value, w)
          }
        }

        if ((obj.profileId != null && obj.profileId.byteLength > 0)) {
          w.uint32(162)
          w.bytes(obj.profileId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          timestamp: 0,
          epoch: 0,
          round: 0,
          foldRoot: uint8ArrayAlloc(0),
          foldedTasks: 0,
          trustDigest: uint8ArrayAlloc(0),
          validators: [],
          profileId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.timestamp = reader.uint64Number()
              break
            }
            case 2: {
              obj.epoch = reader.uint32()
              break
            }
            case 3: {
              obj.round = reader.uint32()
              break
            }
            case 4: {
              obj.foldRoot = reader.bytes()
              break
            }
            case 5: {
              obj.foldedTasks = reader.uint32()
              break
            }
            case 6: {
              obj.trustDigest = reader.bytes()
              break
            }
            case 7: {
              if (opts.limits?.validators != null && obj.validators.length === opts.limits.validators) {
                throw new MaxLengthError('Decode error - repeated field "validators" had too many elements')
              }

              if (obj.validators.length === 256) {
                throw new MaxLengthError('Decode error - repeated field "validators" had too many elements')
              }

              obj.validators.push(ValidatorWeight.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.validators$
              }))
              break
            }
            case 20: {
              obj.profileId = reader.bytes()
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
          validators: 256
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.epoch`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.round`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.foldRoot`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.foldedTasks`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.trustDigest`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              if (opts.limits?.validators != null && obj.validators === opts.limits.validators) {
                throw new MaxLengthError('Streaming decode error - repeated field "validators" had too many elements')
              }

              if (obj.validators === 256) {
                throw new MaxLengthError('Streaming decode error - repeated field "validators" had too many elements')
              }

              for (const evt of ValidatorWeight.codec().stream(reader, reader.uint32(), `${prefix}.validators[]`, {
                limits: opts.limits?.validators$
              })) {
                yield {
                  ...evt,
                  index: obj.validators
                }
              }

              obj.validators++

              break
            }
            case 20: {
              yield {
                field: `${prefix}.profileId`,
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

  export interface CheckpointVoteBodyTimestampFieldEvent {
    field: '$.timestamp'
    value: number
  }

  export interface CheckpointVoteBodyEpochFieldEvent {
    field: '$.epoch'
    value: number
  }

  export interface CheckpointVoteBodyRoundFieldEvent {
    field: '$.round'
    value: number
  }

  export interface CheckpointVoteBodyFoldRootFieldEvent {
    field: '$.foldRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CheckpointVoteBodyFoldedTasksFieldEvent {
    field: '$.foldedTasks'
    value: number
  }

  export interface CheckpointVoteBodyTrustDigestFieldEvent {
    field: '$.trustDigest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CheckpointVoteBodyValidatorsAccountFieldEvent {
    field: '$.validators[].account'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface CheckpointVoteBodyValidatorsWeightFieldEvent {
    field: '$.validators[].weight'
    value: number
    index: number
  }

  export interface CheckpointVoteBodyProfileIdFieldEvent {
    field: '$.profileId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<CheckpointVoteBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CheckpointVoteBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CheckpointVoteBody>): CheckpointVoteBody {
    return decodeMessage(buf, CheckpointVoteBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CheckpointVoteBody>): Generator<CheckpointVoteBodyTimestampFieldEvent | CheckpointVoteBodyEpochFieldEvent | CheckpointVoteBodyRoundFieldEvent | CheckpointVoteBodyFoldRootFieldEvent | CheckpointVoteBodyFoldedTasksFieldEvent | CheckpointVoteBodyTrustDigestFieldEvent | CheckpointVoteBodyValidatorsAccountFieldEvent | CheckpointVoteBodyValidatorsWeightFieldEvent | CheckpointVoteBodyProfileIdFieldEvent> {
    return streamMessage(buf, CheckpointVoteBody.codec(), opts)
  }
}
