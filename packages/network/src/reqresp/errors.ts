/**
 * Typed req/resp errors (DESIGN §4, STYLE "Req/resp as a table"). A server-side error carries the
 * result code it is answered with; a client-side error says what went wrong with a response, and
 * `peer-actions.ts` maps its code to a penalty for the serving peer.
 */
import { ResultCode } from '@aimesh/protocol'

/** Why a request failed, seen from either end. */
export type ReqRespErrorCode =
  /** Server: the request frame or body does not decode, or breaks a limit. */
  | 'INVALID_REQUEST'
  /** Server: the request's signature does not verify with the sender's peer key. */
  | 'BAD_REQUEST_SIGNATURE'
  /** Server: the request names another server. */
  | 'WRONG_ADDRESSEE'
  /** Server: the request's expiry has passed or lies too far ahead. */
  | 'EXPIRED_REQUEST'
  /** Server: the request's nonce was used before (a replay). */
  | 'REPLAYED_REQUEST'
  /** Server: the peer exceeded its quota for this protocol. */
  | 'RATE_LIMITED'
  /** Server: the asked-for item is not held. */
  | 'RESOURCE_UNAVAILABLE'
  /** Server: the handler failed. */
  | 'SERVER_ERROR'
  /** Server: the request frame did not arrive in time. */
  | 'REQUEST_TIMEOUT'
  /** Client: no first byte within the time to first byte. */
  | 'TTFB_TIMEOUT'
  /** Client: no next chunk within the time between chunks. */
  | 'RESP_TIMEOUT'
  /** Either: a frame's announced length is above the limit (refused before reading it). */
  | 'FRAME_TOO_LARGE'
  /** Either: the stream ended inside a frame. */
  | 'UNEXPECTED_EOF'
  /** Client: a chunk's payload or body does not decode. */
  | 'MALFORMED_RESPONSE'
  /** Client: a chunk's signature does not verify with the server's peer key. */
  | 'BAD_RESPONSE_SIGNATURE'
  /** Client: a chunk answers another request or comes out of order. */
  | 'WRONG_RESPONSE'
  /** Client: more chunks than the protocol allows. */
  | 'TOO_MANY_CHUNKS'
  /** Client: the server answered with an error result code (see `result`). */
  | 'REMOTE_ERROR'
  /** Client: opening the stream failed (dial, protocol negotiation, stream reset). */
  | 'DIAL_FAILED'
  /** Client: our own throttle would wait longer than allowed. */
  | 'SELF_RATE_LIMITED'
  /** Either: the caller aborted. */
  | 'ABORTED'

/** The result code a server answers each of its error codes with. */
const RESULT_OF: Partial<Record<ReqRespErrorCode, ResultCode>> = {
  INVALID_REQUEST: ResultCode.INVALID_REQUEST,
  FRAME_TOO_LARGE: ResultCode.INVALID_REQUEST,
  UNEXPECTED_EOF: ResultCode.INVALID_REQUEST,
  BAD_REQUEST_SIGNATURE: ResultCode.UNAUTHENTICATED,
  WRONG_ADDRESSEE: ResultCode.UNAUTHENTICATED,
  EXPIRED_REQUEST: ResultCode.UNAUTHENTICATED,
  REPLAYED_REQUEST: ResultCode.UNAUTHENTICATED,
  RATE_LIMITED: ResultCode.RATE_LIMITED,
  RESOURCE_UNAVAILABLE: ResultCode.RESOURCE_UNAVAILABLE,
  SERVER_ERROR: ResultCode.SERVER_ERROR,
}

/** A req/resp failure with a code; `result` is the wire result code when one was sent or received. */
export class ReqRespError extends Error {
  override readonly name = 'ReqRespError'
  readonly result: number
  constructor(
    readonly code: ReqRespErrorCode,
    message: string,
    result?: number,
  ) {
    super(message)
    this.result = result ?? RESULT_OF[code] ?? ResultCode.SERVER_ERROR
  }
}

/** True when `err` is a ReqRespError, optionally with the given code. */
export function isReqRespError(err: unknown, code?: ReqRespErrorCode): err is ReqRespError {
  return err instanceof ReqRespError && (code === undefined || err.code === code)
}
