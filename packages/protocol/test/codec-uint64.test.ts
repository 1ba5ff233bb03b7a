/**
 * Wire codec across the whole numeric range (DESIGN §4, §6 rewards): every numeric field of every
 * message and record type round-trips at the boundaries where JavaScript varint writers break,
 * and our bytes are the bytes of an independent protobuf implementation (protobufjs loading the
 * same .proto files), both ways.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { createWriter, encodeMessage } from '../src/codec/runtime.js'
import * as messages from '../src/generated/messages.js'
import * as records from '../src/generated/records.js'
import * as reqresp from '../src/generated/reqresp.js'
import {
  accountFromSeed,
  concatBytes,
  domainTag,
  MessageKind,
  openEnvelope,
  sha256,
  signMessage,
} from '../src/index.js'
import { sampleBody } from '../src/testing/index.js'

const PROTO_DIR = join(import.meta.dirname, '..', 'proto')
const PROTO_FILES = ['messages.proto', 'records.proto', 'reqresp.proto']
const root = protobuf.loadSync(PROTO_FILES.map((f) => join(PROTO_DIR, f)))
root.resolveAll()

interface GeneratedCodec {
  encode(obj: object): Uint8Array
  decode(bytes: Uint8Array): object
}
const GENERATED: Record<string, unknown> = { ...messages, ...records, ...reqresp }

/** Every message type of the .proto files, with its generated codec. */
const TYPES = root.nestedArray
  .filter((n): n is protobuf.Type => n instanceof protobuf.Type)
  .map((type) => ({ type, codec: GENERATED[type.name] as GeneratedCodec }))

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const MAX_U32 = 2n ** 32n - 1n
const MAX_U64 = 2n ** 64n - 1n
/** Where 32-bit and double-based varint writers go wrong: 2^31±1, 2^32±1, 2^53±1, 2^63, 2^64−1. */
const BOUNDARIES: readonly bigint[] = [
  0n,
  1n,
  2n ** 31n - 1n,
  2n ** 31n,
  2n ** 31n + 1n,
  2n ** 32n - 1n,
  2n ** 32n,
  2n ** 32n + 1n,
  2n ** 53n - 1n,
  2n ** 53n,
  2n ** 53n + 1n,
  2n ** 63n,
  MAX_U64,
]

/** Scalar numeric types our .proto files do not use yet: a new one must get a rule here. */
const UNHANDLED_NUMERIC = new Set([
  'int32',
  'int64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'float',
])

type NumberShape = 'uint32' | 'uint64' | 'uint64Number' | 'double'

/** How a scalar numeric field is held in JavaScript by the generated code. */
function numberShape(field: protobuf.Field): NumberShape | undefined {
  if (field.type === 'uint32') return 'uint32'
  if (field.type === 'double') return 'double'
  if (field.type === 'uint64') return field.options?.jstype === 'JS_NUMBER' ? 'uint64Number' : 'uint64'
  if (UNHANDLED_NUMERIC.has(field.type))
    throw new Error(`no rule for numeric type ${field.type}: extend this test`)
  return undefined
}

/** Largest value the JavaScript representation of a field carries exactly. */
const SHAPE_MAX: Record<NumberShape, bigint> = {
  uint32: MAX_U32,
  uint64: MAX_U64,
  uint64Number: MAX_SAFE,
  double: MAX_SAFE,
}

function jsValue(shape: NumberShape, v: bigint): number | bigint {
  return shape === 'uint64' ? v : Number(v)
}

/** A field has presence when it is a message or declared `optional` (then zero is still written). */
function hasPresence(field: protobuf.Field): boolean {
  return (
    field.resolvedType instanceof protobuf.Type ||
    field.options?.proto3_optional === true ||
    field.partOf !== null
  )
}

function isDefault(v: unknown, field: protobuf.Field): boolean {
  if (field.resolvedType instanceof protobuf.Enum) return field.resolvedType.values[v as string] === 0
  if (v instanceof Uint8Array) return v.length === 0
  return v === 0 || v === 0n || v === '' || v === false
}

