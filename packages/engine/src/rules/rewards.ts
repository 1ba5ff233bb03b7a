import { compareStrings } from './order.js'
import type {
  Account,
  RewardEntry,
  RewardInput,
  RewardRole,
  RewardSplit,
  RewardSubmission,
  RewardValidator,
  TaskType,
} from './types.js'

/** Basis points in a whole reward. */
export const BPS_TOTAL = 10_000

/** Default split 65 / 15 / 15 / 5 (DESIGN §6; the seed's split summed to 110 %, this sums to 100 %). */
export const DEFAULT_REWARD_SPLIT: RewardSplit = {
  winnersBps: 6_500,
  participantsBps: 1_500,
  validatorsBps: 1_500,
  networkBps: 500,
}

/** A submission must reach this consensus score to win (DESIGN §6). */
export const PASS_SCORE = 60

/** Winners are at most clamp(floor(n/4), 1, 2) … (DESIGN §6). */
export const WINNERS_PER_SUBMISSIONS = 4
export const MAX_WINNERS = 2
/** … and exactly one for security audits, where only the best finding set counts (DESIGN §6). */
export const SECURITY_AUDIT_MAX_WINNERS = 1

/** Rank weights 1.0 / 0.6 / 0.4 as integers (DESIGN §6), normalized over the winners present. */
export const WINNER_RANK_WEIGHTS: readonly bigint[] = [10n, 6n, 4n]

/** Participants share pro rata max(score/100, 0.1): in basis points of score, floored at 1,000. */
export const PARTICIPANT_MIN_WEIGHT_BPS = 1_000

/** Receives the network share unless genesis names another account: the all-zero key nobody holds. */
export const NETWORK_ACCOUNT: Account = '0'.repeat(64)

const ROLE_ORDER: readonly RewardRole[] = ['winner', 'participant', 'validator', 'network', 'refund']

/** Most winners a task of this type with `eligible` qualifying-for-consideration submissions can have. */
export function maxWinners(taskType: TaskType, eligible: number): number {
  if (taskType === 'security-audit') return SECURITY_AUDIT_MAX_WINNERS
  return Math.min(Math.max(Math.floor(eligible / WINNERS_PER_SUBMISSIONS), 1), MAX_WINNERS)
}

function assertSplit(split: RewardSplit): void {
  const parts = [split.winnersBps, split.participantsBps, split.validatorsBps, split.networkBps]
  if (parts.some((p) => !Number.isSafeInteger(p) || p < 0)) {
    throw new RangeError('reward split parts must be non-negative integers (basis points)')
  }
  if (parts.reduce((a, b) => a + b, 0) !== BPS_TOTAL) {
    throw new RangeError(`reward split must sum to ${BPS_TOTAL} basis points`)
  }
}

/** Splits `pool` pro rata over weights; the rounding remainder goes to the first (top-ranked) share. */
export function splitProRata(pool: bigint, weights: readonly bigint[]): bigint[] {
  const total = weights.reduce((a, b) => a + b, 0n)
  if (weights.length === 0 || total === 0n) return weights.map(() => 0n)
  const shares = weights.map((w) => (pool * w) / total)
  const remainder = pool - shares.reduce((a, b) => a + b, 0n)
  shares[0] = shares[0]! + remainder
  return shares
}

/** Score in basis points (0–10,000), rounded once so bigint maths takes over from floats. */
function scoreBps(score: number): bigint {
  return BigInt(Math.round(Math.min(Math.max(score, 0), 100) * 100))
}

/** Canonical winner rank: score desc, earlier commit first, then id (rank 1 gets the 1.0 weight). */
export function compareRank(a: RewardSubmission, b: RewardSubmission): number {
  return (b.score ?? 0) - (a.score ?? 0) || a.submittedAt - b.submittedAt || compareStrings(a.id, b.id)
}

/** One record per submission id (first in canonical order), so duplicates cannot change the outcome. */
function uniqueSubmissions(submissions: readonly RewardSubmission[]): RewardSubmission[] {
  const sorted = [...submissions].sort(
    (a, b) =>
      compareStrings(a.id, b.id) ||
      compareRank(a, b) ||
      Number(a.flagged) - Number(b.flagged) ||
      Number(a.reached) - Number(b.reached) ||
      compareStrings(a.miner, b.miner),
  )
  return sorted.filter((s, i) => i === 0 || sorted[i - 1]!.id !== s.id)
}

