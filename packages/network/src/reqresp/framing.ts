/**
 * Req/resp framing (DESIGN §4, after the Ethereum consensus req/resp spec). One stream per request:
 * the requester writes one length-prefixed request frame and half-closes; the server answers with
 * chunks of `result byte ‖ varint length ‖ payload` and closes. Every length is checked against the
 * limit before a byte of the payload is read, and every read has a deadline.
 *
 * Reading goes through @libp2p/utils' byteStream (raw v3 streams are not it-pipe sinks); lpStream
 * cannot read the result byte that precedes the length, so the varint is decoded here.
 */
import type { Stream } from '@libp2p/interface'
import { type ByteStream, byteStream, UnexpectedEOFError } from '@libp2p/utils'
import { Uint8ArrayList } from 'uint8arraylist'
import { ReqRespError } from './errors.js'

/** A varint for a length below 2^35 is at most 5 bytes; every limit here is far below that. */
const MAX_VARINT_BYTES = 5

/** Encodes an unsigned varint (LEB128), as protobuf and multiformats do. */
export function encodeVarint(value: number): Uint8Array {
  const out: number[] = []
  let v = value
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80)
    v = Math.floor(v / 128)
  }
  out.push(v)
  return Uint8Array.from(out)
}

/** A request frame: varint length ‖ payload. */
export function encodeRequestFrame(payload: Uint8Array): Uint8ArrayList {
  return new Uint8ArrayList(encodeVarint(payload.length), payload)
}

/** A response chunk: result byte ‖ varint length ‖ payload. */
export function encodeChunk(result: number, payload: Uint8Array): Uint8ArrayList {
  return new Uint8ArrayList(Uint8Array.of(result), encodeVarint(payload.length), payload)
}

/** One response chunk as read: its result code and payload. */
export interface Chunk {
  result: number
  payload: Uint8Array
}

/** Runs `read` with a deadline; a timeout becomes a ReqRespError with `code`. */
async function withDeadline<T>(
  ms: number,
  code: 'TTFB_TIMEOUT' | 'RESP_TIMEOUT' | 'REQUEST_TIMEOUT',
  what: string,
  outer: AbortSignal | undefined,
  read: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timer = AbortSignal.timeout(ms)
  const signal = outer === undefined ? timer : AbortSignal.any([timer, outer])
  try {
    return await read(signal)
  } catch (err) {
    if (timer.aborted) throw new ReqRespError(code, `no ${what} within ${ms} ms`)
    if (outer?.aborted === true) throw new ReqRespError('ABORTED', `aborted while waiting for ${what}`)
    throw err
  }
}

/** Reads frames from one stream (the server reads a request, the client reads chunks). */
export class FrameReader {
  readonly #bytes: ByteStream<Stream>

  constructor(stream: Stream, maxBufferBytes: number) {
    this.#bytes = byteStream(stream, { maxBufferSize: maxBufferBytes })
  }

  /** Writes bytes, waiting for the stream to drain when its send buffer is full. */
  async write(data: Uint8ArrayList, signal?: AbortSignal): Promise<void> {
    await this.#bytes.write(data, signal === undefined ? {} : { signal })
  }

  /** Reads the request frame (within `ms`), refusing a length above `limit` before reading it. */
  async readRequest(limit: number, ms: number, signal?: AbortSignal): Promise<Uint8Array> {
    return withDeadline(ms, 'REQUEST_TIMEOUT', 'request', signal, async (s) => {
      const length = await this.#readLength(limit, 'request', s)
      return this.#readPayload(length, s)
    })
  }

  /**
   * Reads the next response chunk; null when the server closed cleanly between chunks. `ms` bounds
   * the wait for the whole chunk (time to first byte for the first one, then between chunks).
   */
  async readChunk(
    limitFor: (result: number) => number,
    ms: number,
    first: boolean,
    signal?: AbortSignal,
  ): Promise<Chunk | null> {
    return withDeadline(ms, first ? 'TTFB_TIMEOUT' : 'RESP_TIMEOUT', 'response chunk', signal, async (s) => {
      let head: Uint8ArrayList
      try {
        head = await this.#bytes.read({ bytes: 1, signal: s })
      } catch (err) {
        // The stream ended before the next chunk began: the normal end of a response.
        if (err instanceof UnexpectedEOFError) return null
        throw err
      }
      const result = head.get(0)
      const length = await this.#readLength(limitFor(result), `chunk (result ${result})`, s)
      return { result, payload: await this.#readPayload(length, s) }
    })
  }

  async #readLength(limit: number, what: string, signal: AbortSignal): Promise<number> {
    let value = 0
    let scale = 1
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const byte = (await this.#readExact(1, signal)).get(0)
      value += (byte & 0x7f) * scale
      if (value > limit) {
        throw new ReqRespError('FRAME_TOO_LARGE', `${what} announces more than its limit of ${limit} bytes`)
      }
      if ((byte & 0x80) === 0) return value
      scale *= 128
    }
    throw new ReqRespError(
      'FRAME_TOO_LARGE',
      `${what} length prefix is longer than ${MAX_VARINT_BYTES} bytes`,
    )
  }

  async #readPayload(length: number, signal: AbortSignal): Promise<Uint8Array> {
    if (length === 0) return new Uint8Array(0)
    return (await this.#readExact(length, signal)).subarray()
  }

  async #readExact(bytes: number, signal: AbortSignal): Promise<Uint8ArrayList> {
    try {
      return await this.#bytes.read({ bytes, signal })
    } catch (err) {
      if (err instanceof UnexpectedEOFError)
        throw new ReqRespError('UNEXPECTED_EOF', 'stream ended inside a frame')
      throw err
    }
  }
}
