/**
 * Structural checks on decoded bodies: everything that can be judged from the message alone
 * (lengths, ranges, required fields, deadline order). Rules that need state live in the engine.
 */
import { ProtocolError } from './errors.js'
import { Difficulty, DisputeType, FraudKind, TaskType, VerificationType } from './generated/messages.js'
import { type BodyOf, MessageKind } from './kinds.js'
import { LIMITS } from './limits.js'

/** Largest reward representable on the wire (uint64). */
const MAX_U64 = 2n ** 64n - 1n
/** Upper bound on reviewers a task may require: keeps panels and vote counting bounded. */
export const MAX_REQUIRED_REVIEWERS = 32
/** Upper bound on answers per task: bounds per-task work in consensus and fraud analysis. */
export const MAX_SUBMISSIONS_PER_TASK = 1000
export const MAX_CAPACITY = 1000
export const MAX_CONSENSUS_ROUNDS = 1000
/** Largest value a uint32 field carries; larger numbers would be truncated by the encoder. */
const MAX_U32 = 2 ** 32 - 1

/** Lexicographic byte order (what sorting hex ids gives). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

function fail(field: string, why: string): never {
  throw new ProtocolError('INVALID_FIELD', `${field} ${why}`, field)
}

function timestamp(field: string, v: number): void {
  if (!Number.isSafeInteger(v) || v <= 0) fail(field, 'must be a positive unix time in milliseconds')
}

function optionalTime(field: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) fail(field, 'must be a unix time in milliseconds or 0')
}

function id(field: string, v: Uint8Array): void {
  if (v.length !== LIMITS.idBytes) fail(field, `must be a ${LIMITS.idBytes}-byte id, got ${v.length} bytes`)
}

function key(field: string, v: Uint8Array): void {
  if (v.length !== LIMITS.publicKeyBytes) fail(field, `must be a ${LIMITS.publicKeyBytes}-byte public key`)
}

function text(field: string, v: string, max: number, required = false): void {
  if (typeof v !== 'string') fail(field, 'must be a string')
  if (required && v.length === 0) fail(field, 'is required')
  if (v.length > max) fail(field, `is longer than ${max} characters`)
  // A lone surrogate goes on the wire as invalid UTF-8 (and decodes back to itself), while
  // TextEncoder, and so answerHash, turns it into U+FFFD: two different texts, one hash.
  if (!v.isWellFormed()) fail(field, 'must be well-formed Unicode (no lone surrogates)')
}

function range(field: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) fail(field, `must be an integer in ${min}..${max}`)
}

function known<T extends string>(field: string, v: T, unspecified: T): void {
  if (v === undefined || v === unspecified) fail(field, 'must be set')
}

type Checker<K extends MessageKind> = (body: BodyOf[K]) => void

const CHECKS: { [K in MessageKind]: Checker<K> } = {
  [MessageKind.TaskPublished]: (b) => {
    timestamp('timestamp', b.timestamp)
    text('title', b.title, LIMITS.titleChars, true)
    text('description', b.description, LIMITS.descriptionChars)
    known('taskType', b.taskType, TaskType.TASK_TYPE_UNSPECIFIED)
    known('difficulty', b.difficulty, Difficulty.DIFFICULTY_UNSPECIFIED)
    const d = b.details
    if (d === undefined) fail('details', 'are required')
    for (const f of ['language', 'scope', 'dataType', 'analysisType', 'domain', 'category'] as const) {
      const v = d[f]
      if (v !== undefined) text(`details.${f}`, v, LIMITS.detailChars)
    }
    if (d.complexity !== undefined) range('details.complexity', d.complexity, 1, 10)
    switch (b.taskType) {
      case TaskType.CODE_ANALYSIS:
        if (!d.language) fail('details.language', 'is required for code analysis')
        if (d.complexity === undefined) fail('details.complexity', 'is required for code analysis')
        break
      case TaskType.SECURITY_AUDIT:
        if (!d.scope) fail('details.scope', 'is required for a security audit')
        break
      case TaskType.DATA_ANALYSIS:
        if (!d.dataType || !d.analysisType)
          fail('details.dataType', 'and analysisType are required for data analysis')
        break
      case TaskType.ALGORITHM_OPTIMIZATION:
        if (!d.domain) fail('details.domain', 'is required for algorithm optimization')
        break
      case TaskType.LOGIC_REASONING:
        if (d.complexity === undefined) fail('details.complexity', 'is required for logic reasoning')
        break
      case TaskType.GENERAL:
        if (!d.category) fail('details.category', 'is required for a general task')
        break
    }
    const v = b.verification
    if (v === undefined) fail('verification', 'is required')
    known('verification.type', v.type, VerificationType.VERIFICATION_UNSPECIFIED)
    range('verification.requiredReviewers', v.requiredReviewers, 0, MAX_REQUIRED_REVIEWERS)
    range('verification.threshold', v.threshold, 0, LIMITS.maxScore)
    range('verification.expertCount', v.expertCount, 0, MAX_REQUIRED_REVIEWERS)
    range('verification.automaticWeight', v.automaticWeight, 0, LIMITS.maxBps)
    range('verification.peerWeight', v.peerWeight, 0, LIMITS.maxBps)
    if (v.type === VerificationType.HYBRID && v.automaticWeight + v.peerWeight !== LIMITS.maxBps) {
      fail(
        'verification.automaticWeight',
        'and peerWeight must sum to 10000 basis points for hybrid verification',
      )
    }
    if (b.reward <= 0n || b.reward > MAX_U64) fail('reward', 'must be a positive amount')
    optionalTime('commitDeadline', b.commitDeadline)
    timestamp('submissionDeadline', b.submissionDeadline)
    timestamp('validationDeadline', b.validationDeadline)
    timestamp('challengeDeadline', b.challengeDeadline)
    const firstDeadline = b.commitDeadline > 0 ? b.commitDeadline : b.submissionDeadline
    if (firstDeadline <= b.timestamp) fail('commitDeadline', 'must be after the publish time')
    if (b.commitDeadline > 0 && b.submissionDeadline <= b.commitDeadline) {
      fail('submissionDeadline', 'must be after the commit deadline')
    }
    if (b.validationDeadline <= b.submissionDeadline)
      fail('validationDeadline', 'must be after the submission deadline')
    if (b.challengeDeadline < b.validationDeadline)
      fail('challengeDeadline', 'must not be before the validation deadline')
    range('maxSubmissions', b.maxSubmissions, 1, MAX_SUBMISSIONS_PER_TASK)
    if (b.inputHash.length !== 0) id('inputHash', b.inputHash)
    if (b.nonce.length > LIMITS.nonceBytes) fail('nonce', `is longer than ${LIMITS.nonceBytes} bytes`)
  },
  [MessageKind.TaskCancelled]: (b) => {
    timestamp('timestamp', b.timestamp)
    id('taskId', b.taskId)
    text('reason', b.reason, LIMITS.reasonChars)
  },
  [MessageKind.MinerProfile]: (b) => {
    timestamp('timestamp', b.timestamp)
    if (!b.publisher && !b.miner && !b.validator) fail('roles', 'must include publisher, miner or validator')
    if (b.specializations.length > LIMITS.specializations)
      fail('specializations', `must list at most ${LIMITS.specializations}`)
    const seen = new Set<string>()
    for (const s of b.specializations) {
      known('specializations.taskType', s.taskType, TaskType.TASK_TYPE_UNSPECIFIED)
      if (seen.has(s.taskType)) fail('specializations', 'must not repeat a task type')
      seen.add(s.taskType)
      range('specializations.proficiency', s.proficiency, 0, LIMITS.maxScore)
      known('specializations.maxDifficulty', s.maxDifficulty, Difficulty.DIFFICULTY_UNSPECIFIED)
    }
    range('capacity', b.capacity, 0, MAX_CAPACITY)
    text('name', b.name, LIMITS.nameChars)
    if (b.workNonce.length > LIMITS.nonceBytes) fail('workNonce', `is longer than ${LIMITS.nonceBytes} bytes`)
  },
  [MessageKind.AnswerCommitted]: (b) => {
    timestamp('timestamp', b.timestamp)
    id('taskId', b.taskId)
    id('commitment', b.commitment)
  },
  [MessageKind.AnswerRevealed]: (b) => {
    timestamp('timestamp', b.timestamp)
    id('taskId', b.taskId)
    text('answer', b.answer, LIMITS.answerChars, true)
    if (b.salt.length > LIMITS.saltBytes) fail('salt', `is longer than ${LIMITS.saltBytes} bytes`)
    if (b.commitId.length !== 0) id('commitId', b.commitId)
    optionalTime('workStartedAt', b.workStartedAt)
    if (b.workStartedAt > b.timestamp) fail('workStartedAt', 'must not be after the reveal time')
  },
  [MessageKind.ValidationScored]: (b) => {
    timestamp('timestamp', b.timestamp)
    id('taskId', b.taskId)
    id('submissionId', b.submissionId)
    range('score', b.score, 0, LIMITS.maxScore)
    text('comment', b.comment, LIMITS.commentChars)
  },
  [MessageKind.ConsensusVote]: (b) => {
    timestamp('timestamp', b.timestamp)
    id('taskId', b.taskId)
    range('round', b.round, 0, MAX_CONSENSUS_ROUNDS)
    id('outcomeRoot', b.outcomeRoot)
    range('messageCount', b.messageCount, 0, MAX_U32)
    if (b.includedIds.length > LIMITS.includedIds)
      fail('includedIds', `must name at most ${LIMITS.includedIds}`)
    for (let i = 0; i < b.includedIds.length; i++) {
      id('includedIds', b.includedIds[i]!)
      // Sorted strictly ascending: one canonical encoding per set, no duplicates.
      if (i > 0 && compareBytes(b.includedIds[i - 1]!, b.includedIds[i]!) >= 0)
        fail('includedIds', 'must be sorted strictly ascending')
    }
  },
  [MessageKind.FraudAlert]: (b) => {
    timestamp('timestamp', b.timestamp)
    id('taskId', b.taskId)
    key('subject', b.subject)
    known('fraudKind', b.fraudKind, FraudKind.FRAUD_KIND_UNSPECIFIED)
    if (b.evidenceIds.length === 0) fail('evidenceIds', 'must name at least one message')
    if (b.evidenceIds.length > LIMITS.evidenceIds)
      fail('evidenceIds', `must name at most ${LIMITS.evidenceIds}`)
    for (const e of b.evidenceIds) id('evidenceIds', e)
    if (b.evidence.length > LIMITS.evidenceEnvelopes)
      fail('evidence', `must hold at most ${LIMITS.evidenceEnvelopes} envelopes`)
    for (const e of b.evidence) {
      if (e.length === 0 || e.length > LIMITS.envelopeBytes)
        fail('evidence', 'holds an envelope of invalid size')
    }
    range('riskBps', b.riskBps, 0, LIMITS.maxBps)
  },
  [MessageKind.DisputeOpened]: (b) => {
    timestamp('timestamp', b.timestamp)
    id('taskId', b.taskId)
    known('disputeType', b.disputeType, DisputeType.DISPUTE_TYPE_UNSPECIFIED)
    key('accused', b.accused)
    if (b.evidenceIds.length > LIMITS.evidenceIds)
      fail('evidenceIds', `must name at most ${LIMITS.evidenceIds}`)
    for (const e of b.evidenceIds) id('evidenceIds', e)
    text('description', b.description, LIMITS.descriptionChars)
  },
  [MessageKind.DisputeVote]: (b) => {
    timestamp('timestamp', b.timestamp)
    id('disputeId', b.disputeId)
    text('reason', b.reason, LIMITS.reasonChars)
  },
  [MessageKind.RewardClaimed]: (b) => {
    timestamp('timestamp', b.timestamp)
    id('taskId', b.taskId)
    if (b.amount <= 0n || b.amount > MAX_U64) fail('amount', 'must be a positive amount')
    id('outcomeRoot', b.outcomeRoot)
  },
  [MessageKind.CheckpointVote]: (b) => {
    timestamp('timestamp', b.timestamp)
    // Epoch 0's set is the genesis list: a checkpoint fixes a later one.
    range('epoch', b.epoch, 1, MAX_U32)
    range('round', b.round, 0, MAX_CONSENSUS_ROUNDS)
    id('foldRoot', b.foldRoot)
    range('foldedTasks', b.foldedTasks, 0, MAX_U32)
    id('trustDigest', b.trustDigest)
    if (b.validators.length === 0) fail('validators', 'must name at least one validator')
    if (b.validators.length > LIMITS.checkpointValidators)
      fail('validators', `must name at most ${LIMITS.checkpointValidators}`)
    for (let i = 0; i < b.validators.length; i++) {
      const v = b.validators[i]!
      key('validators.account', v.account)
      range('validators.weight', v.weight, 1, LIMITS.maxValidatorWeight)
      // Sorted strictly ascending: one canonical encoding per set, no duplicates.
      if (i > 0 && compareBytes(b.validators[i - 1]!.account, v.account) >= 0)
        fail('validators', 'must be sorted by account strictly ascending')
    }
  },
}

/** Throws INVALID_FIELD when a decoded body breaks a structural rule of its kind. */
export function checkBody<K extends MessageKind>(kind: K, body: BodyOf[K]): void {
  ;(CHECKS[kind] as Checker<K>)(body)
  // DESIGN §5.9: every message but a profile names a profile of its signer (its admission parent).
  if (kind !== MessageKind.MinerProfile) id('profileId', (body as { profileId: Uint8Array }).profileId)
}
