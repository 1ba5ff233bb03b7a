/**
 * Disputes (DESIGN §6): opened by a party to the task inside the challenge window of a completed
 * task, decided by a panel of uninvolved trusted validators (rules/disputes); a decided dispute
 * adjusts rewards, reputation and trust. Which accounts are parties is derived from the held set,
 * so it decides a dispute's effect here, never its admission (DESIGN §5.7).
 */
import { type DisputeRecord, DisputeStatus, type MessageKind, TaskStatus } from '@aimesh/protocol'
import { hex, unhex } from '../../ids.js'
import {
  type DisputeCase,
  type DisputeResolution,
  type DisputeVoteRecord,
  resolveDispute,
  selectDisputePanel,
} from '../../rules/index.js'
import { DISPUTE_TYPE_NUMBER, DISPUTE_TYPE_RULE } from '../mapping.js'
import type { Scoring } from './consensus.js'
import { b, type Derivation, type Item } from './context.js'
import type { Lifecycle } from './lifecycle.js'
import type { Submission } from './submissions.js'

/** The disputes' records and their effect on the reward. */
export interface DisputeOutcome {
  records: DisputeRecord[]
  /** Submissions and validators an upheld dispute excludes from the reward. */
  excludedSubmissions: Set<string>
  excludedValidators: Set<string>
  /** When the reward was last recomputed: the validation deadline, or the latest redistribution. */
  rewardComputedAt: number
  /** True when a dispute read every account's trust (its panel). */
  dependsOnAll: boolean
}

/** Record status of each decided resolution. */
const DISPUTE_STATUS: Readonly<Record<DisputeResolution['status'], DisputeStatus>> = {
  pending: DisputeStatus.PENDING,
  upheld: DisputeStatus.UPHELD,
  expired: DisputeStatus.EXPIRED_DISPUTE,
  rejected: DisputeStatus.DISMISSED,
}

/**
 * When a decided dispute was decided: the first instant its resolution stopped being pending, or
 * the deadline. The rule freezes the outcome at the first strict majority, so "decided as of t" is
 * monotone in t and a binary search over the vote instants finds it with O(log V) rule calls.
 */
function decisionInstant(
  dcase: DisputeCase,
  panel: readonly string[],
  votes: readonly DisputeVoteRecord[],
  deadline: number,
): number {
  const times = [...new Set(votes.map((v) => v.time))].filter((t) => t <= deadline).sort((a, b) => a - b)
  let lo = 0
  let hi = times.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (resolveDispute(dcase, panel, votes, times[mid]!, deadline).status !== 'pending') hi = mid
    else lo = mid + 1
  }
  return lo < times.length ? times[lo]! : deadline
}

