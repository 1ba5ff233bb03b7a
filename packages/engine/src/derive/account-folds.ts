/**
 * Per-account trust, reputation and collusion history folded at certified checkpoints (DESIGN
 * §5.12, §5.6). Each task with contributions sits in one segment: the certified checkpoint it is
 * folded into (the first certified epoch n whose cut checkpointCut(n) is at or after the task's
 * finalAt, the task having a winning certificate: exactly the tasks checkpointProposal names), or
 * the open segment. An account's state is defined as
 *
 *   base(k) = fold(base(k'), events of the tasks in segment k, in (time, id) order), k' the previous
 *             certified checkpoint (base(0) holds the genesis pre-trust grant);
 *   state as of t = fold(base(k), events of every task not folded by k with time ≤ t, in (time, id)
 *             order), k the latest certified checkpoint whose cut is before t.
 *
 * Segments and certified checkpoints are functions of the held message set (the epoch chain and each
 * task's certificate), so the state is too: whatever order messages arrive in and whenever a
 * checkpoint certifies, the same set gives the same state. For the current time (k the latest
 * certified checkpoint) only the open segment is refolded, so applying a message costs the same with
 * a year of folded history as with an hour. Asking about a time before the latest checkpoint's cut
 * (a task published long ago) reads the segments since the checkpoint before it.
 *
 * A message for a task already folded cannot change its certified outcome (DESIGN §5.5), so honest
 * late messages (claims, late votes for the winning root) leave the task's contribution and the
 * bases as they are. Late evidence that penalizes signers (a conflicting certificate, an equivocating
 * score, a dispute) does change the task's contribution: then that account's bases from that
 * checkpoint on are folded again (no other account's, and only its segments since that checkpoint),
 * because a base must stay a function of the message set for two nodes to agree.
 */
import { checkpointCut } from '../epochs.js'
import type { Genesis } from '../genesis.js'
import {
  applyReputationEvent,
  applyTrustEvent,
  compareEvents,
  type ReputationEvent,
  type ReputationRecord,
  type ScoreRecord,
  TRUST_DEFAULT,
  type TrustEvent,
  type TrustRecord,
} from '../rules/index.js'
import {
  type AccountBase,
  baseKey,
  countTrust,
  emptyBase,
  encodeBase,
  type FoldWork,
  foldBase,
  type TimedScore,
} from './account-base.js'
import { EventHistory } from './history.js'
import type { Contribution } from './task/contributions.js'

/** The segment of tasks not folded into any certified checkpoint. */
export const OPEN = Number.POSITIVE_INFINITY

/** One account's folded and open state. */
interface Folded {
  /** Folded segments: checkpoint epoch → task → contribution. */
  readonly segments: Map<number, Map<string, Contribution>>
  /** The epochs of `segments`, ascending. */
  readonly segmentEpochs: number[]
  /** Bases ascending by epoch: the genesis base (when pre-trusted), then one per folded segment. */
  bases: AccountBase[]
  /** Open segment's trust events, folded onto the latest base. */
  readonly trust: EventHistory<TrustEvent, TrustRecord>
  readonly reputation: EventHistory<ReputationEvent, ReputationRecord>
  /** Open segment's inflated scores by task. */
  readonly inflated: Map<string, TimedScore[]>
  /** Every base's inflated scores with the base's epoch, ascending by epoch. */
  inflatedFolded: { epoch: number; s: TimedScore }[]
  /** Bases from this epoch on must be folded again (OPEN: none). */
  rebaseFrom: number
}

function eventKey(e: TrustEvent | ReputationEvent): string {
  return JSON.stringify(e)
}

/** Earliest time among items present in one list but not the other, or null when equal. */
export function firstDifference<T>(
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

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b
  if (b === null) return a
  return Math.min(a, b)
}

