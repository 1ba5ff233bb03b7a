/**
 * Request/response wire rules (DESIGN §4): result codes, goodbye reasons, limits, timeouts and the
 * signing domain tags of requests and response chunks. Schemas are in proto/reqresp.proto; the
 * libp2p side (framing, handlers, signing with the peer key) is in @aimesh/network.
 */
import { concatBytes } from './bytes.js'
import { assertNetworkId, PROTOCOL_VERSION, type ReqRespProtocolName } from './names.js'

/**
 * The first byte of every response chunk (after the Ethereum consensus req/resp spec). 128 and above
 * are application codes.
 */
export const ResultCode = {
  OK: 0,
  INVALID_REQUEST: 1,
  SERVER_ERROR: 2,
  RESOURCE_UNAVAILABLE: 3,
  RATE_LIMITED: 4,
  /** The request's signature, addressee, expiry or nonce is wrong (a replay is this). */
  UNAUTHENTICATED: 128,
} as const
export type ResultCode = (typeof ResultCode)[keyof typeof ResultCode]

/** Why a node hangs up (DESIGN §4, after Lodestar); sent in `goodbye` before every disconnect we start. */
export const GoodbyeCode = {
  SHUTDOWN: 1,
  IRRELEVANT_NETWORK: 2,
  FAULT: 3,
  TOO_MANY_PEERS: 129,
  LOW_SCORE: 250,
  BANNED: 251,
} as const
export type GoodbyeCode = (typeof GoodbyeCode)[keyof typeof GoodbyeCode]

/** Timeouts (DESIGN §4): first response byte within 5 s of the request, then 10 s between chunks. */
export const REQRESP_TIMEOUTS = {
  ttfbMs: 5_000,
  respMs: 10_000,
} as const

/** Limits of the req/resp wire; every frame and list decoded from a peer is bounded by one. */
export const REQRESP_LIMITS = {
  /** Largest request frame, except `replicate`, which carries envelopes. */
  requestBytes: 16 * 1024,
  /** Largest `replicate` request (a chunk of envelopes). */
  replicateRequestBytes: 1024 * 1024,
  /**
   * Largest response chunk payload. Streams have no read backpressure (a fast server fills the
   * client's buffer), so chunks stay small and the client's buffer holds many of them.
   */
  chunkBytes: 1024 * 1024,
  /** Most bytes a client buffers unread on one response stream before it aborts it. */
  clientBufferBytes: 16 * 1024 * 1024,
  /** Largest error chunk payload (UTF-8 text). */
  errorBytes: 1024,
  /** Items (envelopes, inventory entries) in one response chunk: the unit one signature covers. */
  chunkItems: 256,
  /** Inventory entries in one chunk (proto limit). */
  inventoryChunkEntries: 1024,
  /** Most inventory entries one request may ask for. */
  inventoryEntries: 10_000,
  /** Task ids in one task-sync request; ids in one messages request; envelopes in one replicate. */
  requestIds: 256,
  /** Most chunks in one response (bounds a stream a server could otherwise keep open). */
  responseChunks: 4096,
  /** Longest a request may stay valid (its expiry minus our clock, before allowing for skew). */
  requestTtlMs: 60_000,
  /** Nonce length. */
  nonceBytes: 16,
  /** Largest content blob, and its chunk size on the wire. */
  contentBytes: 16 * 1024 * 1024,
  contentChunkBytes: 512 * 1024,
  /** State entries in one `checkpoint` chunk (proto limit). */
  checkpointChunkEntries: 256,
  /**
   * Most chunks in one `checkpoint` response: 256 entries each, ~16.7M entries, far above a
   * year of checkpointed state (a pruned node keeps a few entries per message).
   */
  checkpointChunks: 65_536,
} as const

const encoder = new TextEncoder()
const tagCache = new Map<string, Uint8Array>()

/**
 * The domain tag a request (`req`) or response chunk (`resp`) signature covers before its payload:
 * `aimesh/<network>/req/<protocol>/1`. It has one more path segment than a message's tag, so a
 * signature over one can never be taken for the other.
 */
export function reqrespTag(network: string, protocol: ReqRespProtocolName, side: 'req' | 'resp'): Uint8Array {
  const key = `${network}\0${protocol}\0${side}`
  let tag = tagCache.get(key)
  if (tag === undefined) {
    assertNetworkId(network)
    tag = encoder.encode(`aimesh/${network}/${side}/${protocol}/${PROTOCOL_VERSION}`)
    tagCache.set(key, tag)
  }
  return tag
}

/** The exact bytes a request or response signature covers: tag ‖ payload. */
export function reqrespSigningBytes(
  network: string,
  protocol: ReqRespProtocolName,
  side: 'req' | 'resp',
  payload: Uint8Array,
): Uint8Array {
  return concatBytes(reqrespTag(network, protocol, side), payload)
}
