/**
 * Req/resp refusals between real nodes on 127.0.0.1 (DESIGN §4, §10): a forged response
 * signature, a replayed request, an oversized frame and a flood beyond the quota are each refused
 * with the right code and penalty, and the node keeps serving. Also quorum replication with signed
 * receipts and the parent fetcher the pending buffer uses.
 */
import { protocolId, REQRESP_LIMITS, ResultCode, sha256, toHex } from '@aimesh/protocol'
import type { Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { Uint8ArrayList } from 'uint8arraylist'
import { afterEach, describe, expect, it } from 'vitest'
import { isReqRespError } from '../src/reqresp/errors.js'
import { encodeChunk, encodeRequestFrame, encodeVarint, FrameReader } from '../src/reqresp/framing.js'
import { PROTOCOL_SPECS } from '../src/reqresp/protocols.js'
import { signChunk, signRequest } from '../src/reqresp/signed.js'
import { makeWorkload, type TestNode, Testnet, waitFor } from './helpers/testnet.js'
import { newSigner } from './reqresp/pair.js'

const workload = makeWorkload({ seed: 5, tasks: 6 })
const quiet = { antiEntropyMs: 0, syncOnStatus: false }
let net: Testnet | null = null

afterEach(async () => {
  await net?.stopAll()
  net = null
})

async function readResults(stream: Stream): Promise<number[]> {
  const reader = new FrameReader(stream, REQRESP_LIMITS.clientBufferBytes)
  const out: number[] = []
  for (let i = 0; i < 8; i++) {
    const c = await reader.readChunk(() => REQRESP_LIMITS.chunkBytes, 5_000, i === 0)
    if (c === null) break
    out.push(c.result)
  }
  return out
}

async function rawRequest(
  from: TestNode,
  to: TestNode,
  name: 'status',
  bytes: Uint8ArrayList,
): Promise<number[]> {
  const stream = await from.network.host.dialProtocol(
    peerIdFromString(to.network.peerId),
    protocolId(workload.genesis.networkId, name),
  )
  const reader = new FrameReader(stream, REQRESP_LIMITS.clientBufferBytes)
  await reader.write(bytes)
  await stream.close()
  return readResults(stream)
}

describe('req/resp refusals between real nodes', () => {
  it('refuses a replayed request and an oversized frame with their codes and penalties', async () => {
    net = new Testnet(workload)
    const [x, y, z] = await net.start(3, { init: { sync: quiet } })
    await net.connect(x!, y!)
    await net.connect(z!, y!)
    const body = PROTOCOL_SPECS.status.request.encode(x!.network.reqresp.localStatus())
    const { frame } = await signRequest(
      workload.genesis.networkId,
      'status',
      x!.network.reqresp.signer,
      peerIdFromString(y!.network.peerId),
      body,
      workload.now,
    )
    expect(await rawRequest(x!, y!, 'status', encodeRequestFrame(frame))).toEqual([ResultCode.OK])
    expect(await rawRequest(x!, y!, 'status', encodeRequestFrame(frame))).toEqual([
      ResultCode.UNAUTHENTICATED,
    ])
    const afterReplay = y!.network.scorer.appScore(x!.network.peerId)
    expect(afterReplay).toBeLessThan(0)
    const oversized = new Uint8ArrayList(encodeVarint(REQRESP_LIMITS.requestBytes + 1), new Uint8Array(16))
    expect(await rawRequest(x!, y!, 'status', oversized)).toEqual([ResultCode.INVALID_REQUEST])
    expect(y!.network.scorer.appScore(x!.network.peerId)).toBeLessThan(afterReplay)
    // Nothing crashed: y still answers others.
    const [status] = await z!.network.reqresp.client.requestAll(
      peerIdFromString(y!.network.peerId),
      'inventory',
      { from: new Uint8Array(0), to: new Uint8Array(0), limit: 0 },
    )
    expect(status).toBeDefined()
  })

  it('refuses a forged response signature and penalizes the server', async () => {
    net = new Testnet(workload)
    const [honest, forger] = await net.start(2, { init: { sync: quiet } })
    const other = await newSigner()
    // The forger answers status with a chunk signed by a key that is not its peer key.
    await forger!.network.host.handle(
      protocolId(workload.genesis.networkId, 'status'),
      async (stream) => {
        const reader = new FrameReader(stream, REQRESP_LIMITS.requestBytes + 16)
        await reader.readRequest(REQRESP_LIMITS.requestBytes, 5_000)
        const body = PROTOCOL_SPECS.status.response.encode(forger!.network.reqresp.localStatus())
        const chunk = await signChunk(workload.genesis.networkId, 'status', other, sha256(body), 0, body)
        await reader.write(encodeChunk(ResultCode.OK, chunk))
        await stream.close()
      },
      { force: true },
    )
    await net.connect(honest!, forger!)
    try {
      await honest!.network.reqresp.client.requestAll(
        peerIdFromString(forger!.network.peerId),
        'status',
        honest!.network.reqresp.localStatus(),
      )
      throw new Error('forged status was accepted')
    } catch (err) {
      if (!isReqRespError(err)) throw err
      expect(err.code).toBe('BAD_RESPONSE_SIGNATURE')
    }
    expect(honest!.network.scorer.appScore(forger!.network.peerId)).toBeLessThan(0)
  })

  it('refuses a flood beyond the quota with RATE_LIMITED, penalizes it, and keeps serving others', async () => {
    net = new Testnet(workload)
    const [server, bystander] = await net.start(2, { init: { sync: quiet } })
    // The flooder ignores the quota its client would normally keep.
    const rogue = await net.startNode({ init: { sync: { ...quiet, selfThrottle: false } } })
    await net.connect(rogue, server!)
    await net.connect(bystander!, server!)
    const codes: (number | string)[] = []
    const serverPeer = peerIdFromString(server!.network.peerId)
    for (let i = 0; i < PROTOCOL_SPECS.status.quota.maxTokens + 6; i++) {
      try {
        await rogue.network.reqresp.client.requestAll(
          serverPeer,
          'status',
          rogue.network.reqresp.localStatus(),
        )
        codes.push('ok')
      } catch (err) {
        if (!isReqRespError(err)) throw err
        codes.push(err.code === 'REMOTE_ERROR' ? err.result : err.code)
      }
    }
    expect(codes).toContain(ResultCode.RATE_LIMITED)
    expect(codes.indexOf(ResultCode.RATE_LIMITED)).toBeGreaterThan(0)
    expect(server!.network.scorer.appScore(rogue.network.peerId)).toBeLessThanOrEqual(-20)
    const inv = await bystander!.network.reqresp.client.requestAll(serverPeer, 'inventory', {
      from: new Uint8Array(0),
      to: new Uint8Array(0),
      limit: 0,
    })
    expect(inv.length).toBeGreaterThan(0)
  })
})

describe('replication and parent fetching between real nodes', () => {
  it('reaches a quorum of signed receipts and fetches parents by id and by task', async () => {
    net = new Testnet(workload)
    const [a, b, c] = await net.start(3, { init: { sync: quiet } })
    await a!.engine.ingestMany(workload.envelopes, workload.now)
    await net.connect(a!, b!)
    await net.connect(a!, c!)
    await waitFor(() => a!.network.reqresp.statuses().size === 2, { what: 'two handshakes' })
    const result = await a!.network.sync.replicate(workload.envelopes, { quorum: 2 })
    expect(result.targets).toBe(2)
    expect(result.successes).toBe(2)
    expect(result.attempts).toBe(2)
    expect(result.lag).toBeGreaterThanOrEqual(0)
    expect(toHex(b!.engine.stateRoot())).toBe(toHex(a!.engine.stateRoot()))

    const d = await net.startNode({ init: { sync: quiet } })
    await net.connect(d, a!)
    const msg = workload.sim.messages[0]!
    const [taskHex] = [...workload.sim.byTask.keys()]
    const byId = await d.network.parentFetcher.fetchParents(a!.network.peerId, [msg.id])
    expect(byId.map(toHex)).toEqual([toHex(msg.bytes)])
    const taskId = Uint8Array.from(Buffer.from(taskHex!, 'hex'))
    // A task id is its publication's message id: the parent a held child waits for.
    const byTask = await d.network.parentFetcher.fetchParents(a!.network.peerId, [taskId])
    const publication = workload.sim.messages.find((m) => toHex(m.id) === taskHex)!
    expect(byTask.map(toHex)).toEqual([toHex(publication.bytes)])
  })
})
