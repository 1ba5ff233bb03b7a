/**
 * Cross-task aggregates per account (DESIGN §5.1, §6): miner stats, reputation and trust. Each task
 * contributes a Contribution per account; the book keeps them per (account, task), so replacing a
 * task's contribution is exact (integer sums) and the event folds replay the whole set in
 * (time, id) order, whatever order tasks were derived in.
 *
 * Trust, reputation and collusion history are folded at certified checkpoints (account-folds.ts,
 * DESIGN §5.12): a task published at P reads the state as of P − 1, the base of the latest
 * checkpoint before it plus the events since. Trust events carry the time of the validation deadline
 * (or dispute resolution) of the task that produced them, always after that task's publication, and a
 * task is folded only after its final time, so the dependency graph between tasks is acyclic in time
 * and the engine can re-derive dependents in publish order until nothing changes.
 */
import type { BehaviourPattern, MessageKind, MinerRecord, SignedMessage } from '@aimesh/protocol'
import type { Genesis } from '../genesis.js'
import { hex, unhex } from '../ids.js'
import {
  clampReputation,
  clampTrust,
  decayReputation,
  decayTrust,
  isInflatedScore,
  REPUTATION_BASELINE,
  type ScoreRecord,
  TRUST_DEFAULT,
  type TrustEvent,
  type TrustRecord,
} from '../rules/index.js'
import type { AccountBase, FoldWork } from './account-base.js'
import { AccountFolds } from './account-folds.js'
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
  readonly #profiles = new Map<string, SignedMessage<MessageKind.MinerProfile>>()
  /** Trust, reputation and collusion history, folded at certified checkpoints. */
  readonly #folds: AccountFolds
  readonly #preTrusted: ReadonlySet<string>

  constructor(readonly genesis: Genesis) {
    this.#preTrusted = new Set(genesis.preTrustedValidators)
    this.#folds = new AccountFolds(genesis)
  }

  /** Fold work counters (DESIGN §5.12). */
  get work(): FoldWork {
    return this.#folds.work
  }

  /** Sets the certified checkpoint epochs (ascending); the caller then places every task again. */
  setCheckpoints(epochs: readonly number[]): void {
    this.#folds.setCheckpoints(epochs)
  }

  /** The fold segment of a task with or without a winning certificate and its final time. */
  segmentFor(certified: boolean, finalAt: number): number {
    return this.#folds.segmentFor(certified, finalAt)
  }

  /** The checkpoint a task's contributions are folded into (OPEN, Infinity, when none). */
  segmentOfTask(task: string): number {
    return this.#folds.segmentOf(task)
  }

  /** Events in an account's open trust and reputation histories. */
  openHistorySize(account: string): number {
    return this.#folds.openSize(account)
  }

  /**
   * Moves a task's contributions to the segment it is folded into (or the open one); with `report`
   * the next setContribution of each of its accounts includes when the move changed its state.
   */
  placeTask(task: string, segment: number, report = true): void {
    this.#folds.place(task, segment, (account) => this.#contribs.get(account)?.get(task), report)
  }

  /** Loading a store: bases come from it and contributions of folded tasks are not folded again. */
  beginLoad(): void {
    this.#folds.beginLoad()
  }

  /** A stored base (while loading). */
  loadBase(account: string, base: AccountBase): void {
    this.#folds.loadBase(account, base)
  }

  /** Ends loading (bases that do not match their segments are folded again). */
  endLoad(): void {
    this.#folds.endLoad()
  }

  /** Base entries changed since the last call, for the commit's batch. */
  takeBaseWrites(): { key: Uint8Array; value: Uint8Array | null }[] {
    return this.#folds.takeWrites()
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

    return this.#folds.set(task, account, prev, next)
  }

  /** Trust of an account as of t (account-folds.ts) decayed to t (rules/trust). */
  trustAt(account: string, t: number): number {
    const state = this.#folds.trustStateAt(account, t)
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
    const state = this.#folds.reputation(account)
    if (state === undefined) return REPUTATION_BASELINE
    return Math.round(clampReputation(decayReputation(state.value, t - state.updatedAt)))
  }

  /** Every account with trust history and its trust at t (dispute panel candidates). */
  trustedAccountsAt(t: number): { account: string; trust: number }[] {
    const out: { account: string; trust: number }[] = []
    for (const account of this.#folds.trustAccounts()) {
      const state = this.#folds.trustStateAt(account, t)
      if (state !== undefined)
        out.push({ account, trust: clampTrust(decayTrust(state.score, t - state.updatedAt)) })
    }
    return out
  }

  /** Current trust of an account (as of its last event) with its event counts, for the trust store. */
  trustSummary(
    account: string,
  ):
    | { record: TrustRecord; verified: number; unverified: number; failures: number; lastEvent: TrustEvent }
    | undefined {
    return this.#folds.trustSummary(account)
  }

  /** Accounts with trust history. */
  trustAccounts(): string[] {
    return this.#folds.trustAccounts()
  }

  /**
   * Inflated validations of a miner's answers (rules/fraud isInflatedScore) as of `before`: the
   * collusion history (account-folds.ts). Scores within the margin are not kept (see
   * setContribution), so the scan is over the few inflated ones, not every validation received.
   */
  scoreHistory(miner: string, before: number): ScoreRecord[] {
    return this.#folds.scoreHistory(miner, before)
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

  /** Forgets an account's profile (one a scope evicted, DESIGN §5.8); the engine sets the held ones again. */
  removeProfile(account: string): void {
    this.#profiles.delete(account)
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
    const rep = this.#folds.reputation(account)
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
}
