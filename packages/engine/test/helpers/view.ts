/** A pure ValidationView over a list of held messages, for rule tests that need every view method. */
import { type AnySignedMessage, MessageKind, openEnvelope, type SignedMessage, toHex } from '@aimesh/protocol'
import type { Genesis, ValidationView } from '../../src/index.js'
import { answerFacts } from '../../src/stubs.js'
import { knownProfiles, NET } from './builders.js'

/** Options: which optional methods the view offers, and the consensus it reports. */
export interface TestViewOptions {
  now: number
}

/** Builds a view holding `held`; add more with the returned `hold`. */
export function testView(genesis: Genesis, held: AnySignedMessage[], o: TestViewOptions) {
  const byId = new Map<string, AnySignedMessage>()
  const hold = (...msgs: AnySignedMessage[]) => {
    for (const m of msgs) byId.set(toHex(m.id), m)
  }
  // Admission parents (DESIGN §5.9): every test account's profile is held.
  hold(...knownProfiles(), ...held)
  const view: ValidationView = {
    genesis,
    now: o.now,
    hasMessage: (id) => byId.has(id),
    getMessage: (id) => byId.get(id),
    answerFacts: (id) => {
      const m = byId.get(id)
      return m?.kind === MessageKind.AnswerRevealed ? answerFacts(m.body.answer) : undefined
    },
    getTask: (taskHex) => {
      const t = byId.get(taskHex)
      return t?.kind === MessageKind.TaskPublished
        ? (t as SignedMessage<MessageKind.TaskPublished>)
        : undefined
    },
    commitsBy: (taskHex, miner) =>
      [...byId.values()].filter(
        (m): m is SignedMessage<MessageKind.AnswerCommitted> =>
          m.kind === MessageKind.AnswerCommitted &&
          toHex(m.body.taskId) === taskHex &&
          toHex(m.signer) === miner,
      ),
    openEvidence: (bytes) => openEnvelope(NET, bytes),
  }
  return { view, hold }
}
