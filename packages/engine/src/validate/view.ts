/** The read-only state a validation rule may consult: the message's immutable parents and genesis. */
import type { AnySignedMessage, MessageKind, SignedMessage } from '@aimesh/protocol'
import type { Genesis } from '../genesis.js'
import type { AnswerFacts, Parent } from '../stubs.js'

/** What validators read; implemented by the engine over its in-memory index. */
export interface ValidationView {
  readonly genesis: Genesis
  /** Wall clock of this node (unix ms), only for the clock-skew IGNORE. */
  readonly now: number
  /** True when the message id (hex) is already held. */
  hasMessage(idHex: string): boolean
  /**
   * A held message by id (hex), as far as a verdict may read it: the fields a pruned message's stub
   * keeps (stubs.ts), so a verdict is the same whether this node pruned the body or not.
   */
  getMessage(idHex: string): Parent | undefined
  /** What alert proofs compare of a held answer (its body or its stub), or undefined. */
  answerFacts(idHex: string): AnswerFacts | undefined
  /** A held task by id (hex). */
  getTask(taskHex: string): SignedMessage<MessageKind.TaskPublished> | undefined
  /** The task's commits by one miner. */
  commitsBy(taskHex: string, minerHex: string): readonly SignedMessage<MessageKind.AnswerCommitted>[]
  /** Opens an evidence envelope (decode + signature), throwing on failure. */
  openEvidence(bytes: Uint8Array): AnySignedMessage
}
