import { bytesEqual, concatBytes, sha256 } from './bytes.js'
import { type Codec, decodeMessage, encodeMessage } from './codec/runtime.js'
import { verifyNode } from './crypto/verify-node.js'
import { ProtocolError } from './errors.js'
import { Envelope } from './generated/messages.js'
import type { AccountKey } from './keys.js'
import { type BodyOf, isMessageKind, KINDS, type MessageKind } from './kinds.js'
import { LIMITS } from './limits.js'
import { assertNetworkId, PROTOCOL_VERSION } from './names.js'
import { checkBody } from './schema.js'

/** A verified-or-decoded signed message, with the exact bytes it arrived as. */
export interface SignedMessage<K extends MessageKind = MessageKind> {
  readonly kind: K
  readonly body: BodyOf[K]
  /** The exact body bytes the signature covers. */
  readonly bodyBytes: Uint8Array
  readonly signer: Uint8Array
  readonly signature: Uint8Array
  /** Message id: sha256(domain tag ‖ signer ‖ body). Also the gossipsub message id. */
  readonly id: Uint8Array
  /** The encoded envelope. */
  readonly bytes: Uint8Array
}

/** Any kind of signed message, as a union so `switch (m.kind)` narrows the body. */
export type AnySignedMessage = { [K in MessageKind]: SignedMessage<K> }[MessageKind]

/** A signature verifier with the strict rule (see crypto/ed25519-rule.ts). */
export type Verifier = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean

const tagCache = new Map<string, Uint8Array>()

/** The signing domain tag `aimesh/<network>/<kind>/1` as bytes. */
export function domainTag(network: string, kind: MessageKind): Uint8Array {
  const cacheKey = `${network}\0${kind}`
  let tag = tagCache.get(cacheKey)
  if (tag === undefined) {
    assertNetworkId(network)
    if (!isMessageKind(kind)) throw new ProtocolError('UNKNOWN_KIND', `unknown message kind ${kind}`, 'kind')
    tag = new TextEncoder().encode(`aimesh/${network}/${KINDS[kind].tagName}/${PROTOCOL_VERSION}`)
    tagCache.set(cacheKey, tag)
  }
  return tag
}

/**
 * The message id. The tag is prefix-free (fixed shape, no '/' inside the network id or kind)
 * and the signer is fixed-width, so tag ‖ signer ‖ body parses one way only.
 */
export function messageId(
  network: string,
  kind: MessageKind,
  signer: Uint8Array,
  bodyBytes: Uint8Array,
): Uint8Array {
  return sha256(domainTag(network, kind), signer, bodyBytes)
}

/**
 * Signs a body as `key` and returns the complete message. The returned body is the one decoded
 * back from the signed bytes, so the author holds exactly what every other node will decode
 * (a value the wire cannot carry, such as a uint32 above 2^32, cannot diverge silently).
 */
export function signMessage<K extends MessageKind>(
  network: string,
  kind: K,
  body: BodyOf[K],
  key: AccountKey,
): SignedMessage<K> {
  checkBody(kind, body)
  const codec = KINDS[kind].codec()
  let bodyBytes: Uint8Array<ArrayBuffer>
  let signedBody: BodyOf[K]
  try {
    bodyBytes = encodeMessage(body, codec)
    signedBody = decodeMessage(bodyBytes, codec)
  } catch (err) {
    throw new ProtocolError(
      'INVALID_FIELD',
      `${KINDS[kind].tagName} body cannot be encoded: ${errorText(err)}`,
    )
  }
  checkBody(kind, signedBody)
  const tag = domainTag(network, kind)
  const signature: Uint8Array<ArrayBuffer> = key.sign(concatBytes(tag, bodyBytes))
  const signer = Uint8Array.from(key.publicKey)
  const bytes = Envelope.encode({
    kind,
    body: bodyBytes,
    signer,
    signature,
  })
  if (bytes.length > LIMITS.envelopeBytes) {
    throw new ProtocolError(
      'TOO_LARGE',
      `message is ${bytes.length} bytes, above the ${LIMITS.envelopeBytes} limit`,
    )
  }
  return { kind, body: signedBody, bodyBytes, signer, signature, id: sha256(tag, signer, bodyBytes), bytes }
}

