/**
 * The API's input schemas (docs/api.md), in zod: ids are 64 lowercase hex characters, amounts
 * decimal uint64 strings (or safe integers), scores 0..100. Out-of-range values fail with
 * too_big / too_small (422), anything malformed with 400.
 */
import {
  Difficulty,
  DisputeStatus,
  DisputeType,
  LIMITS,
  TaskStatus,
  TaskType,
  VerificationType,
} from '@aimesh/protocol'
import { z } from 'zod'
import { MAX_BLOB_BYTES } from '../blobs.js'
import { ROLES } from '../keystore/key-file.js'

const MAX_U64 = 2n ** 64n - 1n

export const hexId = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters')
export const accountRef = z.string().min(1).max(128)

/** A uint64 amount: decimal string or safe integer, 1..2^64-1. */
export const amount = z
  .union([z.string().regex(/^\d{1,20}$/, 'must be a decimal amount'), z.number().int().nonnegative()])
  .transform((v) => BigInt(v))
  .pipe(
    z
      .bigint()
      .min(1n, 'must be at least 1')
      .max(MAX_U64, 'must fit in uint64 (at most 18446744073709551615)'),
  )

const enumOf = (e: object) =>
  z.enum(
    Object.values(e).filter((v): v is string => typeof v === 'string' && !v.endsWith('UNSPECIFIED')) as [
      string,
      ...string[],
    ],
  )

const phaseMs = z
  .number()
  .int()
  .min(1_000)
  .max(90 * 86_400_000)

export const publishTaskBody = z
  .object({
    account: accountRef,
    title: z.string().min(1).max(LIMITS.titleChars),
    description: z.string().max(LIMITS.descriptionChars).optional(),
    taskType: enumOf(TaskType),
    difficulty: enumOf(Difficulty),
    details: z
      .object({
        language: z.string().max(LIMITS.detailChars).optional(),
        complexity: z.number().int().min(1).max(10).optional(),
        scope: z.string().max(LIMITS.detailChars).optional(),
        dataType: z.string().max(LIMITS.detailChars).optional(),
        analysisType: z.string().max(LIMITS.detailChars).optional(),
        domain: z.string().max(LIMITS.detailChars).optional(),
        category: z.string().max(LIMITS.detailChars).optional(),
      })
      .strict()
      .optional(),
    verification: z
      .object({
        type: enumOf(VerificationType).optional(),
        requiredReviewers: z.number().int().min(0).max(32).optional(),
        threshold: z.number().int().min(0).max(100).optional(),
        expertCount: z.number().int().min(0).max(32).optional(),
        automaticWeight: z.number().int().min(0).max(10_000).optional(),
        peerWeight: z.number().int().min(0).max(10_000).optional(),
      })
      .strict()
      .optional(),
    reward: amount,
    commitReveal: z.boolean().optional(),
    phases: z
      .object({
        commitMs: phaseMs.optional(),
        revealMs: phaseMs.optional(),
        validationMs: phaseMs.optional(),
        challengeMs: phaseMs.optional(),
      })
      .strict()
      .optional(),
    maxSubmissions: z.number().int().min(1).max(1000).optional(),
    /** The task input as text (stored as a blob; its sha256 becomes inputHash). */
    input: z.string().max(MAX_BLOB_BYTES).optional(),
    inputHash: hexId.optional(),
  })
  .strict()

export const answerBody = z
  .object({ account: accountRef, answer: z.string().min(1).max(LIMITS.answerChars) })
  .strict()
export const accountBody = z.object({ account: accountRef }).strict()
export const optionalAccountBody = z.object({ account: accountRef.optional() }).strict()
export const scoreBody = z
  .object({
    account: accountRef,
    score: z.number().int('must be a whole number').min(0).max(100),
    comment: z.string().max(LIMITS.commentChars).optional(),
  })
  .strict()
export const cancelBody = z
  .object({ account: accountRef, reason: z.string().max(LIMITS.reasonChars).optional() })
  .strict()
export const disputeBody = z
  .object({
    account: accountRef,
    disputeType: enumOf(DisputeType),
    accused: hexId,
    reason: z.string().max(LIMITS.descriptionChars).optional(),
    evidence: z.array(hexId).max(LIMITS.evidenceIds).optional(),
  })
  .strict()
export const disputeVoteBody = z
  .object({ account: accountRef, uphold: z.boolean(), reason: z.string().max(LIMITS.reasonChars).optional() })
  .strict()
export const envelopeBody = z
  .object({
    envelope: z
      .string()
      .regex(/^([0-9a-f]{2})+$/, 'must be lowercase hex')
      .max(LIMITS.envelopeBytes * 2),
  })
  .strict()
export const newAccountBody = z
  .object({ name: z.string().min(1).max(64), roles: z.array(z.enum(ROLES)).max(3).optional() })
  .strict()
export const profileBody = z
  .object({
    publisher: z.boolean().optional(),
    miner: z.boolean().optional(),
    validator: z.boolean().optional(),
    specializations: z
      .array(
        z
          .object({
            taskType: enumOf(TaskType),
            proficiency: z.number().int().min(0).max(100),
            maxDifficulty: enumOf(Difficulty),
          })
          .strict(),
      )
      .max(LIMITS.specializations)
      .optional(),
    capacity: z.number().int().min(0).max(1000).optional(),
    name: z.string().max(LIMITS.nameChars).optional(),
  })
  .strict()
export const banBody = z
  .object({
    reason: z.string().max(256).optional(),
    durationMs: z
      .number()
      .int()
      .min(1)
      .max(365 * 86_400_000)
      .optional(),
  })
  .strict()

export const idParams = z.object({ id: hexId }).strict()
export const accountParams = z.object({ account: hexId }).strict()
export const peerParams = z.object({ peerId: z.string().min(1).max(128) }).strict()
export const nameParams = z.object({ name: z.string().min(1).max(64) }).strict()
export const hashParams = z.object({ hash: hexId }).strict()

const limit = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max))
    .optional()

export const tasksQuery = z
  .object({
    status: enumOf(TaskStatus).optional(),
    type: enumOf(TaskType).optional(),
    publisher: hexId.optional(),
    limit: limit(1000),
  })
  .strict()
export const limitQuery = z.object({ limit: limit(1000) }).strict()
export const disputesQuery = z
  .object({ task: hexId.optional(), status: enumOf(DisputeStatus).optional() })
  .strict()
export const emptyBody = z.object({}).strict()
