/** Task publication on the simulated clock: type, details, verification, reward and deadlines. */

import {
  MessageKind,
  type SignedMessage,
  sha256,
  type TaskDetails,
  type TaskPublishedBody,
  TaskType,
  VerificationType,
} from '@aimesh/protocol'
import { type Actor, SIM_DIFFICULTIES, SIM_TASK_TYPES, signAs } from './actors.js'
import { type WireBytes, wire } from './bytes.js'
import { EDGE_MARGIN_MS, PROFILE_WINDOW_MS, type ResolvedOptions } from './options.js'
import type { Rng } from './prng.js'

/** Peer review needs at least two reviewers (DESIGN §6); five keeps panels small. */
const MIN_REVIEWERS = 2
const MAX_REVIEWERS = 5
/** Pass threshold of peer review: the seed's pass score. */
const PASS_THRESHOLD = 60
/** Base reward per difficulty level (smallest units); doubles per level. */
const BASE_REWARD = 1_000_000n

const LANGUAGES = ['typescript', 'rust', 'go', 'python', 'c', 'solidity']
const SCOPES = ['smart-contract', 'web-api', 'auth-flow', 'dependency-tree', 'p2p-handshake']
const DATA_TYPES = ['time-series', 'tabular', 'graph', 'text-corpus']
const ANALYSES = ['regression', 'clustering', 'anomaly-detection', 'summary-statistics']
const DOMAINS = ['sorting', 'graph-search', 'scheduling', 'compression', 'caching']
const CATEGORIES = ['writing', 'research', 'translation', 'summarization']

/** A published task with the facts later phases need. */
export interface TaskPlan {
  readonly index: number
  readonly publisher: Actor
  readonly body: TaskPublishedBody
  readonly message: SignedMessage<MessageKind.TaskPublished>
  readonly taskId: WireBytes
  readonly commitReveal: boolean
  /** Deadline of the first answer message: the commit deadline, or the submission deadline. */
  readonly firstDeadline: number
}

function details(taskType: TaskType, rng: Rng): TaskDetails {
  switch (taskType) {
    case TaskType.CODE_ANALYSIS:
      return { language: rng.pick(LANGUAGES), complexity: rng.int(1, 10) }
    case TaskType.SECURITY_AUDIT:
      return { scope: rng.pick(SCOPES) }
    case TaskType.DATA_ANALYSIS:
      return { dataType: rng.pick(DATA_TYPES), analysisType: rng.pick(ANALYSES) }
    case TaskType.ALGORITHM_OPTIMIZATION:
      return { domain: rng.pick(DOMAINS) }
    case TaskType.LOGIC_REASONING:
      return { complexity: rng.int(1, 10) }
    default:
      return { category: rng.pick(CATEGORIES) }
  }
}

function title(taskType: TaskType, d: TaskDetails, index: number): string {
  const what = d.language ?? d.scope ?? d.dataType ?? d.domain ?? d.category ?? `level ${d.complexity}`
  return `${taskType.toLowerCase().replaceAll('_', ' ')} #${index}: ${what}`
}

/** Publish time of task `index`: spaced out after the profile window, with jitter below the spacing. */
export function publishTime(o: ResolvedOptions, index: number, rng: Rng): number {
  return earliestPublishTime(o, index) + rng.int(0, Math.floor(o.taskSpacingMs / 2) - 1)
}

/** The earliest publish time task `index` can have (publish times increase with the index). */
export function earliestPublishTime(o: ResolvedOptions, index: number): number {
  return o.genesisTime + PROFILE_WINDOW_MS + index * o.taskSpacingMs + 1
}

/** Plans and signs task `index`; the publisher and the type rotate so all six types appear. */
export function publishTask(
  o: ResolvedOptions,
  publishers: readonly Actor[],
  index: number,
  rng: Rng,
): TaskPlan {
  const taskType = SIM_TASK_TYPES[index % SIM_TASK_TYPES.length] ?? TaskType.GENERAL
  const publisher = rng.pick(publishers)
  const level = rng.int(0, SIM_DIFFICULTIES.length - 1)
  const difficulty = SIM_DIFFICULTIES[level] ?? SIM_DIFFICULTIES[0]!
  const commitReveal = rng.chance(o.commitRevealFraction)
  const timestamp = publishTime(o, index, rng)
  const p = o.phases
  const commitDeadline = commitReveal ? timestamp + p.commit : 0
  const submissionDeadline = (commitReveal ? commitDeadline : timestamp) + p.reveal
  const validationDeadline = submissionDeadline + p.validation
  const challengeDeadline = validationDeadline + p.challenge
  const d = details(taskType, rng)
  const requiredReviewers = rng.int(MIN_REVIEWERS, Math.min(MAX_REVIEWERS, o.validators))
  const maxAnswers = Math.min(o.miners, o.minersPerTask[1])
  const body: Omit<TaskPublishedBody, 'profileId'> = {
    timestamp,
    title: title(taskType, d, index),
    description: `Simulated ${difficulty.toLowerCase()} task ${index} (seed ${String(o.seed)}).`,
    taskType,
    details: d,
    difficulty,
    verification: {
      type: VerificationType.PEER_REVIEW,
      requiredReviewers,
      threshold: PASS_THRESHOLD,
      expertCount: 0,
      automaticWeight: 0,
      peerWeight: 0,
    },
    reward: BASE_REWARD * 2n ** BigInt(level) + BigInt(rng.int(0, 999)) * 1_000n,
    commitDeadline,
    submissionDeadline,
    validationDeadline,
    challengeDeadline,
    // Room for every planned answer plus a few: the cap never turns a planned answer away.
    maxSubmissions: maxAnswers + rng.int(1, 5),
    inputHash: sha256(new TextEncoder().encode(`input/${String(o.seed)}/${index}`)),
    nonce: rng.bytes(8),
  }
  const message = signAs(o, MessageKind.TaskPublished, body, publisher)
  return {
    index,
    publisher,
    body: message.body,
    message,
    taskId: wire(message.id),
    commitReveal,
    firstDeadline: commitReveal ? commitDeadline : submissionDeadline,
  }
}

/** The publisher cancels early in the first phase, before any answer exists. */
export function cancelTask(
  o: ResolvedOptions,
  plan: TaskPlan,
  rng: Rng,
): SignedMessage<MessageKind.TaskCancelled> {
  const latest = plan.body.timestamp + Math.floor((plan.firstDeadline - plan.body.timestamp) / 10)
  return signAs(
    o,
    MessageKind.TaskCancelled,
    {
      timestamp: rng.int(plan.body.timestamp + 1, Math.max(plan.body.timestamp + 1, latest)),
      taskId: plan.taskId,
      reason: rng.pick(['posted by mistake', 'requirements changed', 'duplicate of another task']),
    },
    plan.publisher,
  )
}

/** A uniformly random time strictly inside (from, to), kept EDGE_MARGIN_MS off both ends. */
export function timeInside(rng: Rng, from: number, to: number): number {
  return rng.int(from + EDGE_MARGIN_MS, to - EDGE_MARGIN_MS)
}
