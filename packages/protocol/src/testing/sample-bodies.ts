/**
 * Valid example bodies for every kind, for tests and benchmarks in any package.
 * Exported from `@aimesh/protocol/testing` so production code never pulls it in by accident.
 */
import { sha256 } from '../bytes.js'
import { Difficulty, DisputeType, FraudKind, TaskType, VerificationType } from '../generated/messages.js'
import { type BodyOf, MessageKind } from '../kinds.js'

const T0 = 1_700_000_000_000
const id = (label: string) => sha256(new TextEncoder().encode(label))

/** A valid body of the given kind; `seed` varies ids and text so bodies differ. */
export function sampleBody<K extends MessageKind>(kind: K, seed = 0): BodyOf[K] {
  const t = T0 + seed
  const bodies: { [P in MessageKind]: () => BodyOf[P] } = {
    [MessageKind.TaskPublished]: () => ({
      timestamp: t,
      profileId: id(`profile-${seed}`),
      title: `Review parser #${seed}`,
      description: 'Find the off-by-one in the tokenizer.',
      taskType: TaskType.CODE_ANALYSIS,
      details: { language: 'typescript', complexity: 4 },
      difficulty: Difficulty.INTERMEDIATE,
      verification: {
        type: VerificationType.PEER_REVIEW,
        requiredReviewers: 3,
        threshold: 60,
        expertCount: 0,
        automaticWeight: 0,
        peerWeight: 0,
      },
      reward: 1_000_000n + BigInt(seed),
      commitDeadline: t + 60_000,
      submissionDeadline: t + 120_000,
      validationDeadline: t + 180_000,
      challengeDeadline: t + 240_000,
      maxSubmissions: 10,
      inputHash: id(`input-${seed}`),
      nonce: new Uint8Array([seed & 0xff]),
    }),
    [MessageKind.TaskCancelled]: () => ({
      timestamp: t,
      profileId: id(`profile-${seed}`),
      taskId: id(`task-${seed}`),
      reason: 'posted by mistake',
    }),
    [MessageKind.MinerProfile]: () => ({
      workNonce: new Uint8Array(0),
      timestamp: t,
      publisher: false,
      miner: true,
      validator: seed % 2 === 0,
      specializations: [
        { taskType: TaskType.CODE_ANALYSIS, proficiency: 80, maxDifficulty: Difficulty.ADVANCED },
      ],
      capacity: 4,
      name: `miner-${seed}`,
    }),
    [MessageKind.AnswerCommitted]: () => ({
      timestamp: t,
      profileId: id(`profile-${seed}`),
      taskId: id(`task-${seed}`),
      commitment: id(`c-${seed}`),
    }),
    [MessageKind.AnswerRevealed]: () => ({
      timestamp: t,
      profileId: id(`profile-${seed}`),
      taskId: id(`task-${seed}`),
      answer: `The loop bound should be < n, not <= n (${seed}).`,
      salt: id(`salt-${seed}`),
      workStartedAt: t - 30_000,
      commitId: id(`commit-${seed}`),
    }),
    [MessageKind.ValidationScored]: () => ({
      timestamp: t,
      profileId: id(`profile-${seed}`),
      taskId: id(`task-${seed}`),
      submissionId: id(`sub-${seed}`),
      score: seed % 101,
      comment: 'correct and well explained',
    }),
    [MessageKind.ConsensusVote]: () => ({
      timestamp: t,
      profileId: id(`profile-${seed}`),
      taskId: id(`task-${seed}`),
      round: 0,
      outcomeRoot: id(`root-${seed}`),
      messageCount: 7,
      includedIds: [id(`answer-${seed}`), id(`score-${seed}`)].sort((a, b) =>
        Buffer.compare(Buffer.from(a), Buffer.from(b)),
      ),
    }),
    [MessageKind.FraudAlert]: () => ({
      timestamp: t,
      profileId: id(`profile-${seed}`),
      taskId: id(`task-${seed}`),
      subject: id(`acct-${seed}`),
      fraudKind: FraudKind.EQUIVOCATION,
      evidenceIds: [id(`e1-${seed}`), id(`e2-${seed}`)],
      evidence: [],
      riskBps: 10_000,
    }),
    [MessageKind.DisputeOpened]: () => ({
      timestamp: t,
      profileId: id(`profile-${seed}`),
      taskId: id(`task-${seed}`),
      disputeType: DisputeType.VALIDATION_ACCURACY,
      accused: id(`acct-${seed}`),
      evidenceIds: [id(`v-${seed}`)],
      description: 'score is far from the other reviewers',
    }),
    [MessageKind.DisputeVote]: () => ({
      timestamp: t,
      profileId: id(`profile-${seed}`),
      disputeId: id(`d-${seed}`),
      uphold: true,
      reason: 'agree',
    }),
    [MessageKind.RewardClaimed]: () => ({
      timestamp: t,
      profileId: id(`profile-${seed}`),
      taskId: id(`task-${seed}`),
      amount: 650_000n,
      outcomeRoot: id(`root-${seed}`),
    }),
    [MessageKind.CheckpointVote]: () => ({
      timestamp: t,
      profileId: id(`profile-${seed}`),
      epoch: 2,
      round: 0,
      foldRoot: id(`fold-${seed}`),
      foldedTasks: 3,
      trustDigest: id(`trust-${seed}`),
      validators: [id(`val-a-${seed}`), id(`val-b-${seed}`)]
        .sort((a, b) => Buffer.compare(a, b))
        .map((account, i) => ({ account, weight: 700 + i })),
    }),
  }
  return (bodies[kind] as () => BodyOf[K])()
}
