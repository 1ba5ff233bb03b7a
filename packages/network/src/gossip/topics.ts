/**
 * Gossip topics as data (DESIGN §4): one topic string per row of the protocol's GOSSIP_TOPICS on
 * this network, and the topic each message kind travels on (the protocol's KINDS table). The
 * gossipsub message id is a hash of the topic and the whole envelope, signature included, so
 * neither a relayed copy with a broken signature nor the real envelope sent first on the wrong
 * topic (both REJECTed) shares an id with the real message: neither can poison the seen cache.
 */
import {
  Envelope,
  GOSSIP_TOPICS,
  type GossipTopicName,
  isMessageKind,
  KINDS,
  type MessageKind,
  sha256,
  topicName,
} from '@aimesh/protocol'

const utf8 = new TextEncoder()

/**
 * The gossipsub message id: sha256(topic string as UTF-8 ‖ exact envelope bytes) (DESIGN §4). Topic
 * strings have a fixed shape ending in `/1`, so the concatenation parses one way only.
 */
export function gossipMessageId(topic: string, envelopeBytes: Uint8Array): Uint8Array {
  return sha256(utf8.encode(topic), envelopeBytes)
}

/** The topics of one network. */
export class GossipTopics {
  readonly #byName: ReadonlyMap<GossipTopicName, string>
  readonly #byTopic: ReadonlyMap<string, GossipTopicName>

  constructor(readonly networkId: string) {
    const rows = GOSSIP_TOPICS.map((name) => [name, topicName(networkId, name)] as const)
    this.#byName = new Map(rows)
    this.#byTopic = new Map(rows.map(([name, topic]) => [topic, name]))
  }

  /** Every topic string, in GOSSIP_TOPICS order. */
  all(): string[] {
    return [...this.#byName.values()]
  }

  /** The topic name of a topic string of this network, or undefined. */
  nameOf(topic: string): GossipTopicName | undefined {
    return this.#byTopic.get(topic)
  }

  /** The topic string a kind travels on. */
  topicOfKind(kind: MessageKind): string {
    return this.#byName.get(KINDS[kind].topic)!
  }

  /**
   * The topic name an envelope belongs on, read from its kind without verifying anything (the
   * engine verifies); undefined when the bytes do not decode or the kind is unknown.
   */
  expectedName(envelopeBytes: Uint8Array): GossipTopicName | undefined {
    let kind: number
    try {
      kind = Envelope.decode(envelopeBytes).kind
    } catch {
      return undefined
    }
    return isMessageKind(kind) ? KINDS[kind].topic : undefined
  }
}
