/**
 * End to end (DESIGN §5.1, §8): five nodes in a line. Tasks and profiles are published at one end,
 * answers in the middle and scores, disputes and claims at the other end, each by the node that
 * holds its parents; every message reaches every node and all five reach the same state root.
 * Sync on handshake and anti-entropy are off: every message travels by gossip alone (a child that
 * overtakes its parent is held and its parent fetched from the sender, DESIGN §5.10).
 */
import { MessageKind, toHex, Verdict } from '@aimesh/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { makeWorkload, type TestNode, Testnet, waitFor } from './helpers/testnet.js'

const workload = makeWorkload({ seed: 51, tasks: 2 })
let net: Testnet
afterEach(async () => {
  await net?.stopAll()
})

/** Which node of the line publishes each kind: tasks at one end, answers in the middle, scores at the other. */
const PUBLISHER: Readonly<Record<MessageKind, number>> = {
  [MessageKind.TaskPublished]: 0,
  [MessageKind.TaskCancelled]: 0,
  [MessageKind.MinerProfile]: 0,
  [MessageKind.AnswerCommitted]: 2,
  [MessageKind.AnswerRevealed]: 2,
  [MessageKind.ValidationScored]: 4,
  [MessageKind.ConsensusVote]: 4,
  [MessageKind.CheckpointVote]: 4,
  [MessageKind.FraudAlert]: 4,
  [MessageKind.DisputeOpened]: 4,
  [MessageKind.DisputeVote]: 4,
  [MessageKind.RewardClaimed]: 3,
}

/** Ingests at the publishing node once its parents have arrived by gossip (bounded retries). */
async function ingestWhenReady(node: TestNode, bytes: Uint8Array): Promise<void> {
  let last = ''
  await waitFor(
    async () => {
      const r = await node.engine.ingest(bytes, workload.now)
      if (r.verdict !== Verdict.Accept)
        last = `${r.code} ${r.reason} missing ${(r.missing ?? []).map(toHex).join(',')}`
      if (r.verdict === Verdict.Accept) return true
      if (r.verdict === Verdict.Reject) throw new Error(`valid message rejected: ${r.code} ${r.reason}`)
      return r.code === 'DUPLICATE'
    },
    { timeoutMs: 20_000, intervalMs: 20, what: `the parents of a message at node ${node.index}` },
  ).catch((err: Error) => {
    throw new Error(`${err.message}: ${last}`)
  })
}

describe('five nodes in a line', () => {
  it('every message reaches every node and all reach the same root', async () => {
    net = new Testnet(workload)
    const nodes = await net.start(5, { init: { sync: { antiEntropyMs: 0, syncOnStatus: false } } })
    await net.line(nodes)
    await net.waitForMesh(nodes)
    const kinds = new Set<MessageKind>()
    for (const m of workload.sim.messages) {
      const publisher = nodes[PUBLISHER[m.kind]]!
      await ingestWhenReady(publisher, m.bytes)
      await publisher.network.publish(m.bytes)
      kinds.add(m.kind)
    }
    expect(kinds.has(MessageKind.AnswerRevealed) && kinds.has(MessageKind.ValidationScored)).toBe(true)
    const total = workload.envelopes.length
    await waitFor(() => nodes.every((n) => n.engine.messageCount === total), {
      timeoutMs: 40_000,
      what: `all ${total} messages on all five nodes`,
    })
    expect(new Set(nodes.map((n) => toHex(n.engine.stateRoot()))).size).toBe(1)
  }, 120_000)
})
