/**
 * Consensus per submission (DESIGN §6 consensus): weighted median, clipping band, consensus score,
 * confidence, outliers and the consensus-reached rule, robust to a colluding minority.
 */

import { compareStrings } from './order.js'
import { meetsThreshold, TRUST_THRESHOLDS } from './trust.js'
import type { Account, ConsensusResult, Id, ValidatorScore } from './types.js'

/** Scores are clipped to median ± this many points, and the same band defines outliers (DESIGN §6). */
export const CONSENSUS_BAND = 15

/**
 * Largest share of counted weight the consensus score is proven to withstand (DESIGN §6: "with
 * ≤ 40 % of the counted weight colluding"), as a ratio of integers so weight sums stay exact. The
 * clipping band is narrowed to the weighted quantiles at this share from either end.
 */
export const COLLUSION_SHARE_NUM = 4
export const COLLUSION_SHARE_DEN = 10

/** Consensus needs this share of counted weight inside the band (DESIGN §6; seed's 0.6 threshold). */
export const CONSENSUS_WEIGHT_SHARE_NUM = 6
export const CONSENSUS_WEIGHT_SHARE_DEN = 10

/** A task never needs fewer than this many counted reviewers (DESIGN §6: "min 2"). */
export const MIN_REQUIRED_REVIEWERS = 2

/** Confidence = 0.4·min(n/N, 1) + 0.6·max(1 − σ/S, 0) with these constants (DESIGN §6). */
export const CONFIDENCE_COUNT_WEIGHT = 0.4
export const CONFIDENCE_SPREAD_WEIGHT = 0.6
export const CONFIDENCE_FULL_COUNT = 10
export const CONFIDENCE_SIGMA_SCALE = 50

/** A validator's score counts in consensus only at this trust (DESIGN §6, seed "verification" level). */
export const VALIDATOR_WEIGHT_TRUST = TRUST_THRESHOLDS.verification

/** Weights are integer milli-trust, so weight sums are exact and independent of order. */
export const WEIGHT_PER_TRUST = 1000

/**
 * Consensus weight of a validator: round(trust·1000) at trust ≥ 0.6, else 0; genesis pre-trusted
 * validators count regardless, never below the weight of a validator exactly at the gate.
 */
export function validatorWeight(trust: number, preTrusted: boolean): number {
  const t = Number.isFinite(trust) ? Math.min(Math.max(trust, 0), 1) : 0
  const weight = Math.round(t * WEIGHT_PER_TRUST)
  if (preTrusted) return Math.max(weight, Math.round(VALIDATOR_WEIGHT_TRUST * WEIGHT_PER_TRUST))
  return meetsThreshold(t, 'verification') ? weight : 0
}

function assertScore(s: ValidatorScore): void {
  if (!Number.isInteger(s.score) || s.score < 0 || s.score > 100) {
    throw new RangeError(`score of ${s.validator} must be an integer 0..100, got ${s.score}`)
  }
  if (!Number.isSafeInteger(s.weight) || s.weight < 0) {
    throw new RangeError(`weight of ${s.validator} must be a non-negative safe integer, got ${s.weight}`)
  }
}

/**
 * One score per validator, sorted by (score, validator). A validator listed twice with the same
 * score and weight is one entry; with different values it is an equivocator and is left out
 * entirely (fraud.ts reports it), so the result never depends on which copy arrived first.
 */
function canonicalScores(scores: readonly ValidatorScore[]): ValidatorScore[] {
  const byValidator = new Map<Account, ValidatorScore | null>()
  for (const s of scores) {
    assertScore(s)
    const prior = byValidator.get(s.validator)
    if (prior === undefined) byValidator.set(s.validator, s)
    else if (prior !== null && (prior.score !== s.score || prior.weight !== s.weight)) {
      byValidator.set(s.validator, null)
    }
  }
  const out: ValidatorScore[] = []
  for (const s of byValidator.values()) if (s !== null) out.push(s)
  return out.sort((a, b) => a.score - b.score || compareStrings(a.validator, b.validator))
}

/**
 * Weighted median of scores sorted ascending: the first score where cumulative weight reaches half;
 * at an exact half it averages with the next score, so equal weights give the ordinary median.
 * Chosen over the plain median because weight is trust: zero-weight (untrusted) sybils cannot
 * move it, and a colluding minority (< 50 % of weight) cannot push it outside the honest scores.
 */
export function weightedMedian(sorted: readonly ValidatorScore[]): number | null {
  const total = sorted.reduce((acc, s) => acc + s.weight, 0)
  if (total === 0) return null
  let cumulative = 0
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i]!
    if (s.weight === 0) continue
    cumulative += s.weight
    if (2 * cumulative === total) {
      const next = sorted.slice(i + 1).find((n) => n.weight > 0)
      return next === undefined ? s.score : (s.score + next.score) / 2
    }
    if (2 * cumulative > total) return s.score
  }
  return null
}

