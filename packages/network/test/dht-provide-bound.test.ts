/**
 * Bounded DHT providing (dht/provide-queue.ts, dht/providers.ts; DESIGN §8): provides started never
 * exceed the rate cap, waiting keys never exceed the queue bound, a key is provided once however
 * often it is offered, a failed provide is offered again later, published tasks go before the walk
 * over held tasks, and the walk announces every held task within tasks / samplePerPass passes a
 * bounded page at a time. Unit tests: a counting stand-in for kad-dht, fake timers.
 */
import { toHex } from '@aimesh/protocol'
import type { KadDHT } from '@libp2p/kad-dht'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ProvideQueue } from '../src/dht/provide-queue.js'
import { DhtProviders, taskCid } from '../src/dht/providers.js'
import { type NetworkEngine, silentLogger } from '../src/ports.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/** A task id from a number (32 bytes, big-endian in the last four). */
function taskId(n: number): Uint8Array {
  const id = new Uint8Array(32)
  new DataView(id.buffer).setUint32(28, n + 1)
  return id
}

/** An engine port holding `count` tasks (and the profiles' zero pseudo-task), paged like the engine's. */
function engineHolding(count: number): NetworkEngine {
  const ids = [new Uint8Array(32), ...Array.from({ length: count }, (_, i) => taskId(i))]
  const sorted = ids.map((id) => ({ id, hex: toHex(id) })).sort((a, b) => (a.hex < b.hex ? -1 : 1))
  return {
    inventory: (range = {}) => {
      const from = range.from === undefined ? '' : toHex(range.from)
      const to = range.to === undefined || range.to.length === 0 ? undefined : toHex(range.to)
      return sorted
        .filter((t) => t.hex >= from && (to === undefined || t.hex < to))
        .slice(0, range.limit ?? Number.POSITIVE_INFINITY)
        .map((t) => ({ taskId: t.id, digest: new Uint8Array(32), messages: 1 }))
    },
  } as Partial<NetworkEngine> as NetworkEngine
}

/** A kad-dht stand-in that records every provide (CID strings, with the fake clock's time). */
function countingDht() {
  const calls: Array<{ cid: string; at: number }> = []
  const dht = {
    async *provide(cid: { toString(): string }) {
      calls.push({ cid: cid.toString(), at: Date.now() })
      yield* []
    },
  } as unknown as KadDHT
  return { dht, calls }
}

/** The most calls within any window of `ms` (the rate a cap must bound). */
function busiest(calls: readonly { at: number }[], ms: number): number {
  let most = 0
  for (let i = 0, j = 0; i < calls.length; i++) {
    while (calls[i]!.at - calls[j]!.at >= ms) j++
    most = Math.max(most, i - j + 1)
  }
  return most
}

describe('provide queue', () => {
  it('caps provides per second and the keys waiting, and coalesces repeated keys', async () => {
    const started: string[] = []
    const q = new ProvideQueue<string>(
      async (k) => {
        started.push(k)
      },
      { ratePerSecond: 10, burst: 5, concurrency: 2, capacity: 100, now: () => Date.now() },
    )
    // 2,000 offers in one burst (a gossip flood's worth), each key twice.
    for (let i = 0; i < 1_000; i++) {
      q.add(`k${i}`, `k${i}`, 'sample')
      q.add(`k${i}`, `k${i}`, 'sample')
      expect(q.waiting).toBeLessThanOrEqual(100)
    }
    expect(q.counts.coalesced).toBeGreaterThanOrEqual(1_000)
    await vi.advanceTimersByTimeAsync(10_000)
    // Burst plus rate × time, never more.
    expect(started.length).toBeLessThanOrEqual(5 + 10 * 10)
    expect(started.length).toBeGreaterThanOrEqual(100)
    expect(new Set(started).size).toBe(started.length)
    expect(q.counts.dropped).toBeGreaterThan(0)
    // A provided key offered again is coalesced (provided recently), not provided twice.
    q.add(started[0]!, started[0]!, 'urgent')
    await vi.advanceTimersByTimeAsync(1_000)
    expect(started.filter((k) => k === started[0]).length).toBe(1)
    q.close()
  })

  it('offers a failed key again, and runs urgent keys before samples', async () => {
    const started: string[] = []
    let fail = true
    const q = new ProvideQueue<string>(
      async (k) => {
        started.push(k)
        if (fail && k === 'bad') throw new Error('no peers')
      },
      { ratePerSecond: 100, burst: 1, concurrency: 1, now: () => Date.now() },
    )
    q.add('bad', 'bad', 'sample')
    await vi.advanceTimersByTimeAsync(100)
    expect(q.counts.failed).toBe(1)
    fail = false
    for (let i = 0; i < 5; i++) q.add(`s${i}`, `s${i}`, 'sample')
    q.add('mine', 'mine', 'urgent')
    expect(q.add('bad', 'bad', 'sample')).toBe(true)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(started[0]).toBe('bad')
    // The first sample had already started when `mine` arrived; `mine` goes right after it.
    expect(started.indexOf('mine')).toBeLessThanOrEqual(2)
    expect(started.filter((k) => k === 'bad').length).toBe(2)
    q.close()
  })
})

describe('DHT providers', () => {
  it('provides gossip-rate tasks within the cap and walks every held task a page at a time', async () => {
    const tasks = 300
    const { dht, calls } = countingDht()
    const providers = new DhtProviders(
      { dht, engine: engineHolding(tasks), logger: silentLogger },
      { ratePerSecond: 20, burst: 10, samplePerPass: 25, now: () => Date.now() },
    )
    providers.start(1_000)
    // One pass offers one page, never the whole inventory.
    expect(providers.counts.queued).toBeLessThanOrEqual(25)
    // 1,000 published tasks in 5 s (200/s), on top of the walk.
    for (let i = 0; i < 1_000; i++) {
      providers.provideTask(taskId(10_000 + i))
      if (i % 200 === 199) await vi.advanceTimersByTimeAsync(1_000)
    }
    await vi.advanceTimersByTimeAsync((tasks / 25) * 1_000 + 60_000)
    providers.stop()
    // Never above the cap in any second, and the queue stayed bounded (the rest was dropped).
    expect(busiest(calls, 1_000)).toBeLessThanOrEqual(10 + 20)
    expect(providers.counts.dropped).toBeGreaterThan(0)
    // Every held task was announced (the zero pseudo-task never), each once.
    const provided = new Set(calls.map((c) => c.cid))
    for (let i = 0; i < tasks; i++) expect(provided.has(taskCid(taskId(i)).toString())).toBe(true)
    expect(provided.has(taskCid(new Uint8Array(32)).toString())).toBe(false)
    expect(provided.size).toBe(calls.length)
  })
})
