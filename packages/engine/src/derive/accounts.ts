/**
 * Cross-task aggregates per account (DESIGN §5.1, §6): miner stats, reputation and trust. Each task
 * contributes a Contribution per account; the book keeps them per (account, task), so replacing a
 * task's contribution is exact (integer sums) and the event folds replay the whole set in
 * (time, id) order, whatever order tasks were derived in.
 *
 * Trust snapshot rule (what consensus weight reads): a task published at P uses trust folded from
 * genesis pre-trust plus every trust event with time < P. Trust events carry the time of the
 * validation deadline (or dispute resolution) of the task that produced them, always after that
 * task's publication, so the dependency graph between tasks is acyclic in time and the engine can
 * re-derive dependents in publish order until nothing changes.
 */
import type { BehaviourPattern, MessageKind, MinerRecord, SignedMessage } from '@aimesh/protocol'
import type { Genesis } from '../genesis.js'
import { hex, unhex } from '../ids.js'
import {
  applyReputationEvent,
  applyTrustEvent,
  clampReputation,
  clampTrust,
  decayReputation,
  decayTrust,
  isInflatedScore,
  REPUTATION_BASELINE,
  type ReputationEvent,
  type ReputationRecord,
  type ScoreRecord,
  TRUST_DEFAULT,
  type TrustEvent,
  type TrustRecord,
} from '../rules/index.js'
import { EventHistory } from './history.js'
import { DIFFICULTY_NUMBER, TASK_TYPE_NUMBER } from './mapping.js'
import type { Contribution } from './task.js'

interface Totals {
  submissions: number
  wins: number
  validations: number
  outlierValidations: number
  scoreSum: number
  earned: bigint
  duplicateAnswers: number
  fastAnswers: number
  inflatedScores: number
  equivocations: number
  workMs: bigint
}

function eventKey(e: TrustEvent | ReputationEvent): string {
  return JSON.stringify(e)
}

/** Earliest time among events present in one list but not the other, or null when equal. */
function firstDifference<T>(
  a: readonly T[],
  b: readonly T[],
  key: (x: T) => string,
  time: (x: T) => number,
): number | null {
  const ka = new Map(a.map((x) => [key(x), x]))
  const kb = new Map(b.map((x) => [key(x), x]))
  let min: number | null = null
  for (const [k, x] of ka) if (!kb.has(k)) min = Math.min(min ?? Infinity, time(x))
  for (const [k, x] of kb) if (!ka.has(k)) min = Math.min(min ?? Infinity, time(x))
  return min
}

/**
 * Keeps `maxes[account]` = the greatest `field` over the account's contributions after `prev` was
 * replaced by `next` (already applied to byTask): incremental, rescanning only when the max shrinks.
 */
function updateMax(
  maxes: Map<string, number>,
  account: string,
  byTask: ReadonlyMap<string, Contribution>,
  prev: Contribution | undefined,
  next: Contribution | undefined,
  field: (c: Contribution) => number,
): void {
  const current = maxes.get(account) ?? 0
  const nextValue = next === undefined ? 0 : field(next)
  if (nextValue >= current) maxes.set(account, nextValue)
  else if ((prev === undefined ? 0 : field(prev)) === current) {
    let max = 0
    for (const c of byTask.values()) if (field(c) > max) max = field(c)
    maxes.set(account, max)
  }
}

/** The contribution with only the scores that count toward collusion (the rest is never read). */
export function keepInflated(c: Contribution): Contribution {
  if (c.scores.every((s) => isInflatedScore(s.record))) return c
  return { ...c, scores: c.scores.filter((s) => isInflatedScore(s.record)) }
}

