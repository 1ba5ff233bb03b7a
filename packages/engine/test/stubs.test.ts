/**
 * A pruned message's stub (stubs.ts, DESIGN §5.6): for every kind it keeps the fields of its row
 * exactly, the same scope and parent ids as the message, and an answer's hash and sketch instead of
 * its text; its bytes do not hold the envelope.
 */
import { type AnySignedMessage, generateAccount, MessageKind, signMessage } from '@aimesh/protocol'
import { sampleBody } from '@aimesh/protocol/testing'
import { describe, expect, it } from 'vitest'
import { DEFAULT_GENESIS_PARAMS } from '../src/genesis.js'
import { parentIds } from '../src/holding.js'
import { scopeOf } from '../src/scopes.js'
import { answerFacts, decodeStub, encodeStub, STUB_FIELDS } from '../src/stubs.js'

const KINDS = Object.values(MessageKind).filter((k): k is MessageKind => typeof k === 'number')

describe('message stubs', () => {
  const key = generateAccount()
  for (const kind of KINDS) {
    it(`${MessageKind[kind]}: keeps its row, its scope and its parents`, () => {
      const msg = signMessage('stub-net', kind, sampleBody(kind, 3), key) as AnySignedMessage
      const bytes = encodeStub(msg)
      const stub = decodeStub(bytes)!
      expect(stub.parent.kind).toBe(kind)
      expect(stub.parent.id).toEqual(msg.id)
      expect(stub.parent.signer).toEqual(msg.signer)
      const body = msg.body as unknown as Record<string, unknown>
      const kept = stub.parent.body as unknown as Record<string, unknown>
      expect(Object.keys(kept).sort()).toEqual([...STUB_FIELDS[kind]].sort())
      for (const f of STUB_FIELDS[kind]) expect(kept[f]).toEqual(body[f])
      // Scope counting and eviction read a stub as they read the message (holding.ts).
      const asMessage = stub.parent as unknown as AnySignedMessage
      expect(scopeOf(asMessage, DEFAULT_GENESIS_PARAMS)).toEqual(scopeOf(msg, DEFAULT_GENESIS_PARAMS))
      expect(parentIds(asMessage)).toEqual(parentIds(msg))
      if (kind === MessageKind.AnswerRevealed) {
        const answer = (msg.body as { answer: string }).answer
        expect(stub.answer).toEqual(answerFacts(answer))
      } else expect(stub.answer).toBeUndefined()
    })
  }

  it('does not carry the envelope its fields were read from, and refuses other bytes', () => {
    const long = { ...sampleBody(MessageKind.AnswerRevealed, 1), answer: 'word '.repeat(20_000) }
    const msg = signMessage('stub-net', MessageKind.AnswerRevealed, long, key)
    expect(encodeStub(msg).length).toBeLessThan(4_096)
    expect(msg.bytes.length).toBeGreaterThan(100_000)
    expect(decodeStub(Uint8Array.of(1, 2, 3))).toBeUndefined()
  })
})
