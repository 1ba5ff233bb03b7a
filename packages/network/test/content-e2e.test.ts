/**
 * End to end (DESIGN §4 `content`, §8 Kad-DHT; issue item 7): a miner node fetches a task's input
 * blob by the task's `inputHash`. In a line A–B–C only C serves the blob: B does not hold it, a
 * liar D linked to A serves other bytes under the same hash, so A finds C through the DHT. Every
 * answer is checked against the hash: D's is refused and D is penalized.
 */
import { GoodbyeCode, MessageKind, sha256, toHex, Verdict } from '@aimesh/protocol'
import type { SingleKadDHT } from '@libp2p/kad-dht'
import { afterEach, describe, expect, it } from 'vitest'
import type { BlobSource } from '../src/index.js'
import { makeWorkload, type TestNode, Testnet, waitFor } from './helpers/testnet.js'

const SEED = 73
const workload = makeWorkload({ seed: SEED, tasks: 2 })
let net: Testnet
afterEach(async () => {
  await net?.stopAll()
})

/** Blobs held in memory, by hex sha256. */
function blobSource(blobs: Iterable<[Uint8Array, Uint8Array]> = []): BlobSource {
  const byHash = new Map([...blobs].map(([hash, blob]) => [toHex(hash), blob]))
  return { get: async (hash) => byHash.get(toHex(hash)) }
}

/** The simulation's input for the task with this hash (its inputs are `input/<seed>/<index>`). */
function inputOf(inputHash: Uint8Array): Uint8Array {
  for (let i = 0; i < 1_000; i++) {
    const blob = new TextEncoder().encode(`input/${SEED}/${i}`)
    if (toHex(sha256(blob)) === toHex(inputHash)) return blob
  }
  throw new Error('the simulation made no input with this hash')
}

const tableSize = (n: TestNode) => (n.network.host.services.dht as unknown as SingleKadDHT).routingTable.size

describe('content', () => {
  it('fetches a task input by its hash from a provider found through the DHT, refusing a wrong blob', async () => {
    const task = workload.sim.messages.find((m) => m.kind === MessageKind.TaskPublished)
    if (task?.kind !== MessageKind.TaskPublished) throw new Error('the workload has no task')
    const { inputHash } = task.body
    const blob = inputOf(inputHash)

    net = new Testnet(workload)
    const init = { sync: { antiEntropyMs: 0, syncOnStatus: false } }
    const a = await net.startNode({ init })
    const b = await net.startNode({ init, blobs: blobSource() })
    const c = await net.startNode({ init, blobs: blobSource([[inputHash, blob]]) })
    const liar = await net.startNode({
      init,
      blobs: blobSource([[inputHash, new TextEncoder().encode('not it')]]),
    })
    await net.line([a, b, c])
    await net.connect(a, liar)
    await waitFor(() => [a, b, c].every((n) => tableSize(n) > 0), { what: 'DHT routing tables' })

    // The miner holds the task (its profiles first), and reads the input hash from it.
    const profiles = workload.sim.messages.filter((m) => m.kind === MessageKind.MinerProfile)
    for (const m of [...profiles, task])
      expect((await a.engine.ingest(m.bytes, workload.now)).verdict).toBe(Verdict.Accept)

    // A wrong blob is refused, and its server penalized.
    const liarId = liar.network.host.peerId
    await expect(a.network.reqresp.fetchContent(liarId, inputHash)).rejects.toMatchObject({
      code: 'MALFORMED_RESPONSE',
    })
    expect(a.network.scorer.appScore(liar.network.peerId)).toBeLessThan(0)

    // No direct peer serves it: the DHT names C, two hops away. (Kademlia's walks may have linked A
    // and C directly; that link is dropped so the blob has to be found through the DHT.)
    c.network.providers.provideBlob(inputHash)
    await c.network.providers.settled()
    const providers = (await a.network.providers.findBlobProviders(inputHash)).map((p) => p.id.toString())
    expect(providers).toContain(c.network.peerId)
    expect(providers).not.toContain(b.network.peerId)
    const linked = () => a.network.peers().some((p) => p.id === c.network.peerId)
    if (linked()) await a.network.disconnect(c.network.peerId, GoodbyeCode.SHUTDOWN)
    await waitFor(() => !linked(), { what: 'A and C to be unlinked' })
    let got: Uint8Array | undefined
    await waitFor(
      async () => {
        got = await a.network.fetchContent(inputHash)
        return got !== undefined
      },
      { timeoutMs: 20_000, intervalMs: 500, what: 'the blob through the DHT' },
    )
    expect(toHex(got!)).toBe(toHex(blob))
    expect(toHex(sha256(got!))).toBe(toHex(inputHash))
  }, 90_000)
})
