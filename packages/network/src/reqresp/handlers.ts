/**
 * The server side of each protocol (DESIGN §4): one async generator per row of PROTOCOL_SPECS,
 * streaming from the engine through its port. Each yielded value is one response chunk; list
 * protocols batch at most REQRESP_LIMITS.chunkItems items (and chunkBytes) per chunk, the unit one
 * signature covers. A handler throws ReqRespError for what it refuses (sent as that result code).
 */
import {
  type ContentChunk,
  compareBytes,
  type EnvelopeChunk,
  LIMITS,
  REQRESP_LIMITS,
  type ReqRespProtocolName,
  type Status,
  sha256,
  Verdict,
} from '@aimesh/protocol'
import type { PeerId } from '@libp2p/interface'
import { plainBytes } from '../bytes.js'
import type { BlobSource, CheckpointSource, InventoryEntry, NetworkEngine } from '../ports.js'
import { checkpointChunks } from './checkpoint-chunks.js'
import { ReqRespError } from './errors.js'
import type { RequestOf, ResponseOf } from './protocols.js'

/** What a handler knows about the request besides its body. */
export interface HandlerContext {
  peer: PeerId
  signal: AbortSignal
}

export type Handler<N extends ReqRespProtocolName> = (
  request: RequestOf<N>,
  ctx: HandlerContext,
) => AsyncIterable<ResponseOf<N>>

export type Handlers = { [N in ReqRespProtocolName]: Handler<N> }

/** What the handlers read and whom they tell. */
export interface HandlerDeps {
  engine: NetworkEngine
  /** Task input blobs for `content`; null when this node serves none. */
  blobs: BlobSource | null
  /** Checkpoint states for `checkpoint`; null when this node serves none. */
  checkpoints: CheckpointSource | null
  now: () => number
  /** Our status, sent in answer to a peer's. */
  localStatus(): Status
  /** A peer sent its status (the handshake checks it). */
  onStatus(peer: PeerId, status: Status): void
  /** A peer said goodbye with a reason code. */
  onGoodbye(peer: PeerId, reason: number): void
}

/** Bytes a chunk keeps free for its signature, request hash, index and framing. */
const CHUNK_OVERHEAD_BYTES = 256
/** Bytes one repeated `bytes` field adds besides its content (tag + varint length). */
const FIELD_OVERHEAD_BYTES = 6

/** Batches envelopes into chunks of at most chunkItems items and chunkBytes bytes. */
export function* envelopeChunks(envelopes: Iterable<Uint8Array>): Generator<EnvelopeChunk> {
  let batch: Uint8Array<ArrayBuffer>[] = []
  let size = CHUNK_OVERHEAD_BYTES
  for (const env of envelopes) {
    const cost = env.length + FIELD_OVERHEAD_BYTES
    if (
      batch.length > 0 &&
      (batch.length >= REQRESP_LIMITS.chunkItems || size + cost > REQRESP_LIMITS.chunkBytes)
    ) {
      yield { envelopes: batch }
      batch = []
      size = CHUNK_OVERHEAD_BYTES
    }
    batch.push(plainBytes(env))
    size += cost
  }
  if (batch.length > 0) yield { envelopes: batch }
}

function checkIds(ids: Uint8Array[], what: string): void {
  if (ids.length > REQRESP_LIMITS.requestIds) {
    throw new ReqRespError('INVALID_REQUEST', `at most ${REQRESP_LIMITS.requestIds} ${what} per request`)
  }
  for (const id of ids) {
    if (id.length !== LIMITS.idBytes)
      throw new ReqRespError('INVALID_REQUEST', `${what} must be ${LIMITS.idBytes} bytes`)
  }
}

/**
 * Inventory entries in [from, to) (empty `to`: no bound), at most `limit`. The engine pages its
 * inventory itself; the filter here is idempotent and keeps a port that ignores the range correct.
 */
export function inventoryRange(
  engine: NetworkEngine,
  from: Uint8Array,
  to: Uint8Array,
  limit: number,
): InventoryEntry[] {
  const out: InventoryEntry[] = []
  for (const e of engine.inventory({ from, to, limit })) {
    if (compareBytes(e.taskId, from) < 0) continue
    if (to.length > 0 && compareBytes(e.taskId, to) >= 0) break
    if (out.length >= limit) break
    out.push(e)
  }
  return out
}

