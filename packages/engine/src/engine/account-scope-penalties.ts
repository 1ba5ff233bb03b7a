/**
 * Overflowed scopes that belong to no task are penalized too (DESIGN §5.8): profiles (account, hour)
 * and checkpoint votes (validator, epoch, round), filed under the zero task, which no task derivation
 * sees. Each such overflow books, outside any task, what a task's overflow books inside it
 * (derive/scope-penalty.ts): a flagged EQUIVOCATION record kept with the zero task's records (so it
 * is in the store's fraud records and the derived digest), and the signer's trust failure,
 * reputation penalty and equivocation as a contribution keyed by the scope (`scope:<key>`), which the
 * account folds place like a task folded at its time (DESIGN §5.12): in the first certified
 * checkpoint whose cut is at or after it. The tasks that read the signer's trust after that time
 * are derived again, as for any changed contribution.
 *
 * Which scopes: scope-eviction.ts marks every account-level scope that overflows or stops
 * overflowing; the write's derivation (rederive.ts) books the marked ones first. A fresh book (open,
 * replay, a rebuild after a failed write) books every overflowed one. All of it reads only the held
 * set, so every node holding the same messages books the same penalties, whatever the order.
 */
import { MessageKind } from '@aimesh/protocol'
import type { AccountBook } from '../derive/accounts.js'
import { type AccountScopePenalty, accountScopePenalty, type HeldAuthor } from '../derive/scope-penalty.js'
import type { KeptRecord } from '../derived-state.js'
import type { EpochChain } from '../epochs.js'
import { ZERO_TASK_HEX } from '../ids.js'
import { SCOPE_TABLE, scopeTag } from '../scopes.js'
import { deleteOf, encodeRecord, type RecordPut, recordKey } from '../store-port.js'
import { heldForScopes } from './parents.js'
import type { Changes, EngineState } from './state.js'

/** Scope tags of the kinds filed under the zero task (message-index.ts FILED_UNDER). */
const ACCOUNT_SCOPE_TAGS: ReadonlySet<string> = new Set([
  SCOPE_TABLE[MessageKind.MinerProfile].tag,
  SCOPE_TABLE[MessageKind.CheckpointVote].tag,
])

/** True when a scope key belongs to no task (its penalty is booked here). */
export function isAccountScope(key: string): boolean {
  return ACCOUNT_SCOPE_TAGS.has(scopeTag(key))
}

/** A booked penalty with its record as written (`key`: the record's key, `fraud:<subject>`). */
interface Booked {
  penalty: AccountScopePenalty
  key: string
  kept: KeptRecord
}

/** What is booked in one account book (a new book starts with nothing booked). */
interface Penalties {
  readonly booked: Map<string, Booked>
  /** Scope keys to book again at the next derivation. */
  readonly stale: Set<string>
  /** True until every overflowed scope was booked once into this book. */
  fresh: boolean
  /** The epoch chain and certified checkpoints the penalties were placed against. */
  epochs: EpochChain | null
  certified: string
}

const penalties = new WeakMap<AccountBook, Penalties>()

function penaltiesOf(s: EngineState): Penalties {
  let p = penalties.get(s.book)
  if (p === undefined) {
    p = { booked: new Map(), stale: new Set(), fresh: true, epochs: null, certified: '' }
    penalties.set(s.book, p)
  }
  return p
}

/** Marks a scope that overflowed or stopped (scope-eviction.ts): booked at the next derivation. */
export function markAccountScope(s: EngineState, key: string): void {
  if (isAccountScope(key)) penaltiesOf(s).stale.add(key)
}

/** The book's key of a scope's contribution. */
function bookKey(scopeKey: string): string {
  return `scope:${scopeKey}`
}

/** The penalty a scope's held set gives now, or null. */
function penaltyOf(s: EngineState, key: string): AccountScopePenalty | null {
  const held = s.scopes.held(key)
  if (held.length === 0) return null
  const scope = s.scopes.scopeOfId(held[0]!)
  if (scope === undefined || held.length <= scope.quota) return null
  const messages: HeldAuthor[] = []
  for (const id of held) {
    const m = heldForScopes(s, id)
    if (m !== undefined) messages.push(m)
  }
  return accountScopePenalty(scope, held, messages, key.split(':')[1]!)
}

/** Every overflowed account-level scope held (the zero task's messages' scopes). */
function overflowedAccountScopes(s: EngineState): Set<string> {
  const out = new Set<string>()
  const zero = s.tasks.get(ZERO_TASK_HEX)
  if (zero === undefined) return out
  for (const id of zero.ids) {
    const scope = s.scopes.overflowedAt(id)
    if (scope !== null && isAccountScope(scope.key)) out.add(scope.key)
  }
  return out
}

