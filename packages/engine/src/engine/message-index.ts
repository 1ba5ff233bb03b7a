/**
 * The message index (DESIGN §5.2): files each held message under its task, keeps per-task message
 * ids sorted for the task digest, and gives validation its read-only view of held messages.
 * Inserting never derives; derivation is rederive.ts.
 */
import { type AnySignedMessage, MessageKind, openEnvelope } from '@aimesh/protocol'
import { toValidationResult, type ValidationResult } from '../errors.js'
import { hex, ZERO_TASK_HEX, ZERO_TASK_ID } from '../ids.js'
import { insertSorted, taskDigest } from '../state-root.js'
import { assertValid, type ValidationView } from '../validate/index.js'
import type { EngineState, TaskState } from './state.js'

/** Validates a message against the held state without applying it. */
export function validateAgainst(s: EngineState, msg: AnySignedMessage, now: number): ValidationResult {
  return toValidationResult(() => assertValid(view(s, now), msg))
}

/** What validation reads: held messages and their immutable parents only (DESIGN §5.1). */
export function view(s: EngineState, now: number): ValidationView {
  return {
    genesis: s.genesis,
    now,
    hasMessage: (id) => s.messages.has(id),
    getMessage: (id) => s.messages.get(id)?.msg,
    getTask: (taskHex) => s.tasks.get(taskHex)?.publish ?? undefined,
    commitsBy: (taskHex, miner) => s.tasks.get(taskHex)?.commitsBy.get(miner) ?? [],
    openEvidence: (bytes) => openEnvelope(s.genesis.networkId, bytes, s.verifier),
  }
}

/** The task a message is filed under (DESIGN §5.2); dispute votes go with their dispute's task. */
function taskOf(s: EngineState, msg: AnySignedMessage): string {
  switch (msg.kind) {
    case MessageKind.TaskPublished:
      return hex(msg.id)
    case MessageKind.MinerProfile:
    case MessageKind.CheckpointVote:
      return ZERO_TASK_HEX
    case MessageKind.DisputeVote: {
      const d = s.messages.get(hex(msg.body.disputeId))
      return d?.task ?? ZERO_TASK_HEX
    }
    default:
      return hex(msg.body.taskId)
  }
}

function taskState(s: EngineState, taskHex: string): TaskState {
  let t = s.tasks.get(taskHex)
  if (t === undefined) {
    t = {
      hex: taskHex,
      id: taskHex === ZERO_TASK_HEX ? ZERO_TASK_ID : Uint8Array.from(Buffer.from(taskHex, 'hex')),
      publish: null,
      messages: [],
      ids: [],
      digest: new Uint8Array(32),
      derived: null,
      records: new Map(),
      trustCache: new Map(),
      scoreCache: new Map(),
      commitsBy: new Map(),
    }
    s.tasks.set(taskHex, t)
  }
  return t
}

/** Adds a message to the in-memory index (no derivation). */
export function insert(s: EngineState, msg: AnySignedMessage): TaskState {
  const idHex = hex(msg.id)
  const taskHex = taskOf(s, msg)
  const t = taskState(s, taskHex)
  s.messages.set(idHex, { msg, task: taskHex })
  t.messages.push(msg)
  insertSorted(t.ids, idHex)
  s.staleDigests.add(t)
  if (msg.kind === MessageKind.TaskPublished) t.publish = msg
  if (msg.kind === MessageKind.AnswerCommitted) {
    const miner = hex(msg.signer)
    const list = t.commitsBy.get(miner) ?? []
    list.push(msg)
    t.commitsBy.set(miner, list)
  }
  if (msg.kind === MessageKind.MinerProfile) s.book.setProfile(msg, hex(msg.signer))
  if (msg.kind === MessageKind.CheckpointVote) {
    s.checkpointVotes.push(msg)
    s.epochsStale = true
  }
  s.root = null
  return t
}

/** Recomputes the digests of tasks whose message set changed (once per batch, not per message). */
export function refreshDigests(s: EngineState): void {
  for (const t of s.staleDigests) t.digest = taskDigest(t.ids.map((id) => s.messages.get(id)!.msg.id))
  s.staleDigests.clear()
}
