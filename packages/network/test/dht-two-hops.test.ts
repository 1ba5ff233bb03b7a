/**
 * Kad-DHT content routing (DESIGN §8) on loopback: in a line A–B–C a task held only by C (never
 * gossiped, sync off) is found by A through the DHT, two hops away, and synced from C with
 * task-sync.
 */
import { MessageKind, toHex, Verdict } from '@aimesh/protocol'
import type { SingleKadDHT } from '@libp2p/kad-dht'
import { afterEach, describe, expect, it } from 'vitest'
import { makeWorkload, type TestNode, Testnet, waitFor } from './helpers/testnet.js'

const workload = makeWorkload({ seed: 71, tasks: 2 })
let net: Testnet
afterEach(async () => {
  await net?.stopAll()
})

describe('DHT', () => {
  it('finds a task held only by a peer two hops away', async () => {
    net = new Testnet(workload)
    const init = { sync: { antiEntropyMs: 0, syncOnStatus: false }, provideIntervalMs: 500 }
    const [a, b, c] = await net.start(3, { init })
    await net.line([a!, b!, c!])
    // Wait for the DHT routing tables to hold the line's links.
    const tableSize = (n: TestNode) =>
      (n.network.host.services.dht as unknown as SingleKadDHT).routingTable.size
    await waitFor(() => [a!, b!, c!].every((n) => tableSize(n) > 0), { what: 'DHT routing tables' })
    const task = workload.sim.byTask.entries().next().value!
    const [taskHex, messages] = task
    const profiles = workload.sim.messages.filter((m) => m.kind === MessageKind.MinerProfile)
    for (const m of [...profiles, ...messages])
      expect((await c!.engine.ingest(m.bytes, workload.now)).verdict).toBe(Verdict.Accept)
    const taskId = messages[0]!.id
    expect(toHex(taskId)).toBe(taskHex)
    c!.network.providers.provideHeldTasks()
    await c!.network.providers.settled()
    // A is only linked to B; B never held the task. (DHT queries may open direct connections: that
    // is how Kademlia walks, so the test checks who provides and who serves, not who is connected.)
    expect(a!.engine.hasMessage(taskId) || b!.engine.hasMessage(taskId)).toBe(false)
    const providers = (await a!.network.providers.findTaskProviders(taskId)).map((p) => p.id.toString())
    expect(providers).toContain(c!.network.peerId)
    expect(providers).not.toContain(b!.network.peerId)

    let accepted = 0
    await waitFor(
      async () => {
        accepted = await a!.network.fetchTaskFromDht(taskId)
        return accepted > 0
      },
      { timeoutMs: 20_000, intervalMs: 500, what: 'the task through the DHT' },
    )
    expect(a!.engine.hasMessage(taskId)).toBe(true)
    expect(accepted).toBeGreaterThan(0)
  })
})
