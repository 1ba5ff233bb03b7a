/**
 * Submissions (DESIGN §6, commit–reveal): the answers that count, one per miner (its first by author
 * time), at most `maxSubmissions`, none after a cancellation. On a commit–reveal task an answer
 * counts only with its commit and after the commit deadline, and is timed by its commit.
 */
import type { MessageKind } from '@aimesh/protocol'
import { answerAuthoredAt } from '../../answer-time.js'
import { hex } from '../../ids.js'
import type { ConsensusResult } from '../../rules/index.js'
import type { Derivation, Item } from './context.js'
import type { Certification } from './finality.js'

/** An accepted answer and what the later stages find about it. */
export interface Submission {
  reveal: Item<MessageKind.AnswerRevealed>
  commit: Item<MessageKind.AnswerCommitted> | null
  /** When the answer was authored (answer-time.ts): what the fraud rules and ordering use. */
  submittedAt: number
  /** The scores of it that count toward its consensus (consensus stage). */
  validations: Item<MessageKind.ValidationScored>[]
  consensus: ConsensusResult | null
  /** Fraud stage: flagged, and the duplicate (or near-duplicate) and too-fast signals for behaviour. */
  flagged: boolean
  duplicate: boolean
  fast: boolean
  /** Rewards stage: 1..k among the winners, else 0. */
  rank: number
}

/** The accepted answers, in author order (time, then reveal id). */
export function acceptSubmissions(d: Derivation, cert: Certification, cancelled: boolean): Submission[] {
  if (cancelled) return []
  const { task, publisher } = d
  const usesCommit = task.commitDeadline > 0
  const commitsById = new Map(d.messages.commits.map((c) => [c.id, c]))
  const firstByMiner = new Map<string, Submission>()
  for (const r of d.messages.reveals) {
    if (r.signer === publisher || r.ts >= d.submissionDeadline || !cert.inOutcome(r.id)) continue
    let commit: Item<MessageKind.AnswerCommitted> | null = null
    if (usesCommit) {
      // Validation admitted the reveal only once the commit it names (its author's, opened by it)
      // was held, so the named commit is in the set: the answer is timed by it, as every node does.
      commit = commitsById.get(hex(r.m.body.commitId)) ?? null
      if (commit === null || r.ts < task.commitDeadline) continue
    }
    const s: Submission = {
      reveal: r,
      commit,
      submittedAt: answerAuthoredAt(r.m, commit?.m),
      validations: [],
      consensus: null,
      flagged: false,
      duplicate: false,
      fast: false,
      rank: 0,
    }
    const prior = firstByMiner.get(r.signer)
    if (
      prior === undefined ||
      s.submittedAt < prior.submittedAt ||
      (s.submittedAt === prior.submittedAt && r.id < prior.reveal.id)
    ) {
      firstByMiner.set(r.signer, s)
    }
  }
  const ordered = [...firstByMiner.values()].sort(
    (a, b) => a.submittedAt - b.submittedAt || (a.reveal.id < b.reveal.id ? -1 : 1),
  )
  return ordered.slice(0, task.maxSubmissions)
}
