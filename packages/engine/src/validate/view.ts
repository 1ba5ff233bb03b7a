/** The read-only state a validation rule may consult: the message's immutable parents and genesis. */
import type { AnySignedMessage, MessageKind, SignedMessage } from '@aimesh/protocol'
import type { Genesis } from '../genesis.js'

/** What validators read; implemented by the engine over its in-memory index. */
export interface ValidationView {
  readonly genesis: Genesis
  /** Wall clock of this node (unix ms), only for the clock-skew IGNORE. */
  readonly now: number
  /** True when the message id (hex) is already held. */
  hasMessage(idHex: string): boolean
  /** A held message by id (hex). */
  getMessage(idHex: string): AnySignedMessage | undefined
  /** A held task by id (hex). */
  getTask(taskHex: string): SignedMessage<MessageKind.TaskPublished> | undefined
  /** The task's commits by one miner. */
  commitsBy(taskHex: string, minerHex: string): readonly SignedMessage<MessageKind.AnswerCommitted>[]
  /** Opens an evidence envelope (decode + signature), throwing on failure. */
  openEvidence(bytes: Uint8Array): AnySignedMessage
}
