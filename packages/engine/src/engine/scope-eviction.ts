/**
 * One message per scope, engine side (DESIGN §5.8; the rule is holding.ts): admission of an
 * accepted message into its scope by rank (endorsement by held votes, then lowest id:
 * scope-endorsement.ts), the eviction it causes (the displaced message and its held descendants
 * leave memory now and the log in the same batch, and go to the recall, scope-recall.ts), and
 * which tasks to derive again when a scope overflows or stops.
 */
import { type AnySignedMessage, MessageKind } from '@aimesh/protocol'
import type { ScopeLookup } from '../derive/voiding.js'
import { hex } from '../ids.js'
import { deleteOf, type LoggedMessage, recordKey } from '../store-port.js'
import { markAccountScope } from './account-scope-penalties.js'
import { messageOf, residentMessages } from './bodies.js'
import { heldForScopes } from './parents.js'
import { Endorsement } from './scope-endorsement.js'
import { recallOf } from './scope-recall.js'
import type { Changes, EngineState } from './state.js'

/** Ids each write's evictions dropped (the batch reports them IGNORE SCOPE_FULL when they came in it). */
const droppedIn = new WeakMap<Changes, Set<string>>()

/** The ids evicted so far in the write collecting `changes`. */
export function dropped(changes: Changes): ReadonlySet<string> {
  return droppedIn.get(changes) ?? new Set()
}

/** What voiding reads from the held set. */
export function scopeLookup(s: EngineState): ScopeLookup {
  return {
    overflowedAt: (id) => s.scopes.overflowedAt(id),
    held: (key) => s.scopes.held(key),
    message: (id) => messageOf(s, id),
  }
}

/**
 * Files every held message the scope index lacks (an open that read the task index without
 * bodies, stored-state.ts): reads each such body once. Idempotent.
 */
export function indexScopes(s: EngineState): void {
  for (const id of s.messages.keys()) {
    if (s.scopes.scopeOfId(id) !== undefined) continue
    // A body pruned at a checkpoint is filed by its stub (parents.ts).
    const msg = heldForScopes(s, id)
    if (msg !== undefined) s.scopes.add(msg, id)
  }
}

/** Endorsements made on first use: a scope with room never reads them (the ingest path). */
function lazyEndorsement(s: EngineState): () => Endorsement {
  let e: Endorsement | undefined
  return () => {
    e ??= new Endorsement(s)
    return e
  }
}

/** Throws IGNORE SCOPE_FULL when the message's scope has no room for it (validation's last step). */
export function checkScope(s: EngineState, msg: AnySignedMessage): void {
  const e = lazyEndorsement(s)
  s.scopes.admission(
    msg,
    hex(msg.id),
    (id) => e().of(id),
    () => e().ofNew(msg),
  )
}

/** The scope state before a validated message is inserted: what `afterInsert` compares with. */
export interface ScopeAdmission {
  key: string
  overflowedBefore: boolean
}

/**
 * Makes room for a validated message before it is inserted: evicts the held message it displaces
 * (with its descendants) when its scope is full.
 */
export function admit(
  s: EngineState,
  msg: AnySignedMessage,
  changes: Changes,
  dirty: Set<string>,
  logged: LoggedMessage[],
): ScopeAdmission {
  const scope = s.scopes.scopeOf(msg)
  const overflowedBefore = s.scopes.held(scope.key).length > scope.quota
  const e = lazyEndorsement(s)
  const victim = s.scopes.admission(
    msg,
    hex(msg.id),
    (id) => e().of(id),
    () => e().ofNew(msg),
  )
  if (victim !== null) evict(s, victim, changes, dirty, logged)
  return { key: scope.key, overflowedBefore }
}

/**
 * Cuts scopes holding more than quota + 1 (a batch that recalled messages past the scope check)
 * back to quota + 1 in rank order, evicting the rest with their descendants. Endorsements are read
 * again after each eviction (an evicted vote endorses nothing).
 */
export function settleScopes(
  s: EngineState,
  keys: Iterable<string>,
  changes: Changes,
  dirty: Set<string>,
  logged: LoggedMessage[],
): void {
  for (const key of keys) {
    for (let left = s.scopes.held(key).length; left > 0; left--) {
      const e = new Endorsement(s)
      const out = s.scopes.excess(key, (id) => e.of(id))
      if (out.length === 0) break
      evict(s, out[out.length - 1]!, changes, dirty, logged)
    }
  }
}

