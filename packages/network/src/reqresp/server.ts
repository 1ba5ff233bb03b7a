/**
 * The req/resp server (DESIGN §4): registers one libp2p handler per protocol row with its
 * maxInboundStreams, and answers each stream: read the request frame (size-checked, with a
 * deadline) → rate limit per peer × protocol (GCRA) → open the signed request (signature,
 * addressee, expiry, replay cache) → decode → run the row's handler → write each yielded value as
 * a signed OK chunk → close. A refusal is one error chunk (result code ‖ UTF-8 reason; error chunks
 * carry no data, so they are not signed) and a peer action from the table in peer-actions.ts.
 */
import {
  protocolId,
  REQRESP_LIMITS,
  REQRESP_PROTOCOLS,
  REQRESP_TIMEOUTS,
  type ReqRespProtocolName,
  ResultCode,
} from '@aimesh/protocol'
import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface'
import { type Logger, type PeerReporter, silentLogger } from '../ports.js'
import { isReqRespError, ReqRespError } from './errors.js'
import { encodeChunk, FrameReader } from './framing.js'
import type { Handlers } from './handlers.js'
import { peerActionFor } from './peer-actions.js'
import { PROTOCOL_SPECS, type ProtocolSpecs } from './protocols.js'
import { GcraLimiter } from './rate-limiter.js'
import { ReplayCache } from './replay-cache.js'
import { openRequest, type PeerSigner, signChunk } from './signed.js'

export interface ReqRespServerComponents {
  /** Where handlers are registered (the libp2p node). */
  registrar: Pick<Libp2p, 'handle' | 'unhandle'>
  signer: PeerSigner
  reporter: PeerReporter | null
  logger?: Logger
  now?: () => number
}

export interface ReqRespServerInit {
  network: string
  /** Allowed clock difference on request expiries (genesis clockSkewMs). */
  skewMs: number
  handlers: Handlers
  /** The table; tests may lower a quota or a limit. */
  specs?: ProtocolSpecs
}

const encoder = new TextEncoder()

/** The error reason as sent: at most errorBytes of UTF-8. */
function reasonBytes(message: string): Uint8Array {
  return encoder.encode(message).subarray(0, REQRESP_LIMITS.errorBytes)
}

export class ReqRespServer {
  readonly #c: ReqRespServerComponents
  readonly #init: ReqRespServerInit
  readonly #specs: ProtocolSpecs
  readonly #log: Logger
  readonly #now: () => number
  readonly #limiter: GcraLimiter
  readonly #replay = new ReplayCache()
  readonly #streams = new Set<Stream>()
  #started = false

  constructor(components: ReqRespServerComponents, init: ReqRespServerInit) {
    this.#c = components
    this.#init = init
    this.#specs = init.specs ?? PROTOCOL_SPECS
    this.#log = (components.logger ?? silentLogger).child({ component: 'reqresp-server' })
    this.#now = components.now ?? Date.now
    this.#limiter = new GcraLimiter()
  }

  /** Registers every protocol's handler. */
  async start(): Promise<void> {
    for (const name of REQRESP_PROTOCOLS) {
      const spec = this.#specs[name]
      await this.#c.registrar.handle(
        protocolId(this.#init.network, name),
        (stream: Stream, connection: Connection) => this.handleStream(name, stream, connection.remotePeer),
        { maxInboundStreams: spec.maxInboundStreams },
      )
    }
    this.#started = true
  }

