import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeMessage } from '../src/codec/runtime.js'
import {
  ALL_KINDS,
  accountFromSeed,
  type BodyOf,
  concatBytes,
  decodeEnvelope,
  domainTag,
  Envelope,
  isProtocolError,
  KINDS,
  LIMITS,
  MessageKind,
  openEnvelope,
  ProtocolError,
  sha256,
  signMessage,
  toHex,
} from '../src/index.js'
import { sampleBody } from '../src/testing/index.js'

const NET = 'testnet'
const key = accountFromSeed(new Uint8Array(32).fill(7))

/** A correctly signed envelope around arbitrary body bytes: only the body itself can be at fault. */
function signedEnvelope(kind: MessageKind, body: Uint8Array): Uint8Array {
  return Envelope.encode({
    kind,
    body: body as Uint8Array<ArrayBuffer>,
    signer: key.publicKey as Uint8Array<ArrayBuffer>,
    signature: key.sign(concatBytes(domainTag(NET, kind), body)),
  })
}

/** Encodes a body with the generated codec and no schema check, as a hostile author could. */
function rawBody<K extends MessageKind>(kind: K, body: BodyOf[K]): Uint8Array {
  return encodeMessage(body, KINDS[kind].codec())
}

function errorOf(fn: () => unknown): ProtocolError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError)
    return err as ProtocolError
  }
  throw new Error('expected a ProtocolError')
}

function varint(n: number | bigint): number[] {
  let v = BigInt(n)
  const out: number[] = []
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80)
    v >>= 7n
  }
  out.push(Number(v))
  return out
}

const field = (no: number, wire: number) => varint((no << 3) | wire)

