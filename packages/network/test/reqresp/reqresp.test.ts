/**
 * Req/resp over in-memory stream pairs (DESIGN §4): every protocol answers from a real engine,
 * responses are signed per chunk and checked, and the refusals carry the right result code and
 * peer action: forged response signature, replayed request, oversized frame, flood over the quota.
 */
import { REQRESP_LIMITS, ResultCode, type Status, sha256, toHex } from '@aimesh/protocol'
import { Uint8ArrayList } from 'uint8arraylist'
import { describe, expect, it } from 'vitest'
import { isReqRespError } from '../../src/reqresp/errors.js'
import { encodeRequestFrame, encodeVarint, FrameReader } from '../../src/reqresp/framing.js'
import { PROTOCOL_SPECS } from '../../src/reqresp/protocols.js'
import { signRequest } from '../../src/reqresp/signed.js'
import { localStatus } from '../../src/reqresp/status.js'
import { engineWith, makeRig, makeWorld } from './pair.js'

const world = makeWorld()
const all = world.sim.messages.map((m) => m.bytes)

async function readAll(reader: FrameReader) {
  const out: { result: number; text: string }[] = []
  for (let i = 0; i < 8; i++) {
    const c = await reader.readChunk(() => REQRESP_LIMITS.chunkBytes, 2_000, i === 0)
    if (c === null) break
    out.push({ result: c.result, text: new TextDecoder().decode(c.payload) })
  }
  return out
}

async function expectRefused(p: Promise<unknown>, code: string, result?: number) {
  try {
    await p
    throw new Error('request succeeded')
  } catch (err) {
    if (!isReqRespError(err)) throw err
    expect(err.code).toBe(code)
    if (result !== undefined) expect(err.result).toBe(result)
  }
}

