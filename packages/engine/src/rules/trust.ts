import { canonicalEvents, clamp, compareStrings, DAY_MS } from './order.js'
import type { Account, TimeMs, TrustEvent, TrustLevel, TrustRecord } from './types.js'

/** Trust range and starting point (seed 004 TrustManager; DESIGN §6). */
export const TRUST_MIN = 0
export const TRUST_MAX = 1
export const TRUST_DEFAULT = 0.5

/** Base deltas before damping (seed TrustManager; DESIGN §6). */
export const TRUST_VERIFIED_SUCCESS_DELTA = 0.05
export const TRUST_UNVERIFIED_SUCCESS_DELTA = 0.02
export const TRUST_FAILURE_DELTA = -0.1

/**
 * Decay toward the default: 1 % of the distance per day. The seed's trust manager decays over time
 * without naming a rate; this is the seed's (003) daily peer-score decay rate, reused for symmetry.
 */
export const TRUST_DECAY_PER_DAY = 0.01

/** Minimum trust per level (seed 004 TrustThresholds; DESIGN §6). */
export const TRUST_THRESHOLDS: Readonly<Record<TrustLevel, number>> = {
  basic: 0.3,
  delegation: 0.5,
  consensus: 0.5,
  verification: 0.6,
  critical: 0.7,
}

/** Trust is compared at this resolution (1e-9), so float noise such as 0.7 − 0.1 cannot miss a gate. */
export const TRUST_COMPARE_PRECISION = 1e9

/** Whether a trust score meets the minimum of a level. */
export function meetsThreshold(score: number, level: TrustLevel): boolean {
  return (
    Math.round(score * TRUST_COMPARE_PRECISION) >=
    Math.round(TRUST_THRESHOLDS[level] * TRUST_COMPARE_PRECISION)
  )
}

/**
 * Damping 1/(1 + log10 n) where n = 1 + the account's prior interactions: the first interaction has
 * full effect (n = 1), the tenth half of it (n = 10), so long histories move slowly.
 */
export function trustDamping(priorInteractions: number): number {
  return 1 / (1 + Math.log10(1 + Math.max(priorInteractions, 0)))
}

/** Trust after `elapsedMs` of decay toward the default (1 %/day of the distance). */
export function decayTrust(score: number, elapsedMs: number): number {
  if (elapsedMs <= 0) return score
  const factor = (1 - TRUST_DECAY_PER_DAY) ** (elapsedMs / DAY_MS)
  return TRUST_DEFAULT + (score - TRUST_DEFAULT) * factor
}

/** Clamps a trust score into [0, 1]. */
export function clampTrust(score: number): number {
  return clamp(score, TRUST_MIN, TRUST_MAX)
}

/** Applies one event to a record (decaying up to the event's time first); pure. */
export function applyTrustEvent(record: TrustRecord | undefined, event: TrustEvent): TrustRecord {
  const prior = record ?? { score: TRUST_DEFAULT, interactions: 0, updatedAt: event.time }
  const decayed = decayTrust(prior.score, event.time - prior.updatedAt)
  const updatedAt = Math.max(prior.updatedAt, event.time)
  if (event.kind === 'adjustment') {
    // Dispute outcomes and genesis grants apply as given: they are verdicts, not interactions.
    return { score: clampTrust(decayed + event.delta), interactions: prior.interactions, updatedAt }
  }
  const base =
    event.kind === 'failure'
      ? TRUST_FAILURE_DELTA
      : event.verified
        ? TRUST_VERIFIED_SUCCESS_DELTA
        : TRUST_UNVERIFIED_SUCCESS_DELTA
  return {
    score: clampTrust(decayed + base * trustDamping(prior.interactions)),
    interactions: prior.interactions + 1,
    updatedAt,
  }
}

/**
 * Trust per account from a set of events as of `asOf`: events after `asOf` are ignored, the rest
 * replayed in (time, id) order, so any permutation gives the same map; decayed up to `asOf`.
 */
export function trustFromEvents(events: readonly TrustEvent[], asOf: TimeMs): Map<Account, TrustRecord> {
  const state = new Map<Account, TrustRecord>()
  for (const event of canonicalEvents(events, asOf)) {
    state.set(event.account, applyTrustEvent(state.get(event.account), event))
  }
  const out = new Map<Account, TrustRecord>()
  for (const account of [...state.keys()].sort(compareStrings)) {
    const r = state.get(account)!
    out.set(account, {
      score: clampTrust(decayTrust(r.score, asOf - r.updatedAt)),
      interactions: r.interactions,
      updatedAt: asOf,
    })
  }
  return out
}
