import { validatorWeight } from './consensus.js'
import { rankByHash } from './hash-rank.js'
import type { Account, TimeMs, ValidatorCandidate, ValidatorTask } from './types.js'

/**
 * The task's ranked list of eligible validators (DESIGN §6, seed validation failover): trust-gated
 * like consensus weight (≥ 0.6 or genesis pre-trusted), never the publisher or a miner of the task
 * (self- and publisher-validation are rule violations), ordered by sha256(task id ‖ validator key).
 */
export function rankEligibleValidators(
  task: ValidatorTask,
  candidates: readonly ValidatorCandidate[],
): Account[] {
  const excluded = new Set<Account>([task.publisher, ...task.miners])
  const eligible = candidates
    .filter((c) => !excluded.has(c.account) && validatorWeight(c.trust, c.preTrusted) > 0)
    .map((c) => c.account)
  return rankByHash(task.id, eligible)
}

/** The first `required` validators of the ranked list: the ones expected to score. */
export function expectedValidators(list: readonly Account[], required: number): Account[] {
  return list.slice(0, Math.max(required, 0))
}

/**
 * Expected validators at time `now`: the first `required` of the list until half the validation
 * window has passed; from then on, each of them that has not scored is replaced by the next one
 * down the list (in list order), so a silent validator cannot stall a task.
 */
export function expectedValidatorsAt(
  list: readonly Account[],
  scored: Iterable<Account>,
  validationStart: TimeMs,
  validationEnd: TimeMs,
  now: TimeMs,
  required: number,
): Account[] {
  const initial = expectedValidators(list, required)
  const halfway = validationStart + Math.floor((validationEnd - validationStart) / 2)
  if (now < halfway) return initial
  const scoredSet = new Set(scored)
  const kept = initial.filter((v) => scoredSet.has(v))
  const replacements = list.slice(initial.length, initial.length + (initial.length - kept.length))
  const chosen = new Set([...kept, ...replacements])
  // Keep the list's rank order in the result.
  return list.filter((v) => chosen.has(v))
}
