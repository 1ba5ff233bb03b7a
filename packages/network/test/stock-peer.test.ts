/**
 * Interoperability (DESIGN §4, docs/protocol.md): a peer built from stock libp2p and gossipsub
 * only, no aimesh network code, signing with the protocol package, publishes profiles and a task
 * on the topics docs/protocol.md names; every node of a three-node line accepts the task.
 */
import { MessageKind, signMessage, toHex } from '@aimesh/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { type StockPeer, startStockPeer } from './helpers/stock-peer.js'
import { makeWorkload, Testnet, waitFor } from './helpers/testnet.js'

const workload = makeWorkload({ seed: 61, tasks: 2 })
let net: Testnet
let stock: StockPeer | undefined
afterEach(async () => {
  await stock?.stop()
  await net?.stopAll()
})

describe('a stock libp2p + gossipsub peer', () => {
  it('publishes a task every node accepts', async () => {
    net = new Testnet(workload)
    const nodes = await net.start(3)
    await net.line(nodes)
    await net.waitForMesh(nodes)
    stock = await startStockPeer(workload.genesis.networkId)
    await stock.dial(nodes[0]!.network.multiaddrs[0]!)
    await waitFor(
      () =>
        Object.values(stock!.topics).every((t) =>
          stock!.node.services.pubsub
            .getSubscribers(t)
            .some((p) => p.toString() === nodes[0]!.network.peerId),
        ),
      { what: 'the stock peer to see the node subscribed' },
    )
    // Profiles first (a signer needs one), then the task: as a client following docs/protocol.md would.
    const profiles = workload.sim.messages.filter((m) => m.kind === MessageKind.MinerProfile)
    for (const p of profiles) await stock.publish('account', p.bytes)
    const original = workload.sim.messages.find((m) => m.kind === MessageKind.TaskPublished)!
    // A new task signed with a publisher's key through the protocol package.
    if (original.kind !== MessageKind.TaskPublished) throw new Error('not a task')
    const publisher = workload.sim.actors.find((a) => a.hex === toHex(original.signer))!
    const task = signMessage(
      workload.genesis.networkId,
      MessageKind.TaskPublished,
      { ...original.body, title: 'A task from a stock libp2p peer' },
      publisher.key,
    )
    await stock.publish('task', task.bytes)
    await waitFor(() => nodes.every((n) => n.engine.hasMessage(task.id)), {
      what: 'the stock peer’s task on every node',
    })
    expect(nodes.every((n) => n.engine.hasMessage(task.id))).toBe(true)
  })
})
