import { clamp, compareStrings } from './order.js'
import { REPUTATION_MAX } from './reputation.js'
import { DIFFICULTIES, type MatchCandidate, type MatchTask, type MinerCandidate } from './types.js'

/** Weights of the match score terms (seed miner registry; DESIGN §6). */
export const MATCH_WEIGHTS = {
  proficiency: 0.4,
  difficultyFit: 0.2,
  reputation: 0.2,
  successRate: 0.1,
  availability: 0.1,
} as const

/** Only miners scoring strictly above this are candidates (DESIGN §6). */
export const MATCH_MIN_SCORE = 0.3

/** Match scores are rounded to this many parts (1e-9). */
export const MATCH_SCORE_PRECISION = 1e9

/** The widest gap between difficulty levels (expert − beginner), which makes the fit 0. */
const MAX_LEVEL_GAP = DIFFICULTIES.length - 1

/**
 * Difficulty fit in [0, 1]: 1 − |miner level − task level| / 3. Symmetric on purpose: an expert is
 * not the best match for beginner work, which leaves easy tasks to miners who grow on them.
 */
export function difficultyFit(miner: MinerCandidate['difficulty'], task: MatchTask['difficulty']): number {
  const gap = Math.abs(DIFFICULTIES.indexOf(miner) - DIFFICULTIES.indexOf(task))
  return 1 - gap / MAX_LEVEL_GAP
}

function unit(value: number): number {
  return Number.isFinite(value) ? clamp(value, 0, 1) : 0
}

/** Match score in [0, 1] of one miner for a task; inputs outside their ranges are clamped. */
export function matchScore(task: MatchTask, miner: MinerCandidate): number {
  const proficiency = Object.hasOwn(miner.proficiency, task.taskType)
    ? unit(miner.proficiency[task.taskType] ?? 0)
    : 0
  // Terms are added in a fixed order, so the float result depends only on this miner's inputs;
  // rounding to 1e-9 keeps float noise (0.2 + 0.1 = 0.30000000000000004) off the 0.3 boundary.
  const raw =
    MATCH_WEIGHTS.proficiency * proficiency +
    MATCH_WEIGHTS.difficultyFit * difficultyFit(miner.difficulty, task.difficulty) +
    MATCH_WEIGHTS.reputation * unit(miner.reputation / REPUTATION_MAX) +
    MATCH_WEIGHTS.successRate * unit(miner.successRate) +
    MATCH_WEIGHTS.availability * unit(miner.availability)
  return Math.round(raw * MATCH_SCORE_PRECISION) / MATCH_SCORE_PRECISION
}

/** Miners scoring above 0.3 for the task, best first, ties broken by account. */
export function rankCandidates(task: MatchTask, miners: readonly MinerCandidate[]): MatchCandidate[] {
  const best = new Map<string, number>()
  for (const miner of miners) {
    const score = matchScore(task, miner)
    // A miner listed twice keeps its best score, so duplicates cannot depend on order.
    best.set(miner.account, Math.max(best.get(miner.account) ?? 0, score))
  }
  return [...best.entries()]
    .filter(([, score]) => score > MATCH_MIN_SCORE)
    .map(([account, score]) => ({ account, score }))
    .sort((a, b) => b.score - a.score || compareStrings(a.account, b.account))
}