/** After the insert: when the scope overflows (or stops), its tasks are derived again. */
export function afterInsert(s: EngineState, a: ScopeAdmission, dirty: Set<string>): void {
  touchScope(s, a.key, a.overflowedBefore, dirty)
}

/**
 * When a scope overflows, or just stopped, every task holding one of its messages is derived
 * again: voiding and the penalty read the scope's held set (a scope of no task is booked again).
 */
function touchScope(s: EngineState, key: string, overflowedBefore: boolean, dirty: Set<string>): void {
  const held = s.scopes.held(key)
  const scope = held.length > 0 ? s.scopes.scopeOfId(held[0]!) : undefined
  if (!overflowedBefore && (scope === undefined || held.length <= scope.quota)) return
  // Scopes of no task are penalized outside task derivation (account-scope-penalties.ts).
  markAccountScope(s, key)
  for (const id of held) {
    const task = s.messages.get(id)?.task
    if (task !== undefined) dirty.add(task)
  }
}

/**
 * Drops a held message a lower id displaced, with every held message descending from it (children
 * first): from memory now, and from the log and derived state in this group commit's batch (one
 * logged earlier in the same batch is just not written).
 */
export function evict(
  s: EngineState,
  idHex: string,
  changes: Changes,
  dirty: Set<string>,
  logged: LoggedMessage[],
): void {
  for (const id of [...s.scopes.descendants(idHex), idHex]) evictOne(s, id, changes, dirty, logged)
}

function evictOne(
  s: EngineState,
  idHex: string,
  changes: Changes,
  dirty: Set<string>,
  logged: LoggedMessage[],
): void {
  const entry = s.messages.get(idHex)
  // A body pruned at a checkpoint is evicted by its stub, as its kept body would be (parents.ts).
  const msg = heldForScopes(s, idHex)
  if (entry === undefined || msg === undefined) return
  recallOf(s).keep(msg)
  let ids = droppedIn.get(changes)
  if (ids === undefined) {
    ids = new Set()
    droppedIn.set(changes, ids)
  }
  ids.add(idHex)
  const t = s.tasks.get(entry.task)!
  const messages = residentMessages(s, t)
  const scope = s.scopes.scopeOfId(idHex)!
  const overflowedBefore = s.scopes.held(scope.key).length > scope.quota
  s.messages.delete(idHex)
  s.scopes.remove(msg, idHex)
  touchScope(s, scope.key, overflowedBefore, dirty)
  const at0 = messages.findIndex((m) => hex(m.id) === idHex)
  if (at0 >= 0) messages.splice(at0, 1)
  t.ids.splice(t.ids.indexOf(idHex), 1)
  s.staleDigests.add(t)
  s.root = null
  const at = logged.findIndex((l) => hex(l.id) === idHex)
  if (at >= 0) logged.splice(at, 1)
  else changes.evicted.push({ id: msg.id, taskId: t.id })
  const signer = hex(msg.signer)
  if (msg.kind === MessageKind.AnswerCommitted) {
    const list = t.commitsBy.get(signer) ?? []
    const i = list.findIndex((m) => hex(m.id) === idHex)
    if (i >= 0) list.splice(i, 1)
  } else if (msg.kind === MessageKind.MinerProfile) {
    s.book.removeProfile(signer)
    for (const m of messages)
      if (m.kind === MessageKind.MinerProfile && hex(m.signer) === signer) s.book.setProfile(m, signer)
    changes.accounts.add(signer)
  } else if (msg.kind === MessageKind.CheckpointVote) {
    const i = s.checkpointVotes.findIndex((m) => hex(m.id) === idHex)
    if (i >= 0) s.checkpointVotes.splice(i, 1)
    s.epochsStale = true
  } else if (msg.kind === MessageKind.TaskPublished) {
    // Its other messages went first (they name it): its records and effects go with it.
    t.publish = null
    for (const old of t.records.values()) {
      const d = deleteOf(old.put)
      if (d !== null) changes.deletes.set(recordKey(old.put), d)
      changes.puts.delete(recordKey(old.put))
    }
    t.records = new Map()
    for (const account of t.derived?.contributions.keys() ?? []) {
      s.book.setContribution(t.hex, account, undefined)
      changes.accounts.add(account)
    }
    t.derived = null
  }
  if (t.ids.length === 0) {
    s.tasks.delete(t.hex)
    s.residentTasks.delete(t.hex)
    s.staleDigests.delete(t)
    dirty.delete(t.hex)
  } else if (t.publish !== null) dirty.add(t.hex)
}
