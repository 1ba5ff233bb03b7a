/** Rules every message kind shares: duplicates, clock skew, genesis time, known parent task. */
import { type AnySignedMessage, checkBody, type MessageKind, type SignedMessage } from '@aimesh/protocol'
import { IgnoreCode, ignore, missingParent, RejectCode, reject } from '../errors.js'
import { hex } from '../ids.js'
import type { ValidationView } from './view.js'

/** Duplicate → IGNORE; beyond our clock + skew → IGNORE (it may be valid later, DESIGN §5.3); before genesis → REJECT. */
export function checkCommon(view: ValidationView, msg: AnySignedMessage, idHex: string): void {
  try {
    checkBody(msg.kind, msg.body)
  } catch (err) {
    reject(RejectCode.MALFORMED, (err as Error).message)
  }
  // DESIGN §4: a message we already hold is redundant, never a fault.
  if (view.hasMessage(idHex)) ignore(IgnoreCode.DUPLICATE, 'message already held')
  const ts = msg.body.timestamp
  // DESIGN §5.3: a timestamp beyond our clock plus the allowed skew is IGNOREd, never REJECTed.
  if (ts > view.now + view.genesis.params.clockSkewMs) {
    ignore(IgnoreCode.FUTURE_TIMESTAMP, `authored at ${ts}, ahead of our clock ${view.now}`)
  }
  // Nothing can be authored before the network exists.
  if (ts < view.genesis.genesisTime) reject(RejectCode.BEFORE_GENESIS, `authored at ${ts}, before genesis`)
}

/** The referenced task; unknown → IGNORE (it may still arrive by sync). */
export function parentTask(
  view: ValidationView,
  taskId: Uint8Array,
): SignedMessage<MessageKind.TaskPublished> {
  const task = view.getTask(hex(taskId))
  if (task === undefined) missingParent([taskId], taskId, `task ${hex(taskId).slice(0, 16)} is not known yet`)
  return task
}

/** REJECT unless from ≤ ts < to: phases are judged by the author's own timestamp (DESIGN §5.3). */
export function inWindow(ts: number, from: number, to: number, what: string): void {
  if (ts < from || ts >= to) reject(RejectCode.OUTSIDE_WINDOW, `${what} at ${ts} is outside [${from}, ${to})`)
}

/**
 * The last moment anything about a task may still be authored: the dispute voting deadline plus the
 * genesis settlement window. Votes, claims and alerts after it are REJECTed, so a task's log is bounded.
 */
export function settlementDeadline(
  view: ValidationView,
  task: SignedMessage<MessageKind.TaskPublished>,
): number {
  const p = view.genesis.params
  return task.body.challengeDeadline + p.disputeVoteWindowMs + p.settlementWindowMs
}

/** REJECT a message authored after the task's settlement deadline. */
export function beforeSettlement(
  view: ValidationView,
  task: SignedMessage<MessageKind.TaskPublished>,
  ts: number,
  what: string,
): void {
  const end = settlementDeadline(view, task)
  if (ts > end) reject(RejectCode.OUTSIDE_WINDOW, `${what} at ${ts} is after the settlement deadline ${end}`)
}