/**
 * Decodes untrusted envelope bytes and checks structure, without checking the signature.
 * Every failure is a ProtocolError with a code; nothing else is thrown.
 */
export function decodeEnvelope(network: string, bytes: Uint8Array): AnySignedMessage {
  if (!(bytes instanceof Uint8Array)) throw new ProtocolError('MALFORMED', 'envelope is not a byte array')
  if (bytes.length > LIMITS.envelopeBytes) {
    throw new ProtocolError(
      'TOO_LARGE',
      `message is ${bytes.length} bytes, above the ${LIMITS.envelopeBytes} limit`,
    )
  }
  try {
    // Own copy: the decoded fields are views into it, so they neither change if the caller
    // reuses its buffer after verification nor keep a whole multi-message frame alive.
    return decodeOwnedEnvelope(network, new Uint8Array(bytes))
  } catch (err) {
    if (err instanceof ProtocolError) throw err
    // Defence in depth: a codec bug on hostile input must still surface as a typed error.
    throw new ProtocolError('MALFORMED', `envelope does not decode: ${errorText(err)}`)
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

function decodeOwnedEnvelope(network: string, bytes: Uint8Array<ArrayBuffer>): AnySignedMessage {
  let env: Envelope
  try {
    env = Envelope.decode(bytes)
  } catch (err) {
    throw new ProtocolError('MALFORMED', `envelope does not decode: ${errorText(err)}`)
  }
  const { kind, body: bodyBytes, signer, signature } = env
  if (!isMessageKind(kind)) throw new ProtocolError('UNKNOWN_KIND', `unknown message kind ${kind}`, 'kind')
  if (signer.length !== LIMITS.publicKeyBytes) {
    throw new ProtocolError('INVALID_FIELD', `signer must be ${LIMITS.publicKeyBytes} bytes`, 'signer')
  }
  if (signature.length !== LIMITS.signatureBytes) {
    throw new ProtocolError('INVALID_FIELD', `signature must be ${LIMITS.signatureBytes} bytes`, 'signature')
  }
  // Protobuf admits many encodings of one message; only the canonical one is accepted, so a
  // relay cannot re-wrap a message into new bytes (and every message has one byte form).
  if (!bytesEqual(Envelope.encode(env), bytes)) {
    throw new ProtocolError('NON_CANONICAL', 'envelope is not canonically encoded')
  }
  // The table is indexed by a runtime kind, so the codec's body type is the union of all bodies.
  const codec = KINDS[kind].codec() as Codec<BodyOf[MessageKind]>
  let body: BodyOf[MessageKind]
  try {
    body = decodeMessage(bodyBytes, codec)
  } catch (err) {
    throw new ProtocolError('MALFORMED', `${KINDS[kind].tagName} body does not decode: ${errorText(err)}`)
  }
  if (!bytesEqual(encodeMessage(body, codec), bodyBytes)) {
    throw new ProtocolError('NON_CANONICAL', `${KINDS[kind].tagName} body is not canonically encoded`)
  }
  checkBody(kind, body)
  const id = messageId(network, kind, signer, bodyBytes)
  return { kind, body, bodyBytes, signer, signature, id, bytes } as AnySignedMessage
}

/** True when the message's signature is valid under the strict rule. */
export function verifySignature(
  network: string,
  msg: SignedMessage,
  verifier: Verifier = verifyNode,
): boolean {
  return verifier(msg.signature, concatBytes(domainTag(network, msg.kind), msg.bodyBytes), msg.signer)
}

/** Decodes and verifies untrusted bytes: the full check a message gets before the engine sees it. */
export function openEnvelope(
  network: string,
  bytes: Uint8Array,
  verifier: Verifier = verifyNode,
): AnySignedMessage {
  const msg = decodeEnvelope(network, bytes)
  if (!verifySignature(network, msg, verifier)) {
    throw new ProtocolError('BAD_SIGNATURE', `${KINDS[msg.kind].tagName} signature does not verify`)
  }
  return msg
}
