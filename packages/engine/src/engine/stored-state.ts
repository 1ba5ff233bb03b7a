/**
 * Open from what was derived (DESIGN §5.12): every write carries the derivation of each task it
 * touched and a load marker (derived-state.ts); open reads the log and those entries, takes a
 * task's derivation when its digest matches the ids held, and derives only the others (and the
 * tasks that read their trust). Ids whose bodies were pruned at a checkpoint (DESIGN §5.6) come from
 * the store's task index; their tasks are frozen.
 */
import { type AnySignedMessage, bytesEqual, decodeEnvelope, MessageKind } from '@aimesh/protocol'
import { type AccountBase, decodeBase, parseBaseKey } from '../derive/account-base.js'
import {
  decodeMarker,
  decodeTaskSnapshot,
  encodeMarker,
  encodeTaskSnapshot,
  MARKER_KEY,
  type TaskSnapshot,
} from '../derived-state.js'
import { hex, ZERO_TASK_HEX, ZERO_TASK_ID } from '../ids.js'
import { type EngineWrite, encodeRecord } from '../store-port.js'
import { loadAccountScopes } from './account-scope-penalties.js'
import type { AfterCommit } from './after-commit.js'
import { residentMessages, trimResident } from './bodies.js'
import { adoptStored, wholeDerivation } from './cold-derivations.js'
import { commit } from './commit.js'
import { refreshEpochs, taskSegment } from './epoch-refresh.js'
import { frozenWithoutState } from './frozen.js'
import { insert, refreshDigests, taskState } from './message-index.js'
import { rederive, track } from './rederive.js'
import { flushScopeIndex, isScopeEntry, restoreScopeIndex } from './scope-index.js'
import { type Changes, type EngineState, newChanges, resetState } from './state.js'

/**
 * The engine state a write carries: the derivation of every task it touched and the load marker
 * (clock and messages held). Undefined for a store that keeps no engine state.
 */
export function stateEntries(s: EngineState, changes: Changes): EngineWrite['state'] {
  // Account bases folded at checkpoints since the last write (derive/account-base.ts).
  const bases = s.book.takeBaseWrites()
  if (s.store.engineState === undefined) return undefined
  refreshDigests(s)
  const out: NonNullable<EngineWrite['state']> = []
  for (const t of changes.tasks) {
    if (t.derived === null) continue
    const derived = wholeDerivation(t.derived)
    out.push({
      key: t.id,
      value: encodeTaskSnapshot(t.ids.bytes(), t.digest, derived, t.records, t.frozen, t.sealed),
    })
  }
  out.push(...bases)
  out.push({ key: MARKER_KEY, value: encodeMarker({ clock: s.clock, messages: s.messages.size }) })
  return out
}

/** Fills the account-level records from the book, as what the store holds (no write). */
export function loadAccountRecords(s: EngineState): void {
  for (const a of s.book.accounts()) {
    const r = s.book.minerRecord(a)
    if (r !== null) s.miners.set(a, { record: r, bytes: encodeRecord({ type: 'miner', record: r }) })
    const p = s.book.behaviourRecord(a)
    if (p !== null) s.behaviour.set(a, { record: p, bytes: encodeRecord({ type: 'behaviour', record: p }) })
  }
}

/**
 * Adds the ids the task index holds whose bodies were pruned, and freezes their tasks; returns how
 * many tasks that froze.
 */
export async function insertPrunedIds(s: EngineState): Promise<number> {
  if (s.store.taskMessageIds === undefined) return 0
  const frozen = new Set<string>()
  for await (const { taskId, id } of s.store.taskMessageIds()) {
    const idHex = hex(id)
    if (s.messages.has(idHex)) continue
    const t = taskState(s, hex(taskId))
    s.messages.set(idHex, { msg: null, task: t.hex })
    t.ids.insert(idHex)
    s.staleDigests.add(t)
    s.root = null
    t.frozen = true
    frozen.add(t.hex)
  }
  return frozen.size
}

/**
 * Fills the index from the store's task index without reading bodies (DESIGN §5.12): every task
 * cold but its publish, read back by its id (a task's id is its TaskPublished's); the account-level
 * messages (profiles, checkpoint votes) are read and applied. False when a publish is not there.
 */
