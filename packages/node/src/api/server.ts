/**
 * The HTTP API service (DESIGN §1, docs/api.md): fastify on 127.0.0.1 by default, JSON for every
 * query and action, a bearer token for anything that changes state (compared in constant time),
 * `/health`, `/metrics` from the node's own registry and `/events` as server-sent events.
 */
import { timingSafeEqual } from 'node:crypto'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { MAX_BLOB_BYTES } from '../blobs.js'
import type { AimeshNode } from '../node.js'
import type { BaseComponents, Service } from '../services/service.js'
import { errorBody, errorHandler } from './errors.js'
import { registerRoutes } from './routes.js'
import { closeStreams } from './sse.js'

/** How the API listens. */
export interface ApiInit {
  host: string
  /** 0 picks a free port (tests). */
  port: number
  /** The bearer token for actions; empty refuses every action. */
  token: string
}

/** See the file comment. */
export class ApiService implements Service {
  readonly name = 'api'
  readonly #c: BaseComponents & { node: AimeshNode }
  readonly #init: ApiInit
  #app: FastifyInstance | null = null
  #url: string | null = null

  constructor(components: BaseComponents & { node: AimeshNode }, init: ApiInit) {
    this.#c = components
    this.#init = init
  }

  /** `http://host:port` once listening. */
  get url(): string | null {
    return this.#url
  }

  async start(): Promise<void> {
    const app = Fastify({
      logger: false,
      bodyLimit: MAX_BLOB_BYTES * 2 + 64 * 1024,
      return503OnClosing: true,
    })
    app.setErrorHandler(errorHandler(this.#c.logger))
    app.setNotFoundHandler((request, reply) => {
      void reply
        .status(404)
        .send(
          errorBody('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}; see docs/api.md`),
        )
    })
    registerRoutes(app, this.#c.node, this.#auth())
    await app.listen({ host: this.#init.host, port: this.#init.port })
    const address = app.server.address()
    const port = typeof address === 'object' && address !== null ? address.port : this.#init.port
    const host = this.#init.host.includes(':') ? `[${this.#init.host}]` : this.#init.host
    this.#url = `http://${host}:${port}`
    this.#app = app
    this.#c.logger.info({ url: this.#url }, 'API listening')
  }

  async stop(): Promise<void> {
    closeStreams(this.#c.node)
    await this.#app?.close()
    this.#app = null
    this.#url = null
  }

  /** The preHandler that checks `Authorization: Bearer <token>`. */
  #auth() {
    const expected = Buffer.from(this.#init.token)
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const header = request.headers.authorization ?? ''
      const match = /^Bearer\s+(\S+)$/i.exec(header)
      const given = Buffer.from(match?.[1] ?? '')
      const ok = expected.length > 0 && given.length === expected.length && timingSafeEqual(given, expected)
      if (!ok)
        return reply
          .status(401)
          .header('www-authenticate', 'Bearer')
          .send(
            errorBody(
              'UNAUTHORIZED',
              header === ''
                ? 'this request changes state: send Authorization: Bearer <token> (the token is in <home>/api-token)'
                : 'the bearer token is wrong: use the one in <home>/api-token',
            ),
          )
    }
  }
}
