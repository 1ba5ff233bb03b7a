/**
 * Envelopes on disk behind a bounded cache (DESIGN §5.12): a task's decoded messages are in memory
 * only while it is in use (resident); the others keep their ids, publish, derivation and records,
 * and their messages are read back from the store (synchronous point reads) the first time anything
 * asks for them: derivation, validation of a message of that task, a vote. At most `residentTasks`
 * (EngineOptions, default RESIDENT_TASKS) stay resident; the least recently used go cold after each durable write (never during a
 * batch, whose inserted messages are not in the store yet). A store without synchronous reads keeps
 * every task resident, as before.
 */
import { type AnySignedMessage, decodeEnvelope, MessageKind } from '@aimesh/protocol'
import { hex, unhex, ZERO_TASK_HEX } from '../ids.js'
import { storeDerivation } from './cold-derivations.js'
import type { EngineState, TaskState } from './state.js'

/** Default for the tasks whose decoded messages stay in memory (the rest are read back when needed). */
export const RESIDENT_TASKS = 256

/** True when the store can read envelopes back synchronously (tasks may go cold). */
function canEvict(s: EngineState): boolean {
  return s.store.readMessageSync !== undefined && s.syncReads
}

/** Reads one logged envelope synchronously, or undefined (pruned, or a store without sync reads). */
export function envelopeOf(s: EngineState, idHex: string): Uint8Array | undefined {
  if (!s.messages.has(idHex)) return undefined
  const kept = s.messages.body(idHex)
  if (kept !== null) return kept.bytes
  return s.store.readMessageSync?.(unhex(idHex)) ?? undefined
}

/** A held message by id, decoded from the store when its task is cold (the task stays cold). */
export function messageOf(s: EngineState, idHex: string): AnySignedMessage | undefined {
  const kept = s.messages.body(idHex)
  if (kept !== null) return kept
  const bytes = envelopeOf(s, idHex)
  // The log holds only messages that were verified before they were written.
  return bytes === undefined ? undefined : decodeEnvelope(s.genesis.networkId, bytes)
}

/**
 * The task's decoded messages, read back from the store when it is cold (it becomes resident):
 * every held body, in id order; pruned bodies are absent. Rebuilds the commits-by-miner index.
 */
export function residentMessages(s: EngineState, t: TaskState): AnySignedMessage[] {
  touch(s, t)
  if (t.resident !== null) return t.resident
  const list: AnySignedMessage[] = []
  for (const id of t.ids) {
    let msg = s.messages.body(id)
    if (msg === null) {
      const bytes = s.store.readMessageSync?.(unhex(id))
      if (bytes === undefined || bytes === null) continue
      msg = decodeEnvelope(s.genesis.networkId, bytes)
      s.messages.keepBody(id, msg)
    }
    list.push(msg)
  }
  t.commitsBy.clear()
  for (const m of list) if (m.kind === MessageKind.AnswerCommitted) addCommit(t, m)
  t.resident = list
  return list
}

/** Files a commit under its miner (what commit-reveal validation reads). */
export function addCommit(t: TaskState, m: AnySignedMessage): void {
  if (m.kind !== MessageKind.AnswerCommitted) return
  const miner = hex(m.signer)
  const list = t.commitsBy.get(miner) ?? []
  list.push(m)
  t.commitsBy.set(miner, list)
}

/** Marks the task as the most recently used. */
function touch(s: EngineState, t: TaskState): void {
  s.residentTasks.delete(t.hex)
  s.residentTasks.set(t.hex, t)
}

/** A task whose messages are all in memory already (a new task, or one being built at load). */
export function markResident(s: EngineState, t: TaskState): void {
  t.resident ??= []
  touch(s, t)
}

/**
 * Sends the least recently used tasks cold until at most RESIDENT_TASKS are resident. Only at a
 * point where memory equals the store (after a durable write or a load).
 */
export function trimResident(s: EngineState): void {
  if (!canEvict(s)) return
  for (const t of s.residentTasks.values()) {
    if (s.residentTasks.size <= s.residentCap) break
    s.residentTasks.delete(t.hex)
    // The account-level messages (profiles, checkpoint votes) are small and read everywhere.
    if (t.hex === ZERO_TASK_HEX) continue
    goCold(s, t)
  }
}

/** Drops a task's decoded messages (its publish stays: validation and derivation order read it). */
export function goCold(s: EngineState, t: TaskState): void {
  if (t.resident === null) return
  for (const m of t.resident) if (m !== t.publish) s.messages.keepBody(hex(m.id), null)
  t.resident = null
  t.ids.trim()
  t.dropCaches()
  storeDerivation(s, t)
}