/** The largest index i with key(list[i]) ≤ x, or -1. */
function lastAtOrBelow<T>(list: readonly T[], x: number, key: (v: T) => number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (key(list[mid]!) <= x) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

/** Segments, bases and open histories of every account (see the file comment). */
export class AccountFolds {
  readonly #accounts = new Map<string, Folded>()
  /** Segment of each task with contributions (absent: open). */
  readonly #segmentOf = new Map<string, number>()
  /** Accounts each task contributes to. */
  readonly #accountsOf = new Map<string, Set<string>>()
  /** Certified checkpoint epochs, ascending, and their cuts. */
  #certified: number[] = []
  #cuts: number[] = []
  /** Accounts with bases to fold again before the next read. */
  readonly #pending = new Set<string>()
  /** Earliest time whose state a task move changed, per account (reported by the next set). */
  readonly #moved = new Map<string, number>()
  /** Base entries to write with the next commit (null: delete), by key hex. */
  readonly #writes = new Map<string, { key: Uint8Array; value: Uint8Array | null }>()
  #loading = false
  readonly work: FoldWork = { folded: 0, refolded: 0, scanned: 0, visited: 0 }

  constructor(readonly genesis: Genesis) {
    for (const account of genesis.preTrustedValidators) {
      // Pre-trust is a genesis grant, folded before everything: the base of checkpoint 0.
      const grant: TrustEvent = {
        id: `genesis:${account}`,
        account,
        time: genesis.genesisTime,
        kind: 'adjustment',
        delta: genesis.params.preTrustedScore - TRUST_DEFAULT,
      }
      const base = emptyBase(0)
      base.trust = applyTrustEvent(undefined, grant)
      base.lastTrust = grant
      const f = this.#folded(account)
      f.bases = [base]
      f.trust.setInitial(base.trust)
    }
  }

  /** Sets the certified checkpoint epochs (ascending); the caller places the tasks again. */
  setCheckpoints(epochs: readonly number[]): void {
    this.#certified = [...epochs]
    this.#cuts = epochs.map((e) => checkpointCut(this.genesis, e))
  }

  /** The segment of a task: the first certified checkpoint folding it (DESIGN §5.6), or OPEN. */
  segmentFor(certified: boolean, finalAt: number): number {
    if (!certified) return OPEN
    let lo = 0
    let hi = this.#cuts.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.#cuts[mid]! < finalAt) lo = mid + 1
      else hi = mid
    }
    return lo < this.#certified.length ? this.#certified[lo]! : OPEN
  }

  /** The latest certified checkpoint whose cut is before t (0: none, the genesis base). */
  #checkpointBefore(t: number): number {
    const i = lastAtOrBelow(this.#cuts, t - 1, (c) => c)
    return i < 0 ? 0 : this.#certified[i]!
  }

  #latest(): number {
    return this.#certified[this.#certified.length - 1] ?? 0
  }

  /** Opens loading: contributions set into folded segments are taken as already in the loaded bases. */
  beginLoad(): void {
    this.#loading = true
  }

  /** A stored base (during loading). */
  loadBase(account: string, base: AccountBase): void {
    const f = this.#folded(account)
    const i = lastAtOrBelow(f.bases, base.epoch, (b) => b.epoch)
    if (i >= 0 && f.bases[i]!.epoch === base.epoch) f.bases[i] = base
    else f.bases.splice(i + 1, 0, base)
  }

  /**
   * Ends loading: an account whose loaded bases do not match its folded segments one for one (a
   * base missing, or left over) has them folded again from the first mismatch; every other account
   * starts its open fold from its latest base, without reading its history.
   */
  endLoad(): void {
    this.#loading = false
    for (const [account, f] of this.#accounts) {
      const bases = f.bases.filter((b) => b.epoch > 0)
      let from = OPEN
      const n = Math.max(bases.length, f.segmentEpochs.length)
      for (let i = 0; i < n; i++) {
        const b = bases[i]
        const e = f.segmentEpochs[i]
        if (b === undefined || e === undefined || b.epoch !== e || b.tasks !== f.segments.get(e)!.size) {
          from = Math.min(b?.epoch ?? OPEN, e ?? OPEN)
          break
        }
      }
      this.#resetOpen(f)
      if (from !== OPEN) this.#markRebase(account, f, from)
    }
  }

  /**
   * Moves a task to another segment (its certificate or the certified checkpoints changed), with the
   * contributions it has set; with `report`, the next `set` for each account reports when its state
   * changed (a chain change re-derives its readers itself).
   */
  place(
    task: string,
    segment: number,
    contributions: (account: string) => Contribution | undefined,
    report = true,
  ): void {
    const from = this.#segmentOf.get(task) ?? OPEN
    if (from === segment) return
    if (segment === OPEN) this.#segmentOf.delete(task)
    else this.#segmentOf.set(task, segment)
    for (const account of this.#accountsOf.get(task) ?? []) {
      const c = contributions(account)
      if (c === undefined) continue
      const f = this.#folded(account)
      this.#remove(account, f, task, from, c)
      this.#add(account, f, task, segment, c)
      let at = Math.min(this.#cutOf(from), this.#cutOf(segment))
      for (const e of c.trust) at = Math.min(at, e.time)
      for (const s of c.scores) at = Math.min(at, s.time)
      if (report && at !== OPEN) this.#moved.set(account, Math.min(this.#moved.get(account) ?? at, at))
    }
  }

  /**
   * Replaces what `task` contributes to `account` (`prev` is what it contributed); returns the
   * earliest time at which the account's trust or score history changed (what later tasks read), or
   * null.
   */
  set(
    task: string,
    account: string,
    prev: Contribution | undefined,
    next: Contribution | undefined,
  ): number | null {
    const segment = this.#segmentOf.get(task) ?? OPEN
    let accounts = this.#accountsOf.get(task)
    if (next !== undefined) {
      if (accounts === undefined) {
        accounts = new Set()
        this.#accountsOf.set(task, accounts)
      }
      accounts.add(account)
    } else {
      accounts?.delete(account)
      if (accounts?.size === 0) this.#accountsOf.delete(task)
    }
    const moved = this.#moved.get(account) ?? null
    this.#moved.delete(account)
    const f = this.#folded(account)
    const trustChange = firstDifference(prev?.trust ?? [], next?.trust ?? [], eventKey, (e) => e.time)
    const repChange = firstDifference(prev?.reputation ?? [], next?.reputation ?? [], eventKey, (e) => e.time)
    const scoreChange = firstDifference(
      prev?.scores ?? [],
      next?.scores ?? [],
      (s) => `${s.time}:${JSON.stringify(s.record)}`,
      (s) => s.time,
    )
    if (segment !== OPEN) {
      // Folded: the contribution is kept for the bases; the bases move only if what they fold did.
      if (prev !== undefined) this.#remove(account, f, task, segment, prev, false)
      if (next !== undefined) this.#add(account, f, task, segment, next, false)
      // A base per non-empty segment: membership changes refold too, so bases and segments match.
      const any =
        trustChange !== null ||
        repChange !== null ||
        scoreChange !== null ||
        prev === undefined ||
        next === undefined
      if (any && !this.#loading) this.#markRebase(account, f, segment)
      const changed = minOf(trustChange, scoreChange)
      return minOf(moved, changed === null ? null : Math.min(changed, this.#cutOf(segment)))
    }
    if (trustChange !== null) {
      this.work.scanned += f.trust.size
      f.trust.remove(new Set((prev?.trust ?? []).map((e) => e.id)))
      f.trust.add(next?.trust ?? [])
    }
    if (repChange !== null) {
      this.work.scanned += f.reputation.size
      f.reputation.remove(new Set((prev?.reputation ?? []).map((e) => e.id)))
      f.reputation.add(next?.reputation ?? [])
    }
    if (next === undefined || next.scores.length === 0) f.inflated.delete(task)
    else f.inflated.set(task, next.scores)
    return minOf(moved, minOf(trustChange, scoreChange))
  }

  /** The segment a task is folded into (OPEN when none). */
  segmentOf(task: string): number {
    return this.#segmentOf.get(task) ?? OPEN
  }

  /** Events in an account's open histories (what a change to one of its open tasks scans). */
  openSize(account: string): number {
    const f = this.#accounts.get(account)
    return f === undefined ? 0 : f.trust.size + f.reputation.size
  }

  /** Trust state of an account as of t (see the file comment), or undefined when it has none. */
  trustStateAt(account: string, t: number): TrustRecord | undefined {
    const f = this.#settled(account)
    if (f === undefined) return undefined
    const k = this.#checkpointBefore(t)
    if (k >= this.#latest()) return f.trust.stateAt(t)
    // A time before the latest checkpoint's cut: its base, then every later segment's events ≤ t.
    const i = lastAtOrBelow(f.bases, k, (b) => b.epoch)
    let state = i < 0 ? undefined : f.bases[i]!.trust
    const events: TrustEvent[] = []
    for (let j = lastAtOrBelow(f.segmentEpochs, k, (e) => e) + 1; j < f.segmentEpochs.length; j++) {
      for (const c of f.segments.get(f.segmentEpochs[j]!)!.values())
        for (const e of c.trust) if (e.time <= t) events.push(e)
    }
    for (const e of f.trust.events()) if (e.time <= t) events.push(e)
    events.sort(compareEvents)
    this.work.visited += events.length
    for (const e of events) state = applyTrustEvent(state, e)
    return state
  }

  /** Current trust of an account with its event counts and last event, or undefined. */
  trustSummary(
    account: string,
  ):
    | { record: TrustRecord; verified: number; unverified: number; failures: number; lastEvent: TrustEvent }
    | undefined {
    const f = this.#settled(account)
    const record = f?.trust.lastState()
    if (f === undefined || record === undefined) return undefined
    const counts = { ...(f.bases[f.bases.length - 1] ?? emptyBase(0)) }
    const open = f.trust.events()
    for (const e of open) countTrust(counts, e)
    this.work.visited += open.length
    const lastEvent = open[open.length - 1] ?? counts.lastTrust
    if (lastEvent === undefined) return undefined
    return {
      record,
      verified: counts.verified,
      unverified: counts.unverified,
      failures: counts.failures,
      lastEvent,
    }
  }

  /** Current reputation state of an account (after its last event), or undefined. */
  reputation(account: string): ReputationRecord | undefined {
    return this.#settled(account)?.reputation.lastState()
  }

  /**
   * Inflated scores of a miner's answers as of `before` (the collusion history): those of every
   * checkpoint folded before it, and the later ones with time < before.
   */
  scoreHistory(miner: string, before: number): ScoreRecord[] {
    const f = this.#settled(miner)
    if (f === undefined) return []
    const k = this.#checkpointBefore(before)
    const out: ScoreRecord[] = []
    for (const x of f.inflatedFolded) if (x.epoch <= k || x.s.time < before) out.push(x.s.record)
    for (const scores of f.inflated.values()) for (const s of scores) if (s.time < before) out.push(s.record)
    this.work.visited += f.inflatedFolded.length + out.length
    return out.sort((a, b) => (a.messageId < b.messageId ? -1 : 1))
  }

  /** Accounts with a trust state (sorted). */
  trustAccounts(): string[] {
    this.#settleAll()
    const out: string[] = []
    for (const [account, f] of this.#accounts) if (f.trust.lastState() !== undefined) out.push(account)
    return out.sort()
  }

  /** Base entries changed since the last call, for the commit's batch (null value: delete). */
  takeWrites(): { key: Uint8Array; value: Uint8Array | null }[] {
    this.#settleAll()
    const out = [...this.#writes.values()]
    this.#writes.clear()
    return out
  }

  #cutOf(segment: number): number {
    return segment === OPEN ? OPEN : checkpointCut(this.genesis, segment)
  }

  #folded(account: string): Folded {
    let f = this.#accounts.get(account)
    if (f === undefined) {
      f = {
        segments: new Map(),
        segmentEpochs: [],
        bases: [],
        trust: new EventHistory(applyTrustEvent, this.work),
        reputation: new EventHistory(applyReputationEvent, this.work),
        inflated: new Map(),
        inflatedFolded: [],
        rebaseFrom: OPEN,
      }
      this.#accounts.set(account, f)
    }
    return f
  }

  #settled(account: string): Folded | undefined {
    const f = this.#accounts.get(account)
    if (f !== undefined && f.rebaseFrom !== OPEN) this.#rebase(account, f)
    return f
  }

  #settleAll(): void {
    for (const account of this.#pending) {
      const f = this.#accounts.get(account)
      if (f !== undefined && f.rebaseFrom !== OPEN) this.#rebase(account, f)
    }
    this.#pending.clear()
  }

  #markRebase(account: string, f: Folded, from: number): void {
    f.rebaseFrom = Math.min(f.rebaseFrom, from)
    this.#pending.add(account)
  }

  /** Adds a contribution to a segment (open: to the open histories unless `histories` is false). */
  #add(account: string, f: Folded, task: string, segment: number, c: Contribution, mark = true): void {
    if (segment === OPEN) {
      f.trust.add(c.trust)
      f.reputation.add(c.reputation)
      if (c.scores.length > 0) f.inflated.set(task, c.scores)
      return
    }
    let seg = f.segments.get(segment)
    if (seg === undefined) {
      seg = new Map()
      f.segments.set(segment, seg)
      insertSortedNumber(f.segmentEpochs, segment)
    }
    seg.set(task, c)
    if (mark && !this.#loading) this.#markRebase(account, f, segment)
  }

  #remove(account: string, f: Folded, task: string, segment: number, c: Contribution, mark = true): void {
    if (segment === OPEN) {
      this.work.scanned += f.trust.size + f.reputation.size
      f.trust.remove(new Set(c.trust.map((e) => e.id)))
      f.reputation.remove(new Set(c.reputation.map((e) => e.id)))
      f.inflated.delete(task)
      return
    }
    const seg = f.segments.get(segment)
    if (seg === undefined || !seg.delete(task)) return
    if (seg.size === 0) {
      f.segments.delete(segment)
      const i = f.segmentEpochs.indexOf(segment)
      if (i >= 0) f.segmentEpochs.splice(i, 1)
    }
    if (mark && !this.#loading) this.#markRebase(account, f, segment)
  }

  /** Folds an account's bases again from `rebaseFrom` on, queueing their writes. */
  #rebase(account: string, f: Folded): void {
    const from = f.rebaseFrom
    f.rebaseFrom = OPEN
    this.#pending.delete(account)
    const keep = f.bases.filter((b) => b.epoch < from || b.epoch === 0)
    for (const b of f.bases) if (b.epoch >= from && b.epoch > 0) this.#write(account, b.epoch, null)
    let prior = keep[keep.length - 1]
    for (const epoch of f.segmentEpochs) {
      if (epoch < from) continue
      const base = foldBase(prior, epoch, f.segments.get(epoch)!.values(), this.work)
      keep.push(base)
      this.#write(account, epoch, base)
      prior = base
    }
    f.bases = keep
    this.#resetOpen(f)
  }

  /** Starts the open fold from the latest base and rebuilds the folded collusion history. */
  #resetOpen(f: Folded): void {
    const last = f.bases[f.bases.length - 1]
    f.trust.setInitial(last?.trust)
    f.reputation.setInitial(last?.reputation)
    f.inflatedFolded = []
    for (const b of f.bases) for (const s of b.inflated) f.inflatedFolded.push({ epoch: b.epoch, s })
  }

  #write(account: string, epoch: number, base: AccountBase | null): void {
    const key = baseKey(account, epoch)
    this.#writes.set(`${account}:${epoch}`, { key, value: base === null ? null : encodeBase(base) })
  }
}

function insertSortedNumber(list: number[], x: number): void {
  const i = lastAtOrBelow(list, x, (v) => v)
  if (i >= 0 && list[i] === x) return
  list.splice(i + 1, 0, x)
}
