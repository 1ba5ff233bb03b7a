/**
 * The req/resp client (DESIGN §4): throttles itself to the server's quota (GCRA per peer ×
 * protocol, STYLE: "client-side sync that ignores the server's rate limits" hurt Lodestar), opens
 * one stream per request, writes the signed request and half-closes, then reads chunks with a time
 * to first byte and a time between chunks, checking each chunk's size before reading it and its
 * signature, request and index after. Every failure is a ReqRespError; the serving peer is reported
 * with the action the table in peer-actions.ts gives it.
 */
import {
  protocolId,
  REQRESP_LIMITS,
  REQRESP_TIMEOUTS,
  type ReqRespProtocolName,
  ResultCode,
} from '@aimesh/protocol'
import type { Libp2p, PeerId, Stream } from '@libp2p/interface'
import { type Logger, type PeerReporter, silentLogger } from '../ports.js'
import { isReqRespError, ReqRespError } from './errors.js'
import { encodeRequestFrame, FrameReader } from './framing.js'
import { peerActionFor } from './peer-actions.js'
import {
  PROTOCOL_SPECS,
  type ProtocolSpecs,
  type RequestInput,
  type RequestOf,
  type ResponseOf,
} from './protocols.js'
import { GcraLimiter } from './rate-limiter.js'
import { openChunk, type PeerSigner, signRequest } from './signed.js'

export interface ReqRespClientComponents {
  dialer: Pick<Libp2p, 'dialProtocol'>
  signer: PeerSigner
  reporter: PeerReporter | null
  logger?: Logger
  now?: () => number
}

export interface ReqRespClientInit {
  network: string
  specs?: ProtocolSpecs
  /** Hold requests to the server's quota (default true; tests of the server's limiter turn it off). */
  selfThrottle?: boolean
  /** Longest the throttle may delay one request before it fails with SELF_RATE_LIMITED. */
  maxThrottleMs?: number
}

/** A request waits at most this long for its own throttle (one quota period). */
const DEFAULT_MAX_THROTTLE_MS = 15_000

/** Most margin the self-throttle keeps below the server's quota for delivery jitter. */
const MAX_THROTTLE_SLACK_MS = 1_000

export interface RequestOptions {
  signal?: AbortSignal
}