/** The same message as a protobufjs plain object: implicit-presence defaults left out, as proto3 writes. */
function toProtobufjs(type: protobuf.Type, obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const field of type.fieldsArray) {
    const v = obj[field.name]
    if (v === undefined || v === null) continue
    const one = (x: unknown): unknown =>
      field.resolvedType instanceof protobuf.Type
        ? toProtobufjs(field.resolvedType, x as Record<string, unknown>)
        : typeof x === 'bigint'
          ? x.toString()
          : x
    if (field.repeated) {
      if ((v as unknown[]).length > 0) out[field.name] = (v as unknown[]).map(one)
    } else if (hasPresence(field) || !isDefault(v, field)) out[field.name] = one(v)
  }
  return out
}

function protobufjsBytes(type: protobuf.Type, obj: Record<string, unknown>): Uint8Array {
  const plain = toProtobufjs(type, obj)
  const err = type.verify(type.fromObject(plain))
  if (err !== null) throw new Error(`${type.name}: ${err}`)
  return Uint8Array.from(type.encode(type.fromObject(plain)).finish())
}

/** Same bytes both ways: ours = protobufjs's, and each side decodes the other's to the same thing. */
function expectSameBytes(type: protobuf.Type, codec: GeneratedCodec, obj: Record<string, unknown>): void {
  const ours = codec.encode(obj)
  const theirs = protobufjsBytes(type, obj)
  expect(Buffer.from(ours).toString('hex'), type.name).toBe(Buffer.from(theirs).toString('hex'))
  expect(codec.decode(theirs)).toEqual(codec.decode(ours))
  expect(Buffer.from(type.encode(type.decode(ours)).finish()).equals(Buffer.from(ours))).toBe(true)
}

const text = fc.string({ unit: 'grapheme', maxLength: 12 })

/** Arbitrary values of one field, numbers biased to the boundaries. */
function fieldArb(field: protobuf.Field, depth: number): fc.Arbitrary<unknown> {
  let single: fc.Arbitrary<unknown>
  const shape = numberShape(field)
  if (shape !== undefined) {
    const max = SHAPE_MAX[shape]
    const edge = fc.constantFrom(...BOUNDARIES.filter((b) => b <= max))
    const any = fc.bigInt({ min: 0n, max })
    single = fc.oneof(edge, any).map((v) => jsValue(shape, v))
    if (shape === 'double') single = fc.oneof(single, fc.double({ noNaN: true }))
  } else if (field.resolvedType instanceof protobuf.Enum) {
    single = fc.constantFrom(...Object.keys(field.resolvedType.values))
  } else if (field.resolvedType instanceof protobuf.Type) {
    single = messageArb(field.resolvedType, depth + 1)
  } else if (field.type === 'string') single = text
  else if (field.type === 'bytes') single = fc.uint8Array({ maxLength: 40 })
  else if (field.type === 'bool') single = fc.boolean()
  else throw new Error(`no arbitrary for ${field.type}: extend this test`)
  if (field.repeated) return fc.array(single, { maxLength: 3 })
  return hasPresence(field) ? fc.option(single, { nil: undefined }) : single
}

function messageArb(type: protobuf.Type, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  if (depth > 4) throw new Error(`${type.name} nests too deep for this test`)
  return fc.record(Object.fromEntries(type.fieldsArray.map((f) => [f.name, fieldArb(f, depth)])))
}

/** A message holding its defaults, as the generated decoder builds it from no bytes. */
function emptyOf(codec: GeneratedCodec): Record<string, unknown> {
  return codec.decode(new Uint8Array(0)) as Record<string, unknown>
}

describe('generated codecs use our runtime', () => {
  it('every generated file imports the repaired runtime, never protons-runtime', () => {
    const dir = join(import.meta.dirname, '..', 'src', 'generated')
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'))
    expect(files.length).toBe(PROTO_FILES.length)
    for (const f of files) {
      const source = readFileSync(join(dir, f), 'utf8')
      expect(source, f).toContain("from '../codec/runtime.js'")
      expect(source, f).not.toContain("from 'protons-runtime'")
    }
  })

  it('no source file encodes with protons-runtime directly (types only)', () => {
    const packages = join(import.meta.dirname, '..', '..')
    const offenders: string[] = []
    for (const pkg of readdirSync(packages)) {
      const src = join(packages, pkg, 'src')
      let files: string[]
      try {
        files = readdirSync(src, { recursive: true, encoding: 'utf8' })
      } catch {
        continue
      }
      for (const f of files.filter((f) => f.endsWith('.ts') && !f.endsWith(join('codec', 'runtime.ts')))) {
        const source = readFileSync(join(src, f), 'utf8')
        if (/^import \{[^}]*\} from 'protons-runtime'/m.test(source)) offenders.push(`${pkg}/src/${f}`)
      }
    }
    expect(offenders).toEqual([])
  })

  it('covers every message type of the .proto files', () => {
    expect(readdirSync(PROTO_DIR).sort()).toEqual([...PROTO_FILES].sort())
    expect(TYPES.length).toBeGreaterThan(25)
    for (const { type, codec } of TYPES) expect(typeof codec?.encode, type.name).toBe('function')
  })
})

