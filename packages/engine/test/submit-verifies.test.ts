/**
 * Safe by default: `Engine.submit` checks a message the way `ingest` does (decoded again from its
 * bytes, signature verified), so an embedding application calling the obvious method cannot apply a
 * forged message; the unchecked path is the one named `submitVerified`.
 */
import {
  type AnySignedMessage,
  Envelope,
  type MessageKind,
  type SignedMessage,
  Verdict,
} from '@aimesh/protocol'
import { beforeEach, describe, expect, it } from 'vitest'
import { type Engine, getTask } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  knownProfiles,
  openTestEngine,
  publishTask,
  SEC,
  T0,
  testGenesis,
} from './helpers/builders.js'

const pub = account('safe-pub')
const AT = T0 + 10 * SEC
const NOW = T0 + 1_000 * SEC

/** `msg` with one bit of its signature flipped, in the object and in its envelope bytes. */
function forged<K extends MessageKind>(msg: SignedMessage<K>): SignedMessage<K> {
  const signature = Uint8Array.from(msg.signature)
  signature[0] = signature[0]! ^ 1
  const bytes = Envelope.encode({
    kind: msg.kind,
    body: Uint8Array.from(msg.bodyBytes),
    signer: Uint8Array.from(msg.signer),
    signature,
  })
  return { ...msg, signature, bytes }
}

let store: MemoryEngineStore
let engine: Engine
beforeEach(async () => {
  store = new MemoryEngineStore()
  engine = await openTestEngine({ store, genesis: testGenesis(), clock: T0, now: () => NOW })
})

describe('Engine.submit verifies', () => {
  it('rejects a forged signature and stores nothing', async () => {
    const msg = forged(publishTask(pub, { at: AT }))
    expect(await engine.submit(msg)).toMatchObject({ verdict: Verdict.Reject, code: 'BAD_SIGNATURE' })
    expect(await engine.submitMany([msg])).toMatchObject([{ verdict: Verdict.Reject, code: 'BAD_SIGNATURE' }])
    expect(engine.hasMessage(msg.id)).toBe(false)
    expect(store.log.size).toBe(knownProfiles().length)
  })

  it('applies what was signed, not fields altered on the message object', async () => {
    const task = publishTask(pub, { at: AT })
    const altered = { ...task, body: { ...task.body, reward: task.body.reward * 1000n } } as AnySignedMessage
    expect(await engine.submit(altered)).toEqual({ verdict: Verdict.Accept })
    expect(getTask(engine, task.id)!.reward).toBe(task.body.reward)
  })

  it('accepts a valid message, and the trusted path is the only one that skips the check', async () => {
    const task = publishTask(pub, { at: AT })
    expect(await engine.submit(task)).toEqual({ verdict: Verdict.Accept })
    const other = forged(publishTask(pub, { at: AT, nonce: 2 }))
    // submitVerified trusts its caller: this is why only already-verified messages may go there.
    expect(await engine.submitVerified(other)).toEqual({ verdict: Verdict.Accept })
  })
})