  /** Unregisters the handlers and aborts the streams still being answered. */
  async stop(): Promise<void> {
    if (!this.#started) return
    this.#started = false
    await this.#c.registrar.unhandle(REQRESP_PROTOCOLS.map((n) => protocolId(this.#init.network, n)))
    for (const s of this.#streams) s.abort(new Error('req/resp server stopped'))
    this.#streams.clear()
  }

  /** Answers one inbound stream of protocol `name` from `peer`; never throws. */
  async handleStream(name: ReqRespProtocolName, stream: Stream, peer: PeerId): Promise<void> {
    const spec = this.#specs[name]
    const abort = new AbortController()
    const onClose = () => abort.abort()
    stream.addEventListener('close', onClose)
    this.#streams.add(stream)
    const reader = new FrameReader(stream, spec.requestBytes + 16)
    const key = `${peer.toString()}:${name}`
    try {
      const frame = await reader.readRequest(spec.requestBytes, REQRESP_TIMEOUTS.ttfbMs, abort.signal)
      // One token before any signature work, so a flood costs us a map lookup per request.
      if (this.#limiter.take(key, spec.quota, 1) > 0) {
        throw new ReqRespError(
          'RATE_LIMITED',
          `over the ${name} quota of ${spec.quota.maxTokens} per ${spec.quota.byTimeMs} ms`,
        )
      }
      const { body, requestHash } = openRequest(frame, {
        network: this.#init.network,
        protocol: name,
        from: peer,
        me: this.#c.signer.peerId,
        now: this.#now(),
        skewMs: this.#init.skewMs,
        replay: this.#replay,
      })
      let request: ReturnType<typeof spec.request.decode>
      try {
        request = spec.request.decode(body)
      } catch (err) {
        throw new ReqRespError(
          'INVALID_REQUEST',
          `${name} request does not decode: ${(err as Error).message}`,
        )
      }
      const extra = (spec.cost?.(request as never) ?? 1) - 1
      if (extra > 0 && this.#limiter.take(key, spec.quota, extra) > 0) {
        throw new ReqRespError(
          'RATE_LIMITED',
          `over the ${name} quota of ${spec.quota.maxTokens} items per ${spec.quota.byTimeMs} ms`,
        )
      }
      // The row's handler and codec agree on N; TypeScript cannot follow a runtime name through the
      // mapped table, so the row is used through the widest handler type.
      const handler = this.#init.handlers[name] as Handlers['status']
      const encode = spec.response.encode as (v: unknown) => Uint8Array
      let index = 0
      for await (const response of handler(request as never, { peer, signal: abort.signal })) {
        if (index >= spec.maxChunks)
          throw new ReqRespError('SERVER_ERROR', `${name} handler exceeded ${spec.maxChunks} chunks`)
        const signed = await signChunk(
          this.#init.network,
          name,
          this.#c.signer,
          requestHash,
          index,
          encode(response),
        )
        if (signed.length > REQRESP_LIMITS.chunkBytes)
          throw new ReqRespError('SERVER_ERROR', `${name} chunk over the limit`)
        await reader.write(encodeChunk(ResultCode.OK, signed), abort.signal)
        index++
      }
      await stream.close({ signal: AbortSignal.timeout(REQRESP_TIMEOUTS.respMs) })
    } catch (err) {
      await this.#refuse(name, stream, reader, peer, err)
    } finally {
      stream.removeEventListener('close', onClose)
      this.#streams.delete(stream)
    }
  }

  async #refuse(
    name: ReqRespProtocolName,
    stream: Stream,
    reader: FrameReader,
    peer: PeerId,
    err: unknown,
  ): Promise<void> {
    const e = isReqRespError(err)
      ? err
      : new ReqRespError('SERVER_ERROR', `${name} failed: ${(err as Error)?.message ?? String(err)}`)
    if (e.code !== 'SERVER_ERROR' && e.code !== 'ABORTED') {
      const action = peerActionFor(e.code)
      if (action !== null) this.#c.reporter?.report(peer.toString(), action, `reqresp/${name}/${e.code}`)
    }
    this.#log.debug(
      { peer: peer.toString(), protocol: name, code: e.code, err: e.message },
      'req/resp request refused',
    )
    if (stream.status !== 'open' || stream.writeStatus !== 'writable') {
      stream.abort(e)
      return
    }
    try {
      await reader.write(
        encodeChunk(e.result, reasonBytes(e.message)),
        AbortSignal.timeout(REQRESP_TIMEOUTS.respMs),
      )
      await stream.close({ signal: AbortSignal.timeout(REQRESP_TIMEOUTS.respMs) })
    } catch {
      stream.abort(e)
    }
  }
}
