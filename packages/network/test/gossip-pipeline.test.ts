/**
 * The gossip pipeline on real nodes (DESIGN §4): the gossipsub id is the hash of the whole
 * topic and envelope, so a relayed copy with a broken signature cannot poison the seen cache for the real
 * message; a kind on the wrong topic is REJECTed; every verdict is counted per topic and code.
 */

import { toHex, Verdict } from '@aimesh/protocol'
import { withBadSignature } from '@aimesh/simulation'
import { afterEach, describe, expect, it } from 'vitest'
import { type StockPeer, startStockPeer } from './helpers/stock-peer.js'
import { MetricsRecorder, makeWorkload, type TestNode, Testnet, waitFor } from './helpers/testnet.js'

const workload = makeWorkload({ seed: 21, tasks: 2 })
const network = workload.genesis.networkId
let net: Testnet
const stock: StockPeer[] = []
afterEach(async () => {
  await Promise.allSettled(stock.splice(0).map((s) => s.stop()))
  await net?.stopAll()
})

/** Waits until the stock peer sees `node` subscribed to every topic (so a publish reaches it). */
async function stockSees(peer: StockPeer, node: TestNode): Promise<void> {
  await waitFor(
    () =>
      Object.values(peer.topics).every((t) =>
        peer.node.services.pubsub.getSubscribers(t).some((p) => p.toString() === node.network.peerId),
      ),
    { what: 'the stock peer to see the node subscribed' },
  )
}

describe('gossip pipeline', () => {
  it('a relayed copy with a broken signature does not poison the seen cache', async () => {
    net = new Testnet(workload)
    const metrics = new MetricsRecorder()
    const a = await net.startNode({ metrics })
    const b = await net.startNode()
    await net.connect(a, b)
    await net.waitForMesh([a, b])
    const s = await startStockPeer(network)
    stock.push(s)
    await s.dial(a.network.multiaddrs[0]!)
    await stockSees(s, a)

    const real = workload.sim.messages[0]!
    const forged = withBadSignature(real)
    // The same message id (tag, signer, body), another envelope: another gossip id.
    expect(toHex(forged.id)).toBe(toHex(real.id))
    await s.publish('account', forged.bytes)
    await waitFor(
      () =>
        metrics.count('gossip_messages_total', {
          topic: 'account',
          verdict: Verdict.Reject,
          code: 'BAD_SIGNATURE',
        }) === 1,
      {
        what: 'the forged copy to be rejected',
      },
    )
    expect(a.network.scorer.appScore(s.peerId)).toBeLessThan(0)
    await s.publish('account', real.bytes)
    await waitFor(() => a.engine.hasMessage(real.id) && b.engine.hasMessage(real.id), {
      what: 'the real message on both nodes',
    })
  })

  it('REJECTs a kind on the wrong topic and does not apply it', async () => {
    net = new Testnet(workload)
    const metrics = new MetricsRecorder()
    const a = await net.startNode({ metrics })
    const s = await startStockPeer(network)
    stock.push(s)
    await s.dial(a.network.multiaddrs[0]!)
    await stockSees(s, a)
    const profile = workload.sim.messages[0]!
    await s.publish('task', profile.bytes)
    await waitFor(
      () =>
        metrics.count('gossip_messages_total', {
          topic: 'task',
          verdict: Verdict.Reject,
          code: 'WRONG_TOPIC',
        }) === 1,
      { what: 'the wrong-topic message to be rejected' },
    )
    expect(a.engine.hasMessage(profile.id)).toBe(false)
    // The same bytes on the right topic are another gossip message (the id covers the topic), so
    // a wrong-topic copy sent first cannot poison the seen cache for the real one either.
    await s.publish('account', profile.bytes)
    await waitFor(() => a.engine.hasMessage(profile.id), { what: 'the message on its own topic' })
    expect(
      metrics.count('gossip_messages_total', { topic: 'account', verdict: Verdict.Accept, code: 'OK' }),
    ).toBe(1)
  })
})