describe('uint64 writer', () => {
  it('writes the varint a correct protobuf writer writes, at every boundary', () => {
    for (const v of BOUNDARIES) {
      const w = createWriter()
      w.uint64(v)
      const writer = protobuf.Writer.create()
      writer.uint64(v.toString())
      expect(Buffer.from(w.finish()).toString('hex'), String(v)).toBe(
        Buffer.from(writer.finish()).toString('hex'),
      )
    }
  })

  it('refuses values a uint64 cannot carry instead of truncating them', () => {
    expect(() => createWriter().uint64(2n ** 64n)).toThrow(RangeError)
    expect(() => createWriter().uint64(-1n)).toThrow(RangeError)
  })
})

describe('every numeric field at the boundaries', () => {
  const cases = TYPES.flatMap(({ type, codec }) =>
    type.fieldsArray
      .filter((f) => numberShape(f) !== undefined && !f.repeated)
      .map((f) => ({ name: `${type.name}.${f.name}`, type, codec, field: f, shape: numberShape(f)! })),
  )

  it('finds the numeric fields, the uint64 amounts among them', () => {
    const names = cases.map((c) => c.name)
    for (const amount of [
      'TaskPublishedBody.reward',
      'RewardClaimedBody.amount',
      'RewardEntry.amount',
      'MinerRecord.earned',
    ])
      expect(names).toContain(amount)
  })

  it.each(cases)('$name round-trips and matches protobufjs', ({ type, codec, field, shape }) => {
    for (const v of BOUNDARIES.filter((b) => b <= SHAPE_MAX[shape])) {
      const obj = { ...emptyOf(codec), [field.name]: jsValue(shape, v) }
      expect(codec.decode(codec.encode(obj))).toEqual(obj)
      expectSameBytes(type, codec, obj)
    }
  })

  it('a uint64 number field refuses values above 2^53 rather than writing a rounded one', () => {
    const obj = { ...emptyOf(records.TaskRecord as GeneratedCodec), publishedAt: 2 ** 64 }
    expect(() => encodeMessage(obj, records.TaskRecord.codec())).toThrow()
  })
})

describe('cross-check with protobufjs', () => {
  it.each(TYPES.map((t) => ({ name: t.type.name, ...t })))(
    '$name: same bytes both ways',
    ({ type, codec }) => {
      fc.assert(
        fc.property(messageArb(type), (obj) => {
          expectSameBytes(type, codec, obj)
        }),
        { numRuns: 30 },
      )
    },
  )
})

describe("a correct client's envelope with a large amount", () => {
  const NET = 'codectest'
  const key = accountFromSeed(sha256(new TextEncoder().encode('codec client')))
  const bodyType = root.lookupType('TaskPublishedBody')
  const envelopeType = root.lookupType('Envelope')

  it.each([2n ** 31n, 2n ** 31n + 1n, 2n ** 32n - 1n, 5_000_000_000n, 2n ** 63n, 2n ** 64n - 1n])(
    'reward %s signed by protobufjs bytes is accepted as canonical',
    (reward) => {
      const body = { ...sampleBody(MessageKind.TaskPublished), reward }
      const bodyBytes = protobufjsBytes(bodyType, body as unknown as Record<string, unknown>)
      const signature = key.sign(concatBytes(domainTag(NET, MessageKind.TaskPublished), bodyBytes))
      const envelope = envelopeType
        .encode(
          envelopeType.fromObject({
            kind: MessageKind.TaskPublished,
            body: bodyBytes,
            signer: key.publicKey,
            signature,
          }),
        )
        .finish()
      const msg = openEnvelope(NET, Uint8Array.from(envelope))
      expect(msg.kind).toBe(MessageKind.TaskPublished)
      expect((msg.body as typeof body).reward).toBe(reward)
      // Our own signer produces the very same bytes.
      expect(Buffer.from(signMessage(NET, MessageKind.TaskPublished, body, key).bytes).equals(envelope)).toBe(
        true,
      )
    },
  )
})
