import { rankByHash } from './hash-rank.js'
import { compareStrings, uniqueSorted } from './order.js'
import {
  meetsThreshold,
  TRUST_FAILURE_DELTA,
  TRUST_THRESHOLDS,
  TRUST_UNVERIFIED_SUCCESS_DELTA,
} from './trust.js'
import type {
  Account,
  AccountDelta,
  DisputeAdjustments,
  DisputeCase,
  DisputeResolution,
  DisputeVoteRecord,
  TimeMs,
} from './types.js'

/** Panel size (DESIGN §6 names a panel, not a size): 3 is the smallest with a strict majority. */
export const DISPUTE_PANEL_SIZE = 3

/** Panel members need critical-level trust (DESIGN §6: "Dispute panels need ≥ 0.7"). */
export const DISPUTE_PANEL_MIN_TRUST = TRUST_THRESHOLDS.critical

/** Reputation moves on a decision (chosen here: an upheld accusation costs as much as ten failures). */
export const DISPUTE_ACCUSED_REPUTATION_DELTA = -100
export const DISPUTE_OPENER_UPHELD_REPUTATION_DELTA = 20
export const DISPUTE_OPENER_REJECTED_REPUTATION_DELTA = -50

/** Trust moves on a decision: the accused as one failure, the opener as one unverified success/half a failure. */
export const DISPUTE_ACCUSED_TRUST_DELTA = TRUST_FAILURE_DELTA
export const DISPUTE_OPENER_UPHELD_TRUST_DELTA = TRUST_UNVERIFIED_SUCCESS_DELTA
export const DISPUTE_OPENER_REJECTED_TRUST_DELTA = TRUST_FAILURE_DELTA / 2

/** Accounts the dispute involves, who may not sit on its panel. */
export function involvedAccounts(dispute: DisputeCase): Set<Account> {
  return new Set([dispute.opener, dispute.publisher, ...dispute.accusedMiners, ...dispute.accusedValidators])
}

/**
 * The dispute panel: uninvolved candidates with trust ≥ 0.7, ranked by sha256(dispute id ‖ key),
 * first `size`. Pre-trusted status does not waive the trust bar here.
 */
export function selectDisputePanel(
  dispute: DisputeCase,
  candidates: readonly { account: Account; trust: number }[],
  size: number = DISPUTE_PANEL_SIZE,
): Account[] {
  const involved = involvedAccounts(dispute)
  const eligible = candidates
    .filter((c) => !involved.has(c.account) && meetsThreshold(c.trust, 'critical'))
    .map((c) => c.account)
  return rankByHash(dispute.id, eligible).slice(0, Math.max(size, 0))
}

/** Votes needed to decide: a strict majority of the panel, so a decision can never be overturned. */
export function disputeQuorum(panelSize: number): number {
  return Math.floor(panelSize / 2) + 1
}

function adjustmentsFor(dispute: DisputeCase, upheld: boolean): DisputeAdjustments {
  const reputation: AccountDelta[] = []
  const trust: AccountDelta[] = []
  if (upheld) {
    for (const account of uniqueSorted([...dispute.accusedMiners, ...dispute.accusedValidators])) {
      reputation.push({ account, delta: DISPUTE_ACCUSED_REPUTATION_DELTA })
      trust.push({ account, delta: DISPUTE_ACCUSED_TRUST_DELTA })
    }
    reputation.push({ account: dispute.opener, delta: DISPUTE_OPENER_UPHELD_REPUTATION_DELTA })
    trust.push({ account: dispute.opener, delta: DISPUTE_OPENER_UPHELD_TRUST_DELTA })
  } else {
    reputation.push({ account: dispute.opener, delta: DISPUTE_OPENER_REJECTED_REPUTATION_DELTA })
    trust.push({ account: dispute.opener, delta: DISPUTE_OPENER_REJECTED_TRUST_DELTA })
  }
  const byAccount = (a: AccountDelta, b: AccountDelta) => compareStrings(a.account, b.account)
  return {
    reward: upheld
      ? {
          // Re-split the task's reward with the accused submissions and validators left out.
          redistribute: true,
          excludeSubmissions: uniqueSorted(dispute.disputedSubmissions),
          excludeValidators: uniqueSorted(dispute.accusedValidators),
        }
      : { redistribute: false, excludeSubmissions: [], excludeValidators: [] },
    reputation: reputation.sort(byAccount),
    trust: trust.sort(byAccount),
  }
}

/**
 * Resolves a dispute from its panel's votes as of `asOf`. Only panel members' votes authored by
 * min(asOf, deadline) count, taken in author order (time, then message id) one instant at a time.
 * The outcome is frozen at the first instant one side holds a strict majority of the panel: votes
 * after it, a voter flipping included, cannot overturn it. Before that instant a voter who cast both
 * verdicts counts for neither. Without a majority by the deadline the dispute is rejected (status
 * quo); with an empty panel (no uninvolved validator with trust ≥ 0.7) it expires at the deadline
 * with no adjustments (nobody could decide, so the opener is not punished). Pending otherwise.
 */
export function resolveDispute(
  dispute: DisputeCase,
  panel: readonly Account[],
  votes: readonly DisputeVoteRecord[],
  asOf: TimeMs,
  deadline: TimeMs,
): DisputeResolution {
  const members = new Set(panel)
  const cutoff = Math.min(asOf, deadline)
  const counted = votes
    .filter((v) => members.has(v.voter) && v.time <= cutoff)
    .sort((a, b) => a.time - b.time || compareStrings(a.messageId, b.messageId))
  const quorum = disputeQuorum(members.size)
  const verdicts = new Map<Account, DisputeVoteRecord['verdict'] | null>()
  let upholdVotes = 0
  let rejectVotes = 0
  let decided: 'upheld' | 'rejected' | null = null
  for (let i = 0; i < counted.length && decided === null; ) {
    // Every vote of one instant is applied before the majority is checked: same-time votes are simultaneous.
    const at = counted[i]!.time
    for (; i < counted.length && counted[i]!.time === at; i++) {
      const vote = counted[i]!
      const prior = verdicts.get(vote.voter)
      verdicts.set(vote.voter, prior === undefined || prior === vote.verdict ? vote.verdict : null)
    }
    upholdVotes = 0
    rejectVotes = 0
    for (const verdict of verdicts.values()) {
      if (verdict === 'uphold') upholdVotes++
      else if (verdict === 'reject') rejectVotes++
    }
    // A strict majority of the panel: both sides can never reach it at the same instant.
    if (upholdVotes >= quorum) decided = 'upheld'
    else if (rejectVotes >= quorum) decided = 'rejected'
  }
  let status: DisputeResolution['status'] = 'pending'
  if (decided !== null) status = decided
  else if (asOf >= deadline) status = members.size === 0 ? 'expired' : 'rejected'
  return {
    status,
    upholdVotes,
    rejectVotes,
    adjustments:
      status === 'pending' || status === 'expired' ? null : adjustmentsFor(dispute, status === 'upheld'),
  }
}
