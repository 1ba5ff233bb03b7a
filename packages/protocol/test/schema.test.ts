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

type Case = [MessageKind, string, (b: BodyOf[MessageKind]) => BodyOf[MessageKind]]

/** Builds a case with the body type of its kind, so each mutation is type-checked. */
function c<K extends MessageKind>(kind: K, field: string, mutate: (b: BodyOf[K]) => BodyOf[K]): Case {
  return [kind, field, mutate as unknown as Case[2]]
}

const short = new Uint8Array(31) as Uint8Array<ArrayBuffer>

/** One broken body per rule: each must be refused with INVALID_FIELD naming the field. */
const CASES: Case[] = [
  c(MessageKind.TaskPublished, 'timestamp', (b) => ({ ...b, timestamp: 0 })),
  c(MessageKind.TaskPublished, 'title', (b) => ({ ...b, title: '' })),
  c(MessageKind.TaskPublished, 'title', (b) => ({ ...b, title: 'x'.repeat(257) })),
  c(MessageKind.TaskPublished, 'taskType', (b) => ({ ...b, taskType: TaskType.TASK_TYPE_UNSPECIFIED })),
  c(MessageKind.TaskPublished, 'difficulty', (b) => ({
    ...b,
    difficulty: Difficulty.DIFFICULTY_UNSPECIFIED,
  })),
  c(MessageKind.TaskPublished, 'details.language', (b) => ({ ...b, details: { complexity: 3 } })),
  c(MessageKind.TaskPublished, 'details.scope', (b) => ({
    ...b,
    taskType: TaskType.SECURITY_AUDIT,
    details: {},
  })),
  c(MessageKind.TaskPublished, 'details.complexity', (b) => ({
    ...b,
    details: { language: 'go', complexity: 11 },
  })),
  c(MessageKind.TaskPublished, 'verification.type', (b) => ({
    ...b,
    verification: { ...b.verification!, type: VerificationType.VERIFICATION_UNSPECIFIED },
  })),
  c(MessageKind.TaskPublished, 'verification.automaticWeight', (b) => ({
    ...b,
    verification: {
      ...b.verification!,
      type: VerificationType.HYBRID,
      automaticWeight: 5000,
      peerWeight: 4000,
    },
  })),
  c(MessageKind.TaskPublished, 'reward', (b) => ({ ...b, reward: 0n })),
  c(MessageKind.TaskPublished, 'reward', (b) => ({ ...b, reward: 2n ** 64n })),
  c(MessageKind.TaskPublished, 'commitDeadline', (b) => ({ ...b, commitDeadline: b.timestamp })),
  c(MessageKind.TaskPublished, 'submissionDeadline', (b) => ({ ...b, submissionDeadline: b.commitDeadline })),
  c(MessageKind.TaskPublished, 'validationDeadline', (b) => ({
    ...b,
    validationDeadline: b.submissionDeadline,
  })),
  c(MessageKind.TaskPublished, 'challengeDeadline', (b) => ({
    ...b,
    challengeDeadline: b.validationDeadline - 1,
  })),
  c(MessageKind.TaskPublished, 'maxSubmissions', (b) => ({ ...b, maxSubmissions: 0 })),
  c(MessageKind.TaskPublished, 'inputHash', (b) => ({ ...b, inputHash: short })),
  c(MessageKind.TaskCancelled, 'taskId', (b) => ({ ...b, taskId: short })),
  c(MessageKind.MinerProfile, 'roles', (b) => ({ ...b, publisher: false, miner: false, validator: false })),
  c(MessageKind.MinerProfile, 'specializations', (b) => ({
    ...b,
    specializations: [b.specializations[0]!, b.specializations[0]!],
  })),
  c(MessageKind.MinerProfile, 'specializations.proficiency', (b) => ({
    ...b,
    specializations: [{ ...b.specializations[0]!, proficiency: 101 }],
  })),
  c(MessageKind.MinerProfile, 'capacity', (b) => ({ ...b, capacity: 1_000_000 })),
  c(MessageKind.AnswerCommitted, 'commitment', (b) => ({ ...b, commitment: short })),
  c(MessageKind.AnswerRevealed, 'answer', (b) => ({ ...b, answer: '' })),
  c(MessageKind.AnswerRevealed, 'workStartedAt', (b) => ({ ...b, workStartedAt: b.timestamp + 1 })),
  c(MessageKind.AnswerRevealed, 'salt', (b) => ({ ...b, salt: new Uint8Array(65) })),
  c(MessageKind.AnswerRevealed, 'commitId', (b) => ({ ...b, commitId: short })),
  c(MessageKind.ValidationScored, 'score', (b) => ({ ...b, score: 101 })),
  c(MessageKind.ValidationScored, 'submissionId', (b) => ({ ...b, submissionId: short })),
  c(MessageKind.ConsensusVote, 'outcomeRoot', (b) => ({ ...b, outcomeRoot: short })),
  c(MessageKind.ConsensusVote, 'includedIds', (b) => ({ ...b, includedIds: [short] })),
  c(MessageKind.ConsensusVote, 'includedIds', (b) => ({ ...b, includedIds: [...b.includedIds].reverse() })),
  c(MessageKind.ConsensusVote, 'includedIds', (b) => ({
    ...b,
    includedIds: [b.includedIds[0]!, b.includedIds[0]!],
  })),
  c(MessageKind.FraudAlert, 'evidenceIds', (b) => ({ ...b, evidenceIds: [] })),
  c(MessageKind.FraudAlert, 'subject', (b) => ({ ...b, subject: short })),
  c(MessageKind.FraudAlert, 'riskBps', (b) => ({ ...b, riskBps: 10_001 })),
  c(MessageKind.DisputeOpened, 'accused', (b) => ({ ...b, accused: short })),
  c(MessageKind.DisputeVote, 'disputeId', (b) => ({ ...b, disputeId: short })),
  c(MessageKind.RewardClaimed, 'amount', (b) => ({ ...b, amount: 0n })),
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
