/**
 * Fraud analysis (DESIGN §6, §5.5) as derivation runs it: the rules of rules/fraud.ts over the
 * accepted answers (duplicate, near-duplicate, too-fast, collusion), the equivocating scores and the
 * conflicting certificates, turned into FraudAnalysis records and, when flagged, alert drafts for the
 * node to sign. Incoming alerts (already checked against their evidence by validation) are recorded
 * here too; a COLLUSION alert only when its signal reproduces against this task's score history.
 */
import {
  type FraudAnalysis as FraudAnalysisRecord,
  FraudKind,
  type MessageKind,
  sha256,
} from '@aimesh/protocol'
import { hex, unhex } from '../../ids.js'
import {
  analyzeSubmission,
  certificateConflict,
  collusionSignal,
  type FraudAnalysis,
  type FraudSignal,
  type FraudSubmission,
} from '../../rules/index.js'
import { DIFFICULTY_RULE, FRAUD_KIND_NUMBER, FRAUD_KIND_OF_SIGNAL } from '../mapping.js'
import type { Scoring } from './consensus.js'
import { type Bytes, b, type Derivation, type Msg } from './context.js'
import type { Certification } from './finality.js'
import { answerHashHexOf, sketchOf } from './memo.js'
import type { Submission } from './submissions.js'

/** A fraud alert for the node to sign and gossip (DESIGN §6). */
export interface FraudAlertDraft {
  taskId: Uint8Array
  subject: Uint8Array
  fraudKind: FraudKind
  evidenceIds: Uint8Array[]
  riskBps: number
}

/** The task's fraud records (own analyses, then incoming alerts) and the alerts to announce. */
export interface FraudFindings {
  records: FraudAnalysisRecord[]
  alerts: FraudAlertDraft[]
}

/** Signals judged by when answers were authored: their alerts carry the answers' commit ids. */
const ANSWER_TIMED: ReadonlySet<FraudSignal['kind']> = new Set(['duplicate', 'near-duplicate', 'too-fast'])

/** Most evidence ids a FraudAlert carries (messages.proto FraudAlertBody.evidenceIds limit). */
const MAX_ALERT_EVIDENCE = 32

/**
 * Analyses every accepted answer, equivocating validator and conflicting voter; marks each answer
 * flagged / duplicate / fast for the later stages.
 */
export function analyzeFraud(
  d: Derivation,
  submissions: readonly Submission[],
  scoring: Scoring,
  cert: Certification,
): FraudFindings {
  const findings: FraudFindings = { records: [], alerts: [] }
  const subById = new Map(submissions.map((s) => [s.reveal.id, s]))
  for (const s of submissions) d.dependsOn.add(s.reveal.signer)
  const task = {
    id: d.taskHex,
    difficulty: DIFFICULTY_RULE[d.task.difficulty],
    publishedAt: d.task.timestamp,
  }
  const answers = submissions.map(fraudSubmission)
  const sketches = (f: FraudSubmission) => sketchOf(subById.get(f.id)!.reveal.m)
  for (let i = 0; i < submissions.length; i++) {
    const s = submissions[i]!
    const analysis = analyzeSubmission({
      submission: answers[i]!,
      task,
      others: answers,
      scoreHistory: d.inputs.scoreHistory(s.reveal.signer),
      sketchOf: sketches,
    })
    const kinds = new Set(analysis.signals.map((x) => x.kind))
    s.duplicate = kinds.has('duplicate') || kinds.has('near-duplicate')
    s.fast = kinds.has('too-fast')
    s.flagged = record(d, findings, subById, analysis, {
      subjectId: b(s.reveal.m.id),
      account: s.reveal.signer,
      analyzedAt: s.submittedAt,
      leadEvidence: [s.reveal.id],
    })
  }
  const scoreTime = new Map(d.messages.scores.map((v) => [v.id, v.ts]))
  for (const e of scoring.equivocations) {
    if (e.subject.kind !== 'validator') continue
    const evidence = e.signals[0]?.evidence ?? []
    record(d, findings, subById, e, {
      subjectId: sha256(unhex(e.subject.account), unhex(e.subject.submissionId)),
      account: e.subject.account,
      analyzedAt: latest(evidence, scoreTime),
      leadEvidence: [],
    })
  }
  const voteTime = new Map(d.messages.votes.map((v) => [v.id, v.ts]))
  for (const c of cert.result.conflicts) {
    const analysis = certificateConflict(c.voter, d.taskHex, c.roots, c.evidence)
    if (analysis.subject.kind !== 'voter') continue
    const [ra, rb] = analysis.subject.roots
    record(d, findings, subById, analysis, {
      subjectId: sha256(unhex(c.voter), d.taskId, unhex(ra), unhex(rb)),
      account: c.voter,
      analyzedAt: latest(c.evidence, voteTime),
      leadEvidence: [],
    })
  }
  for (const a of d.messages.alerts) {
    if (a.m.body.fraudKind === FraudKind.COLLUSION && !collusionReproduces(d, a.m)) continue
    findings.records.push({
      subjectId: b(a.m.id),
      taskId: d.taskId,
      account: a.m.body.subject,
      signals: [
        {
          kind: FRAUD_KIND_NUMBER[a.m.body.fraudKind],
          valueBps: a.m.body.riskBps,
          evidenceIds: a.m.body.evidenceIds,
        },
      ],
      riskBps: a.m.body.riskBps,
      flagged: false,
      analyzedAt: a.ts,
    })
  }
  return findings
}

