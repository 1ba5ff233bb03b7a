/**
 * Publishing local messages at the verdict (gossip/local-publish.ts; DESIGN §9 gossip latency): a
 * local message is on the wire — accepted by a peer — while its own LevelDB write is still held,
 * and its caller hears the durable result once the write lands; a message the engine refuses (a
 * broken signature, a missing parent, a duplicate) is never published; a failed write rejects the
 * caller. Only the publisher announces its tasks in the DHT (dht/providers.ts).
 */
import { type EngineWrite, LevelEngineStore } from '@aimesh/engine'
import { MessageKind, Verdict } from '@aimesh/protocol'
import type { StateStore } from '@aimesh/store'
import { afterEach, describe, expect, it } from 'vitest'
import { MetricsRecorder, makeWorkload, Testnet, waitFor } from './helpers/testnet.js'

const workload = makeWorkload({ seed: 29, tasks: 2 })
let net: Testnet
afterEach(async () => {
  await net?.stopAll()
})

/** A LevelDB port whose writes the test holds back, or fails, on demand. */
class HeldWrites extends LevelEngineStore {
  #gate: Promise<void> | null = null
  #open: (() => void) | null = null
  /** Writes that reached the port while held (waiting for release). */
  waiting = 0
  /** Set: the next write fails with this error instead of writing. */
  failNext: Error | null = null

  hold(): void {
    this.#gate = new Promise((resolve) => {
      this.#open = resolve
    })
  }

  release(): void {
    this.#open?.()
    this.#gate = null
  }

  override async applyWrite(write: EngineWrite): Promise<void> {
    if (this.#gate !== null) {
      this.waiting++
      await this.#gate
      this.waiting--
    }
    if (this.failNext !== null) {
      const err = this.failNext
      this.failNext = null
      throw err
    }
    return super.applyWrite(write)
  }
}

/** The sum of a counter over every label set. */
function total(m: MetricsRecorder, name: string): number {
  let n = 0
  for (const [key, v] of m.counters) if (key.startsWith(`${name}{`)) n += v
  return n
}

describe('local publish', () => {
  it('puts a local message on the wire before its write completes, and never a refused one', async () => {
    net = new Testnet(workload)
    const init = { sync: { antiEntropyMs: 0, syncOnStatus: false } }
    let port: HeldWrites | undefined
    const metricsA = new MetricsRecorder()
    const metricsB = new MetricsRecorder()
    const a = await net.startNode({
      init,
      metrics: metricsA,
      engineStore: (store: StateStore) => {
        port = new HeldWrites(store)
        return port
      },
    })
    const b = await net.startNode({ init, metrics: metricsB })
    await net.connect(a, b)
    await net.waitForMesh([a, b])
    const profiles = workload.sim.messages.filter((m) => m.kind === MessageKind.MinerProfile)
    for (const n of [a, b])
      for (const m of profiles)
        expect((await n.engine.ingest(m.bytes, workload.now)).verdict).toBe(Verdict.Accept)
    const [[, first], [, second]] = [...workload.sim.byTask.entries()] as [
      [string, typeof profiles],
      [string, typeof profiles],
    ]
    const task1 = first[0]!
    const task2 = second[0]!
    const child2 = second[1]!
    expect([task1.kind, task2.kind]).toEqual([MessageKind.TaskPublished, MessageKind.TaskPublished])

    // Held write: the task reaches B while A has not written it.
    port!.hold()
    let settled = false
    const durable = a.network.publishLocal(task1.bytes).finally(() => {
      settled = true
    })
    await waitFor(() => b.engine.hasMessage(task1.id), { what: 'the task on B while A writes' })
    expect(settled).toBe(false)
    expect(port!.waiting).toBeGreaterThan(0)
    port!.release()
    expect((await durable).verdict).toBe(Verdict.Accept)
    expect(total(metricsA, 'gossip_published_total')).toBe(1)

    // Refused: a broken signature (refused before the group commit), a message whose parent (task 2)
    // is not held yet, and a duplicate (both refused at the verdict). None is published.
    const forged = task2.bytes.slice()
    forged[forged.length - 1]! ^= 0xff
    const refused = [forged, child2.bytes, task1.bytes]
    for (const bytes of refused)
      expect((await a.network.publishLocal(bytes)).verdict).not.toBe(Verdict.Accept)
    expect((await a.network.publishLocal(task2.bytes)).verdict).toBe(Verdict.Accept)
    await waitFor(() => b.engine.hasMessage(task2.id), { what: 'task 2 on B' })
    expect(total(metricsA, 'gossip_published_total')).toBe(2)
    // B heard exactly the two accepted tasks over gossip, nothing refused.
    expect(total(metricsB, 'gossip_messages_total')).toBe(2)
    expect(b.engine.hasMessage(child2.id)).toBe(false)
    // The publisher announces its tasks in the DHT; a node that only received them by gossip does not.
    expect(a.network.providers.counts.queued).toBe(2)
    expect(b.network.providers.counts.queued).toBe(0)
    expect(a.network.scorer.appScore(b.network.peerId)).toBe(0)
    expect(b.network.scorer.appScore(a.network.peerId)).toBe(0)

    // A failed write is reported to the caller (the message may already be on the wire).
    port!.failNext = new Error('disk full')
    await expect(a.network.publishLocal(child2.bytes)).rejects.toThrow('disk full')
    expect(a.engine.hasMessage(child2.id)).toBe(false)
  }, 60_000)
})