/** Decides the task's disputes (only once it completed) and moves it to Disputed and back. */
export function decideDisputes(
  d: Derivation,
  lifecycle: Lifecycle,
  submissions: readonly Submission[],
  scoring: Scoring,
  completed: boolean,
): DisputeOutcome {
  const outcome: DisputeOutcome = {
    records: [],
    excludedSubmissions: new Set(),
    excludedValidators: new Set(),
    rewardComputedAt: d.validationDeadline,
    dependsOnAll: false,
  }
  if (!completed) return outcome
  const { task, publisher, params } = d
  const { commits, reveals, scores, disputes, disputeVotes } = d.messages
  const events: { at: number; open: boolean; id: string }[] = []
  const votesByDispute = new Map<string, Item<MessageKind.DisputeVote>[]>()
  for (const v of disputeVotes) {
    const key = hex(v.m.body.disputeId)
    const list = votesByDispute.get(key)
    if (list === undefined) votesByDispute.set(key, [v])
    else list.push(v)
  }
  // Parties: its publisher, a miner that answered, a validator that scored.
  const parties = new Set([publisher, ...[...commits, ...reveals, ...scores].map((m) => m.signer)])
  for (const dispute of disputes) {
    if (
      dispute.ts < d.validationDeadline ||
      dispute.ts > task.challengeDeadline ||
      !parties.has(dispute.signer)
    )
      continue
    outcome.dependsOnAll = true
    const accused = hex(dispute.m.body.accused)
    const accusedSubs = submissions.filter((s) => s.reveal.signer === accused).map((s) => s.reveal.id)
    const accusedIsValidator = scoring.records.some((r) => hex(r.validator) === accused)
    const dcase: DisputeCase = {
      id: dispute.id,
      type: DISPUTE_TYPE_RULE[dispute.m.body.disputeType],
      opener: dispute.signer,
      publisher,
      accusedMiners: accusedSubs.length > 0 ? [accused] : [],
      accusedValidators: accusedIsValidator ? [accused] : [],
      disputedSubmissions: accusedSubs,
    }
    const panel = selectDisputePanel(dcase, d.inputs.panelCandidates())
    const members = new Set(panel)
    const deadline = task.challengeDeadline + params.disputeVoteWindowMs
    d.deadlines.push(deadline)
    // Only the panel's votes can count (rules/disputes): drop the rest before the rule sees them.
    const dv: DisputeVoteRecord[] = (votesByDispute.get(dispute.id) ?? [])
      .filter((v) => v.ts >= dispute.ts && members.has(v.signer))
      .map((v) => ({
        messageId: v.id,
        voter: v.signer,
        verdict: v.m.body.uphold ? 'uphold' : 'reject',
        time: v.ts,
      }))
    const resolution = resolveDispute(dcase, panel, dv, d.te, deadline)
    const resolvedAt = resolution.status === 'pending' ? 0 : decisionInstant(dcase, panel, dv, deadline)
    if (resolution.status !== 'pending') applyAdjustments(d, outcome, dispute.id, resolution, resolvedAt)
    events.push({ at: dispute.ts, open: true, id: dispute.id })
    if (resolvedAt > 0) events.push({ at: resolvedAt, open: false, id: dispute.id })
    outcome.records.push({
      id: b(dispute.m.id),
      taskId: d.taskId,
      opener: b(dispute.m.signer),
      accused: dispute.m.body.accused,
      disputeType: DISPUTE_TYPE_NUMBER[dispute.m.body.disputeType],
      status: DISPUTE_STATUS[resolution.status],
      openedAt: dispute.ts,
      panel: panel.map(unhex),
      votesUphold: resolution.upholdVotes,
      votesDismiss: resolution.rejectVotes,
      resolvedAt,
      evidenceIds: dispute.m.body.evidenceIds,
    })
  }
  events.sort((a, b) => a.at - b.at || Number(a.open) - Number(b.open) || (a.id < b.id ? -1 : 1))
  let pending = 0
  for (const e of events) {
    if (e.open) {
      if (pending++ === 0) lifecycle.move(TaskStatus.DISPUTED, e.at, 'dispute opened', e.id)
    } else if (--pending === 0) lifecycle.move(TaskStatus.COMPLETED, e.at, 'disputes resolved', e.id)
  }
  return outcome
}

/** A decided dispute's adjustments: reward exclusions, reputation and trust events at its decision. */
function applyAdjustments(
  d: Derivation,
  outcome: DisputeOutcome,
  disputeId: string,
  resolution: DisputeResolution,
  resolvedAt: number,
): void {
  const adj = resolution.adjustments
  if (adj === null) return
  if (adj.reward.redistribute) {
    for (const s of adj.reward.excludeSubmissions) outcome.excludedSubmissions.add(s)
    for (const v of adj.reward.excludeValidators) outcome.excludedValidators.add(v)
    outcome.rewardComputedAt = Math.max(outcome.rewardComputedAt, resolvedAt)
  }
  for (const r of adj.reputation) {
    d.contribution(r.account).reputation.push({
      id: `${disputeId}:${r.account}:r`,
      account: r.account,
      time: resolvedAt,
      kind: 'adjustment',
      delta: r.delta,
    })
  }
  for (const t of adj.trust) {
    d.contribution(t.account).trust.push({
      id: `${disputeId}:${t.account}:t`,
      account: t.account,
      time: resolvedAt,
      kind: 'adjustment',
      delta: t.delta,
    })
  }
}