function fraudSubmission(s: Submission): FraudSubmission {
  return {
    id: s.reveal.id,
    miner: s.reveal.signer,
    contentHash: answerHashHexOf(s.reveal.m),
    answer: s.reveal.m.body.answer,
    authoredAt: s.submittedAt,
  }
}

/** The latest author time among the evidence messages. */
function latest(evidence: readonly string[], timeOf: ReadonlyMap<string, number>): number {
  return Math.max(...evidence.filter((id) => timeOf.has(id)).map((id) => timeOf.get(id)!))
}

/** Records an analysis with signals; a flagged one also becomes an alert draft. Returns whether flagged. */
function record(
  d: Derivation,
  findings: FraudFindings,
  subById: ReadonlyMap<string, Submission>,
  analysis: FraudAnalysis,
  at: { subjectId: Bytes; account: string; analyzedAt: number; leadEvidence: string[] },
): boolean {
  const { signals, flagged } = analysis
  if (signals.length === 0) return false
  const riskBps = Math.round(analysis.risk * 10_000)
  findings.records.push({
    subjectId: at.subjectId,
    taskId: d.taskId,
    account: unhex(at.account),
    signals: signals.map((s) => ({
      kind: FRAUD_KIND_NUMBER[FRAUD_KIND_OF_SIGNAL[s.kind]],
      valueBps: Math.round(s.value * 10_000),
      evidenceIds: s.evidence.map(unhex),
    })),
    riskBps,
    flagged,
    analyzedAt: at.analyzedAt,
  })
  if (flagged) {
    const strongest = signals.reduce((x, y) => (y.value > x.value ? y : x))
    let evidence = [...at.leadEvidence, ...strongest.evidence]
    if (ANSWER_TIMED.has(strongest.kind)) {
      // Signals that compare answers' authoring times name each answer's commit too (commit–reveal
      // tasks time an answer by its commit, answer-time.ts), so a peer can check the alert from
      // its evidence alone (validate/fraud-alert.ts).
      evidence = evidence.flatMap((id) => {
        const commit = subById.get(id)?.commit
        return commit ? [id, commit.id] : [id]
      })
    }
    evidence = [...new Set(evidence)].slice(0, MAX_ALERT_EVIDENCE)
    findings.alerts.push({
      taskId: d.taskId,
      subject: unhex(at.account),
      fraudKind: FRAUD_KIND_OF_SIGNAL[strongest.kind],
      evidenceIds: evidence.map(unhex),
      riskBps,
    })
  }
  return flagged
}

/**
 * Whether an incoming COLLUSION alert's signal reproduces (DESIGN §5.7: its effect, decided here):
 * the rule (collusionSignal) over the evidence scores that are in the subject's score history of
 * this task's snapshot (tasks completed before its publication, consensus known). Not reproduced:
 * the alert is held and has no effect, since another node's history may hold more than ours.
 */
function collusionReproduces(d: Derivation, alert: Msg<MessageKind.FraudAlert>): boolean {
  const subject = hex(alert.body.subject)
  d.dependsOn.add(subject)
  const evidence = new Set(alert.body.evidenceIds.map(hex))
  const history = d.inputs.scoreHistory(subject).filter((r) => evidence.has(r.messageId))
  const target = { id: '', miner: subject, contentHash: '', answer: '', authoredAt: 0 }
  return collusionSignal(target, history) !== null
}