describe('req/resp protocols', () => {
  it('exchanges status both ways', async () => {
    const engine = await engineWith(world, all)
    const rig = await makeRig(world, engine)
    const mine = localStatus(await engineWith(world), world.now)
    const [theirs] = await rig.client.requestAll(rig.serverPeer, 'status', mine)
    expect(toHex(theirs!.messageRoot)).toBe(toHex(engine.stateRoot()))
    expect(theirs!.messages).toBe(engine.messageCount)
    expect(toHex(theirs!.genesisHash)).toBe(toHex(mine.genesisHash))
    expect(rig.statuses).toHaveLength(1)
    expect((rig.statuses[0] as Status).messages).toBe(0)
  })

  it('serves inventory in pages, task-sync and messages from the engine', async () => {
    const engine = await engineWith(world, all)
    const rig = await makeRig(world, engine)
    const inv = engine.inventory()
    const page = await rig.client.requestAll(rig.serverPeer, 'inventory', {
      from: new Uint8Array(0),
      to: new Uint8Array(0),
      limit: 2,
    })
    expect(page.flatMap((c) => c.entries.map((e) => toHex(e.taskId)))).toEqual(
      inv.slice(0, 2).map((e) => toHex(e.taskId)),
    )
    expect(page.at(-1)!.more).toBe(true)
    const rest = await rig.client.requestAll(rig.serverPeer, 'inventory', {
      from: inv[2]!.taskId,
      to: new Uint8Array(0),
      limit: 0,
    })
    expect(rest.flatMap((c) => c.entries)).toHaveLength(inv.length - 2)
    expect(rest.at(-1)!.more).toBe(false)

    const taskIds = inv.map((e) => e.taskId)
    const chunks = await rig.client.requestAll(rig.serverPeer, 'task-sync', { taskIds })
    const got = chunks.flatMap((c) => c.envelopes).map(toHex)
    expect(new Set(got)).toEqual(new Set(all.map(toHex)))
    expect(chunks.every((c) => c.envelopes.length <= REQRESP_LIMITS.chunkItems)).toBe(true)

    const ids = world.sim.messages.slice(0, 3).map((m) => m.id)
    const msgs = await rig.client.requestAll(rig.serverPeer, 'messages', {
      ids: [...ids, new Uint8Array(32)],
    })
    expect(msgs.flatMap((c) => c.envelopes).map(toHex)).toEqual(
      world.sim.messages.slice(0, 3).map((m) => toHex(m.bytes)),
    )
    expect(rig.clientReports.reports).toEqual([])
  })

  it('replicates envelopes and answers with a signed receipt', async () => {
    const engine = await engineWith(world)
    const rig = await makeRig(world, engine)
    const [receipt] = await rig.client.requestAll(rig.serverPeer, 'replicate', {
      envelopes: all.slice(0, 20),
    })
    expect(receipt!.accepted + receipt!.ignored + receipt!.rejected).toBe(20)
    expect(receipt!.rejected).toBe(0)
    expect(receipt!.accepted).toBeGreaterThan(0)
    expect(toHex(receipt!.messageRoot)).toBe(toHex(engine.stateRoot()))
  })

  it('serves content by hash and says RESOURCE_UNAVAILABLE without penalty when not held', async () => {
    const blob = new Uint8Array(REQRESP_LIMITS.contentChunkBytes + 10).map((_, i) => i % 251)
    const hash = sha256(blob)
    const engine = await engineWith(world)
    const rig = await makeRig(world, engine, {
      blobs: { get: async (h) => (toHex(h) === toHex(hash) ? blob : undefined) },
    })
    const chunks = await rig.client.requestAll(rig.serverPeer, 'content', { hash })
    expect(chunks).toHaveLength(2)
    const { assembleContent } = await import('../../src/reqresp/handlers.js')
    expect(toHex(assembleContent(hash, chunks))).toBe(toHex(blob))
    expect(() => assembleContent(sha256(new Uint8Array(1)), chunks)).toThrow(/hash/)
    await expectRefused(
      rig.client.requestAll(rig.serverPeer, 'content', { hash: new Uint8Array(32) }),
      'REMOTE_ERROR',
      ResultCode.RESOURCE_UNAVAILABLE,
    )
    expect(rig.clientReports.reports).toEqual([])
  })

  it('records goodbye reasons', async () => {
    const rig = await makeRig(world, await engineWith(world))
    expect(await rig.client.requestAll(rig.serverPeer, 'goodbye', { reason: 2 })).toEqual([])
    expect(rig.goodbyes).toEqual([2])
  })
})

