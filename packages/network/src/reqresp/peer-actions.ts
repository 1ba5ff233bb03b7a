/**
 * The one table from req/resp error codes to peer actions (DESIGN §8, STYLE "Req/resp as a table").
 * Inbound errors penalize the requester, outbound ones the server. A timeout or a failed dial is
 * liveness, never more than `high` (Lodestar banned its whole peer set by counting them as faults);
 * what a peer provably did wrong (a bad signature, a replay, a frame over the limit) costs `low`.
 * `null`: no penalty (our own fault, an abort, or an honest "not held").
 */
import type { PeerAction } from '../ports.js'
import type { ReqRespErrorCode } from './errors.js'

export const PEER_ACTION_OF: Record<ReqRespErrorCode, PeerAction | null> = {
  // Inbound (the requester is penalized).
  INVALID_REQUEST: 'low',
  BAD_REQUEST_SIGNATURE: 'low',
  WRONG_ADDRESSEE: 'low',
  // The requester's clock may be off: a liveness-grade fault.
  EXPIRED_REQUEST: 'high',
  REPLAYED_REQUEST: 'low',
  // Clients throttle themselves to the same quota: a peer over it ignores ours. Each refused
  // request costs `mid`, so a sustained flood reaches the ban threshold and a brief overshoot does not.
  RATE_LIMITED: 'mid',
  REQUEST_TIMEOUT: 'high',
  RESOURCE_UNAVAILABLE: null,
  SERVER_ERROR: null,
  // Outbound (the server is penalized).
  TTFB_TIMEOUT: 'high',
  RESP_TIMEOUT: 'high',
  FRAME_TOO_LARGE: 'low',
  UNEXPECTED_EOF: 'high',
  MALFORMED_RESPONSE: 'low',
  BAD_RESPONSE_SIGNATURE: 'low',
  WRONG_RESPONSE: 'low',
  TOO_MANY_CHUNKS: 'low',
  // Refined by the result code the server sent (REMOTE_ACTION_OF below).
  REMOTE_ERROR: null,
  DIAL_FAILED: 'high',
  SELF_RATE_LIMITED: null,
  ABORTED: null,
}

/** What a server's error result code costs it, seen by the client. */
export const REMOTE_ACTION_OF: Record<number, PeerAction | null> = {
  // Our requests are well formed by construction: a peer refusing them speaks another protocol.
  1: 'mid',
  2: 'high',
  3: null,
  // We throttle ourselves to the quota, so this is the server's error or a shared quota: liveness.
  4: 'high',
  // Our signature, expiry and nonce are fresh: a peer refusing them is off in clock or code.
  128: 'high',
}

/** The penalty for an error; an unknown result code from a server counts as `high`. */
export function peerActionFor(code: ReqRespErrorCode, result?: number): PeerAction | null {
  if (code === 'REMOTE_ERROR')
    return result !== undefined && result in REMOTE_ACTION_OF ? REMOTE_ACTION_OF[result]! : 'high'
  return PEER_ACTION_OF[code]
}
