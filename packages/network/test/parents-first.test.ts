/**
 * Parents first (DESIGN §5.10) on real nodes in a line A–B–C with sync and anti-entropy off, so
 * only the pending buffer can repair order: gossip delivered children-first, and gossip that never
 * carries some parents at all, both end with every valid message on every node and one root.
 */
import { MessageKind, toHex, Verdict } from '@aimesh/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { MetricsRecorder, makeWorkload, type TestNode, Testnet, waitFor } from './helpers/testnet.js'

const workload = makeWorkload({ seed: 41, tasks: 3 })
const total = workload.envelopes.length
let net: Testnet
afterEach(async () => {
  await net?.stopAll()
})

const NO_SYNC = { sync: { antiEntropyMs: 0, syncOnStatus: false } }

async function lineOfThree(metrics: MetricsRecorder): Promise<TestNode[]> {
  net = new Testnet(workload)
  const a = await net.startNode({ init: NO_SYNC })
  const b = await net.startNode({ init: NO_SYNC, metrics })
  const c = await net.startNode({ init: NO_SYNC })
  await net.line([a, b, c])
  await net.waitForMesh([a, b, c])
  const results = await a.engine.ingestMany(workload.envelopes, workload.now)
  expect(results.every((r) => r.verdict === Verdict.Accept)).toBe(true)
  return [a, b, c]
}

async function expectConverged(nodes: readonly TestNode[]): Promise<void> {
  await waitFor(() => nodes.every((n) => n.engine.messageCount === total), {
    timeoutMs: 45_000,
    what: `all ${total} messages on every node`,
  })
  const roots = nodes.map((n) => toHex(n.engine.stateRoot()))
  expect(new Set(roots).size).toBe(1)
}

describe('parents first', () => {
  it('gossip delivered children-first ends with every message on every node', async () => {
    const metrics = new MetricsRecorder()
    const [a, b, c] = await lineOfThree(metrics)
    for (const env of [...workload.envelopes].reverse()) await a!.network.publish(env)
    await expectConverged([a!, b!, c!])
    const held = [...metrics.counters.entries()].filter(([k]) => k.startsWith('gossip_held_total'))
    expect(held.length).toBeGreaterThan(0)
  }, 90_000)

  it('a node that missed parents fetches them from the peer that sent the child', async () => {
    const metrics = new MetricsRecorder()
    const [a, b, c] = await lineOfThree(metrics)
    // Task publications never travel by gossip: every task is a missing parent downstream.
    const skipped = workload.sim.messages.filter((m) => m.kind === MessageKind.TaskPublished)
    expect(skipped.length).toBeGreaterThan(0)
    const skip = new Set(skipped.map((m) => toHex(m.id)))
    for (const m of workload.sim.messages) if (!skip.has(toHex(m.id))) await a!.network.publish(m.bytes)
    await expectConverged([a!, b!, c!])
    expect(metrics.count('gossip_parent_fetches_total', { result: 'found' })).toBeGreaterThan(0)
  }, 90_000)
})
