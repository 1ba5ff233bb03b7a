import { ProtocolError } from './errors.js'

/** Network ids are short lowercase slugs so they can sit inside topic and protocol strings. */
const NETWORK_ID = /^[a-z0-9][a-z0-9-]{0,31}$/

/** Gossip topic kinds (DESIGN §4); adding a topic is adding a row here. */
export const GOSSIP_TOPICS = ['task', 'submission', 'validation', 'fraud', 'account'] as const
export type GossipTopicName = (typeof GOSSIP_TOPICS)[number]

/** Request/response protocols (DESIGN §4; schemas in proto/reqresp.proto, rules in reqresp.ts). */
export const REQRESP_PROTOCOLS = [
  'status',
  'inventory',
  'task-sync',
  'messages',
  'replicate',
  'content',
  'checkpoint',
  'goodbye',
] as const
export type ReqRespProtocolName = (typeof REQRESP_PROTOCOLS)[number]

export const PROTOCOL_VERSION = 1

/** Throws INVALID_NAME unless `network` is a valid network id. */
export function assertNetworkId(network: string): void {
  if (!NETWORK_ID.test(network)) {
    throw new ProtocolError(
      'INVALID_NAME',
      `network id "${network}" is invalid: use 1-32 characters of a-z, 0-9 and '-', starting with a letter or digit`,
    )
  }
}

function build(network: string, name: string): string {
  assertNetworkId(network)
  return `/aimesh/${network}/${name}/${PROTOCOL_VERSION}`
}

/** The gossipsub topic string for a topic kind on a network. */
export function topicName(network: string, topic: GossipTopicName): string {
  return build(network, topic)
}

/** The libp2p protocol id for a req/resp protocol on a network. */
export function protocolId(network: string, protocol: ReqRespProtocolName): string {
  return build(network, protocol)
}

export interface ParsedName<N extends string> {
  network: string
  name: N
  version: number
}

const parseCache = new Map<string, ParsedName<string> | null>()
const PARSE_CACHE_MAX = 1024
/** Longer than any valid name ("/aimesh/" + 32-char network + "/" + name + "/1"): not cached. */
const NAME_MAX_CHARS = 96

function parse<N extends string>(value: string, names: readonly N[]): ParsedName<N> | null {
  if (value.length > NAME_MAX_CHARS) return null
  const cached = parseCache.get(value)
  if (cached !== undefined) {
    return cached !== null && (names as readonly string[]).includes(cached.name)
      ? (cached as ParsedName<N>)
      : null
  }
  const parts = value.split('/')
  let parsed: ParsedName<string> | null = null
  if (parts.length === 5 && parts[0] === '' && parts[1] === 'aimesh') {
    const [, , network = '', name = '', version = ''] = parts
    if (NETWORK_ID.test(network) && version === String(PROTOCOL_VERSION)) {
      // Frozen: one cached object is handed to every caller.
      parsed = Object.freeze({ network, name, version: PROTOCOL_VERSION })
    }
  }
  // Topic strings come from the network: cap the cache so junk cannot grow it without bound.
  if (parseCache.size >= PARSE_CACHE_MAX) parseCache.clear()
  parseCache.set(value, parsed)
  return parsed !== null && (names as readonly string[]).includes(parsed.name)
    ? (parsed as ParsedName<N>)
    : null
}

/** Parses a topic string; null when it is not an aimesh v1 topic. */
export function parseTopic(topic: string): ParsedName<GossipTopicName> | null {
  return parse(topic, GOSSIP_TOPICS)
}

/** Parses a protocol id; null when it is not an aimesh v1 req/resp protocol. */
export function parseProtocolId(id: string): ParsedName<ReqRespProtocolName> | null {
  return parse(id, REQRESP_PROTOCOLS)
}
