import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ALL_KINDS,
  accountFromSeed,
  decodeEnvelope,
  Envelope,
  isProtocolError,
  KINDS,
  LIMITS,
  MessageKind,
  messageId,
  openEnvelope,
  ProtocolError,
  signMessage,
  toHex,
  verifyNoble,
  verifySignature,
} from '../src/index.js'
import { sampleBody } from '../src/testing/index.js'

const NET = 'testnet'
const key = accountFromSeed(new Uint8Array(32).fill(7))

function expectProtocolError(fn: () => unknown): ProtocolError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError)
    return err as ProtocolError
  }
  throw new Error('expected a ProtocolError')
}

describe('signed envelope', () => {
  it.each(ALL_KINDS.map((k) => [KINDS[k].tagName, k] as const))('round-trips %s', (_name, kind) => {
    const msg = signMessage(NET, kind, sampleBody(kind, 3), key)
    const opened = openEnvelope(NET, msg.bytes)
    expect(opened.kind).toBe(kind)
    expect(opened.body).toEqual(msg.body)
    expect(toHex(opened.id)).toBe(toHex(msg.id))
    expect(toHex(opened.signer)).toBe(toHex(key.publicKey))
    // The noble verifier accepts what the fast path accepts.
    expect(verifySignature(NET, opened, verifyNoble)).toBe(true)
  })

  it('gives different ids for the same body under different kinds, signers or networks', () => {
    const body = new Uint8Array([1, 2, 3])
    const other = accountFromSeed(new Uint8Array(32).fill(8))
    const ids = new Set([
      toHex(messageId(NET, MessageKind.TaskCancelled, key.publicKey, body)),
      toHex(messageId(NET, MessageKind.RewardClaimed, key.publicKey, body)),
      toHex(messageId(NET, MessageKind.TaskCancelled, other.publicKey, body)),
      toHex(messageId('othernet', MessageKind.TaskCancelled, key.publicKey, body)),
    ])
    expect(ids.size).toBe(4)
  })

  it('does not verify on another network (domain separation)', () => {
    const msg = signMessage(NET, MessageKind.TaskCancelled, sampleBody(MessageKind.TaskCancelled), key)
    expect(expectProtocolError(() => openEnvelope('othernet', msg.bytes)).code).toBe('BAD_SIGNATURE')
  })

  it('refuses a body re-labelled as another kind with the same layout', () => {
    const msg = signMessage(NET, MessageKind.RewardClaimed, sampleBody(MessageKind.RewardClaimed), key)
    const relabelled = Envelope.encode({ ...Envelope.decode(msg.bytes), kind: MessageKind.TaskCancelled })
    expect(() => openEnvelope(NET, relabelled)).toThrow(ProtocolError)
  })

  it('refuses oversized, non-canonical, unknown-kind and wrong-length envelopes with codes', () => {
    const msg = signMessage(NET, MessageKind.TaskCancelled, sampleBody(MessageKind.TaskCancelled), key)
    expect(
      expectProtocolError(() => decodeEnvelope(NET, new Uint8Array(LIMITS.envelopeBytes + 1))).code,
    ).toBe('TOO_LARGE')
    const withUnknownField = new Uint8Array([...msg.bytes, 0x28, 0x01]) // field 5 varint 1
    expect(expectProtocolError(() => decodeEnvelope(NET, withUnknownField)).code).toBe('NON_CANONICAL')
    const env = Envelope.decode(msg.bytes)
    expect(expectProtocolError(() => decodeEnvelope(NET, Envelope.encode({ ...env, kind: 99 }))).code).toBe(
      'UNKNOWN_KIND',
    )
    expect(
      expectProtocolError(() =>
        decodeEnvelope(NET, Envelope.encode({ ...env, signer: env.signer.subarray(1) })),
      ).code,
    ).toBe('INVALID_FIELD')
    expect(
      expectProtocolError(() =>
        decodeEnvelope(
          NET,
          Envelope.encode({ ...env, signature: new Uint8Array(65) as Uint8Array<ArrayBuffer> }),
        ),
      ).code,
    ).toBe('INVALID_FIELD')
  })

  it('refuses to sign a body that breaks its schema', () => {
    const body = { ...sampleBody(MessageKind.ValidationScored), score: 101 }
    const err = expectProtocolError(() => signMessage(NET, MessageKind.ValidationScored, body, key))
    expect(err.code).toBe('INVALID_FIELD')
    expect(err.field).toBe('score')
  })

  it('property: random bytes never crash the decoder, only typed errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        try {
          openEnvelope(NET, bytes)
        } catch (err) {
          if (!isProtocolError(err)) throw err
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('property: random bytes inside a valid-looking envelope never crash the decoder', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_KINDS), fc.uint8Array({ maxLength: 1024 }), (kind, body) => {
        const bytes = Envelope.encode({
          kind,
          body: body as Uint8Array<ArrayBuffer>,
          signer: key.publicKey as Uint8Array<ArrayBuffer>,
          signature: new Uint8Array(64),
        })
        try {
          openEnvelope(NET, bytes)
        } catch (err) {
          if (!isProtocolError(err)) throw err
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('property: any single-byte change to a valid envelope fails to decode or to verify', () => {
    const messages = ALL_KINDS.map((k) => signMessage(NET, k, sampleBody(k, 11), key))
    fc.assert(
      fc.property(
        fc.constantFrom(...messages),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (msg, pos, delta) => {
          const mutated = Uint8Array.from(msg.bytes)
          const i = pos % mutated.length
          mutated[i] = (mutated[i]! + delta) & 0xff
          expect(() => openEnvelope(NET, mutated)).toThrow(ProtocolError)
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('property: encode/decode round-trips every kind with arbitrary text and numbers', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_KINDS),
        fc.nat({ max: 1_000_000 }),
        fc.string({ maxLength: 200 }),
        (kind, seed, text) => {
          const body = sampleBody(kind, seed) as unknown as Record<string, unknown>
          // Put arbitrary unicode in each kind's free-text field where it has one.
          for (const field of ['description', 'reason', 'comment', 'name']) {
            if (typeof body[field] === 'string') body[field] = text
          }
          const msg = signMessage(NET, kind, body as never, key)
          const opened = openEnvelope(NET, msg.bytes)
          expect(opened.body).toEqual(msg.body)
          expect(opened.bytes).toEqual(msg.bytes)
        },
      ),
      { numRuns: 500 },
    )
  })
})