describe('untrusted envelopes', () => {
  it('refuses a validly signed body that is not canonically encoded', () => {
    const kind = MessageKind.TaskCancelled
    const body = sampleBody(kind)
    const canonical = rawBody(kind, body)
    const none = new Uint8Array()
    const ts = rawBody(kind, { ...body, taskId: none, reason: '', profileId: none })
    const id = rawBody(kind, { ...body, timestamp: 0, reason: '', profileId: none })
    const reason = rawBody(kind, { ...body, timestamp: 0, taskId: none, profileId: none })
    const profile = rawBody(kind, { ...body, timestamp: 0, taskId: none, reason: '' })
    expect(toHex(concatBytes(ts, id, reason, profile))).toBe(toHex(canonical))
    const variants = {
      reordered: concatBytes(id, ts, reason, profile),
      duplicated: concatBytes(ts, id, id, reason, profile),
      unknownField: concatBytes(canonical, new Uint8Array([...field(9, 0), 1])),
      // reason = "" written out, which proto3 omits; here it follows a non-empty reason.
      explicitDefault: concatBytes(canonical, new Uint8Array([...field(3, 2), 0])),
      paddedVarint: concatBytes(
        new Uint8Array([
          ...field(1, 0),
          ...varint(body.timestamp).map((b, i, a) => (i === a.length - 1 ? b | 0x80 : b)),
          0,
        ]),
        id,
        reason,
        profile,
      ),
    }
    for (const [name, bytes] of Object.entries(variants)) {
      const err = errorOf(() => openEnvelope(NET, signedEnvelope(kind, bytes)))
      expect(['NON_CANONICAL', 'MALFORMED'], name).toContain(err.code)
    }
    expect(errorOf(() => openEnvelope(NET, signedEnvelope(kind, variants.reordered))).code).toBe(
      'NON_CANONICAL',
    )
    expect(errorOf(() => openEnvelope(NET, signedEnvelope(kind, variants.unknownField))).code).toBe(
      'NON_CANONICAL',
    )
    // The canonical body in the same kind of envelope is accepted: the failures above are the encoding's.
    expect(openEnvelope(NET, signedEnvelope(kind, canonical)).kind).toBe(kind)
  })

  it('refuses a validly signed body that breaks its schema, naming the field', () => {
    const kind = MessageKind.ValidationScored
    const bytes = signedEnvelope(kind, rawBody(kind, { ...sampleBody(kind), score: 101 }))
    const err = errorOf(() => openEnvelope(NET, bytes))
    expect(err.code).toBe('INVALID_FIELD')
    expect(err.field).toBe('score')
  })

  it('enforces list lengths while decoding, before the schema sees the list', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => sha256(new Uint8Array([i])))
    const fraud = sampleBody(MessageKind.FraudAlert)
    const profile = sampleBody(MessageKind.MinerProfile)
    const spec = profile.specializations[0]!
    const cases: [MessageKind, (n: number) => Uint8Array, number][] = [
      [
        MessageKind.FraudAlert,
        (n) => rawBody(MessageKind.FraudAlert, { ...fraud, evidenceIds: ids(n) }),
        LIMITS.evidenceIds,
      ],
      [
        MessageKind.FraudAlert,
        (n) => rawBody(MessageKind.FraudAlert, { ...fraud, evidence: ids(n) }),
        LIMITS.evidenceEnvelopes,
      ],
      [
        MessageKind.DisputeOpened,
        (n) =>
          rawBody(MessageKind.DisputeOpened, {
            ...sampleBody(MessageKind.DisputeOpened),
            evidenceIds: ids(n),
          }),
        LIMITS.evidenceIds,
      ],
      [
        MessageKind.MinerProfile,
        (n) => rawBody(MessageKind.MinerProfile, { ...profile, specializations: Array(n).fill(spec) }),
        LIMITS.specializations,
      ],
    ]
    for (const [kind, build, limit] of cases) {
      const over = errorOf(() => openEnvelope(NET, signedEnvelope(kind, build(limit + 1))))
      expect(over.code, KINDS[kind].tagName).toBe('MALFORMED')
      expect(over.message).toMatch(/too many elements/)
      // At the limit the list decodes (and only the schema may still object, e.g. repeats).
      const at = (() => {
        try {
          openEnvelope(NET, signedEnvelope(kind, build(limit)))
          return null
        } catch (err) {
          return err
        }
      })()
      if (at !== null) expect(isProtocolError(at, 'INVALID_FIELD'), String(at)).toBe(true)
    }
    // Signing checks the same limits with a readable error instead of producing undecodable bytes.
    const err = errorOf(() =>
      signMessage(NET, MessageKind.FraudAlert, { ...fraud, evidenceIds: ids(33) }, key),
    )
    expect(err.code).toBe('INVALID_FIELD')
    expect(err.field).toBe('evidenceIds')
  })

  it('turns deeply nested groups into MALFORMED, not a stack overflow', () => {
    const deep = new Uint8Array(200_000).fill((15 << 3) | 3) // field 15, start-group, nested
    expect(errorOf(() => decodeEnvelope(NET, deep)).code).toBe('MALFORMED')
    expect(errorOf(() => openEnvelope(NET, signedEnvelope(MessageKind.TaskCancelled, deep))).code).toBe(
      'MALFORMED',
    )
  })

  it('refuses lone surrogates, which the codec carries as invalid UTF-8', () => {
    const kind = MessageKind.TaskCancelled
    const body = { ...sampleBody(kind), reason: 'a\uD800b' }
    expect(errorOf(() => signMessage(NET, kind, body, key)).field).toBe('reason')
    const bytes = rawBody(kind, body)
    expect(toHex(bytes)).toContain('61eda08062') // "a", CESU-8 surrogate, "b"
    const err = errorOf(() => openEnvelope(NET, signedEnvelope(kind, bytes)))
    expect(err.code).toBe('INVALID_FIELD')
    expect(err.field).toBe('reason')
  })

  it('refuses numbers the wire cannot carry instead of signing a truncated value', () => {
    const kind = MessageKind.ConsensusVote
    const body = { ...sampleBody(kind), messageCount: 2 ** 32 + 5 }
    expect(errorOf(() => signMessage(NET, kind, body, key)).field).toBe('messageCount')
  })

  it('returns the body as signed, not the caller object', () => {
    const kind = MessageKind.DisputeVote
    const body = { ...sampleBody(kind), uphold: 1 as unknown as boolean }
    const msg = signMessage(NET, kind, body, key)
    expect(msg.body.uphold).toBe(true)
    expect(msg.body).toEqual(openEnvelope(NET, msg.bytes).body)
  })

  it('decodes into its own memory: later changes to the input buffer do not reach the message', () => {
    const msg = signMessage(NET, MessageKind.TaskCancelled, sampleBody(MessageKind.TaskCancelled), key)
    const frame = new Uint8Array(msg.bytes.length + 8)
    frame.set(msg.bytes, 4)
    const view = frame.subarray(4, 4 + msg.bytes.length)
    const opened = openEnvelope(NET, view)
    const before = { id: toHex(opened.id), signer: toHex(opened.signer), body: toHex(opened.bodyBytes) }
    frame.fill(0)
    expect({ id: toHex(opened.id), signer: toHex(opened.signer), body: toHex(opened.bodyBytes) }).toEqual(
      before,
    )
    expect(opened.bytes.buffer).not.toBe(frame.buffer)
    expect(opened.bytes.buffer.byteLength).toBe(msg.bytes.length)
  })

  it('refuses an unknown kind in the domain tag with a typed error', () => {
    expect(errorOf(() => domainTag(NET, 99 as MessageKind)).code).toBe('UNKNOWN_KIND')
    expect(errorOf(() => domainTag('Bad/Net', MessageKind.TaskPublished)).code).toBe('INVALID_NAME')
  })

  it('property: well-formed protobuf of random fields inside a signed envelope gives a message or a typed error', () => {
    // Random bytes mostly fail on the first tag; well-formed fields reach every stage, including the schema.
    const scalar = fc.oneof(
      fc.nat({ max: 2 ** 32 - 1 }),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.constantFrom(0, 1, 2 ** 53, 2 ** 56),
    )
    const fieldArb = fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 20 }), scalar).map(([no, v]) => [...field(no, 0), ...varint(v)]),
      fc
        .tuple(
          fc.integer({ min: 1, max: 20 }),
          fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constant(new Uint8Array(32))),
        )
        .map(([no, b]) => [...field(no, 2), ...varint(b.length), ...b]),
      fc
        .tuple(fc.integer({ min: 1, max: 20 }), fc.uint8Array({ minLength: 8, maxLength: 8 }))
        .map(([no, b]) => [...field(no, 1), ...b]),
      fc
        .tuple(fc.integer({ min: 1, max: 20 }), fc.uint8Array({ minLength: 4, maxLength: 4 }))
        .map(([no, b]) => [...field(no, 5), ...b]),
    )
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_KINDS),
        fc.nat({ max: 50 }),
        fc.array(fieldArb, { maxLength: 12 }),
        fc.nat(),
        (kind, seed, extra, at) => {
          // Splice random fields into a valid body, so some stages pass and later ones are reached.
          const valid = Array.from(rawBody(kind, sampleBody(kind, seed)))
          const cut = at % (valid.length + 1)
          const body = Uint8Array.from([...valid.slice(0, cut), ...extra.flat(), ...valid.slice(cut)])
          try {
            const opened = openEnvelope(NET, signedEnvelope(kind, body))
            expect(toHex(opened.bodyBytes)).toBe(toHex(body))
          } catch (err) {
            if (!isProtocolError(err)) throw err
          }
        },
      ),
      { numRuns: 1500 },
    )
  })

  it('property: signing any text either refuses it with INVALID_FIELD or round-trips it exactly', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_KINDS),
        fc.string({ unit: 'binary', maxLength: 60 }),
        (kind, text) => {
          const body = sampleBody(kind) as unknown as Record<string, unknown>
          for (const f of ['title', 'description', 'reason', 'comment', 'name', 'answer']) {
            if (typeof body[f] === 'string') body[f] = `x${text}`
          }
          let msg: ReturnType<typeof signMessage>
          try {
            msg = signMessage(NET, kind, body as never, key)
          } catch (err) {
            expect(isProtocolError(err, 'INVALID_FIELD'), String(err)).toBe(true)
            expect(text.isWellFormed()).toBe(false)
            return
          }
          const opened = openEnvelope(NET, msg.bytes)
          expect(opened.body).toEqual(msg.body)
          for (const f of ['title', 'description', 'reason', 'comment', 'name', 'answer']) {
            if (typeof body[f] === 'string')
              expect((opened.body as unknown as Record<string, unknown>)[f]).toBe(`x${text}`)
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})
