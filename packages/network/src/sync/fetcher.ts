/**
 * Fetching envelopes from one peer over req/resp: whole tasks with `task-sync`, single messages
 * with `messages`. It is also the ParentFetcher the gossip pipeline's pending buffer uses
 * (DESIGN §5.10): a missing parent is asked for by message id, and an id the peer does not hold as
 * a message is asked for again as a task id (a missing task's publication is its parent).
 */
import { decodeEnvelope, REQRESP_LIMITS, toHex } from '@aimesh/protocol'
import type { PeerId } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import type { ParentFetcher } from '../ports.js'
import type { ReqRespClient } from '../reqresp/client.js'
import { envelopeChunks } from '../reqresp/handlers.js'

export class EnvelopeFetcher implements ParentFetcher {
  constructor(
    readonly client: ReqRespClient,
    readonly network: string,
  ) {}

  /** Every envelope of the given tasks that `peer` holds. */
  async fetchTasks(
    peer: PeerId,
    taskIds: readonly Uint8Array[],
    signal?: AbortSignal,
  ): Promise<Uint8Array[]> {
    const out: Uint8Array[] = []
    for (let i = 0; i < taskIds.length; i += REQRESP_LIMITS.requestIds) {
      const taskIdsPart = taskIds.slice(i, i + REQRESP_LIMITS.requestIds)
      for await (const chunk of this.client.request(
        peer,
        'task-sync',
        { taskIds: taskIdsPart },
        signal ? { signal } : {},
      ))
        out.push(...chunk.envelopes)
    }
    return out
  }

  /** The envelopes with these message ids that `peer` holds. */
  async fetchMessages(peer: PeerId, ids: readonly Uint8Array[], signal?: AbortSignal): Promise<Uint8Array[]> {
    const out: Uint8Array[] = []
    for (let i = 0; i < ids.length; i += REQRESP_LIMITS.requestIds) {
      const part = ids.slice(i, i + REQRESP_LIMITS.requestIds)
      for await (const chunk of this.client.request(
        peer,
        'messages',
        { ids: part },
        signal ? { signal } : {},
      ))
        out.push(...chunk.envelopes)
    }
    return out
  }

  /** ParentFetcher: messages by id, then tasks for the ids that were not messages. */
  async fetchParents(
    peerId: string,
    ids: readonly Uint8Array[],
    signal?: AbortSignal,
  ): Promise<Uint8Array[]> {
    const peer = peerIdFromString(peerId)
    const found = await this.fetchMessages(peer, ids, signal)
    const got = new Set<string>()
    for (const bytes of found) {
      try {
        got.add(toHex(decodeEnvelope(this.network, bytes).id))
      } catch {
        // Undecodable bytes are the engine's to refuse (and count); they answer no id here.
      }
    }
    const rest = ids.filter((id) => !got.has(toHex(id)))
    if (rest.length === 0) return found
    return [...found, ...(await this.fetchTasks(peer, rest, signal))]
  }

  /** ParentFetcher: pushes envelopes to `peerId` with `replicate`. */
  async replicate(peerId: string, envelopes: readonly Uint8Array[], signal?: AbortSignal): Promise<void> {
    const peer = peerIdFromString(peerId)
    for (const chunk of envelopeChunks(envelopes)) {
      await this.client.requestAll(peer, 'replicate', chunk, signal ? { signal } : {})
    }
  }
}
