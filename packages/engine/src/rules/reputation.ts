import { CONSENSUS_BAND } from './consensus.js'
import { canonicalEvents, clamp, compareStrings, DAY_MS } from './order.js'
import type { Account, ReputationEvent, ReputationRecord, TimeMs } from './types.js'

/** Reputation range (DESIGN §6: 0–10,000 per account). */
export const REPUTATION_MIN = 0
export const REPUTATION_MAX = 10_000
/** New accounts start in the middle, and decay pulls every account back here. */
export const REPUTATION_BASELINE = 5_000

/** Miner deltas by consensus-score band, best first (DESIGN §6: +50/+30/+20/+10/+5/−10). */
export const MINER_REPUTATION_BANDS: readonly { minScore: number; delta: number }[] = [
  { minScore: 90, delta: 50 },
  { minScore: 80, delta: 30 },
  { minScore: 70, delta: 20 },
  { minScore: 60, delta: 10 },
  { minScore: 50, delta: 5 },
]
/** Below the lowest band (score < 50). */
export const MINER_REPUTATION_FAIL_DELTA = -10

/**
 * Validator deltas by agreement with consensus (DESIGN §6 names the rule, not the numbers): scoring
 * inside the ±15 band earns a small gain, being an outlier costs twice as much so that random
 * scoring loses reputation on balance.
 */
export const VALIDATOR_AGREEMENT_DELTA = 5
export const VALIDATOR_OUTLIER_DELTA = -10
/** Re-exported for readers: "inside the band" means within this many points of the median. */
export const VALIDATOR_AGREEMENT_BAND = CONSENSUS_BAND

/** Decay toward the baseline: 1 % of the distance per day, compounded continuously (DESIGN §6). */
export const REPUTATION_DECAY_PER_DAY = 0.01

/** Reputation change for a miner whose submission got this consensus score. */
export function minerReputationDelta(consensusScore: number): number {
  for (const band of MINER_REPUTATION_BANDS) if (consensusScore >= band.minScore) return band.delta
  return MINER_REPUTATION_FAIL_DELTA
}

/** Reputation change for a validator: agreement with consensus earns, an outlier pays. */
export function validatorReputationDelta(outlier: boolean): number {
  return outlier ? VALIDATOR_OUTLIER_DELTA : VALIDATOR_AGREEMENT_DELTA
}

/** Clamps a reputation into [0, 10,000]. */
export function clampReputation(value: number): number {
  return clamp(value, REPUTATION_MIN, REPUTATION_MAX)
}

/** Reputation after `elapsedMs` of decay toward the baseline (1 %/day of the distance). */
export function decayReputation(value: number, elapsedMs: number): number {
  if (elapsedMs <= 0) return value
  const factor = (1 - REPUTATION_DECAY_PER_DAY) ** (elapsedMs / DAY_MS)
  return REPUTATION_BASELINE + (value - REPUTATION_BASELINE) * factor
}

/** The reputation delta of each event kind: one row per kind. */
const EVENT_DELTA: {
  readonly [K in ReputationEvent['kind']]: (event: Extract<ReputationEvent, { kind: K }>) => number
} = {
  'miner-scored': (event) => minerReputationDelta(event.score),
  'validator-agreed': () => validatorReputationDelta(false),
  'validator-outlier': () => validatorReputationDelta(true),
  adjustment: (event) => event.delta,
}

/** The reputation delta one event carries. */
export function reputationDelta(event: ReputationEvent): number {
  // The row is looked up by the event's own kind; TypeScript cannot correlate the two.
  const delta = EVENT_DELTA[event.kind] as (event: ReputationEvent) => number
  return delta(event)
}

/** Applies one event to a record (decaying up to the event's time first); pure. */
export function applyReputationEvent(
  record: ReputationRecord | undefined,
  event: ReputationEvent,
): ReputationRecord {
  const prior = record ?? { value: REPUTATION_BASELINE, events: 0, updatedAt: event.time }
  const decayed = decayReputation(prior.value, event.time - prior.updatedAt)
  return {
    value: clampReputation(decayed + reputationDelta(event)),
    events: prior.events + 1,
    updatedAt: Math.max(prior.updatedAt, event.time),
  }
}

/**
 * Reputation per account from a set of events as of `asOf`: events after `asOf` are ignored, the rest
 * are replayed in (time, id) order, so any permutation gives the same map. Values are kept unrounded
 * through the fold (rounding each step would stall or overshoot decay) and rounded to integers here.
 */
export function reputationFromEvents(
  events: readonly ReputationEvent[],
  asOf: TimeMs,
): Map<Account, ReputationRecord> {
  const state = new Map<Account, ReputationRecord>()
  for (const event of canonicalEvents(events, asOf)) {
    state.set(event.account, applyReputationEvent(state.get(event.account), event))
  }
  const out = new Map<Account, ReputationRecord>()
  for (const account of [...state.keys()].sort(compareStrings)) {
    const r = state.get(account)!
    out.set(account, {
      value: Math.round(clampReputation(decayReputation(r.value, asOf - r.updatedAt))),
      events: r.events,
      updatedAt: asOf,
    })
  }
  return out
}
