/**
 * Gossip topics as data (DESIGN §4): one topic string per row of the protocol's GOSSIP_TOPICS on
 * this network, and the topic each message kind travels on (the protocol's KINDS table). The
 * gossipsub message id is a hash of the whole envelope, signature included, so a relayed copy
 * with a broken signature has another id than the real message and cannot poison the seen cache.
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

/** The gossipsub message id of an envelope: sha256 over its exact bytes (DESIGN §4). */
export function gossipMessageId(envelopeBytes: Uint8Array): Uint8Array {
  return sha256(envelopeBytes)
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