function booked(penalty: AccountScopePenalty): Booked {
  const put: RecordPut = { type: 'fraud', record: penalty.record }
  return { penalty, key: recordKey(put), kept: { put, bytes: encodeRecord(put) } }
}

function same(a: Booked | undefined, b: Booked | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  return a.penalty.at === b.penalty.at && Buffer.compare(a.kept.bytes, b.kept.bytes) === 0
}

/** Places every booked penalty in its fold segment again when the certified checkpoints changed. */
function placeAll(s: EngineState, p: Penalties): void {
  // The chain is rebuilt only when checkpoint votes changed (epoch-refresh.ts).
  if (p.epochs === s.epochs) return
  p.epochs = s.epochs
  const certified = s.epochs.certifiedEpochs().join(',')
  if (certified === p.certified) return
  p.certified = certified
  // Whom the moves concern is derived again by epoch-refresh.ts (every task after the changed cut).
  for (const [key, b] of p.booked)
    s.book.placeTask(bookKey(key), s.book.segmentFor(true, b.penalty.at), false)
}

/**
 * Books the penalties of the marked scopes (all of them into a fresh book) and returns the tasks to
 * derive again: those published after the earliest time an account's trust or score history changed
 * that read it. Record changes go into `changes` (none while loading: the store holds them).
 */
function book(s: EngineState, changes: Changes | null): string[] {
  const p = penaltiesOf(s)
  placeAll(s, p)
  if (!p.fresh && p.stale.size === 0) return []
  const keys = p.fresh ? overflowedAccountScopes(s) : p.stale
  p.fresh = false
  const readers = new Set<string>()
  let changed = false
  for (const key of [...keys].sort()) {
    const prev = p.booked.get(key)
    const given = penaltyOf(s, key)
    const next = given === null ? undefined : booked(given)
    if (same(prev, next)) continue
    changed = true
    const signer = (next ?? prev)!.penalty.signer
    if (next === undefined) p.booked.delete(key)
    else p.booked.set(key, next)
    if (changes !== null) recordChange(changes, prev, next)
    // Placed before it is set, so its events go straight to their segment (account-folds.ts).
    if (next !== undefined) s.book.placeTask(bookKey(key), s.book.segmentFor(true, next.penalty.at))
    const at = s.book.setContribution(bookKey(key), signer, next?.penalty.contribution)
    if (next === undefined) s.book.placeTask(bookKey(key), Number.POSITIVE_INFINITY)
    changes?.accounts.add(signer)
    if (at !== null) for (const h of readersAfter(s, signer, at)) readers.add(h)
  }
  p.stale.clear()
  if (changed) {
    // Replaced whole, never changed in place: the derived digest keeps one per records map.
    const zero = s.tasks.get(ZERO_TASK_HEX)
    if (zero !== undefined) zero.records = new Map([...p.booked.values()].map((b) => [b.key, b.kept]))
  }
  return [...readers]
}

/** The record put or delete a penalty change writes. */
function recordChange(changes: Changes, prev: Booked | undefined, next: Booked | undefined): void {
  if (next !== undefined) {
    changes.puts.set(next.key, next.kept.put)
    changes.deletes.delete(next.key)
  } else if (prev !== undefined) {
    const d = deleteOf(prev.kept.put)
    changes.puts.delete(prev.key)
    if (d !== null) changes.deletes.set(prev.key, d)
  }
}

/** Tasks published after `at` whose derivation read the account's trust (or every account's). */
function readersAfter(s: EngineState, account: string, at: number): string[] {
  const out: string[] = []
  for (const h of [...(s.dependents.get(account) ?? []), ...s.dependsOnAll]) {
    const u = s.tasks.get(h)
    if (u === undefined || u.publish === null || u.publish.body.timestamp <= at) continue
    u.trustCache.clear()
    u.scoreCache.clear()
    out.push(h)
  }
  return out
}

/**
 * Books what changed before a derivation (rederive.ts): returns the tasks to derive with the ones
 * asked for.
 */
export function bookAccountScopes(s: EngineState, changes: Changes): string[] {
  return book(s, changes)
}

/**
 * Books every overflowed account-level scope while loading a stored state (between the book's
 * beginLoad and endLoad, after the epochs): the records are taken as stored, the contributions go to
 * their segments as the stored bases folded them.
 */
export function loadAccountScopes(s: EngineState): void {
  book(s, null)
}

/** The overflowed account-level scopes booked now (tests and queries). */
export function bookedAccountScopes(s: EngineState): string[] {
  return [...penaltiesOf(s).booked.keys()]
}
