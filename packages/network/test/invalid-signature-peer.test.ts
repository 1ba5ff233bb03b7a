/**
 * End to end (DESIGN §8, §10): a peer spamming envelopes with broken signatures is REJECTed, its
 * score falls, it is disconnected and then banned; the ban survives a restart of the peer and of
 * our node; honest messages still reach every node. The spammer is a stock libp2p + gossipsub peer.
 */

import { Verdict } from '@aimesh/protocol'
import { withBadSignature } from '@aimesh/simulation'
import { afterEach, describe, expect, it } from 'vitest'
import { BAN_THRESHOLD, DISCONNECT_THRESHOLD } from '../src/index.js'
import { type StockPeer, startStockPeer } from './helpers/stock-peer.js'
import { MetricsRecorder, makeWorkload, type TestNode, Testnet, waitFor } from './helpers/testnet.js'

const workload = makeWorkload({ seed: 31, tasks: 3 })
const network = workload.genesis.networkId
let net: Testnet
const stock: StockPeer[] = []
afterEach(async () => {
  await Promise.allSettled(stock.splice(0).map((s) => s.stop()))
  await net?.stopAll()
})

const connectedTo = (s: StockPeer, node: TestNode) =>
  s.node.getConnections().some((c) => c.remotePeer.toString() === node.network.peerId)

/** Dials `node` and expects the connection to be dropped by its gater. */
async function expectRefused(s: StockPeer, node: TestNode): Promise<void> {
  await s.dial(node.network.multiaddrs[0]!).catch(() => undefined)
  await waitFor(() => !connectedTo(s, node), { what: 'the banned peer to be dropped' })
  expect(node.network.peers().map((p) => p.id)).not.toContain(s.peerId)
}

describe('a peer sending invalid signatures', () => {
  it('is rejected, disconnected and banned across restarts while honest gossip flows', async () => {
    net = new Testnet(workload)
    const metrics = new MetricsRecorder()
    const a = await net.startNode({ metrics })
    const [b, c] = await net.start(2)
    await net.line([a, b!, c!])
    await net.waitForMesh([a, b!, c!])

    let s = await startStockPeer(network)
    stock.push(s)
    const events: string[] = []
    a.network.addEventListener('peer:disconnect', (e) => {
      if (e.detail.peerId === s.peerId) events.push('disconnect')
    })
    a.network.addEventListener('peer:banned', (e) => {
      if (e.detail.peerId === s.peerId) events.push('banned')
    })
    const rejected = () =>
      metrics.count('gossip_messages_total', {
        topic: 'account',
        verdict: Verdict.Reject,
        code: 'BAD_SIGNATURE',
      })
    const profiles = workload.sim.messages.filter((m) =>
      a.network.topics.topicOfKind(m.kind).endsWith('/account/1'),
    )
    const scores: number[] = []
    // Each attempt sends another forged message; one lost in a hang-up in progress is sent anew.
    for (const msg of profiles.slice(0, 20)) {
      if (a.network.scorer.isBanned(s.peerId)) break
      if (!connectedTo(s, a)) await s.dial(a.network.multiaddrs[0]!).catch(() => undefined)
      const sees = () =>
        s.node.services.pubsub
          .getSubscribers(s.topics.account!)
          .some((p) => p.toString() === a.network.peerId)
      const ready = await waitFor(sees, {
        what: 'the spammer to see the node subscribed',
        timeoutMs: 3_000,
      }).then(
        () => true,
        () => false,
      )
      if (!ready) continue
      const before = rejected()
      await s.publish('account', withBadSignature(msg).bytes)
      const landed = await waitFor(() => rejected() > before, { timeoutMs: 3_000, what: 'a rejection' }).then(
        () => true,
        () => false,
      )
      if (!landed) continue
      scores.push(a.network.scorer.appScore(s.peerId))
      // Below the disconnect threshold: let the hang-up finish before dialling again.
      if (scores.at(-1)! <= DISCONNECT_THRESHOLD)
        await waitFor(() => !connectedTo(s, a), { what: 'the low-score peer to be hung up' })
    }
    // The property, not exact figures: every broken signature lowers the score, the last one takes
    // it to the ban threshold or below, and the peer is banned. (Each costs `low`, −10; liveness
    // penalties for the status handshake a stock peer cannot answer and the score's decay between
    // two readings move the exact values under load.)
    expect(a.network.scorer.isBanned(s.peerId)).toBe(true)
    expect(rejected()).toBeGreaterThanOrEqual(2)
    expect(scores.every((x, i) => i === 0 || x < scores[i - 1]!)).toBe(true)
    expect(scores.at(-1)!).toBeLessThanOrEqual(BAN_THRESHOLD)
    expect(events).toContain('disconnect')
    expect(events).toContain('banned')
    expect(a.network.bans().map((x) => x.peerId)).toEqual([s.peerId])
    await waitFor(() => !connectedTo(s, a), { what: 'the banned peer to be hung up' })

    // Honest messages published at the far end still reach every node.
    const honest = workload.envelopes.slice(0, 10)
    for (const env of honest) {
      expect((await c!.engine.ingest(env, workload.now)).verdict).toBe(Verdict.Accept)
      await c!.network.publish(env)
    }
    await waitFor(() => [a, b!, c!].every((n) => n.engine.messageCount === honest.length), {
      what: 'honest messages on every node',
    })

    // The ban survives the spammer's restart (same key) and ours.
    await s.stop()
    stock.splice(stock.indexOf(s), 1)
    s = await startStockPeer(network, s.key)
    stock.push(s)
    await expectRefused(s, a)
    await a.stop()
    const a2 = await net.startNode({ stateDir: a.stateDir, netDir: a.netDir })
    expect(a2.network.bans().map((x) => x.peerId)).toEqual([s.peerId])
    await expectRefused(s, a2)
  })
})
