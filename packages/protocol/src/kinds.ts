import type { Codec } from 'protons-runtime'
import {
  AnswerCommittedBody,
  AnswerRevealedBody,
  CheckpointVoteBody,
  ConsensusVoteBody,
  DisputeOpenedBody,
  DisputeVoteBody,
  FraudAlertBody,
  MinerProfileBody,
  RewardClaimedBody,
  TaskCancelledBody,
  TaskPublishedBody,
  ValidationScoredBody,
} from './generated/messages.js'
import type { GossipTopicName } from './names.js'

/** Message kinds of protocol v1 (DESIGN §4). The numbers are the wire value of Envelope.kind. */
export enum MessageKind {
  TaskPublished = 1,
  TaskCancelled = 2,
  MinerProfile = 3,
  AnswerCommitted = 4,
  AnswerRevealed = 5,
  ValidationScored = 6,
  ConsensusVote = 7,
  FraudAlert = 8,
  DisputeOpened = 9,
  DisputeVote = 10,
  RewardClaimed = 11,
  CheckpointVote = 12,
}

/** The body type carried by each kind. */
export interface BodyOf {
  [MessageKind.TaskPublished]: TaskPublishedBody
  [MessageKind.TaskCancelled]: TaskCancelledBody
  [MessageKind.MinerProfile]: MinerProfileBody
  [MessageKind.AnswerCommitted]: AnswerCommittedBody
  [MessageKind.AnswerRevealed]: AnswerRevealedBody
  [MessageKind.ValidationScored]: ValidationScoredBody
  [MessageKind.ConsensusVote]: ConsensusVoteBody
  [MessageKind.FraudAlert]: FraudAlertBody
  [MessageKind.DisputeOpened]: DisputeOpenedBody
  [MessageKind.DisputeVote]: DisputeVoteBody
  [MessageKind.RewardClaimed]: RewardClaimedBody
  [MessageKind.CheckpointVote]: CheckpointVoteBody
}

export interface KindInfo<K extends MessageKind> {
  kind: K
  /** Name used in the signing domain tag `aimesh/<network>/<tagName>/1`. */
  tagName: string
  /** Gossip topic the kind travels on. */
  topic: GossipTopicName
  codec: () => Codec<BodyOf[K]>
}

type KindTable = { [K in MessageKind]: KindInfo<K> }

/** One row per kind: adding a kind is adding a row (plus its schema check). */
export const KINDS: KindTable = {
  [MessageKind.TaskPublished]: {
    kind: MessageKind.TaskPublished,
    tagName: 'task-published',
    topic: 'task',
    codec: TaskPublishedBody.codec,
  },
  [MessageKind.TaskCancelled]: {
    kind: MessageKind.TaskCancelled,
    tagName: 'task-cancelled',
    topic: 'task',
    codec: TaskCancelledBody.codec,
  },
  [MessageKind.MinerProfile]: {
    kind: MessageKind.MinerProfile,
    tagName: 'miner-profile',
    topic: 'account',
    codec: MinerProfileBody.codec,
  },
  [MessageKind.AnswerCommitted]: {
    kind: MessageKind.AnswerCommitted,
    tagName: 'answer-committed',
    topic: 'submission',
    codec: AnswerCommittedBody.codec,
  },
  [MessageKind.AnswerRevealed]: {
    kind: MessageKind.AnswerRevealed,
    tagName: 'answer-revealed',
    topic: 'submission',
    codec: AnswerRevealedBody.codec,
  },
  [MessageKind.ValidationScored]: {
    kind: MessageKind.ValidationScored,
    tagName: 'validation-scored',
    topic: 'validation',
    codec: ValidationScoredBody.codec,
  },
  [MessageKind.ConsensusVote]: {
    kind: MessageKind.ConsensusVote,
    tagName: 'consensus-vote',
    topic: 'validation',
    codec: ConsensusVoteBody.codec,
  },
  [MessageKind.FraudAlert]: {
    kind: MessageKind.FraudAlert,
    tagName: 'fraud-alert',
    topic: 'fraud',
    codec: FraudAlertBody.codec,
  },
  [MessageKind.DisputeOpened]: {
    kind: MessageKind.DisputeOpened,
    tagName: 'dispute-opened',
    topic: 'fraud',
    codec: DisputeOpenedBody.codec,
  },
  [MessageKind.DisputeVote]: {
    kind: MessageKind.DisputeVote,
    tagName: 'dispute-vote',
    topic: 'fraud',
    codec: DisputeVoteBody.codec,
  },
  [MessageKind.RewardClaimed]: {
    kind: MessageKind.RewardClaimed,
    tagName: 'reward-claimed',
    topic: 'account',
    codec: RewardClaimedBody.codec,
  },
  // Validators' votes travel with the consensus votes: the same signers, the same subscribers
  // (every node that follows finality), and a volume of one per validator per round.
  [MessageKind.CheckpointVote]: {
    kind: MessageKind.CheckpointVote,
    tagName: 'checkpoint-vote',
    topic: 'validation',
    codec: CheckpointVoteBody.codec,
  },
}

/** All kinds in wire order. */
export const ALL_KINDS: readonly MessageKind[] = Object.values(MessageKind).filter(
  (v): v is MessageKind => typeof v === 'number',
)

/** True when `value` is a known kind number. */
export function isMessageKind(value: number): value is MessageKind {
  return Number.isInteger(value) && value >= 1 && value <= MessageKind.CheckpointVote
}

/** Kinds that travel on a topic. */
export function kindsOnTopic(topic: GossipTopicName): MessageKind[] {
  return ALL_KINDS.filter((k) => KINDS[k].topic === topic)
}