const decoder = new TextDecoder()

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms)
    function done() {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }
    function onAbort() {
      clearTimeout(timer)
      reject(new ReqRespError('ABORTED', 'aborted while throttled'))
    }
    if (signal?.aborted === true) onAbort()
    else signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export class ReqRespClient {
  readonly #c: ReqRespClientComponents
  readonly #init: ReqRespClientInit
  readonly #specs: ProtocolSpecs
  readonly #log: Logger
  readonly #now: () => number
  readonly #limiter: GcraLimiter

  constructor(components: ReqRespClientComponents, init: ReqRespClientInit) {
    this.#c = components
    this.#init = init
    this.#specs = init.specs ?? PROTOCOL_SPECS
    this.#log = (components.logger ?? silentLogger).child({ component: 'reqresp-client' })
    this.#now = components.now ?? Date.now
    this.#limiter = new GcraLimiter()
  }

  /** Sends a request and yields each response chunk's message as it arrives. */
  async *request<N extends ReqRespProtocolName>(
    peer: PeerId,
    name: N,
    input: RequestInput<N>,
    opts: RequestOptions = {},
  ): AsyncGenerator<ResponseOf<N>> {
    const spec = this.#specs[name]
    // Same shape; only the byte arrays' buffer type is looser (see Loose).
    const body = input as RequestOf<N>
    const signal = opts.signal
    let stream: Stream | undefined
    try {
      await this.#throttle(peer, name, spec.cost?.(body) ?? 1, signal)
      try {
        stream = await this.#c.dialer.dialProtocol(
          peer,
          protocolId(this.#init.network, name),
          signal ? { signal } : {},
        )
      } catch (err) {
        if (signal?.aborted === true) throw new ReqRespError('ABORTED', `${name} aborted while dialing`)
        throw new ReqRespError('DIAL_FAILED', `cannot open a ${name} stream: ${(err as Error).message}`)
      }
      const reader = new FrameReader(stream, REQRESP_LIMITS.clientBufferBytes)
      const { frame, requestHash } = await signRequest(
        this.#init.network,
        name,
        this.#c.signer,
        peer,
        spec.request.encode(body),
        this.#now(),
      )
      await reader.write(encodeRequestFrame(frame), signal)
      await stream.close(signal ? { signal } : {})
      const limitFor = (result: number) =>
        result === ResultCode.OK ? REQRESP_LIMITS.chunkBytes : REQRESP_LIMITS.errorBytes
      for (let index = 0; ; index++) {
        const ms = index === 0 ? REQRESP_TIMEOUTS.ttfbMs : REQRESP_TIMEOUTS.respMs
        const chunk = await reader.readChunk(limitFor, ms, index === 0, signal)
        if (chunk === null) {
          if (index < spec.minChunks)
            throw new ReqRespError('UNEXPECTED_EOF', `${name} ended before its first chunk`)
          return
        }
        if (chunk.result !== ResultCode.OK) {
          throw new ReqRespError(
            'REMOTE_ERROR',
            `${name} refused (${chunk.result}): ${decoder.decode(chunk.payload)}`,
            chunk.result,
          )
        }
        if (index >= spec.maxChunks)
          throw new ReqRespError('TOO_MANY_CHUNKS', `${name} sent more than ${spec.maxChunks} chunks`)
        const bodyBytes = openChunk(this.#init.network, name, peer, chunk.payload, requestHash, index)
        let message: ResponseOf<N>
        try {
          message = spec.response.decode(bodyBytes)
        } catch (err) {
          throw new ReqRespError(
            'MALFORMED_RESPONSE',
            `${name} chunk body does not decode: ${(err as Error).message}`,
          )
        }
        yield message
      }
    } catch (err) {
      const e = isReqRespError(err)
        ? err
        : signal?.aborted === true
          ? new ReqRespError('ABORTED', `${name} aborted`)
          : new ReqRespError(
              'UNEXPECTED_EOF',
              `${name} stream failed: ${(err as Error)?.message ?? String(err)}`,
            )
      const action = peerActionFor(e.code, e.code === 'REMOTE_ERROR' ? e.result : undefined)
      if (action !== null) this.#c.reporter?.report(peer.toString(), action, `reqresp/${name}/${e.code}`)
      this.#log.debug(
        { peer: peer.toString(), protocol: name, code: e.code, err: e.message },
        'req/resp request failed',
      )
      stream?.abort(e)
      throw e
    } finally {
      // A consumer that stops early leaves the stream half read: reset it rather than drain it.
      if (stream !== undefined && stream.status === 'open' && stream.remoteWriteStatus === 'writable') {
        stream.abort(new Error('response no longer needed'))
      }
    }
  }

  /** Sends a request and collects every response chunk. */
  async requestAll<N extends ReqRespProtocolName>(
    peer: PeerId,
    name: N,
    body: RequestInput<N>,
    opts: RequestOptions = {},
  ): Promise<ResponseOf<N>[]> {
    const out: ResponseOf<N>[] = []
    for await (const m of this.request(peer, name, body, opts)) out.push(m)
    return out
  }

  async #throttle(
    peer: PeerId,
    name: ReqRespProtocolName,
    cost: number,
    signal?: AbortSignal,
  ): Promise<void> {
    if (this.#init.selfThrottle === false) return
    const quota = this.#specs[name].quota
    const max = this.#init.maxThrottleMs ?? DEFAULT_MAX_THROTTLE_MS
    const key = `${peer.toString()}:${name}`
    // Half an emission interval (at most a second) of margin for requests that arrive late, never
    // so much that a single token cannot pass.
    const interval = quota.byTimeMs / quota.maxTokens
    const slack = Math.min(interval / 2, MAX_THROTTLE_SLACK_MS, quota.byTimeMs - interval)
    let waited = 0
    for (;;) {
      const wait = this.#limiter.take(key, quota, cost, slack)
      if (wait === 0) return
      if (waited + wait > max) {
        throw new ReqRespError(
          'SELF_RATE_LIMITED',
          `${name} to ${peer.toString()} would wait over ${max} ms for its quota`,
        )
      }
      await sleep(wait, signal)
      waited += wait
    }
  }
}
