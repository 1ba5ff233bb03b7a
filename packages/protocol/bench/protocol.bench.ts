import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import {
  ALL_KINDS,
  accountFromSeed,
  concatBytes,
  domainTag,
  MessageKind,
  openEnvelope,
  type SignedMessage,
  signMessage,
  verifyNoble,
} from '../src/index.js'
import { type BenchReport, measureRate, sampleBody } from '../src/testing/index.js'

const NET = 'bench'
const SIGNERS = 64

/** A realistic mix: every kind, many signers (so key parsing is not always cached-hot). */
function corpus(): SignedMessage[] {
  const keys = Array.from({ length: SIGNERS }, (_, i) => accountFromSeed(new Uint8Array(32).fill(i + 1)))
  const out: SignedMessage[] = []
  for (let i = 0; i < 1024; i++) {
    const kind = ALL_KINDS[i % ALL_KINDS.length]!
    out.push(signMessage(NET, kind, sampleBody(kind, i), keys[i % SIGNERS]!))
  }
  return out
}

/** Raw OpenSSL verify on pre-parsed keys over the same signed bytes: the ceiling for decode+verify. */
async function rawNodeVerifyRate(msgs: SignedMessage[]): Promise<number> {
  const prefix = Buffer.from('302a300506032b6570032100', 'hex')
  const items = msgs.map((m) => ({
    key: createPublicKey({ key: Buffer.concat([prefix, m.signer]), format: 'der', type: 'spki' }),
    data: concatBytes(domainTag(NET, m.kind), m.bodyBytes),
    sig: m.signature,
  }))
  let i = 0
  return measureRate(() => {
    for (let n = 0; n < 64; n++) {
      const it = items[i++ % items.length]!
      if (!verify(null, it.data, it.key, it.sig)) throw new Error('raw verify failed')
    }
    return 64
  })
}

export async function run(report: BenchReport): Promise<void> {
  const msgs = corpus()
  const raw = await rawNodeVerifyRate(msgs)

  let i = 0
  const fast = await measureRate(() => {
    for (let n = 0; n < 64; n++) openEnvelope(NET, msgs[i++ % msgs.length]!.bytes)
    return 64
  })
  report({ name: 'protocol.verify', value: fast, unit: 'msg/s', baseline: raw })

  const items = msgs.map((m) => ({ data: concatBytes(domainTag(NET, m.kind), m.bodyBytes), m }))
  let j = 0
  const rawNoble = await measureRate(
    () => {
      for (let n = 0; n < 8; n++) {
        const it = items[j++ % items.length]!
        if (!ed25519.verify(it.m.signature, it.data, it.m.signer)) throw new Error('noble verify failed')
      }
      return 8
    },
    { minMs: 1000 },
  )
  let k = 0
  const noble = await measureRate(
    () => {
      for (let n = 0; n < 8; n++) openEnvelope(NET, msgs[k++ % msgs.length]!.bytes, verifyNoble)
      return 8
    },
    { minMs: 1000 },
  )
  report({ name: 'protocol.verify.noble', value: noble, unit: 'msg/s', baseline: rawNoble })

  const key = accountFromSeed(new Uint8Array(32).fill(99))
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), key.exportSeed()])
  const rawKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
  const bodies = ALL_KINDS.map((kind) => ({ kind, body: sampleBody(kind, 1) }))
  const payload = concatBytes(domainTag(NET, MessageKind.ValidationScored), new Uint8Array(120))
  const rawSign = await measureRate(() => {
    for (let n = 0; n < 64; n++) sign(null, payload, rawKey)
    return 64
  })
  let b = 0
  const encode = await measureRate(() => {
    for (let n = 0; n < 64; n++) {
      const x = bodies[b++ % bodies.length]!
      signMessage(NET, x.kind, x.body as never, key)
    }
    return 64
  })
  report({ name: 'protocol.encode', value: encode, unit: 'msg/s', baseline: rawSign })
}
