/**
 * A peer built from stock libp2p and gossipsub only, with no aimesh network code: what a stranger
 * reading docs/protocol.md would write. Tests use it to publish what an honest aimesh node never
 * would (broken signatures, kinds on the wrong topic) and to show a foreign client interoperates.
 */
import { createHash } from 'node:crypto'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { type GossipSub, gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import type { Libp2p, PrivateKey } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'

/** The five aimesh topics of a network, as docs/protocol.md spells them. */
export function stockTopics(network: string): Record<string, string> {
  const names = ['task', 'submission', 'validation', 'fraud', 'account']
  return Object.fromEntries(names.map((n) => [n, `/aimesh/${network}/${n}/1`]))
}

/** A running stock peer. */
export interface StockPeer {
  readonly node: Libp2p<{ pubsub: GossipSub; identify: unknown }>
  readonly key: PrivateKey
  readonly peerId: string
  readonly topics: Record<string, string>
  /** Data of every message received, per topic string. */
  readonly received: Map<string, Uint8Array[]>
  dial(address: string): Promise<void>
  publish(topicName: string, data: Uint8Array): Promise<number>
  stop(): Promise<void>
}

/** Starts a stock peer on 127.0.0.1, subscribed to every aimesh topic of `network`. */
export async function startStockPeer(
  network: string,
  key?: PrivateKey,
  opts: { heartbeatMs?: number } = {},
): Promise<StockPeer> {
  const privateKey = key ?? (await generateKeyPair('Ed25519'))
  const node = await createLibp2p({
    privateKey,
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      pubsub: gossipsub({
        globalSignaturePolicy: 'StrictNoSign',
        // The gossip id is sha256(topic ‖ envelope) (docs/protocol.md).
        msgIdFn: (msg) => new Uint8Array(createHash('sha256').update(msg.topic).update(msg.data).digest()),
        allowPublishToZeroTopicPeers: true,
        heartbeatInterval: opts.heartbeatMs ?? 200,
        fallbackToFloodsub: false,
      }),
    },
  })
  const topics = stockTopics(network)
  const received = new Map<string, Uint8Array[]>()
  node.services.pubsub.addEventListener('message', (evt) => {
    const list = received.get(evt.detail.topic) ?? []
    list.push(evt.detail.data)
    received.set(evt.detail.topic, list)
  })
  for (const topic of Object.values(topics)) node.services.pubsub.subscribe(topic)
  return {
    node: node as unknown as StockPeer['node'],
    key: privateKey,
    peerId: node.peerId.toString(),
    topics,
    received,
    async dial(address) {
      await node.dial(multiaddr(address))
    },
    async publish(topicName, data) {
      const topic = topics[topicName]
      if (topic === undefined) throw new Error(`no topic ${topicName}`)
      const r = await node.services.pubsub.publish(topic, data)
      return r.recipients.length
    },
    async stop() {
      await node.stop()
    },
  }
}
