/**
 * The message index (DESIGN §5.2): files each held message under its task, keeps per-task message
 * ids sorted for the task digest, and gives validation its read-only view of held messages.
 * Inserting never derives; derivation is rederive.ts.
 */
import { type AnySignedMessage, MessageKind, openEnvelope, type SignedMessage } from '@aimesh/protocol'
import { toValidationResult, type ValidationResult } from '../errors.js'
import { hex, ZERO_TASK_HEX, ZERO_TASK_ID } from '../ids.js'
import { taskDigest } from '../state-root.js'
import { assertValid, type ValidationView } from '../validate/index.js'
import { addCommit, markResident, residentMessages } from './bodies.js'
import { heldAnswerFacts, heldParent } from './parents.js'
import { checkScope } from './scope-eviction.js'
import type { EngineState, TaskState } from './state.js'
import { Task } from './task-state.js'

/** Validates a message against the held state without applying it. */
export function validateAgainst(s: EngineState, msg: AnySignedMessage, now: number): ValidationResult {
  // The scope last (DESIGN §5.8): counting reads only held messages of the same signer and scope.
  return toValidationResult(() => {
    assertValid(view(s, now), msg)
    checkScope(s, msg)
  })
}

/** What validation reads: held messages and their immutable parents only (DESIGN §5.1). */
export function view(s: EngineState, now: number): ValidationView {
  return {
    genesis: s.genesis,
    now,
    hasMessage: (id) => s.messages.has(id),
    getMessage: (id) => {
      // A parent is nearly always of the task the message joins: make that task resident.
      const held = s.messages.get(id)
      if (held === undefined) return undefined
      if (held.msg === null) residentMessages(s, s.tasks.get(held.task)!)
      // A body pruned at a checkpoint: its stub holds what a verdict reads (parents.ts).
      return held.msg ?? heldParent(s, id)
    },
    answerFacts: (id) => heldAnswerFacts(s, id),
    getTask: (taskHex) => s.tasks.get(taskHex)?.publish ?? undefined,
    commitsBy: (taskHex, miner) => {
      const t = s.tasks.get(taskHex)
      if (t === undefined) return []
      residentMessages(s, t)
      return t.commitsBy.get(miner) ?? []
    },
    openEvidence: (bytes) => openEnvelope(s.genesis.networkId, bytes, s.verifier),
  }
}

/** How a message of one kind names the task it is filed under. */
type FiledUnder<K extends MessageKind> = (s: EngineState, msg: SignedMessage<K>) => string

const underZero = (): string => ZERO_TASK_HEX
const underItsTask = (_s: EngineState, msg: { body: { taskId: Uint8Array } }): string => hex(msg.body.taskId)

/**
 * The task each kind is filed under (DESIGN §5.2), one row per kind: a task is filed under its own
 * id, account-level messages under the zero task, dispute votes with their dispute's task, the
 * rest under the task they name.
 */
const FILED_UNDER: { readonly [K in MessageKind]: FiledUnder<K> } = {
  [MessageKind.TaskPublished]: (_s, msg) => hex(msg.id),
  [MessageKind.TaskCancelled]: underItsTask,
  [MessageKind.MinerProfile]: underZero,
  [MessageKind.AnswerCommitted]: underItsTask,
  [MessageKind.AnswerRevealed]: underItsTask,
  [MessageKind.ValidationScored]: underItsTask,
  [MessageKind.ConsensusVote]: underItsTask,
  [MessageKind.FraudAlert]: underItsTask,
  [MessageKind.DisputeOpened]: underItsTask,
  [MessageKind.DisputeVote]: (s, msg) => s.messages.get(hex(msg.body.disputeId))?.task ?? ZERO_TASK_HEX,
  [MessageKind.RewardClaimed]: underItsTask,
  [MessageKind.CheckpointVote]: underZero,
}

/** The task a message is filed under (see FILED_UNDER). */
export function taskOf(s: EngineState, msg: AnySignedMessage): string {
  // The row is looked up by the message's own kind; TypeScript cannot correlate the two.
  const filed = FILED_UNDER[msg.kind] as FiledUnder<MessageKind>
  return filed(s, msg)
}

/**
 * The task's state, created when new: resident (every message of it is in memory, none on disk
 * yet), or cold when `resident` is false (loading from the store, bodies.ts).
 */
export function taskState(s: EngineState, taskHex: string, resident = true): TaskState {
  let t = s.tasks.get(taskHex)
  if (t === undefined) {
    t = new Task(
      s,
      taskHex,
      taskHex === ZERO_TASK_HEX ? ZERO_TASK_ID : Uint8Array.from(Buffer.from(taskHex, 'hex')),
    )
    s.tasks.set(taskHex, t)
    if (resident) markResident(s, t)
  }
  return t
}

/** Adds a message to the in-memory index (no derivation). */
export function insert(s: EngineState, msg: AnySignedMessage): TaskState {
  const idHex = hex(msg.id)
  const taskHex = taskOf(s, msg)
  const t = taskState(s, taskHex)
  // Read a cold task's messages back before this one joins them (it is not in the store yet).
  residentMessages(s, t).push(msg)
  s.messages.set(idHex, { msg, task: taskHex })
  s.scopes.add(msg, idHex)
  t.ids.insert(idHex)
  // Held after its task's fold: never derived from (fold-seal.ts).
  t.sealed?.late.add(idHex)
  s.staleDigests.add(t)
  if (msg.kind === MessageKind.TaskPublished) t.publish = msg
  addCommit(t, msg)
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
  for (const t of s.staleDigests) t.digest = taskDigest([t.ids.bytes()])
  s.staleDigests.clear()
}
