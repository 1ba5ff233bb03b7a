/**
 * The API's routes (docs/api.md): reads without a token, actions with one. Every input goes
 * through its zod schema before anything is signed or written.
 */
import { fromHex, toHex, Verdict } from '@aimesh/protocol'
import { listBackups } from '@aimesh/store'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Difficulty, DisputeType, TaskType, VerificationType } from '../actions.js'
import { NodeError } from '../errors.js'
import type { AimeshNode } from '../node.js'
import { parseInput } from './errors.js'
import * as s from './schemas.js'
import { streamEvents } from './sse.js'

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>

/** Registers every route on `app`; `auth` guards the ones that change state. */
export function registerRoutes(app: FastifyInstance, node: AimeshNode, auth: Handler): void {
  const guarded = { preHandler: auth }
  const params = <T extends import('zod').ZodType>(schema: T, r: FastifyRequest) =>
    parseInput(schema, r.params, 'path')
  const query = <T extends import('zod').ZodType>(schema: T, r: FastifyRequest) =>
    parseInput(schema, r.query ?? {}, 'query')
  const body = <T extends import('zod').ZodType>(schema: T, r: FastifyRequest) =>
    parseInput(schema, r.body ?? {}, 'body')

  // ---- reads ----------------------------------------------------------------------------------
  app.get('/health', async (_r, reply) => {
    const h = await node.health()
    return reply.status(h.ok ? 200 : 503).send(h)
  })
  app.get('/metrics', async (_r, reply) => {
    const text = await node.metricsText()
    return reply.header('content-type', node.metrics.contentType).send(text)
  })
  app.get('/status', async () => node.status())
  app.get('/tasks', async (r) => {
    const q = query(s.tasksQuery, r)
    return { tasks: node.queries.tasks(q) }
  })
  app.get('/tasks/:id', async (r) => node.queries.task(params(s.idParams, r).id))
  app.get('/miners/:account', async (r) => node.queries.miner(params(s.accountParams, r).account))
  app.get('/leaderboard', async (r) => ({
    miners: node.queries.leaderboard(query(s.limitQuery, r).limit ?? 20),
  }))
  app.get('/rewards/unclaimed/:account', async (r) => ({
    rewards: node.queries.unclaimed(params(s.accountParams, r).account),
  }))
  app.get('/disputes', async (r) => {
    const q = query(s.disputesQuery, r)
    return {
      disputes: node.queries.disputes({
        ...(q.task === undefined ? {} : { taskId: q.task }),
        ...(q.status === undefined ? {} : { status: q.status }),
      }),
    }
  })
  app.get('/accounts', async () => ({ accounts: node.keystore.list() }))
  app.get('/peers', async () => ({
    peers: node.network?.peers() ?? [],
    bans: node.network?.bans() ?? [],
    enabled: node.network !== null,
  }))
  app.get('/checkpoints', async () => ({
    checkpoints: node.queries.checkpoints(),
    validatorSet: node.queries.validatorSet(),
  }))
  app.get('/blobs/:hash', async (r, reply) => {
    const { hash } = params(s.hashParams, r)
    const bytes = await node.blobs.get(hash)
    if (bytes === undefined) throw new NodeError('NOT_FOUND', `no blob ${hash} is held here`, 'hash')
    return reply.header('content-type', 'application/octet-stream').send(Buffer.from(bytes))
  })
  app.get('/backups', async () => ({
    backups: (await listBackups(node.config.backupDir)).map((b) => ({
      dir: b.dir,
      id: b.manifest.id,
      kind: b.manifest.kind,
      createdAt: b.manifest.createdAt,
      encrypted: b.manifest.encrypted,
    })),
  }))
  app.get('/events', async (r, reply) => streamEvents(node, r, reply))

  // ---- actions --------------------------------------------------------------------------------
  app.post('/tasks', guarded, async (r, reply) => {
    const b = body(s.publishTaskBody, r)
    const res = await node.actions.publishTask(
      {
        ...b,
        taskType: b.taskType as TaskType,
        difficulty: b.difficulty as Difficulty,
        ...(b.verification === undefined
          ? {}
          : {
              verification: { ...b.verification, type: b.verification.type as VerificationType | undefined },
            }),
      } as Parameters<typeof node.actions.publishTask>[0],
      'api',
    )
    return reply.status(201).send({ id: res.id, inputHash: res.inputHash })
  })
  app.post('/tasks/:id/cancel', guarded, async (r) => {
    const { id } = params(s.idParams, r)
    const b = body(s.cancelBody, r)
    return { id: (await node.actions.cancelTask(b.account, id, b.reason ?? '', 'api')).id }
  })
  app.post('/tasks/:id/commit', guarded, async (r) => {
    const { id } = params(s.idParams, r)
    const b = body(s.answerBody, r)
    const res = await node.actions.commit(b.account, id, b.answer, { source: 'api' })
    return { id: res.id, salt: res.salt }
  })
  app.post('/tasks/:id/reveal', guarded, async (r) => {
    const { id } = params(s.idParams, r)
    const b = body(s.accountBody, r)
    return { id: (await node.actions.reveal(b.account, id, 'api')).id }
  })
  app.post('/tasks/:id/answer', guarded, async (r) => {
    const { id } = params(s.idParams, r)
    const b = body(s.answerBody, r)
    return node.actions.submitAnswer(b.account, id, b.answer, 'api')
  })
  app.post('/submissions/:id/score', guarded, async (r) => {
    const { id } = params(s.idParams, r)
    const b = body(s.scoreBody, r)
    return { id: (await node.actions.score(b.account, id, b.score, b.comment ?? '', 'api')).id }
  })
  app.post('/tasks/:id/vote', guarded, async (r) => {
    const { id } = params(s.idParams, r)
    const b = body(s.optionalAccountBody, r)
    const votes = await node.actions.vote(id, b.account, 'api')
    return {
      votes: votes.map((v) => ({
        id: v.id,
        signer: toHex(v.message.signer),
        root: 'outcomeRoot' in v.message.body ? toHex(v.message.body.outcomeRoot as Uint8Array) : null,
      })),
    }
  })
  app.post('/tasks/:id/claim', guarded, async (r) => {
    const { id } = params(s.idParams, r)
    const b = body(s.accountBody, r)
    const res = await node.actions.claim(b.account, id, 'api')
    return { id: res.id, amount: 'amount' in res.message.body ? String(res.message.body.amount) : null }
  })
  app.post('/tasks/:id/disputes', guarded, async (r, reply) => {
    const { id } = params(s.idParams, r)
    const b = body(s.disputeBody, r)
    const res = await node.actions.openDispute(
      {
        account: b.account,
        taskId: id,
        disputeType: b.disputeType as DisputeType,
        accused: b.accused,
        evidenceIds: b.evidence ?? [],
        description: b.reason ?? '',
      },
      'api',
    )
    return reply.status(201).send({ id: res.id })
  })
  app.post('/disputes/:id/vote', guarded, async (r) => {
    const { id } = params(s.idParams, r)
    const b = body(s.disputeVoteBody, r)
    return { id: (await node.actions.voteDispute(b.account, id, b.uphold, b.reason ?? '', 'api')).id }
  })
  app.post('/messages', guarded, async (r, reply) => {
    const b = body(s.envelopeBody, r)
    const result = await node.actions.submitEnvelope(fromHex(b.envelope), 'api')
    if (result.verdict === Verdict.Accept) return reply.status(202).send({ verdict: result.verdict })
    return reply.status(409).send({
      verdict: result.verdict,
      error: { code: 'REFUSED', verdictCode: result.code, message: result.reason },
    })
  })
  app.post('/accounts', guarded, async (r, reply) => {
    const b = body(s.newAccountBody, r)
    return reply.status(201).send(await node.keystore.create(b.name, b.roles ?? ['publisher', 'miner']))
  })
  app.post('/accounts/:name/profile', guarded, async (r) => {
    const { name } = params(s.nameParams, r)
    const b = body(s.profileBody, r)
    return {
      id: (
        await node.actions.profile(
          { account: name, ...b } as Parameters<typeof node.actions.profile>[0],
          'api',
        )
      ).id,
    }
  })
  app.post('/peers/:peerId/ban', guarded, async (r) => {
    const { peerId } = params(s.peerParams, r)
    const b = body(s.banBody, r)
    const network = requireNetwork(node)
    await network.ban(peerId, b.reason ?? 'banned through the API', b.durationMs)
    return { peerId, banned: true }
  })
  app.delete('/peers/:peerId/ban', guarded, async (r) => {
    const { peerId } = params(s.peerParams, r)
    await requireNetwork(node).unban(peerId)
    return { peerId, banned: false }
  })
  app.post('/backups', guarded, async (r, reply) => {
    body(s.emptyBody, r)
    const stats = await node.backup()
    return reply.status(201).send({
      dir: stats.dir,
      id: stats.manifest.id,
      kind: stats.manifest.kind,
      createdAt: stats.manifest.createdAt,
      entries: stats.entries,
      bytes: stats.bytes,
    })
  })
}

function requireNetwork(node: AimeshNode) {
  if (node.network === null)
    throw new NodeError('NO_NETWORK', 'this node runs without a network; nothing to ban')
  return node.network
}