function readIndex(s: EngineState, ids: readonly { taskId: Uint8Array; id: Uint8Array }[]): boolean {
  for (const { taskId, id } of ids) {
    const t = taskState(s, hex(taskId), false)
    const idHex = hex(id)
    s.messages.set(idHex, { msg: null, task: t.hex })
    t.ids.insert(idHex)
    s.staleDigests.add(t)
  }
  for (const t of s.tasks.values()) {
    if (t.hex === ZERO_TASK_HEX) {
      for (const m of residentMessages(s, t)) {
        if (m.kind === MessageKind.MinerProfile) s.book.setProfile(m, hex(m.signer))
        if (m.kind === MessageKind.CheckpointVote) {
          s.checkpointVotes.push(m)
          s.epochsStale = true
        }
      }
      continue
    }
    const held = s.messages.get(t.hex)
    const bytes = held === undefined ? undefined : s.store.readMessageSync?.(t.id)
    if (held === undefined || bytes === undefined || bytes === null) return false
    const publish = decodeEnvelope(s.genesis.networkId, bytes)
    if (publish.kind !== MessageKind.TaskPublished) return false
    held.msg = publish
    t.publish = publish
  }
  return true
}

/**
 * Fills the index from the ids stored with each derivation (no scan of the task index): every task
 * cold but its publish; the account-level messages are read and applied. False when the ids do not
 * add up to the marker's count (a task without a stored derivation, as after an import) or a publish
 * is missing: then the task index is read instead.
 */
async function readSnapshots(
  s: EngineState,
  decoded: ReadonlyMap<string, TaskSnapshot | null>,
  messages: number,
): Promise<boolean> {
  const zero = await s.store.taskMessageIdsOf!(ZERO_TASK_ID)
  let count = zero.length
  for (const snap of decoded.values()) count += snap === null ? Number.NaN : snap.ids.length / 32
  if (count !== messages) return false
  s.messages.reserve(messages)
  const entries = zero.map((id) => ({ taskId: ZERO_TASK_ID, id }))
  for (const [task, snap] of decoded) {
    const t = taskState(s, task, false)
    t.ids.load(snap!.ids)
    for (const idHex of t.ids) s.messages.set(idHex, { msg: null, task })
    // A copy: the decoded digest is a view that would keep the whole stored value alive.
    t.digest = snap!.digest.slice()
  }
  return readIndex(s, entries)
}

/** Reads every logged envelope into the index (dispute votes after the disputes they name). */
async function readLog(s: EngineState): Promise<void> {
  const votes: AnySignedMessage[] = []
  for await (const bytes of s.store.iterateMessages()) {
    // The log holds only messages that were verified before they were written.
    const msg = decodeEnvelope(s.genesis.networkId, bytes)
    if (msg.kind === MessageKind.DisputeVote) votes.push(msg)
    else insert(s, msg)
  }
  for (const v of votes) insert(s, v)
}

function isMarker(key: Uint8Array): boolean {
  return key.length === MARKER_KEY.length && key[0] === MARKER_KEY[0]
}

/**
 * Loads what was derived (see the file comment) at the clock it was derived at. Returns false, with
 * memory reset and nothing written, when the store keeps no usable state: no marker of this format,
 * a marker ahead of the clock asked for, or a different message count; the caller then derives the
 * whole log. Throws when a frozen task has no stored derivation (it cannot be derived again).
 */