/**
 * The clipping band's collusion-safe bounds over counted scores sorted ascending (all weights > 0):
 * `low` is the smallest score s with weight(≤ s) > share·W, `high` the largest with
 * weight(≥ s) > share·W, where W is the total weight and share = 4/10.
 *
 * Why the consensus score stays inside the honest validators' range [hmin, hmax] when colluders
 * hold C ≤ share·W (so honest weight H ≥ 0.6·W > W/2):
 * 1. low ≥ hmin: every score below hmin is a colluder's, so weight(< hmin) ≤ C ≤ share·W, and no
 *    s < hmin has weight(≤ s) > share·W. Symmetrically high ≤ hmax.
 * 2. low ≤ median ≤ high: the weighted median m has weight(≤ m) ≥ W/2 > share·W, so low ≤ m; and
 *    weight(< m) < W/2 (m is the first score reaching half), so weight(≥ m) > W/2 > share·W and
 *    m ≤ high. At an exact half m averages two adjacent scores s < n with weight(≤ s) = W/2 and
 *    weight(≥ n) = W/2, both > share·W, so low ≤ s < m < n ≤ high. Hence the band
 *    [max(m − 15, low), min(m + 15, high)] is never empty.
 * 3. Every score is clipped into that band ⊆ [low, high] ⊆ [hmin, hmax], so their weighted mean,
 *    the consensus score, lies in [hmin, hmax]: colluders at either extreme, or scattered, move it
 *    at most to the edge of the honest scores. (The median alone is within [hmin, hmax] too,
 *    but clipping to median ± 15 alone is not: the median sits near the honest edge and the
 *    clipped colluders, 15 further out, pull the mean past it.)
 * The bound is also the widest possible: with 40 % of the weight at a, 20 % at b and 40 % at c,
 * either outer group may be the colluders, so any estimator that holds must return b, the value
 * between the 40 % and 60 % quantiles, which is what this band gives.
 */
export function collusionBounds(sorted: readonly ValidatorScore[]): { low: number; high: number } | null {
  const total = sorted.reduce((acc, s) => acc + s.weight, 0)
  if (total === 0) return null
  const beyond = (weight: number): boolean => COLLUSION_SHARE_DEN * weight > COLLUSION_SHARE_NUM * total
  let low: number | null = null
  let cumulative = 0
  for (const s of sorted) {
    cumulative += s.weight
    if (beyond(cumulative)) {
      low = s.score
      break
    }
  }
  let high: number | null = null
  cumulative = 0
  for (let i = sorted.length - 1; i >= 0; i--) {
    cumulative += sorted[i]!.weight
    if (beyond(cumulative)) {
      high = sorted[i]!.score
      break
    }
  }
  return low === null || high === null ? null : { low, high }
}

/** Consensus over one submission's validator scores (DESIGN §6), independent of input order. */
export function computeConsensus(
  submissionId: Id,
  scores: readonly ValidatorScore[],
  requiredReviewers: number,
): ConsensusResult {
  const sorted = canonicalScores(scores)
  const counted = sorted.filter((s) => s.weight > 0)
  const totalWeight = counted.reduce((acc, s) => acc + s.weight, 0)
  const median = weightedMedian(counted)
  const bounds = collusionBounds(counted)
  if (median === null || bounds === null) {
    return {
      submissionId,
      median: null,
      score: null,
      clipLow: null,
      clipHigh: null,
      reached: false,
      confidence: 0,
      counted: 0,
      totalWeight: 0,
      inBandWeight: 0,
      outliers: [],
      agreeing: [],
    }
  }
  const lo = median - CONSENSUS_BAND
  const hi = median + CONSENSUS_BAND
  const inBand = (score: number): boolean => score >= lo && score <= hi
  // Scores are clipped to the band narrowed to the collusion bounds (proof at collusionBounds);
  // outliers and the consensus-reached rule keep the plain band of DESIGN §6.
  const clipLow = Math.max(lo, bounds.low)
  const clipHigh = Math.min(hi, bounds.high)

  // Weights are integers and clipped scores are multiples of 0.5, so these sums are exact.
  let weightedClipped = 0
  let weightedRaw = 0
  let inBandWeight = 0
  for (const s of counted) {
    weightedClipped += s.weight * Math.min(Math.max(s.score, clipLow), clipHigh)
    weightedRaw += s.weight * s.score
    if (inBand(s.score)) inBandWeight += s.weight
  }
  const score = weightedClipped / totalWeight
  const mean = weightedRaw / totalWeight
  // σ of the raw scores: disagreement lowers confidence even when clipping hides it in the score.
  let variance = 0
  for (const s of counted) variance += s.weight * (s.score - mean) ** 2
  const sigma = Math.sqrt(variance / totalWeight)
  const confidence =
    CONFIDENCE_COUNT_WEIGHT * Math.min(counted.length / CONFIDENCE_FULL_COUNT, 1) +
    CONFIDENCE_SPREAD_WEIGHT * Math.max(1 - sigma / CONFIDENCE_SIGMA_SCALE, 0)

  const required = Math.max(requiredReviewers, MIN_REQUIRED_REVIEWERS)
  const reached =
    counted.length >= required &&
    CONSENSUS_WEIGHT_SHARE_DEN * inBandWeight >= CONSENSUS_WEIGHT_SHARE_NUM * totalWeight

  // Zero-weight validators are still classified: agreeing is how they earn trust (DESIGN §6).
  const outliers: Account[] = []
  const agreeing: Account[] = []
  for (const s of sorted) (inBand(s.score) ? agreeing : outliers).push(s.validator)
  outliers.sort(compareStrings)
  agreeing.sort(compareStrings)

  return {
    submissionId,
    median,
    score,
    clipLow,
    clipHigh,
    reached,
    confidence,
    counted: counted.length,
    totalWeight,
    inBandWeight,
    outliers,
    agreeing,
  }
}