/** Per-account aggregates built from task contributions and miner profiles. */
export class AccountBook {
  readonly #contribs = new Map<string, Map<string, Contribution>>()
  readonly #totals = new Map<string, Totals>()
  /** Latest activity per account (a max, kept incrementally; recomputed only when it shrinks). */
  readonly #lastActive = new Map<string, number>()
  /** Latest behaviour event per account (BehaviourPattern.updatedAt), kept like #lastActive. */
  readonly #behaviourAt = new Map<string, number>()
  readonly #trust = new Map<string, EventHistory<TrustEvent, TrustRecord>>()
  readonly #rep = new Map<string, EventHistory<ReputationEvent, ReputationRecord>>()
  readonly #profiles = new Map<string, SignedMessage<MessageKind.MinerProfile>>()
  /** Per account, the tasks whose contribution holds inflated scores (what scoreHistory scans). */
  readonly #inflated = new Map<string, Map<string, Contribution['scores']>>()
  readonly #preTrusted: ReadonlySet<string>

  constructor(readonly genesis: Genesis) {
    this.#preTrusted = new Set(genesis.preTrustedValidators)
    for (const account of genesis.preTrustedValidators) {
      // Pre-trust is a genesis grant: an adjustment at genesis time, folded like any other event.
      this.#trustHistory(account).add([
        {
          id: `genesis:${account}`,
          account,
          time: genesis.genesisTime,
          kind: 'adjustment',
          delta: genesis.params.preTrustedScore - TRUST_DEFAULT,
        },
      ])
    }
  }

  /** True when genesis names the account as a pre-trusted validator. */
  isPreTrusted(account: string): boolean {
    return this.#preTrusted.has(account)
  }

  /**
   * Replaces what `task` contributes to `account`; returns the earliest time at which the account's
   * trust events or score history changed (what dependants of later tasks read), or null.
   */
  setContribution(task: string, account: string, given: Contribution | undefined): number | null {
    let byTask = this.#contribs.get(account)
    const prev = byTask?.get(task)
    // Only inflated scores are ever read back (collusion, rules/fraud collusionSignal): keeping the
    // others would grow memory and every history scan with all validations ever made (DESIGN §5.12).
    const next = given === undefined ? undefined : keepInflated(given)
    if (prev === undefined && next === undefined) return null
    if (byTask === undefined) {
      byTask = new Map()
      this.#contribs.set(account, byTask)
    }
    if (next === undefined) byTask.delete(task)
    else byTask.set(task, next)
    this.#setInflated(account, task, next?.scores ?? [])

    const t = this.#totals.get(account) ?? {
      submissions: 0,
      wins: 0,
      validations: 0,
      outlierValidations: 0,
      scoreSum: 0,
      earned: 0n,
      duplicateAnswers: 0,
      fastAnswers: 0,
      inflatedScores: 0,
      equivocations: 0,
      workMs: 0n,
    }
    for (const [c, sign] of [
      [prev, -1],
      [next, 1],
    ] as const) {
      if (c === undefined) continue
      t.submissions += sign * c.submissions
      t.wins += sign * c.wins
      t.validations += sign * c.validations
      t.outlierValidations += sign * c.outlierValidations
      t.scoreSum += sign * c.scoreSum
      t.earned += BigInt(sign) * c.earned
      t.duplicateAnswers += sign * c.duplicateAnswers
      t.fastAnswers += sign * c.fastAnswers
      t.inflatedScores += sign * c.inflatedScores
      t.equivocations += sign * c.equivocations
      t.workMs += BigInt(sign) * c.workMs
    }
    this.#totals.set(account, t)
    updateMax(this.#lastActive, account, byTask, prev, next, (c) => c.lastActiveAt)
    updateMax(this.#behaviourAt, account, byTask, prev, next, (c) => c.behaviourAt)

    const prevTrust = prev?.trust ?? []
    const nextTrust = next?.trust ?? []
    const trustChange = firstDifference(prevTrust, nextTrust, eventKey, (e) => e.time)
    if (trustChange !== null) {
      const h = this.#trustHistory(account)
      h.remove(new Set(prevTrust.map((e) => e.id)))
      h.add(nextTrust)
    }
    const prevRep = prev?.reputation ?? []
    const nextRep = next?.reputation ?? []
    if (firstDifference(prevRep, nextRep, eventKey, (e) => e.time) !== null) {
      let h = this.#rep.get(account)
      if (h === undefined) {
        h = new EventHistory(applyReputationEvent)
        this.#rep.set(account, h)
      }
      h.remove(new Set(prevRep.map((e) => e.id)))
      h.add(nextRep)
    }
    const scoreChange = firstDifference(
      prev?.scores ?? [],
      next?.scores ?? [],
      (s) => `${s.time}:${JSON.stringify(s.record)}`,
      (s) => s.time,
    )
    if (trustChange === null) return scoreChange
    if (scoreChange === null) return trustChange
    return Math.min(trustChange, scoreChange)
  }

  /** Trust of an account folded from every event with time ≤ t and decayed to t (rules/trust). */
  trustAt(account: string, t: number): number {
    const state = this.#trust.get(account)?.stateAt(t)
    if (state === undefined) return TRUST_DEFAULT
    return clampTrust(decayTrust(state.score, t - state.updatedAt))
  }

  /**
   * Reputation of an account as seen at time t: its value after its last event, decayed toward the
   * baseline from that event to t (1 %/day, rules/reputation). The stored miner record keeps the
   * value as of the last event (clock-independent); queries call this with the query time. A t
   * before the last event gives the value as of that event.
   */
  reputationAt(account: string, t: number): number {
    const state = this.#rep.get(account)?.last()?.state
    if (state === undefined) return REPUTATION_BASELINE
    return Math.round(clampReputation(decayReputation(state.value, t - state.updatedAt)))
  }

  /** Every account with trust history and its trust at t (dispute panel candidates). */
  trustedAccountsAt(t: number): { account: string; trust: number }[] {
    const out: { account: string; trust: number }[] = []
    for (const [account, h] of this.#trust) {
      const state = h.stateAt(t)
      if (state !== undefined)
        out.push({ account, trust: clampTrust(decayTrust(state.score, t - state.updatedAt)) })
    }
    return out.sort((a, b) => (a.account < b.account ? -1 : 1))
  }

  /** Current trust of an account (as of its last event) with its event counts, for the trust store. */
  trustSummary(
    account: string,
  ):
    | { record: TrustRecord; verified: number; unverified: number; failures: number; lastEvent: TrustEvent }
    | undefined {
    const h = this.#trust.get(account)
    const last = h?.last()
    const events = h?.events() ?? []
    const lastEvent = events[events.length - 1]
    if (last === undefined || lastEvent === undefined) return undefined
    let verified = 0
    let unverified = 0
    let failures = 0
    for (const e of events) {
      if (e.kind === 'failure') failures++
      else if (e.kind === 'success') e.verified ? verified++ : unverified++
    }
    return { record: last.state, verified, unverified, failures, lastEvent }
  }

  /** Accounts with trust history. */
  trustAccounts(): string[] {
    return [...this.#trust.keys()].sort()
  }

  /**
   * Inflated validations of a miner's answers (rules/fraud isInflatedScore) from tasks whose events
   * are before t: the collusion history. Scores within the margin are not kept (see setContribution),
   * so the scan is over the few inflated ones, not every validation the miner ever received.
   */
  scoreHistory(miner: string, before: number): ScoreRecord[] {
    const out: ScoreRecord[] = []
    for (const scores of this.#inflated.get(miner)?.values() ?? []) {
      for (const s of scores) if (s.time < before) out.push(s.record)
    }
    return out.sort((a, b) => (a.messageId < b.messageId ? -1 : 1))
  }

  /** Keeps the canonical latest profile (greatest (timestamp, id)); returns true when it changed. */
  setProfile(msg: SignedMessage<MessageKind.MinerProfile>, account: string): boolean {
    const prior = this.#profiles.get(account)
    if (prior !== undefined) {
      const later =
        msg.body.timestamp > prior.body.timestamp ||
        (msg.body.timestamp === prior.body.timestamp && hex(msg.id) > hex(prior.id))
      if (!later) return false
    }
    this.#profiles.set(account, msg)
    return true
  }

  /** The profile currently in effect for an account. */
  profile(account: string): SignedMessage<MessageKind.MinerProfile> | undefined {
    return this.#profiles.get(account)
  }

  /** Accounts that have a miner record (a profile or any contribution). */
  accounts(): string[] {
    return [...new Set([...this.#profiles.keys(), ...this.#contribs.keys()])].sort()
  }

  /** The derived miner record of an account, or null if it has neither profile nor activity. */
  minerRecord(account: string): MinerRecord | null {
    const profile = this.#profiles.get(account)
    const byTask = this.#contribs.get(account)
    if (profile === undefined && (byTask === undefined || byTask.size === 0)) return null
    const t = this.#totals.get(account)
    const lastActiveAt = Math.max(profile?.body.timestamp ?? 0, this.#lastActive.get(account) ?? 0)
    const rep = this.#rep.get(account)?.last()?.state
    const p = profile?.body
    return {
      account: unhex(account),
      roles: p === undefined ? 0 : (p.publisher ? 1 : 0) | (p.miner ? 2 : 0) | (p.validator ? 4 : 0),
      specializations: (p?.specializations ?? []).map((s) => ({
        taskType: TASK_TYPE_NUMBER[s.taskType],
        proficiency: s.proficiency,
        maxDifficulty: DIFFICULTY_NUMBER[s.maxDifficulty],
      })),
      capacity: p?.capacity ?? 0,
      name: p?.name ?? '',
      profileUpdatedAt: p?.timestamp ?? 0,
      reputation: rep === undefined ? REPUTATION_BASELINE : Math.round(clampReputation(rep.value)),
      submissions: t?.submissions ?? 0,
      wins: t?.wins ?? 0,
      validations: t?.validations ?? 0,
      outlierValidations: t?.outlierValidations ?? 0,
      scoreSum: t?.scoreSum ?? 0,
      lastActiveAt,
      earned: t?.earned ?? 0n,
    }
  }

  /**
   * The account's behavioural pattern (DESIGN §6 fraud signals over its tasks), or null when it has
   * neither a counted answer, an inflated score nor an equivocation. meanWorkMs is the floor of the
   * integer mean (exact bigint sum over count), so it does not depend on the order of the tasks.
   */
  behaviourRecord(account: string): BehaviourPattern | null {
    const t = this.#totals.get(account)
    if (t === undefined || t.submissions + t.inflatedScores + t.equivocations === 0) return null
    return {
      account: unhex(account),
      submissions: t.submissions,
      duplicateAnswers: t.duplicateAnswers,
      fastAnswers: t.fastAnswers,
      inflatedScores: t.inflatedScores,
      equivocations: t.equivocations,
      meanWorkMs: t.submissions === 0 ? 0 : Number(t.workMs / BigInt(t.submissions)),
      updatedAt: this.#behaviourAt.get(account) ?? 0,
    }
  }

  #setInflated(account: string, task: string, scores: Contribution['scores']): void {
    let byTask = this.#inflated.get(account)
    if (scores.length === 0) {
      byTask?.delete(task)
      if (byTask?.size === 0) this.#inflated.delete(account)
      return
    }
    if (byTask === undefined) {
      byTask = new Map()
      this.#inflated.set(account, byTask)
    }
    byTask.set(task, scores)
  }

  #trustHistory(account: string): EventHistory<TrustEvent, TrustRecord> {
    let h = this.#trust.get(account)
    if (h === undefined) {
      h = new EventHistory(applyTrustEvent)
      this.#trust.set(account, h)
    }
    return h
  }
}
