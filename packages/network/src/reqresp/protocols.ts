/**
 * The req/resp protocols as a table (DESIGN §4, STYLE "Req/resp as a table"): each row names the
 * request and response codecs, the request size limit, how many chunks a response may have, the
 * per-peer quota (with the cost of one request) and maxInboundStreams. Handlers join the rows in
 * handlers.ts; a new protocol is a row here, a handler there and a name in protocol's names.ts.
 */
import {
  Ack,
  CheckpointChunk,
  CheckpointRequest,
  ContentChunk,
  ContentRequest,
  EnvelopeChunk,
  Goodbye,
  InventoryChunk,
  InventoryRequest,
  MessagesRequest,
  PROTOCOL_VERSION,
  REQRESP_LIMITS,
  ReplicateReceipt,
  type ReqRespProtocolName,
  Status,
  TaskSyncRequest,
} from '@aimesh/protocol'
import type { Uint8ArrayList } from 'uint8arraylist'
import type { Quota } from './rate-limiter.js'

/** Request and response message types of each protocol. */
export interface ReqRespTypes {
  status: { request: Status; response: Status }
  inventory: { request: InventoryRequest; response: InventoryChunk }
  'task-sync': { request: TaskSyncRequest; response: EnvelopeChunk }
  messages: { request: MessagesRequest; response: EnvelopeChunk }
  replicate: { request: EnvelopeChunk; response: ReplicateReceipt }
  content: { request: ContentRequest; response: ContentChunk }
  checkpoint: { request: CheckpointRequest; response: CheckpointChunk }
  goodbye: { request: Goodbye; response: Ack }
}

export type RequestOf<N extends ReqRespProtocolName> = ReqRespTypes[N]['request']
export type ResponseOf<N extends ReqRespProtocolName> = ReqRespTypes[N]['response']

/**
 * A message type with plain `Uint8Array` fields: the generated types want `Uint8Array<ArrayBuffer>`,
 * the engine and libp2p hand out `Uint8Array`; callers build requests from either.
 */
export type Loose<T> = T extends Uint8Array
  ? Uint8Array
  : T extends (infer U)[]
    ? Loose<U>[]
    : T extends object
      ? { [K in keyof T]: Loose<T[K]> }
      : T

/** What a caller passes as a request of protocol N. */
export type RequestInput<N extends ReqRespProtocolName> = Loose<RequestOf<N>>

/** A protons codec. */
export interface Codec<T> {
  encode(value: T): Uint8Array
  decode(bytes: Uint8Array | Uint8ArrayList): T
}

/** One protocol's wire rules. */
export interface ProtocolSpec<N extends ReqRespProtocolName> {
  name: N
  version: number
  request: Codec<RequestOf<N>>
  response: Codec<ResponseOf<N>>
  /** Largest request frame. */
  requestBytes: number
  /** Most response chunks (0: the protocol has no response). */
  maxChunks: number
  /** Fewest response chunks: a response that ends sooner is cut short (status, receipts, content). */
  minChunks: number
  /** Per peer and protocol, on the server; clients hold themselves to it. */
  quota: Quota
  /** Tokens one request takes from the quota (default 1). */
  cost?: (request: RequestOf<N>) => number
  /** Concurrent inbound streams per connection (libp2p's default of 32 is too many: DESIGN §8). */
  maxInboundStreams: number
}

export type ProtocolSpecs = { [N in ReqRespProtocolName]: ProtocolSpec<N> }

const TEN_SECONDS = 10_000

/**
 * The rows. Quotas: status and goodbye after Lodestar (5 per 15 s, 1 per 10 s); list protocols are
 * charged per item asked for, ten full requests per 10 s, enough for a fresh node to pull thousands
 * of tasks from each peer in a burst while a flood is cut off within a second.
 */
export const PROTOCOL_SPECS: ProtocolSpecs = {
  status: {
    name: 'status',
    version: PROTOCOL_VERSION,
    request: Status,
    response: Status,
    requestBytes: REQRESP_LIMITS.requestBytes,
    maxChunks: 1,
    minChunks: 1,
    quota: { maxTokens: 5, byTimeMs: 15_000 },
    maxInboundStreams: 4,
  },
  inventory: {
    name: 'inventory',
    version: PROTOCOL_VERSION,
    request: InventoryRequest,
    response: InventoryChunk,
    requestBytes: REQRESP_LIMITS.requestBytes,
    maxChunks: Math.ceil(REQRESP_LIMITS.inventoryEntries / REQRESP_LIMITS.inventoryChunkEntries) + 1,
    minChunks: 1,
    quota: { maxTokens: 20, byTimeMs: TEN_SECONDS },
    maxInboundStreams: 4,
  },
  'task-sync': {
    name: 'task-sync',
    version: PROTOCOL_VERSION,
    request: TaskSyncRequest,
    response: EnvelopeChunk,
    requestBytes: REQRESP_LIMITS.requestBytes,
    maxChunks: REQRESP_LIMITS.responseChunks,
    minChunks: 0,
    quota: { maxTokens: 10 * REQRESP_LIMITS.requestIds, byTimeMs: TEN_SECONDS },
    cost: (r) => Math.max(1, r.taskIds.length),
    maxInboundStreams: 8,
  },
  messages: {
    name: 'messages',
    version: PROTOCOL_VERSION,
    request: MessagesRequest,
    response: EnvelopeChunk,
    requestBytes: REQRESP_LIMITS.requestBytes,
    maxChunks: REQRESP_LIMITS.requestIds,
    minChunks: 0,
    quota: { maxTokens: 10 * REQRESP_LIMITS.requestIds, byTimeMs: TEN_SECONDS },
    cost: (r) => Math.max(1, r.ids.length),
    maxInboundStreams: 8,
  },
  replicate: {
    name: 'replicate',
    version: PROTOCOL_VERSION,
    request: EnvelopeChunk,
    response: ReplicateReceipt,
    requestBytes: REQRESP_LIMITS.replicateRequestBytes,
    maxChunks: 1,
    minChunks: 1,
    quota: { maxTokens: 10 * REQRESP_LIMITS.requestIds, byTimeMs: TEN_SECONDS },
    cost: (r) => Math.max(1, r.envelopes.length),
    maxInboundStreams: 8,
  },
  content: {
    name: 'content',
    version: PROTOCOL_VERSION,
    request: ContentRequest,
    response: ContentChunk,
    requestBytes: REQRESP_LIMITS.requestBytes,
    maxChunks: Math.ceil(REQRESP_LIMITS.contentBytes / REQRESP_LIMITS.contentChunkBytes),
    minChunks: 1,
    quota: { maxTokens: 20, byTimeMs: TEN_SECONDS },
    maxInboundStreams: 4,
  },
  // A whole state export: the costliest request there is, and a node needs it once, at its start.
  checkpoint: {
    name: 'checkpoint',
    version: PROTOCOL_VERSION,
    request: CheckpointRequest,
    response: CheckpointChunk,
    requestBytes: REQRESP_LIMITS.requestBytes,
    maxChunks: REQRESP_LIMITS.checkpointChunks,
    minChunks: 1,
    quota: { maxTokens: 2, byTimeMs: 60_000 },
    maxInboundStreams: 2,
  },
  goodbye: {
    name: 'goodbye',
    version: PROTOCOL_VERSION,
    request: Goodbye,
    response: Ack,
    requestBytes: REQRESP_LIMITS.requestBytes,
    maxChunks: 0,
    minChunks: 0,
    quota: { maxTokens: 1, byTimeMs: TEN_SECONDS },
    maxInboundStreams: 2,
  },
}
