/**
 * The task's derived records as the store holds them (DESIGN §7): the task record with its
 * transitions and finality, then submissions, validations, reward, fraud analyses and disputes.
 */
import type {
  DisputeRecord,
  Finality,
  FraudAnalysis as FraudAnalysisRecord,
  RewardDistribution,
  SubmissionRecord,
  TaskRecord,
} from '@aimesh/protocol'
import { unhex } from '../../ids.js'
import type { RecordPut } from '../../store-port.js'
import { DIFFICULTY_NUMBER, TASK_TYPE_NUMBER } from '../mapping.js'
import type { Scoring } from './consensus.js'
import { b, type Derivation } from './context.js'
import type { Certification } from './finality.js'
import type { Lifecycle } from './lifecycle.js'
import { answerHashOf } from './memo.js'
import type { Submission } from './submissions.js'

/** What the stages produced, to be written as records. */
export interface TaskOutcome {
  lifecycle: Lifecycle
  cert: Certification
  finality: Finality
  submissions: readonly Submission[]
  scoring: Scoring
  reward: RewardDistribution | null
  fraud: readonly FraudAnalysisRecord[]
  disputes: readonly DisputeRecord[]
}

export function taskRecords(d: Derivation, o: TaskOutcome): RecordPut[] {
  const { task } = d
  const transitions = o.lifecycle.transitions
  const winner = o.cert.result.winner
  const taskRecord: TaskRecord = {
    id: d.taskId,
    publisher: b(d.publish.signer),
    publishedAt: task.timestamp,
    taskType: TASK_TYPE_NUMBER[task.taskType],
    difficulty: DIFFICULTY_NUMBER[task.difficulty],
    reward: task.reward,
    commitDeadline: task.commitDeadline,
    submissionDeadline: d.submissionDeadline,
    validationDeadline: d.validationDeadline,
    challengeDeadline: task.challengeDeadline,
    requiredReviewers: d.required,
    status: o.lifecycle.status,
    statusChangedAt: transitions[transitions.length - 1]!.at,
    commitCount: d.messages.commits.length,
    submissionCount: o.submissions.length,
    validationCount: o.scoring.records.length,
    messageCount: d.messageCount,
    digest: b(d.inputs.digest),
    certifiedRoot: winner !== null ? unhex(winner.root) : new Uint8Array(0),
    finality: o.finality,
    certifiedRound: winner?.round ?? 0,
    title: task.title,
    transitions,
  }
  const puts: RecordPut[] = [{ type: 'task', record: taskRecord }]
  for (const s of o.submissions) puts.push({ type: 'submission', record: submissionRecord(d, s) })
  for (const record of o.scoring.records) puts.push({ type: 'validation', record })
  if (o.reward !== null) puts.push({ type: 'reward', record: o.reward })
  for (const record of o.fraud) puts.push({ type: 'fraud', record })
  for (const record of o.disputes) puts.push({ type: 'dispute', record })
  return puts
}

function submissionRecord(d: Derivation, s: Submission): SubmissionRecord {
  const cons = s.consensus
  return {
    id: b(s.reveal.m.id),
    taskId: d.taskId,
    miner: b(s.reveal.m.signer),
    commitId: s.commit ? b(s.commit.m.id) : new Uint8Array(0),
    revealedAt: s.reveal.ts,
    answerHash: b(answerHashOf(s.reveal.m)),
    workStartedAt: s.reveal.m.body.workStartedAt,
    validationCount: s.validations.length,
    consensusScore: cons?.score === null || cons === null ? 0 : Math.round(cons.score),
    consensusReached: cons?.reached ?? false,
    confidenceBps: Math.round((cons?.confidence ?? 0) * 10_000),
    medianScore: cons?.median === null || cons === null ? 0 : Math.round(cons.median),
    flagged: s.flagged,
    rank: s.rank,
  }
}
