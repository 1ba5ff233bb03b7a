/**
 * When bots act on a task, relative to its publication (DESIGN §6 windows, test phases of seconds).
 * The engine's too-fast rule wants ≥ 30 s between publication and commit for a beginner task and
 * flags a commit that comes before 30 % of that (risk ≥ 0.7); honest miners commit after
 * HONEST_WORK_MS, safely past it, and the too-fast miner commits at once.
 */

/** Offsets from publication, ms. */
export const TASK_WINDOWS = {
  commit: 16_000,
  submission: 22_000,
  validation: 32_000,
  challenge: 44_000,
} as const

/** Honest miners "work" this long before committing (see the file comment). */
export const HONEST_WORK_MS = 11_000
/** Copiers wait for an honest answer to copy; after this they give up on the task. */
export const COPY_LAST_CHANCE_MS = TASK_WINDOWS.commit - 1_000
/** Fewest validators whose scores each answer needs (DESIGN §6: at least 2). */
export const REQUIRED_REVIEWERS = 3
/** Tasks open at once; the publishers wait when this many are still running. */
export const MAX_ACTIVE_TASKS = 4
/** Gap between two publications. */
export const PUBLISH_EVERY_MS = 4_000
/** The first certified task and every n-th after it get a dispute, so panels decide some. */
export const DISPUTE_EVERY = 2
/** How long after the challenge deadline panels may vote (the testnet genesis's disputeVoteWindowMs). */
export const DISPUTE_VOTE_WINDOW_MS = 20_000
/** Task reward in base units. */
export const TASK_REWARD = 1_000_000n

export interface TaskTimes {
  publishedAt: number
  commitDeadline: number
  submissionDeadline: number
  validationDeadline: number
  challengeDeadline: number
}

/** The phases POST /tasks takes: lengths from publication, each after the previous deadline. */
export const TASK_PHASES = {
  commitMs: TASK_WINDOWS.commit,
  revealMs: TASK_WINDOWS.submission - TASK_WINDOWS.commit,
  validationMs: TASK_WINDOWS.validation - TASK_WINDOWS.submission,
  challengeMs: TASK_WINDOWS.challenge - TASK_WINDOWS.validation,
} as const

export function taskTimes(publishedAt: number): TaskTimes {
  return {
    publishedAt,
    commitDeadline: publishedAt + TASK_WINDOWS.commit,
    submissionDeadline: publishedAt + TASK_WINDOWS.submission,
    validationDeadline: publishedAt + TASK_WINDOWS.validation,
    challengeDeadline: publishedAt + TASK_WINDOWS.challenge,
  }
}