/** Builds the handler of every protocol over the given dependencies. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { engine } = deps
  return {
    async *status(request, ctx) {
      deps.onStatus(ctx.peer, request)
      yield deps.localStatus()
    },

    async *inventory(request) {
      if (request.from.length > LIMITS.idBytes || request.to.length > LIMITS.idBytes) {
        throw new ReqRespError('INVALID_REQUEST', `inventory bounds are at most ${LIMITS.idBytes} bytes`)
      }
      const limit =
        request.limit === 0
          ? REQRESP_LIMITS.inventoryEntries
          : Math.min(request.limit, REQRESP_LIMITS.inventoryEntries)
      // One more than asked says whether the range goes on.
      const entries = inventoryRange(engine, request.from, request.to, limit + 1)
      const more = entries.length > limit
      const page = entries.slice(0, limit)
      const size = REQRESP_LIMITS.inventoryChunkEntries
      for (let i = 0; i < page.length || i === 0; i += size) {
        const slice = page.slice(i, i + size)
        yield {
          entries: slice.map((e) => ({
            taskId: plainBytes(e.taskId),
            digest: plainBytes(e.digest),
            messages: e.messages,
          })),
          more: more && i + size >= page.length,
        }
      }
    },

    async *'task-sync'(request) {
      checkIds(request.taskIds, 'task ids')
      // Generated lazily: one task's envelopes are read only when the previous chunk is written.
      function* all(): Generator<Uint8Array> {
        for (const id of request.taskIds) yield* engine.taskMessages(id)
      }
      yield* envelopeChunks(all())
    },

    async *messages(request) {
      checkIds(request.ids, 'message ids')
      function* held(): Generator<Uint8Array> {
        for (const id of request.ids) {
          const m = engine.getMessage(id)
          if (m !== undefined) yield m.bytes
        }
      }
      yield* envelopeChunks(held())
    },

    async *replicate(request) {
      if (request.envelopes.length === 0)
        throw new ReqRespError('INVALID_REQUEST', 'replicate carries no envelopes')
      const results = await engine.ingestMany(request.envelopes, deps.now())
      let accepted = 0
      let ignored = 0
      let rejected = 0
      for (const r of results) {
        if (r.verdict === Verdict.Accept || (r.verdict === Verdict.Ignore && r.code === 'DUPLICATE'))
          accepted++
        else if (r.verdict === Verdict.Ignore) ignored++
        else rejected++
      }
      yield { accepted, ignored, rejected, messageRoot: plainBytes(engine.stateRoot()) }
    },

    async *content(request) {
      if (request.hash.length !== LIMITS.idBytes) {
        throw new ReqRespError('INVALID_REQUEST', `a content hash is ${LIMITS.idBytes} bytes`)
      }
      const blob = await deps.blobs?.get(request.hash)
      if (blob === undefined) throw new ReqRespError('RESOURCE_UNAVAILABLE', 'blob not held')
      if (blob.length > REQRESP_LIMITS.contentBytes)
        throw new ReqRespError('RESOURCE_UNAVAILABLE', 'blob too large to serve')
      yield* contentChunks(blob)
    },

    async *checkpoint(request) {
      const state = deps.checkpoints?.export(request.epoch)
      if (state === undefined)
        throw new ReqRespError(
          'RESOURCE_UNAVAILABLE',
          request.epoch === 0
            ? 'no certified checkpoint is held here'
            : `no certified checkpoint of epoch ${request.epoch} is held here`,
        )
      yield* checkpointChunks(state.header, state.records)
    },

    // biome-ignore lint/correctness/useYield: goodbye has no response; the generator only records it.
    async *goodbye(request, ctx) {
      deps.onGoodbye(ctx.peer, request.reason)
    },
  }
}

/** A blob as content chunks; the first carries the total size. */
export function* contentChunks(blob: Uint8Array): Generator<ContentChunk> {
  const step = REQRESP_LIMITS.contentChunkBytes
  for (let i = 0; i < blob.length || i === 0; i += step) {
    yield { data: plainBytes(blob.subarray(i, i + step)), size: i === 0 ? blob.length : 0 }
  }
}

/** Joins content chunks and checks them against the hash asked for. */
export function assembleContent(hash: Uint8Array, chunks: readonly ContentChunk[]): Uint8Array {
  const size = chunks[0]?.size ?? 0
  if (size > REQRESP_LIMITS.contentBytes)
    throw new ReqRespError('MALFORMED_RESPONSE', 'blob is over the size limit')
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    if (at + c.data.length > size)
      throw new ReqRespError('MALFORMED_RESPONSE', 'blob is longer than announced')
    out.set(c.data, at)
    at += c.data.length
  }
  if (at !== size) throw new ReqRespError('MALFORMED_RESPONSE', 'blob is shorter than announced')
  if (compareBytes(sha256(out), hash) !== 0)
    throw new ReqRespError('MALFORMED_RESPONSE', 'blob does not match its hash')
  return out
}
