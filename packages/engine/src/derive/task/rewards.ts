/**
 * Rewards and claims (DESIGN §6, §5.5): the completed task's reward split by rules/rewards over its
 * submissions (flagged or dispute-excluded ones earn nothing) and validators; the winners' ranks;
 * each claim that takes effect. Amounts are bigint and the entries sum to the reward exactly.
 */
import type { RewardDistribution, RewardEntry as RewardEntryRecord } from '@aimesh/protocol'
import { hex, unhex } from '../../ids.js'
import {
  compareRank,
  distributeRewards,
  type RewardSubmission,
  type RewardValidator,
} from '../../rules/index.js'
import { REWARD_ROLE_RECORD, TASK_TYPE_RULE } from '../mapping.js'
import type { Scoring } from './consensus.js'
import type { Derivation } from './context.js'
import type { DisputeOutcome } from './disputes.js'
import type { Certification } from './finality.js'
import type { Submission } from './submissions.js'

/** The reward distribution of a completed task (null before); sets the winners' ranks and earnings. */
export function settleRewards(
  d: Derivation,
  submissions: readonly Submission[],
  scoring: Scoring,
  disputes: DisputeOutcome,
  cert: Certification,
  completed: boolean,
): RewardDistribution | null {
  if (!completed) return null
  const { task, params } = d
  const rs: RewardSubmission[] = submissions.map((s) => ({
    id: s.reveal.id,
    miner: s.reveal.signer,
    score: s.consensus?.score ?? null,
    reached: s.consensus?.reached ?? false,
    flagged: s.flagged || disputes.excludedSubmissions.has(s.reveal.id),
    submittedAt: s.submittedAt,
  }))
  const rv: RewardValidator[] = [...scoring.validatorOutlier.entries()].map(([validator, outlier]) => ({
    validator,
    weight: d.weight(validator),
    outlier: outlier || disputes.excludedValidators.has(validator),
  }))
  const entries = distributeRewards({
    publisher: d.publisher,
    reward: task.reward,
    taskType: TASK_TYPE_RULE[task.taskType],
    submissions: rs,
    validators: rv,
    split: params.rewardSplit,
    passScore: params.passScore,
    networkAccount: params.networkAccount,
  })
  const totals = new Map<string, bigint>()
  for (const e of entries) totals.set(e.recipient, (totals.get(e.recipient) ?? 0n) + e.amount)
  // A claim takes effect when the root it names is the winning one and the claimant has an entry in
  // it; the first such claim (time, id) per claimant is the one recorded.
  const claimOf = new Map<string, string>()
  const winningRoot = cert.result.winner?.root
  for (const c of d.messages.claims) {
    if (claimOf.has(c.signer) || c.ts < d.validationDeadline || winningRoot === undefined) continue
    if (hex(c.m.body.outcomeRoot) === winningRoot && totals.has(c.signer)) claimOf.set(c.signer, c.id)
  }
  const records: RewardEntryRecord[] = entries.map((e) => {
    const claimId = claimOf.get(e.recipient)
    return {
      recipient: unhex(e.recipient),
      amount: e.amount,
      role: REWARD_ROLE_RECORD[e.role],
      claimed: claimId !== undefined,
      claimId: claimId === undefined ? new Uint8Array(0) : unhex(claimId),
    }
  })
  // Entries come out in canonical (role, recipient) order, not by rank: rank the winners 1..k by
  // the reward rule's own ranking (consensus score desc, earlier submission, then id).
  const rsById = new Map(rs.map((r) => [r.id, r]))
  const winners = entries
    .filter((e) => e.role === 'winner' && e.submissionId !== null)
    .map((e) => rsById.get(e.submissionId!)!)
    .sort(compareRank)
  const ranks = new Map(winners.map((w, i) => [w.id, i + 1]))
  for (const e of entries) {
    if (e.role === 'winner') d.contribution(e.recipient).wins += 1
    if (e.role !== 'refund' && e.role !== 'network') d.contribution(e.recipient).earned += e.amount
  }
  for (const s of submissions) s.rank = ranks.get(s.reveal.id) ?? 0
  return { taskId: d.taskId, total: task.reward, entries: records, computedAt: disputes.rewardComputedAt }
}
