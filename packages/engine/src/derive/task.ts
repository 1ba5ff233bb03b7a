/**
 * Task derivation: every record of one task as a PURE function of the task's message set, the
 * engine clock, and the task's trust snapshot (DESIGN §5.1). Nothing here depends on the order in
 * which messages arrived: every sibling-dependent decision (cancel before the first answer, one
 * answer per miner, max submissions, first claim, equivocation) is taken over the whole set with
 * the canonical tie-break (author timestamp, message id).
 *
 * The derivation runs as named stages over one context (derive/task/context.ts), each in its own
 * file under derive/task/ and each calling the rules of rules/: finality first (a winning
 * certificate fixes which answers and scores count), then submissions, consensus, fraud, the
 * lifecycle, disputes, rewards, reputation and trust, and the records.
 */
import type { AnySignedMessage, Finality, MessageKind, TaskStatus } from '@aimesh/protocol'
import type { RecordPut } from '../store-port.js'
import { scoreSubmissions } from './task/consensus.js'
import { type Msg, openDerivation, type TaskContext } from './task/context.js'
import { type Contribution, recordActivity } from './task/contributions.js'
import { decideDisputes } from './task/disputes.js'
import { certify, finalityOf, outcomeOf } from './task/finality.js'
import { analyzeFraud, type FraudAlertDraft } from './task/fraud.js'
import { openLifecycle, runLifecycle } from './task/lifecycle.js'
import { taskRecords } from './task/records.js'
import { rateParticipants } from './task/reputation.js'
import { settleRewards } from './task/rewards.js'
import { acceptSubmissions } from './task/submissions.js'

export type { TaskContext } from './task/context.js'
export type { Contribution } from './task/contributions.js'
export type { FraudAlertDraft } from './task/fraud.js'

/** The task's derived records and cross-task effects. */
export interface DerivedTask {
  status: TaskStatus
  puts: RecordPut[]
  contributions: Map<string, Contribution>
  alerts: FraudAlertDraft[]
  /** Accounts whose trust or score history this derivation read. */
  dependsOn: Set<string>
  /** True when it read every account's trust (dispute panels). */
  dependsOnAll: boolean
  /** Every time the clock was compared with. */
  deadlines: number[]
  /**
   * The root of the derived outcome (the certified set's once a certificate wins, else over every
   * accepted answer and counted score held) and the ids it covers: what this node votes for.
   */
  outcomeRoot: Uint8Array
  outcomeIds: string[]
  /** How settled the outcome is (DESIGN §5.5), as stored in the task record. */
  finality: Finality
  /** The winning certificate's root (hex) and the round it reached the threshold, or null. */
  winner: { root: string; round: number } | null
  /** When the last vote round closes: validation deadline + maxRounds·roundMs. */
  finalAt: number
  /**
   * Unrounded consensus score of each submission whose validations entered the score history (task
   * completed, consensus reached, not flagged), by submission id: what COLLUSION alerts are checked against.
   */
  consensus: Map<string, number>
}

/** Derives every record of one task from its message set (see the file comment). */
export function deriveTask(
  publish: Msg<MessageKind.TaskPublished>,
  messages: readonly AnySignedMessage[],
  ctx: TaskContext,
): DerivedTask {
  const d = openDerivation(publish, messages, ctx)
  const { lifecycle, opening } = openLifecycle(d)
  const cert = certify(d)
  const submissions = acceptSubmissions(d, cert, opening.cancel !== undefined)
  const scoring = scoreSubmissions(d, submissions, cert)
  const fraud = analyzeFraud(d, submissions, scoring, cert)
  const outcome = outcomeOf(d, submissions, scoring)
  recordActivity(d, submissions, scoring, cert)
  const completed = runLifecycle(d, lifecycle, opening, submissions, scoring)
  const disputes = decideDisputes(d, lifecycle, submissions, scoring, completed)
  const reward = settleRewards(d, submissions, scoring, disputes, cert, completed)
  const consensus = rateParticipants(d, submissions, scoring, completed)
  const finality = finalityOf(d, cert, completed)
  const winner = cert.result.winner
  return {
    status: lifecycle.status,
    puts: taskRecords(d, {
      lifecycle,
      cert,
      finality,
      submissions,
      scoring,
      reward,
      fraud: fraud.records,
      disputes: disputes.records,
    }),
    contributions: d.contributions,
    alerts: fraud.alerts,
    dependsOn: d.dependsOn,
    dependsOnAll: disputes.dependsOnAll,
    deadlines: d.deadlines,
    outcomeRoot: outcome.root,
    outcomeIds: outcome.ids,
    finality,
    winner: winner === null ? null : { root: winner.root, round: winner.round },
    finalAt: cert.finalAt,
    consensus,
  }
}