describe('req/resp refusals', () => {
  it('refuses a forged response signature and penalizes the server', async () => {
    const engine = await engineWith(world, all)
    const rig = await makeRig(world, engine, { forgeServer: true })
    await expectRefused(
      rig.client.requestAll(rig.serverPeer, 'status', localStatus(engine, world.now)),
      'BAD_RESPONSE_SIGNATURE',
    )
    expect(rig.clientReports.reports).toEqual([
      { peer: rig.serverPeer.toString(), action: 'low', code: 'reqresp/status/BAD_RESPONSE_SIGNATURE' },
    ])
  })

  it('refuses a replayed request with UNAUTHENTICATED and penalizes the requester', async () => {
    const engine = await engineWith(world, all)
    const rig = await makeRig(world, engine)
    const body = PROTOCOL_SPECS.status.request.encode(localStatus(engine, world.now))
    const { frame } = await signRequest(
      world.genesis.networkId,
      'status',
      rig.clientSigner,
      rig.serverPeer,
      body,
      world.now,
    )
    const results: number[][] = []
    for (let i = 0; i < 2; i++) {
      const stream = await rig.rawStream('status')
      const reader = new FrameReader(stream, REQRESP_LIMITS.clientBufferBytes)
      await reader.write(encodeRequestFrame(frame))
      await stream.close()
      results.push((await readAll(reader)).map((c) => c.result))
    }
    await rig.settle()
    expect(results).toEqual([[ResultCode.OK], [ResultCode.UNAUTHENTICATED]])
    expect(rig.serverReports.reports).toEqual([
      { peer: rig.clientPeer.toString(), action: 'low', code: 'reqresp/status/REPLAYED_REQUEST' },
    ])
  })

  it('refuses a request frame over the limit before reading it', async () => {
    const rig = await makeRig(world, await engineWith(world))
    const stream = await rig.rawStream('status')
    const reader = new FrameReader(stream, REQRESP_LIMITS.clientBufferBytes)
    // Announce a huge frame and send only a few bytes of it: the server must not wait for the rest.
    await reader.write(new Uint8ArrayList(encodeVarint(REQRESP_LIMITS.requestBytes + 1), new Uint8Array(8)))
    const chunks = await readAll(reader)
    await rig.settle()
    expect(chunks.map((c) => c.result)).toEqual([ResultCode.INVALID_REQUEST])
    expect(rig.serverReports.reports.map((r) => [r.action, r.code])).toEqual([
      ['low', 'reqresp/status/FRAME_TOO_LARGE'],
    ])
  })

  it('refuses a flood beyond the quota with RATE_LIMITED, each with a penalty, and still serves', async () => {
    const engine = await engineWith(world, all)
    const rig = await makeRig(world, engine, { client: { selfThrottle: false } })
    const quota = PROTOCOL_SPECS.status.quota.maxTokens
    const codes: (number | 'ok')[] = []
    for (let i = 0; i < quota + 4; i++) {
      try {
        await rig.client.requestAll(rig.serverPeer, 'status', localStatus(engine, world.now))
        codes.push('ok')
      } catch (err) {
        if (!isReqRespError(err, 'REMOTE_ERROR')) throw err
        codes.push(err.result)
      }
    }
    expect(codes).toEqual([...Array(quota).fill('ok'), ...Array(4).fill(ResultCode.RATE_LIMITED)])
    expect(
      rig.serverReports.reports.filter((r) => r.code === 'reqresp/status/RATE_LIMITED').map((r) => r.action),
    ).toEqual(Array(4).fill('mid'))
    // Other protocols have their own quota.
    const inv = await rig.client.requestAll(rig.serverPeer, 'inventory', {
      from: new Uint8Array(0),
      to: new Uint8Array(0),
      limit: 0,
    })
    expect(inv.flatMap((c) => c.entries).length).toBe(engine.inventory().length)
  })

  it('a throttled client waits for its quota instead of being refused', async () => {
    const engine = await engineWith(world)
    const specs = {
      ...PROTOCOL_SPECS,
      status: { ...PROTOCOL_SPECS.status, quota: { maxTokens: 2, byTimeMs: 200 } },
    }
    const rig = await makeRig(world, engine, { specs })
    for (let i = 0; i < 5; i++)
      await rig.client.requestAll(rig.serverPeer, 'status', localStatus(engine, world.now))
    expect(rig.serverReports.reports).toEqual([])
  })

  it('refuses a request addressed to another peer, or signed by another key', async () => {
    const engine = await engineWith(world)
    const rig = await makeRig(world, engine)
    const body = PROTOCOL_SPECS.status.request.encode(localStatus(engine, world.now))
    const wrongTo = await signRequest(
      world.genesis.networkId,
      'status',
      rig.clientSigner,
      rig.clientPeer,
      body,
      world.now,
    )
    const forged = await signRequest(
      world.genesis.networkId,
      'status',
      rig.serverSigner,
      rig.serverPeer,
      body,
      world.now,
    )
    for (const { frame } of [wrongTo, forged]) {
      const stream = await rig.rawStream('status')
      const reader = new FrameReader(stream, REQRESP_LIMITS.clientBufferBytes)
      await reader.write(encodeRequestFrame(frame))
      await stream.close()
      expect((await readAll(reader)).map((c) => c.result)).toEqual([ResultCode.UNAUTHENTICATED])
    }
    await rig.settle()
    expect(rig.serverReports.reports.map((r) => r.code)).toEqual([
      'reqresp/status/WRONG_ADDRESSEE',
      'reqresp/status/BAD_REQUEST_SIGNATURE',
    ])
  })
})
