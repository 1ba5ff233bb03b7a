/**
 * The `checkpoint` protocol's chunks (DESIGN §4, §5.6): the server streams the state at a certified
 * checkpoint as it comes out of one store snapshot, at most checkpointChunkEntries entries and
 * chunkBytes bytes a chunk, the first chunk carrying what the state is cut at; the client checks
 * every chunk's shape as the entries stream into an importer (a staging store, verified against the
 * certificate once whole; sync/checkpoint-join.ts) or a state file.
 */
import { CHECKPOINT_FORMAT, type CheckpointHeader } from '@aimesh/engine'
import {
  type CheckpointChunk,
  type CheckpointInfo,
  fromHex,
  REQRESP_LIMITS,
  type StateEntry,
  toHex,
} from '@aimesh/protocol'
import { EXPORT_COLUMNS, type StateRecord, writeStateFile } from '@aimesh/store'
import type { PeerId } from '@libp2p/interface'
import { plainBytes } from '../bytes.js'
import type { PeerReporter } from '../ports.js'
import type { ReqRespClient } from './client.js'
import { ReqRespError } from './errors.js'

/** Bytes a chunk keeps free for its info, signature, request hash, index and framing. */
const CHUNK_OVERHEAD_BYTES = 1024
/** Bytes one entry adds besides its key and value (tags, lengths, the column name). */
const ENTRY_OVERHEAD_BYTES = 32

const EXPORTED: ReadonlySet<string> = new Set(EXPORT_COLUMNS)

/** The header's fields on the wire. */
export function infoOf(header: CheckpointHeader): CheckpointInfo {
  return {
    epoch: header.epoch,
    digest: fromHex(header.digest),
    foldRoot: fromHex(header.foldRoot),
    trustDigest: fromHex(header.trustDigest),
    stateRoot: fromHex(header.stateRoot),
    messages: header.messages,
  }
}

/** The header an importer checks, from the wire's fields and our network id. */
export function headerOf(info: CheckpointInfo, networkId: string): CheckpointHeader {
  return {
    format: CHECKPOINT_FORMAT,
    networkId,
    epoch: info.epoch,
    digest: toHex(info.digest),
    foldRoot: toHex(info.foldRoot),
    trustDigest: toHex(info.trustDigest),
    stateRoot: toHex(info.stateRoot),
    messages: info.messages,
  }
}

/** The state as chunks: the header on the first, then records batched by count and bytes. */
export async function* checkpointChunks(
  header: CheckpointHeader,
  records: AsyncIterable<StateRecord>,
): AsyncGenerator<CheckpointChunk> {
  let info: CheckpointInfo | undefined = infoOf(header)
  let batch: StateEntry[] = []
  let size = CHUNK_OVERHEAD_BYTES
  const flush = (): CheckpointChunk => {
    const chunk: CheckpointChunk = info === undefined ? { entries: batch } : { info, entries: batch }
    info = undefined
    batch = []
    size = CHUNK_OVERHEAD_BYTES
    return chunk
  }
  for await (const r of records) {
    const cost = r.key.length + r.value.length + ENTRY_OVERHEAD_BYTES
    if (CHUNK_OVERHEAD_BYTES + cost > REQRESP_LIMITS.chunkBytes)
      throw new ReqRespError('SERVER_ERROR', `a ${r.column} entry is larger than one checkpoint chunk`)
    if (
      batch.length > 0 &&
      (batch.length >= REQRESP_LIMITS.checkpointChunkEntries || size + cost > REQRESP_LIMITS.chunkBytes)
    )
      yield flush()
    batch.push({ column: r.column, key: plainBytes(r.key), value: plainBytes(r.value) })
    size += cost
  }
  yield flush()
}

/** What a download wrote. */
export interface DownloadedCheckpoint {
  header: CheckpointHeader
  records: number
}

/** A checkpoint state as it arrives: the cut from the first chunk, then the records chunk by chunk. */
export interface CheckpointStream {
  header: CheckpointHeader
  /** Read once; throws ReqRespError MALFORMED_RESPONSE (the peer penalized) for a chunk out of shape. */
  records: AsyncIterable<StateRecord>
  /** Ends the response (idempotent); call it whether or not `records` was read to the end. */
  close(): Promise<void>
}

/**
 * Asks `peer` for the state at its certified checkpoint of `epoch` (0: the latest) and returns it as
 * it streams in, so an importer writes it once. Throws ReqRespError: RESOURCE_UNAVAILABLE (as
 * REMOTE_ERROR) when the peer holds none, MALFORMED_RESPONSE when the first chunk does not name the
 * cut (the peer is penalized).
 */
export async function openCheckpointDownload(
  client: ReqRespClient,
  peer: PeerId,
  networkId: string,
  opts: { epoch?: number; signal?: AbortSignal; reporter?: PeerReporter | null } = {},
): Promise<CheckpointStream> {
  const chunks = client.request(
    peer,
    'checkpoint',
    { epoch: opts.epoch ?? 0 },
    opts.signal === undefined ? {} : { signal: opts.signal },
  )
  const malformed = (why: string) => {
    opts.reporter?.report(peer.toString(), 'low', 'reqresp/checkpoint/MALFORMED_RESPONSE')
    return new ReqRespError('MALFORMED_RESPONSE', `checkpoint ${why}`)
  }
  const close = async () => {
    await chunks.return(undefined)
  }
  const first = await chunks.next()
  if (first.done === true || first.value.info === undefined) {
    await close()
    throw malformed('response does not start with what the state is cut at')
  }
  const header = headerOf(first.value.info, networkId)
  async function* records(): AsyncIterable<StateRecord> {
    let chunk: CheckpointChunk | undefined = first.value as CheckpointChunk
    while (chunk !== undefined) {
      for (const e of chunk.entries) {
        if (!EXPORTED.has(e.column)) throw malformed(`entry names no exported column ("${e.column}")`)
        yield { column: e.column as StateRecord['column'], key: e.key, value: e.value }
      }
      const next = await chunks.next()
      if (next.done === true) return
      if (next.value.info !== undefined) throw malformed('response names its cut twice')
      chunk = next.value
    }
  }
  return { header, records: records(), close }
}

/**
 * Downloads the state at `peer`'s certified checkpoint (openCheckpointDownload) into the state file
 * `path` (a state to keep or serve again; a joining node imports the stream instead).
 */
export async function downloadCheckpoint(
  client: ReqRespClient,
  peer: PeerId,
  networkId: string,
  path: string,
  opts: { epoch?: number; signal?: AbortSignal; reporter?: PeerReporter | null } = {},
): Promise<DownloadedCheckpoint> {
  const download = await openCheckpointDownload(client, peer, networkId, opts)
  try {
    const written = await writeStateFile(path, download.header, download.records)
    return { header: download.header, records: written }
  } finally {
    await download.close()
  }
}