/** Validators that earn: weight > 0 and never an outlier; duplicates merged (any outlier wins). */
function earningValidators(validators: readonly RewardValidator[]): Account[] {
  const state = new Map<Account, boolean>()
  for (const v of validators) {
    const earns = v.weight > 0 && !v.outlier
    state.set(v.validator, (state.get(v.validator) ?? true) && earns)
  }
  return [...state.entries()]
    .filter(([, earns]) => earns)
    .map(([account]) => account)
    .sort(compareStrings)
}

function compareEntries(a: RewardEntry, b: RewardEntry): number {
  return (
    ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) ||
    compareStrings(a.recipient, b.recipient) ||
    compareStrings(a.submissionId ?? '', b.submissionId ?? '')
  )
}

/**
 * Splits a task reward into integer entries that always sum exactly to the reward (DESIGN §6);
 * zero amounts are omitted and entries come out in canonical order.
 */
export function distributeRewards(input: RewardInput): RewardEntry[] {
  const { reward, publisher } = input
  if (reward < 0n) throw new RangeError('reward must not be negative')
  const split = input.split ?? DEFAULT_REWARD_SPLIT
  assertSplit(split)
  const passScore = input.passScore ?? PASS_SCORE
  const network = input.networkAccount ?? NETWORK_ACCOUNT

  const winnersPool = (reward * BigInt(split.winnersBps)) / BigInt(BPS_TOTAL)
  const participantsPool = (reward * BigInt(split.participantsBps)) / BigInt(BPS_TOTAL)
  const validatorsPool = (reward * BigInt(split.validatorsBps)) / BigInt(BPS_TOTAL)
  // The network share absorbs the pools' rounding, which is what makes the sum exact.
  const networkPool = reward - winnersPool - participantsPool - validatorsPool

  const entries: RewardEntry[] = []
  let refund = 0n

  // Flagged submissions and those without consensus earn nothing and do not count towards n.
  const eligible = uniqueSubmissions(input.submissions)
    .filter((s) => !s.flagged && s.reached && s.score !== null)
    .sort(compareRank)
  const winners = eligible
    .filter((s) => (s.score ?? 0) >= passScore)
    .slice(0, maxWinners(input.taskType, eligible.length))

  if (winners.length === 0) {
    // No qualifying answer: the miners' pools go back to the publisher.
    refund += winnersPool + participantsPool
  } else {
    const winnerShares = splitProRata(
      winnersPool,
      winners.map((_, rank) => WINNER_RANK_WEIGHTS[rank] ?? 0n),
    )
    winners.forEach((s, i) => {
      entries.push({ recipient: s.miner, role: 'winner', amount: winnerShares[i]!, submissionId: s.id })
    })
    const weights = eligible.map((s) => {
      const bps = scoreBps(s.score ?? 0)
      return bps > BigInt(PARTICIPANT_MIN_WEIGHT_BPS) ? bps : BigInt(PARTICIPANT_MIN_WEIGHT_BPS)
    })
    const participantShares = splitProRata(participantsPool, weights)
    eligible.forEach((s, i) => {
      entries.push({
        recipient: s.miner,
        role: 'participant',
        amount: participantShares[i]!,
        submissionId: s.id,
      })
    })
  }

  const validators = earningValidators(input.validators)
  if (validators.length === 0) {
    refund += validatorsPool
  } else {
    const shares = splitProRata(
      validatorsPool,
      validators.map(() => 1n),
    )
    validators.forEach((v, i) => {
      entries.push({ recipient: v, role: 'validator', amount: shares[i]!, submissionId: null })
    })
  }

  entries.push({ recipient: network, role: 'network', amount: networkPool, submissionId: null })
  entries.push({ recipient: publisher, role: 'refund', amount: refund, submissionId: null })
  return entries.filter((e) => e.amount > 0n).sort(compareEntries)
}
