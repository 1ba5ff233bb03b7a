/**
 * The scope index on disk (DESIGN §5.8, §5.12): what eviction needs of each held message — its
 * scope (key and quota) and the ids it names as parents — stored as an engine state entry under
 * `S ‖ message id`, written in the same batch as the message and deleted in the batch that evicts
 * it. Opening loads these entries instead of reading every held body; a message without one (a
 * store written before the index, or after a repair cleared the engine state) is indexed from its
 * body once and its entry written, so the next open reads none.
 */
import type { AnySignedMessage } from '@aimesh/protocol'
import { parentIds } from '../holding.js'
import { hex, unhex } from '../ids.js'
import type { Scope } from '../scopes.js'
import type { EngineStateEntry, EvictedMessage, LoggedMessage } from '../store-port.js'
import { messageOf } from './bodies.js'
import { heldForScopes } from './parents.js'
import type { EngineState } from './state.js'

/** First byte of a scope entry's key (task snapshots are 32-byte task ids, the marker one byte). */
const TAG = 0x53
const VERSION = 1

/** The key of a message's scope entry. */
export function scopeEntryKey(id: Uint8Array): Uint8Array {
  const key = new Uint8Array(33)
  key[0] = TAG
  key.set(id, 1)
  return key
}

/** True for the key of a scope entry. */
export function isScopeEntry(key: Uint8Array): boolean {
  return key.length === 33 && key[0] === TAG
}

/** Encodes a scope and parent ids: version, quota (u32), key (u16 length, UTF-8), parents (u16 count, 32 bytes each). */
export function encodeScopeEntry(scope: Scope, parents: readonly string[]): Uint8Array {
  const key = new TextEncoder().encode(scope.key)
  const out = new Uint8Array(1 + 4 + 2 + key.length + 2 + 32 * parents.length)
  const view = new DataView(out.buffer)
  out[0] = VERSION
  view.setUint32(1, scope.quota)
  view.setUint16(5, key.length)
  out.set(key, 7)
  let at = 7 + key.length
  view.setUint16(at, parents.length)
  at += 2
  for (const p of parents) {
    out.set(unhex(p), at)
    at += 32
  }
  return out
}

/** Decodes a scope entry; null when it is not of this format (the message is then indexed from its body). */
export function decodeScopeEntry(bytes: Uint8Array): { scope: Scope; parents: string[] } | null {
  if (bytes.length < 9 || bytes[0] !== VERSION) return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const quota = view.getUint32(1)
  const keyLength = view.getUint16(5)
  if (7 + keyLength + 2 > bytes.length) return null
  const key = new TextDecoder().decode(bytes.subarray(7, 7 + keyLength))
  let at = 7 + keyLength
  const count = view.getUint16(at)
  at += 2
  if (at + 32 * count !== bytes.length) return null
  const parents: string[] = []
  for (let i = 0; i < count; i++, at += 32) parents.push(hex(bytes.subarray(at, at + 32)))
  return { scope: { key, quota }, parents }
}

/** Entries of messages indexed from their bodies, not stored yet: the next write carries them. */
const pending = new WeakMap<EngineState, EngineStateEntry[]>()

function queue(s: EngineState, idHex: string, msg: AnySignedMessage): void {
  const scope = s.scopes.scopeOfId(idHex)
  if (scope === undefined) return
  let list = pending.get(s)
  if (list === undefined) {
    list = []
    pending.set(s, list)
  }
  list.push({ key: scopeEntryKey(unhex(idHex)), value: encodeScopeEntry(scope, parentIds(msg)) })
}

/**
 * The scope entries one write carries: one per logged message (in the scope index by now, and
 * resident: no store read), a delete per evicted one, and those queued since the last write.
 */
export function scopeIndexEntries(
  s: EngineState,
  logged: readonly LoggedMessage[],
  evicted: readonly EvictedMessage[],
): EngineStateEntry[] {
  const out = pending.get(s) ?? []
  pending.delete(s)
  for (const m of logged) {
    const idHex = hex(m.id)
    const scope = s.scopes.scopeOfId(idHex)
    const msg = scope === undefined ? undefined : messageOf(s, idHex)
    if (scope !== undefined && msg !== undefined)
      out.push({ key: scopeEntryKey(m.id), value: encodeScopeEntry(scope, parentIds(msg)) })
  }
  for (const e of evicted) out.push({ key: scopeEntryKey(e.id), value: null })
  return out
}

/**
 * Fills the scope index at open: from the stored entries of held messages, then from the bodies of
 * held messages without one (their entries queued for the next write). Returns how many bodies
 * that read.
 */
export function restoreScopeIndex(s: EngineState, entries: readonly [Uint8Array, Uint8Array][]): number {
  for (const [key, value] of entries) {
    const idHex = hex(key.subarray(1))
    if (!s.messages.has(idHex) || s.scopes.scopeOfId(idHex) !== undefined) continue
    const decoded = decodeScopeEntry(value)
    if (decoded !== null) s.scopes.addIndexed(idHex, decoded.scope, decoded.parents)
  }
  let read = 0
  for (const id of s.messages.keys()) {
    if (s.scopes.scopeOfId(id) !== undefined) continue
    // A body pruned at a checkpoint is filed by its stub, which keeps every scope and parent field.
    const msg = heldForScopes(s, id)
    read++
    if (msg === undefined) continue
    s.scopes.add(msg, id)
    queue(s, id, msg)
  }
  return read
}

/** Queues the entry of every held message (after memory was rebuilt from the log: load, repair). */
export function queueWholeIndex(s: EngineState): void {
  for (const id of s.messages.keys()) {
    const msg = s.messages.get(id)?.msg
    if (msg != null) queue(s, id, msg)
  }
}

/** Writes the queued entries alone (open, when no other write follows), in one batch. */
export async function flushScopeIndex(s: EngineState): Promise<void> {
  const state = pending.get(s)
  if (state === undefined || state.length === 0 || s.store.engineState === undefined) return
  pending.delete(s)
  await s.store.applyWrite({ messages: [], puts: [], deletes: [], state })
}
