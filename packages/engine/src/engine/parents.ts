/**
 * Held messages as validation reads them (DESIGN §5.7, §5.6): a body when this node holds it, its
 * stub when the body was pruned at a checkpoint (stubs.ts). Both give the same Parent fields, so a
 * verdict does not depend on whether this node pruned.
 */
import { type AnySignedMessage, MessageKind } from '@aimesh/protocol'
import { unhex } from '../ids.js'
import { type AnswerFacts, answerFacts, decodeStub, type Parent, type Stub } from '../stubs.js'
import { messageOf } from './bodies.js'
import type { EngineState } from './state.js'

/** The stub of a held message whose body was pruned, or undefined. */
export function stubOfHeld(s: EngineState, idHex: string): Stub | undefined {
  const held = s.messages.get(idHex)
  if (held === undefined || held.msg !== null) return undefined
  const bytes = s.store.readStubSync?.(unhex(held.task), unhex(idHex))
  return bytes === undefined || bytes === null ? undefined : decodeStub(bytes)
}

/** A held message as validation may read it: its body, else its stub. */
export function heldParent(s: EngineState, idHex: string): Parent | undefined {
  return messageOf(s, idHex) ?? stubOfHeld(s, idHex)?.parent
}

/** What alert proofs compare of a held answer: from its body, else from its stub. */
export function heldAnswerFacts(s: EngineState, idHex: string): AnswerFacts | undefined {
  const msg = messageOf(s, idHex)
  if (msg !== undefined)
    return msg.kind === MessageKind.AnswerRevealed ? answerFacts(msg.body.answer) : undefined
  return stubOfHeld(s, idHex)?.answer
}

/**
 * A held message as the scope index reads it (holding.ts: its scope and the ids it names as
 * parents): its body, else its stub, which keeps every scope and parent field (stubs.ts STUB_FIELDS).
 */
export function heldForScopes(s: EngineState, idHex: string): AnySignedMessage | undefined {
  // Only scope and parent fields are read from a stub, and it has them all (see above).
  return messageOf(s, idHex) ?? (stubOfHeld(s, idHex)?.parent as AnySignedMessage | undefined)
}
