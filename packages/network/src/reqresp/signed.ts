/**
 * Signed requests and response chunks (DESIGN §4). A request is signed by the requester's peer key
 * and names the server, a nonce and an expiry; each response chunk is signed by the server's peer
 * key and names the request (sha256 of its signature) and its index, so a peer holding a chunk can
 * prove who served it, for which request. Signatures are ed25519 under the same strict rule as
 * messages (protocol's verifyNode) over `reqrespTag(...) ‖ payload`.
 */
import { randomBytes } from 'node:crypto'
import {
  bytesEqual,
  REQRESP_LIMITS,
  type ReqRespProtocolName,
  RequestPayload,
  ResponsePayload,
  reqrespSigningBytes,
  SignedRequest,
  SignedResponse,
  sha256,
  toHex,
  verifyNode,
} from '@aimesh/protocol'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { plainBytes } from '../bytes.js'
import { ReqRespError } from './errors.js'
import type { ReplayCache } from './replay-cache.js'

/** How long a request we send stays valid: long enough for a slow server, short for the replay cache. */
export const REQUEST_EXPIRY_MS = 30_000

/** The local peer's identity and signing key. */
export interface PeerSigner {
  readonly peerId: PeerId
  sign(bytes: Uint8Array): Promise<Uint8Array>
}

/** A signer over a libp2p private key (the node's persistent peer key, ed25519). */
export function peerSigner(privateKey: PrivateKey): PeerSigner {
  if (privateKey.type !== 'Ed25519') throw new TypeError('the peer key must be ed25519')
  return {
    peerId: peerIdFromPrivateKey(privateKey),
    sign: async (bytes) => privateKey.sign(bytes),
  }
}

/** True when `signature` over `bytes` verifies with `peer`'s ed25519 key (false for other key types). */
export function verifyPeerSignature(peer: PeerId, bytes: Uint8Array, signature: Uint8Array): boolean {
  if (peer.type !== 'Ed25519') return false
  return verifyNode(signature, bytes, peer.publicKey.raw)
}

/** A request ready to send, with the hash its response chunks must name. */
export interface OutgoingRequest {
  frame: Uint8Array
  requestHash: Uint8Array
}

/** Signs a request body for `to`. */
export async function signRequest(
  network: string,
  protocol: ReqRespProtocolName,
  signer: PeerSigner,
  to: PeerId,
  body: Uint8Array,
  now: number,
): Promise<OutgoingRequest> {
  const payload = RequestPayload.encode({
    to: plainBytes(to.toMultihash().bytes),
    nonce: new Uint8Array(randomBytes(REQRESP_LIMITS.nonceBytes)),
    expiresAt: now + REQUEST_EXPIRY_MS,
    body: plainBytes(body),
  })
  const signature = await signer.sign(reqrespSigningBytes(network, protocol, 'req', payload))
  return {
    frame: SignedRequest.encode({ payload, signature: plainBytes(signature) }),
    requestHash: sha256(signature),
  }
}

/** What a server checks a request against. */
export interface RequestCheck {
  network: string
  protocol: ReqRespProtocolName
  from: PeerId
  me: PeerId
  now: number
  /** Allowed clock difference on the expiry (genesis clockSkewMs). */
  skewMs: number
  replay: ReplayCache
}

/** Opens a signed request frame: signature, addressee, expiry, nonce. Returns the body and its hash. */
export function openRequest(
  frame: Uint8Array,
  c: RequestCheck,
): { body: Uint8Array; requestHash: Uint8Array } {
  let signed: SignedRequest
  let payload: RequestPayload
  try {
    signed = SignedRequest.decode(frame)
    payload = RequestPayload.decode(signed.payload)
  } catch (err) {
    throw new ReqRespError('INVALID_REQUEST', `request frame does not decode: ${(err as Error).message}`)
  }
  if (
    !verifyPeerSignature(
      c.from,
      reqrespSigningBytes(c.network, c.protocol, 'req', signed.payload),
      signed.signature,
    )
  ) {
    throw new ReqRespError('BAD_REQUEST_SIGNATURE', 'request signature does not verify with the peer key')
  }
  if (!bytesEqual(payload.to, c.me.toMultihash().bytes)) {
    throw new ReqRespError('WRONG_ADDRESSEE', 'request is addressed to another peer')
  }
  if (
    payload.expiresAt <= c.now - c.skewMs ||
    payload.expiresAt > c.now + REQRESP_LIMITS.requestTtlMs + c.skewMs
  ) {
    throw new ReqRespError(
      'EXPIRED_REQUEST',
      `request expiry ${payload.expiresAt} is outside the accepted window`,
    )
  }
  if (payload.nonce.length !== REQRESP_LIMITS.nonceBytes) {
    throw new ReqRespError('INVALID_REQUEST', `request nonce must be ${REQRESP_LIMITS.nonceBytes} bytes`)
  }
  const seen = c.replay.check(
    `${c.from.toString()}:${toHex(payload.nonce)}`,
    payload.expiresAt + c.skewMs,
    c.now,
  )
  if (seen === 'replayed') throw new ReqRespError('REPLAYED_REQUEST', 'request nonce was already used')
  if (seen === 'full') throw new ReqRespError('RATE_LIMITED', 'too many requests in flight; retry later')
  return { body: payload.body, requestHash: sha256(signed.signature) }
}

/** Signs one response chunk body. */
export async function signChunk(
  network: string,
  protocol: ReqRespProtocolName,
  signer: PeerSigner,
  requestHash: Uint8Array,
  index: number,
  body: Uint8Array,
): Promise<Uint8Array> {
  const payload = ResponsePayload.encode({ request: plainBytes(requestHash), index, body: plainBytes(body) })
  const signature = await signer.sign(reqrespSigningBytes(network, protocol, 'resp', payload))
  return SignedResponse.encode({ payload, signature: plainBytes(signature) })
}

/** Opens a signed response chunk from `server`: signature, request, index. Returns the body. */
export function openChunk(
  network: string,
  protocol: ReqRespProtocolName,
  server: PeerId,
  bytes: Uint8Array,
  requestHash: Uint8Array,
  index: number,
): Uint8Array {
  let signed: SignedResponse
  let payload: ResponsePayload
  try {
    signed = SignedResponse.decode(bytes)
    payload = ResponsePayload.decode(signed.payload)
  } catch (err) {
    throw new ReqRespError('MALFORMED_RESPONSE', `response chunk does not decode: ${(err as Error).message}`)
  }
  if (
    !verifyPeerSignature(
      server,
      reqrespSigningBytes(network, protocol, 'resp', signed.payload),
      signed.signature,
    )
  ) {
    throw new ReqRespError(
      'BAD_RESPONSE_SIGNATURE',
      'response chunk signature does not verify with the server key',
    )
  }
  if (!bytesEqual(payload.request, requestHash) || payload.index !== index) {
    throw new ReqRespError('WRONG_RESPONSE', `chunk answers another request or is not chunk ${index}`)
  }
  return payload.body
}
