/**
 * The HTTP API (docs/api.md, DESIGN §10): every action through real HTTP on 127.0.0.1 port 0; a
 * change without the token is refused; malformed JSON, unknown ids and out-of-range values get a
 * clear 4xx naming the problem, and nothing is written.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AimeshNode } from '../src/index.js'
import { TestClock, tempDir, testHome, testNode, waitFor } from './helpers/home.js'

let node: AimeshNode
let url: string
let token: string
let clock: TestClock
let cleanup: () => Promise<void>

interface Answer {
  status: number
  body: Record<string, unknown>
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  auth: string | null = token,
): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (auth !== null) headers.authorization = `Bearer ${auth}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const text = await res.text()
  return {
    status: res.status,
    body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text },
  }
}

const errorOf = (a: Answer) => (a.body.error ?? {}) as { code?: string; message?: string; field?: string }

beforeAll(async () => {
  const t = await tempDir()
  cleanup = t.cleanup
  clock = new TestClock(Date.now())
  await testHome(t.dir, clock.t)
  token = (await readFile(join(t.dir, 'api-token'), 'utf8')).trim()
  node = await testNode(t.dir, clock)
  await node.start()
  url = node.apiUrl!
})

afterAll(async () => {
  await node?.stop()
  await cleanup?.()
})

const task = {
  account: 'publisher',
  title: 'explain a proof',
  taskType: 'LOGIC_REASONING',
  difficulty: 'BEGINNER',
  details: { complexity: 3 },
  reward: '5000000',
  phases: { commitMs: 60_000, revealMs: 10_000, validationMs: 10_000, challengeMs: 10_000 },
  input: 'prove that the square root of 2 is irrational',
}

describe('HTTP API', () => {
  it('listens on 127.0.0.1 and answers reads without a token', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const health = await call('GET', '/health', undefined, null)
    expect(health.status).toBe(200)
    expect(health.body).toMatchObject({ ok: true, store: true, peers: null })
    const status = await call('GET', '/status', undefined, null)
    expect(status.body).toMatchObject({ networkId: 'nodetest', messages: 0 })
    expect(status.body.stateRoot).toMatch(/^[0-9a-f]{64}$/)
    expect(status.body.derivedDigest).toMatch(/^[0-9a-f]{64}$/)
    const accounts = await call('GET', '/accounts', undefined, null)
    expect((accounts.body.accounts as unknown[]).length).toBe(5)
    const metrics = await fetch(`${url}/metrics`)
    const text = await metrics.text()
    expect(text).toContain('aimesh_store_')
    expect(text).toContain('aimesh_process_')
  })

  it('refuses every change without the right token and writes nothing', async () => {
    const before = (await call('GET', '/status')).body.stateRoot
    const posts = [
      ['POST', '/tasks', task],
      ['POST', `/tasks/${'ab'.repeat(32)}/answer`, { account: 'miner1', answer: 'x' }],
      ['POST', '/accounts', { name: 'intruder' }],
      ['POST', '/backups', {}],
    ] as const
    for (const [method, path, body] of posts) {
      const none = await call(method, path, body, null)
      expect(none.status).toBe(401)
      expect(errorOf(none).code).toBe('UNAUTHORIZED')
      expect(errorOf(none).message).toContain('Bearer')
      const wrong = await call(method, path, body, 'f'.repeat(64))
      expect(wrong.status).toBe(401)
    }
    expect((await call('GET', '/status')).body.stateRoot).toBe(before)
    expect(node.keystore.find('intruder')).toBeUndefined()
    expect((await call('GET', '/backups')).body.backups).toEqual([])
  })

  it('answers malformed JSON, unknown ids and out-of-range values with a clear 4xx and writes nothing', async () => {
    const before = (await call('GET', '/status')).body
    const malformed = await call('POST', '/tasks', '{"account": "publisher", ')
    expect(malformed.status).toBe(400)
    expect(errorOf(malformed).code).toBe('MALFORMED_JSON')

    const unknownTask = await call('POST', `/tasks/${'ab'.repeat(32)}/answer`, {
      account: 'miner1',
      answer: 'x',
    })
    expect(unknownTask.status).toBe(404)
    expect(errorOf(unknownTask)).toMatchObject({ code: 'NOT_FOUND', field: 'taskId' })
    expect((await call('GET', `/tasks/${'cd'.repeat(32)}`)).status).toBe(404)
    const badId = await call('GET', '/tasks/not-an-id')
    expect(badId.status).toBe(400)
    expect(errorOf(badId).field).toBe('id')

    const unknownAccount = await call('POST', '/tasks', { ...task, account: 'nobody' })
    expect(unknownAccount.status).toBe(404)
    expect(errorOf(unknownAccount).code).toBe('UNKNOWN_ACCOUNT')

    const hugeReward = await call('POST', '/tasks', { ...task, reward: '18446744073709551616' })
    expect(hugeReward.status).toBe(422)
    expect(errorOf(hugeReward)).toMatchObject({ code: 'OUT_OF_RANGE', field: 'reward' })
    const zeroReward = await call('POST', '/tasks', { ...task, reward: '0' })
    expect(zeroReward.status).toBe(422)
    const badType = await call('POST', '/tasks', { ...task, taskType: 'POETRY' })
    expect(badType.status).toBe(400)
    expect(errorOf(badType).field).toBe('taskType')
    const unknownField = await call('POST', '/tasks', { ...task, colour: 'red' })
    expect(unknownField.status).toBe(400)
    expect(errorOf(unknownField).message).toContain('colour')
    const badLimit = await call('GET', '/tasks?limit=100000')
    expect(badLimit.status).toBe(422)
    const notFoundRoute = await call('GET', '/nowhere')
    expect(notFoundRoute.status).toBe(404)

    const after = (await call('GET', '/status')).body
    expect(after.stateRoot).toBe(before.stateRoot)
    expect(after.messages).toBe(before.messages)
  })

  it('runs every action through the API', async () => {
    const events = new AbortController()
    const seen: string[] = []
    const stream = fetch(`${url}/events`, { signal: events.signal })
      .then(async (res) => {
        expect(res.headers.get('content-type')).toContain('text/event-stream')
        const reader = res.body!.getReader()
        const decoder = new TextDecoder()
        for (;;) {
          const { value, done } = await reader.read()
          if (done) return
          for (const m of decoder.decode(value).matchAll(/^event: (\S+)$/gm)) seen.push(m[1]!)
        }
      })
      .catch(() => undefined)

    const keys = Object.fromEntries(node.keystore.list().map((a) => [a.name, a.publicKey]))
    for (const name of ['publisher', 'miner1', 'miner2', 'validator1', 'validator2']) {
      const p = await call('POST', `/accounts/${name}/profile`, { capacity: 4 })
      expect(p.status).toBe(200)
    }
    const published = await call('POST', '/tasks', task)
    expect(published.status).toBe(201)
    const taskId = published.body.id as string
    const blob = await fetch(`${url}/blobs/${published.body.inputHash}`)
    expect(await blob.text()).toBe(task.input)

    clock.advance(31_000)
    const commit = await call('POST', `/tasks/${taskId}/commit`, {
      account: 'miner1',
      answer: 'suppose p/q in lowest terms…',
    })
    expect(commit.status).toBe(200)
    expect(commit.body.salt).toMatch(/^[0-9a-f]{64}$/)
    const early = await call('POST', `/tasks/${taskId}/reveal`, { account: 'miner1' })
    expect(early.status).toBe(409)
    expect(errorOf(early).code).toBe('NOT_READY')
    const answer = await call('POST', `/tasks/${taskId}/answer`, {
      account: 'miner2',
      answer: 'assume √2 = a/b with a, b coprime',
    })
    expect(answer.status).toBe(200)
    expect(answer.body.commitId).toMatch(/^[0-9a-f]{64}$/)

    clock.advance(30_000)
    const reveal = await call('POST', `/tasks/${taskId}/reveal`, { account: 'miner1' })
    expect(reveal.status).toBe(200)
    // miner2's answer is revealed by the node itself.
    await waitFor(
      async () => ((await call('GET', `/tasks/${taskId}`)).body.submissions as unknown[]).length === 2,
      'automatic reveal',
    )
    const view = (await call('GET', `/tasks/${taskId}`)).body
    const subs = view.submissions as { id: string; miner: string }[]

    clock.advance(10_000)
    const outOfRange = await call('POST', `/submissions/${subs[0]!.id}/score`, {
      account: 'validator1',
      score: 101,
    })
    expect(outOfRange.status).toBe(422)
    expect(errorOf(outOfRange).field).toBe('score')
    for (const v of ['validator1', 'validator2'])
      for (const s of subs) {
        const scored = await call('POST', `/submissions/${s.id}/score`, {
          account: v,
          score: s.miner === keys.miner1 ? 88 : 64,
        })
        expect(scored.status).toBe(200)
      }
    const selfScore = await call('POST', `/submissions/${subs[0]!.id}/score`, {
      account: subs[0]!.miner === keys.miner1 ? 'miner1' : 'miner2',
      score: 100,
    })
    expect(selfScore.status).toBe(409)
    expect(errorOf(selfScore).code).toBe('REFUSED')

    // After the validation deadline: the computed vote, cast on request (the signer may beat us to it).
    clock.advance(10_000)
    const vote = await call('POST', `/tasks/${taskId}/vote`, {})
    expect([200, 409]).toContain(vote.status)
    await waitFor(async () => {
      const o = (await call('GET', `/tasks/${taskId}`)).body.outcome as { state: string }
      return o.state === 'certified'
    }, 'certified outcome')

    const unclaimed = await call('GET', `/rewards/unclaimed/${keys.miner1}`)
    expect((unclaimed.body.rewards as unknown[]).length).toBeGreaterThan(0)
    const claim = await call('POST', `/tasks/${taskId}/claim`, { account: 'miner1' })
    expect(claim.status).toBe(200)
    expect((await call('GET', `/rewards/unclaimed/${keys.miner1}`)).body.rewards).toEqual([])

    const dispute = await call('POST', `/tasks/${taskId}/disputes`, {
      account: 'miner2',
      disputeType: 'VALIDATION_ACCURACY',
      accused: keys.validator1,
      reason: 'scored my answer too low',
      evidence: [],
    })
    expect(dispute.status).toBe(201)
    const disputes = await call('GET', `/disputes?task=${taskId}`)
    expect((disputes.body.disputes as unknown[]).length).toBe(1)
    const panelVote = await call('POST', `/disputes/${dispute.body.id}/vote`, {
      account: 'validator2',
      uphold: false,
    })
    expect([200, 409]).toContain(panelVote.status)
    if (panelVote.status === 409) expect(errorOf(panelVote).code).toBe('REFUSED')

    const miner = await call('GET', `/miners/${keys.miner1}`)
    expect(miner.status).toBe(200)
    expect((await call('GET', '/leaderboard?limit=3')).body.miners).toHaveLength(3)
    expect((await call('GET', `/tasks?status=COMPLETED&publisher=${keys.publisher}`)).status).toBe(200)
    expect((await call('GET', '/checkpoints')).body.validatorSet).toMatchObject({
      validators: [{}, {}],
    })
    expect((await call('GET', '/peers')).body).toMatchObject({ peers: [], enabled: false })

    const ban = await call('POST', '/peers/12D3KooWabc/ban', {})
    expect(ban.status).toBe(409)
    expect(errorOf(ban).code).toBe('NO_NETWORK')

    const created = await call('POST', '/accounts', { name: 'carol', roles: ['miner'] })
    expect(created.status).toBe(201)
    expect(created.body.publicKey).toMatch(/^[0-9a-f]{64}$/)

    const backup = await call('POST', '/backups', {})
    expect(backup.status).toBe(201)
    expect((await call('GET', '/backups')).body.backups).toHaveLength(1)
    expect((await call('GET', '/health')).body.lastBackup).toMatchObject({ kind: 'full' })

    await waitFor(
      () => seen.includes('finalized') && seen.includes('accepted') && seen.includes('task-status'),
      'SSE events',
    )
    events.abort()
    await stream
  })

  it('accepts a pre-signed envelope and returns the verdict of a bad one', async () => {
    const { signMessage, MessageKind } = await import('@aimesh/protocol')
    const key = node.keystore.get('miner2').key
    const msg = signMessage(
      'nodetest',
      MessageKind.MinerProfile,
      {
        timestamp: clock.now(),
        publisher: false,
        miner: true,
        validator: false,
        specializations: [],
        capacity: 2,
        name: 'wallet',
        workNonce: new Uint8Array(0),
      },
      key,
    )
    const ok = await call('POST', '/messages', { envelope: Buffer.from(msg.bytes).toString('hex') })
    expect(ok.status).toBe(202)
    const again = await call('POST', '/messages', { envelope: Buffer.from(msg.bytes).toString('hex') })
    expect(again.status).toBe(409)
    const broken = Buffer.from(msg.bytes)
    broken[broken.length - 1]! ^= 1
    const bad = await call('POST', '/messages', { envelope: broken.toString('hex') })
    expect(bad.status).toBe(409)
    expect(bad.body).toMatchObject({ verdict: 'REJECT' })
    const notHex = await call('POST', '/messages', { envelope: 'xyz' })
    expect(notHex.status).toBe(400)
  })
})
