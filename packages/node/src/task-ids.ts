/** Which task a message belongs to (the zero id for account-level messages), for events and views. */
import type { Engine } from '@aimesh/engine'
import { type AnySignedMessage, MessageKind, toHex } from '@aimesh/protocol'

const ZERO = '0'.repeat(64)

/** The hex task id a message belongs to. */
export function taskHexOf(engine: Engine, msg: AnySignedMessage): string {
  switch (msg.kind) {
    case MessageKind.TaskPublished:
      return toHex(msg.id)
    case MessageKind.MinerProfile:
      return ZERO
    case MessageKind.DisputeVote: {
      const opened = engine.getMessage(msg.body.disputeId)
      return opened !== undefined && opened.kind === MessageKind.DisputeOpened
        ? toHex(opened.body.taskId)
        : ZERO
    }
    default:
      return 'taskId' in msg.body ? toHex(msg.body.taskId as Uint8Array) : ZERO
  }
}
