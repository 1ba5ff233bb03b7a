/**
 * API errors (docs/api.md): one table from error code to HTTP status, one JSON shape
 * `{ error: { code, message, field?, verdictCode? } }`; 4xx for the caller's mistakes, 5xx only
 * for the node's own faults.
 */
import { isProtocolError } from '@aimesh/protocol'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { NodeError, type NodeErrorCode } from '../errors.js'
import type { Logger } from '../services/service.js'
import { describeIssues, issuePath } from '../zod-errors.js'

/** HTTP status of each node error code. */
export const STATUS_OF: Readonly<Record<NodeErrorCode, number>> = {
  BAD_INPUT: 400,
  OUT_OF_RANGE: 422,
  NOT_FOUND: 404,
  UNKNOWN_ACCOUNT: 404,
  NO_BACKUP: 404,
  REFUSED: 409,
  NOT_READY: 409,
  ACCOUNT_EXISTS: 409,
  ALREADY_INITIALIZED: 409,
  NO_NETWORK: 409,
  NOT_RUNNING: 503,
  CONFIG_INVALID: 500,
  GENESIS_INVALID: 500,
  GENESIS_MISMATCH: 500,
  KEYSTORE: 500,
}

/** Zod issue codes that mean "well-formed but out of range" (422) rather than malformed (400). */
const RANGE_ISSUES = new Set(['too_big', 'too_small'])

/** Parses `value` with `schema`; throws BAD_INPUT or OUT_OF_RANGE naming the field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  const first = r.error.issues[0]!
  const code: NodeErrorCode = RANGE_ISSUES.has(first.code) ? 'OUT_OF_RANGE' : 'BAD_INPUT'
  throw new NodeError(code, `${where}: ${describeIssues(r.error).join('; ')}`, issuePath(first))
}

/** The error body. */
export function errorBody(code: string, message: string, extra: Record<string, string> = {}) {
  return { error: { code, message, ...extra } }
}

/** Fastify's error handler: every error becomes the documented shape. */
export function errorHandler(log: Logger) {
  return (err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void =>
    handleError(log, err, request, reply)
}

function handleError(
  log: Logger,
  err: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (err instanceof NodeError) {
    const status = STATUS_OF[err.code] ?? 500
    if (status >= 500) log.error({ err, url: request.url }, 'request failed')
    void reply.status(status).send(
      errorBody(err.code, err.message, {
        ...(err.field === undefined ? {} : { field: err.field }),
        ...(err.verdictCode === undefined ? {} : { verdictCode: err.verdictCode }),
      }),
    )
    return
  }
  if (isProtocolError(err)) {
    void reply
      .status(err.code === 'INVALID_FIELD' ? 422 : 400)
      .send(
        errorBody(
          err.code === 'INVALID_FIELD' ? 'OUT_OF_RANGE' : 'BAD_INPUT',
          err.message,
          err.field === undefined ? {} : { field: err.field },
        ),
      )
    return
  }
  const fe = err as FastifyError
  if (
    fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    fe instanceof SyntaxError ||
    fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
  ) {
    void reply
      .status(400)
      .send(errorBody('MALFORMED_JSON', `the request body is not valid JSON: ${fe.message}`))
    return
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    void reply.status(fe.statusCode).send(errorBody(fe.code ?? 'BAD_REQUEST', fe.message))
    return
  }
  log.error({ err, url: request.url }, 'request failed')
  void reply.status(500).send(errorBody('INTERNAL', 'the node failed to answer; see its log'))
}

export { z }
