/**
 * The CLI's API client against a stand-in HTTP server (unit test): the bearer token goes only
 * with actions, the node's `{ error: { code, message } }` becomes a CliError with that code and
 * message, and /health's 503 body is returned, not thrown.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient } from '../src/api/client.js'
import { CliError } from '../src/errors.js'

let server: Server
let url: string
const seen: { method?: string; url?: string; auth?: string; body: string }[] = []

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    let body = ''
    for await (const c of req) body += c
    seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body })
    res.setHeader('content-type', 'application/json')
    if (req.url === '/health') {
      res.statusCode = 503
      return res.end(JSON.stringify({ ok: false, store: 'closed' }))
    }
    if (req.url === '/tasks' && req.method === 'POST') {
      if (req.headers.authorization !== 'Bearer tok') {
        res.statusCode = 401
        return res.end(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'send the token' } }))
      }
      return res.end(JSON.stringify({ id: 'ab'.repeat(32) }))
    }
    if (req.url?.startsWith('/tasks/')) {
      res.statusCode = 404
      return res.end(
        JSON.stringify({ error: { code: 'TASK_NOT_FOUND', message: 'no such task; list tasks' } }),
      )
    }
    res.end(JSON.stringify({ tasks: [{ id: '01', status: 'Published' }] }))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

describe('ApiClient', () => {
  it('sends the token with actions only', async () => {
    const api = new ApiClient({ url, token: 'tok' })
    const r = await api.publishTask({
      account: 'p',
      title: 't',
      taskType: 'GENERAL',
      difficulty: 'BEGINNER',
      reward: '5',
    })
    expect(r.id).toHaveLength(64)
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/tasks', auth: 'Bearer tok' })
    expect(JSON.parse(seen.at(-1)!.body)).toMatchObject({ account: 'p', reward: '5' })
    expect(await api.tasks({ status: 'Published', limit: 3 })).toHaveLength(1)
    expect(seen.at(-1)).toMatchObject({
      method: 'GET',
      url: '/tasks?status=Published&limit=3',
      auth: undefined,
    })
  })

  it("turns the node's error body into a CliError with its code, message and status", async () => {
    const err = await new ApiClient({ url }).task('ff').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CliError)
    expect(err).toMatchObject({
      code: 'TASK_NOT_FOUND',
      message: 'no such task; list tasks',
      status: 404,
      exitCode: 3,
    })
    const unauth = await new ApiClient({ url, token: 'wrong' })
      .publishTask({ account: 'p', title: 't', taskType: 'GENERAL', difficulty: 'BEGINNER', reward: '5' })
      .catch((e: unknown) => e)
    expect(unauth).toMatchObject({ code: 'UNAUTHORIZED', status: 401 })
  })

  it('returns the unhealthy body of /health', async () => {
    expect(await new ApiClient({ url }).health()).toMatchObject({ ok: false })
  })
})
