import { describe, expect, it } from 'vitest'
import {
  accountFromSeed,
  type BodyOf,
  checkBody,
  Difficulty,
  isProtocolError,
  MessageKind,
  TaskType,
  VerificationType,
} from '../src/index.js'
import { sampleBody } from '../src/testing/index.js'

type Case = { [K in MessageKind]: [K, string, (b: BodyOf[K]) => BodyOf[K]] }[MessageKind]

const short = new Uint8Array(31) as Uint8Array<ArrayBuffer>

/** One broken body per rule: each must be refused with INVALID_FIELD naming the field. */
const CASES: Case[] = [
  [MessageKind.TaskPublished, 'timestamp', (b) => ({ ...b, timestamp: 0 })],
  [MessageKind.TaskPublished, 'title', (b) => ({ ...b, title: '' })],
  [MessageKind.TaskPublished, 'title', (b) => ({ ...b, title: 'x'.repeat(257) })],
  [MessageKind.TaskPublished, 'taskType', (b) => ({ ...b, taskType: TaskType.TASK_TYPE_UNSPECIFIED })],
  [MessageKind.TaskPublished, 'difficulty', (b) => ({ ...b, difficulty: Difficulty.DIFFICULTY_UNSPECIFIED })],
  [MessageKind.TaskPublished, 'details.language', (b) => ({ ...b, details: { complexity: 3 } })],
  [
    MessageKind.TaskPublished,
    'details.scope',
    (b) => ({ ...b, taskType: TaskType.SECURITY_AUDIT, details: {} }),
  ],
  [
    MessageKind.TaskPublished,
    'details.complexity',
    (b) => ({ ...b, details: { language: 'go', complexity: 11 } }),
  ],
  [
    MessageKind.TaskPublished,
    'verification.type',
    (b) => ({ ...b, verification: { ...b.verification!, type: VerificationType.VERIFICATION_UNSPECIFIED } }),
  ],
  [
    MessageKind.TaskPublished,
    'verification.automaticWeight',
    (b) => ({
      ...b,
      verification: {
        ...b.verification!,
        type: VerificationType.HYBRID,
        automaticWeight: 5000,
        peerWeight: 4000,
      },
    }),
  ],
  [MessageKind.TaskPublished, 'reward', (b) => ({ ...b, reward: 0n })],
  [MessageKind.TaskPublished, 'reward', (b) => ({ ...b, reward: 2n ** 64n })],
  [MessageKind.TaskPublished, 'commitDeadline', (b) => ({ ...b, commitDeadline: b.timestamp })],
  [MessageKind.TaskPublished, 'submissionDeadline', (b) => ({ ...b, submissionDeadline: b.commitDeadline })],
  [
    MessageKind.TaskPublished,
    'validationDeadline',
    (b) => ({ ...b, validationDeadline: b.submissionDeadline }),
  ],
  [
    MessageKind.TaskPublished,
    'challengeDeadline',
    (b) => ({ ...b, challengeDeadline: b.validationDeadline - 1 }),
  ],
  [MessageKind.TaskPublished, 'maxSubmissions', (b) => ({ ...b, maxSubmissions: 0 })],
  [MessageKind.TaskPublished, 'inputHash', (b) => ({ ...b, inputHash: short })],
  [MessageKind.TaskCancelled, 'taskId', (b) => ({ ...b, taskId: short })],
  [MessageKind.MinerProfile, 'roles', (b) => ({ ...b, publisher: false, miner: false, validator: false })],
  [
    MessageKind.MinerProfile,
    'specializations',
    (b) => ({ ...b, specializations: [b.specializations[0]!, b.specializations[0]!] }),
  ],
  [
    MessageKind.MinerProfile,
    'specializations.proficiency',
    (b) => ({ ...b, specializations: [{ ...b.specializations[0]!, proficiency: 101 }] }),
  ],
  [MessageKind.MinerProfile, 'capacity', (b) => ({ ...b, capacity: 1_000_000 })],
  [MessageKind.AnswerCommitted, 'commitment', (b) => ({ ...b, commitment: short })],
  [MessageKind.AnswerRevealed, 'answer', (b) => ({ ...b, answer: '' })],
  [MessageKind.AnswerRevealed, 'workStartedAt', (b) => ({ ...b, workStartedAt: b.timestamp + 1 })],
  [MessageKind.AnswerRevealed, 'salt', (b) => ({ ...b, salt: new Uint8Array(65) })],
  [MessageKind.ValidationScored, 'score', (b) => ({ ...b, score: 101 })],
  [MessageKind.ValidationScored, 'submissionId', (b) => ({ ...b, submissionId: short })],
  [MessageKind.ConsensusVote, 'outcomeRoot', (b) => ({ ...b, outcomeRoot: short })],
  [MessageKind.FraudAlert, 'evidenceIds', (b) => ({ ...b, evidenceIds: [] })],
  [MessageKind.FraudAlert, 'subject', (b) => ({ ...b, subject: short })],
  [MessageKind.FraudAlert, 'riskBps', (b) => ({ ...b, riskBps: 10_001 })],
  [MessageKind.DisputeOpened, 'accused', (b) => ({ ...b, accused: short })],
  [MessageKind.DisputeVote, 'disputeId', (b) => ({ ...b, disputeId: short })],
  [MessageKind.RewardClaimed, 'amount', (b) => ({ ...b, amount: 0n })],
]

describe('body schema', () => {
  it.each(CASES.map(([kind, field, mutate]) => [MessageKind[kind], field, kind, mutate] as const))(
    '%s refuses a bad %s',
    (_name, field, kind, mutate) => {
      const broken = (mutate as (b: BodyOf[MessageKind]) => BodyOf[MessageKind])(sampleBody(kind))
      try {
        checkBody(kind, broken)
        throw new Error('accepted')
      } catch (err) {
        expect(isProtocolError(err, 'INVALID_FIELD'), String(err)).toBe(true)
        expect((err as { field?: string }).field).toBe(field)
      }
    },
  )

  it('accepts every sample body', () => {
    for (let kind = 1; kind <= MessageKind.RewardClaimed; kind++) {
      expect(() => checkBody(kind as MessageKind, sampleBody(kind as MessageKind, 5))).not.toThrow()
    }
    expect(accountFromSeed(new Uint8Array(32)).address).toMatch(/^aim1/)
  })
})
