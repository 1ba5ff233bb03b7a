/**
 * The context every stage of task derivation reads (DESIGN §5.1): the task, its message set grouped
 * by kind in canonical order (author timestamp, then id), its phase time and deadlines, the epoch's
 * weights (DESIGN §5.4), and what the stages report to the engine besides records: the clock points
 * they compared with, the accounts whose state they read, and each account's contribution.
 *
 * The clock enters only through the phase time te = max(clock, newest author time in the task): a
 * message's own timestamp proves its phase began, and deadlines fire when te reaches them.
 */
import {
  type AnySignedMessage,
  MessageKind,
  type SignedMessage,
  type TaskPublishedBody,
  VerificationType,
} from '@aimesh/protocol'
import type { ValidatorSet } from '../../epochs.js'
import type { Genesis, GenesisParams } from '../../genesis.js'
import { hex } from '../../ids.js'
import type { ScoreRecord } from '../../rules/index.js'
import { type Contribution, emptyContribution } from './contributions.js'

export type Msg<K extends MessageKind> = SignedMessage<K>
export type Bytes = Uint8Array<ArrayBuffer>

/** Record byte fields are typed over ArrayBuffer; every id here is a fresh hash or decoded copy. */
export function b(u: Uint8Array): Bytes {
  return u as Bytes
}

/** Everything the derivation needs from the engine besides the messages. */
export interface TaskContext {
  genesis: Genesis
  clock: number
  /** The task's digest and message count (computed by the engine over the id set). */
  digest: Uint8Array
  /** The validator set of the task's epoch (DESIGN §5.4): only its members' scores count. */
  validators: ValidatorSet
  /** Dispute panel candidates with trust in this task's snapshot. */
  panelCandidates(): { account: string; trust: number }[]
  /** Earlier validations of a miner's answers (snapshot), for the collusion signal. */
  scoreHistory(miner: string): ScoreRecord[]
}

/** A message with its hex id, signer and author time. */
export interface Item<K extends MessageKind = MessageKind> {
  m: Msg<K>
  id: string
  signer: string
  ts: number
}

/** Canonical order: author timestamp, then id. */
export function byTimeId(a: Item, b: Item): number {
  return a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** The task's messages by kind, each list in canonical order. */
export interface TaskMessages {
  cancels: Item<MessageKind.TaskCancelled>[]
  commits: Item<MessageKind.AnswerCommitted>[]
  reveals: Item<MessageKind.AnswerRevealed>[]
  scores: Item<MessageKind.ValidationScored>[]
  votes: Item<MessageKind.ConsensusVote>[]
  alerts: Item<MessageKind.FraudAlert>[]
  disputes: Item<MessageKind.DisputeOpened>[]
  disputeVotes: Item<MessageKind.DisputeVote>[]
  claims: Item<MessageKind.RewardClaimed>[]
}

/** Which list each kind joins; null for kinds that are not part of a task's set. */
const GROUP_OF: Readonly<Record<MessageKind, keyof TaskMessages | null>> = {
  [MessageKind.TaskPublished]: null,
  [MessageKind.TaskCancelled]: 'cancels',
  [MessageKind.MinerProfile]: null,
  [MessageKind.AnswerCommitted]: 'commits',
  [MessageKind.AnswerRevealed]: 'reveals',
  [MessageKind.ValidationScored]: 'scores',
  [MessageKind.ConsensusVote]: 'votes',
  [MessageKind.FraudAlert]: 'alerts',
  [MessageKind.DisputeOpened]: 'disputes',
  [MessageKind.DisputeVote]: 'disputeVotes',
  [MessageKind.RewardClaimed]: 'claims',
  [MessageKind.CheckpointVote]: null,
}

/** The shared state of one task's derivation. */
export interface Derivation {
  readonly inputs: TaskContext
  readonly params: GenesisParams
  readonly publish: Msg<MessageKind.TaskPublished>
  readonly task: TaskPublishedBody
  readonly taskId: Bytes
  readonly taskHex: string
  readonly publisher: string
  readonly messages: TaskMessages
  /** Size of the message set without the publication. */
  readonly messageCount: number
  /** Phase time: max(clock, newest author time in the task). */
  readonly te: number
  readonly submissionDeadline: number
  readonly validationDeadline: number
  /** Scores a submission needs for consensus: the task's reviewers (experts for expert review), min 2. */
  readonly required: number
  /** Every time the clock is compared with, so `advance(now)` knows which tasks to re-derive. */
  readonly deadlines: number[]
  /** Accounts whose trust or score history this derivation read. */
  readonly dependsOn: Set<string>
  /** What this task contributes to each account's cross-task aggregates. */
  readonly contributions: Map<string, Contribution>
  /** The account's weight in the task's epoch (0 for a shadow validator). */
  weight(account: string): number
  /** The account's contribution, created empty on first use. */
  contribution(account: string): Contribution
}

/** Groups the task's messages and fixes its times. */
export function openDerivation(
  publish: Msg<MessageKind.TaskPublished>,
  messages: readonly AnySignedMessage[],
  inputs: TaskContext,
): Derivation {
  const task = publish.body
  const taskId = b(publish.id)
  const grouped: TaskMessages = {
    cancels: [],
    commits: [],
    reveals: [],
    scores: [],
    votes: [],
    alerts: [],
    disputes: [],
    disputeVotes: [],
    claims: [],
  }
  let newest = task.timestamp
  for (const m of messages) {
    const item: Item = { m, id: hex(m.id), signer: hex(m.signer), ts: m.body.timestamp }
    if (item.ts > newest) newest = item.ts
    const group = GROUP_OF[m.kind]
    if (group) (grouped[group] as Item[]).push(item)
  }
  for (const list of Object.values(grouped) as Item[][]) list.sort(byTimeId)
  const weights = inputs.validators.weights
  const contributions = new Map<string, Contribution>()
  return {
    inputs,
    params: inputs.genesis.params,
    publish,
    task,
    taskId,
    taskHex: hex(taskId),
    publisher: hex(publish.signer),
    messages: grouped,
    messageCount: messages.length,
    te: Math.max(inputs.clock, newest),
    submissionDeadline: task.submissionDeadline,
    validationDeadline: task.validationDeadline,
    required: Math.max(
      task.verification?.type === VerificationType.EXPERT_REVIEW
        ? (task.verification?.expertCount ?? 0)
        : (task.verification?.requiredReviewers ?? 0),
      2,
    ),
    deadlines: [task.submissionDeadline, task.validationDeadline],
    dependsOn: new Set(),
    contributions,
    weight: (account) => weights.get(account) ?? 0,
    contribution(account) {
      let c = contributions.get(account)
      if (c === undefined) {
        c = emptyContribution()
        contributions.set(account, c)
      }
      return c
    },
  }
}