export async function loadStored(s: EngineState, after: AfterCommit): Promise<boolean> {
  const store = s.store
  if (store.engineState === undefined) return false
  const snapshots = new Map<string, Uint8Array>()
  let markerBytes: Uint8Array | undefined
  const scopeEntries: [Uint8Array, Uint8Array][] = []
  const bases: { account: string; base: AccountBase }[] = []
  for await (const [k, v] of store.engineState()) {
    const baseOf = parseBaseKey(k)
    if (isMarker(k)) markerBytes = v
    else if (isScopeEntry(k)) scopeEntries.push([k, v])
    else if (baseOf !== null) {
      const base = decodeBase(v)
      if (base !== null) bases.push({ account: baseOf.account, base })
    } else snapshots.set(hex(k), v)
  }
  const marker = decodeMarker(markerBytes)
  const target = s.clock
  const fallback = (why: string) => {
    resetState(s)
    s.clock = target
    if (markerBytes !== undefined || snapshots.size > 0)
      after.report(
        new Error(`stored derived state not used (${why}); deriving the whole log again`),
        'stored-state',
      )
    return false
  }
  if (marker === null) return fallback('no load marker of this format')
  if (marker.clock > target) return fallback('it was derived at a later clock than the one asked for')
  resetState(s)
  s.clock = marker.clock
  const decoded = new Map<string, TaskSnapshot | null>()
  for (const [task, bytes] of snapshots) decoded.set(task, decodeTaskSnapshot(bytes))
  let done = false
  if (s.syncReads && store.taskMessageIdsOf !== undefined) {
    done = await readSnapshots(s, decoded, marker.messages)
    if (!done) {
      resetState(s)
      s.clock = marker.clock
    }
  }
  if (done) {
    // The ids came with the derivations: nothing to check them against but the count.
  } else if (s.syncReads && store.taskMessageIds !== undefined) {
    const ids: { taskId: Uint8Array; id: Uint8Array }[] = []
    for await (const e of store.taskMessageIds()) ids.push(e)
    if (!readIndex(s, ids)) return fallback('a task has no TaskPublished in the log')
  } else {
    await readLog(s)
    if (s.messages.size !== marker.messages) await insertPrunedIds(s)
  }
  if (s.messages.size !== marker.messages)
    return fallback(`the marker counts ${marker.messages} messages, the store holds ${s.messages.size}`)
  // Scope membership (DESIGN §5.8) from its stored index; bodies only for what it lacks.
  restoreScopeIndex(s, scopeEntries)
  refreshEpochs(s)
  refreshDigests(s)
  const redo: string[] = []
  let frozenMissing = 0
  // Account bases come from the store: folded tasks' contributions are not folded again.
  s.book.beginLoad()
  for (const { account, base } of bases) s.book.loadBase(account, base)
  for (const t of s.tasks.values()) {
    if (t.publish === null) continue
    const snap = decoded.get(t.hex) ?? null
    // A frozen task's digest moves with messages held after its fold; its derivation does not.
    if (snap?.frozen === true) t.frozen = true
    // Its seal is checked against the certified fold root below (fold-seal.ts).
    t.sealed = snap?.sealed ?? null
    if (snap !== null && (t.frozen || bytesEqual(snap.digest, t.digest))) {
      // A cold task keeps only the light part of it; the rest stays on disk (cold-derivations.ts).
      if (!adoptStored(s, t, snap)) {
        t.derived = snap.derived
        t.records = snap.records
        t.persisted = true
      }
      s.counters.loadedTasks++
      s.book.placeTask(t.hex, taskSegment(s, t))
      for (const [account, c] of snap.derived.contributions) s.book.setContribution(t.hex, account, c)
      track(s, t, null, snap.derived)
      continue
    }
    if (t.frozen) frozenMissing++
    else {
      // Diff against what was stored with it, so records it no longer derives are deleted.
      if (snap !== null) t.records = snap.records
      redo.push(t.hex)
    }
  }
  // Overflowed scopes of no task: their records are stored, their contributions in the bases.
  loadAccountScopes(s)
  s.book.endLoad()
  if (frozenMissing > 0) throw frozenWithoutState(frozenMissing)
  loadAccountRecords(s)
  s.hints = true
  if (redo.length > 0) {
    after.report(
      new Error(`${redo.length} task(s) had no stored derivation matching their messages; derived again`),
      'stored-state',
    )
    // Their stored records may differ from what memory holds: let the store read them.
    s.hints = false
    const changes = newChanges()
    rederive(s, redo, changes, false)
    await commit(s, after, changes, [])
    s.hints = true
  } else {
    // Certified checkpoints seal again from the stored covered sets (fold-seal.ts); nothing derives
    // unless one seals here for the first time.
    const changes = newChanges()
    rederive(s, [], changes, false)
    if (changes.tasks.size > 0) await commit(s, after, changes, [])
  }
  await flushScopeIndex(s)
  trimResident(s)
  return true
}
