/** Sync ingestion and inventory comparison without a host (DESIGN §5.2, §5.10). */
import { decodeEnvelope, Envelope, MessageKind, toHex } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { nextId } from '../../src/sync/diff.js'
import { bodyTimestamp, historyOrder, SyncIngester } from '../../src/sync/ingest.js'
import { engineWith, makeWorld } from '../reqresp/pair.js'

const world = makeWorld(13, 6)
const all = world.sim.messages.map((m) => m.bytes)

describe('sync ingestion', () => {
  it('accepts every valid envelope whatever order a task-sync delivers them in', async () => {
    const reversed = [...all].reverse()
    const engine = await engineWith(world)
    const ingester = new SyncIngester(engine, () => world.now)
    // Delivered in halves, children first: re-delivery covers what ordering by kind cannot.
    await ingester.ingest(reversed.slice(0, reversed.length >> 1))
    await ingester.ingest(reversed.slice(reversed.length >> 1))
    await ingester.settle()
    expect(ingester.deferred).toBe(0)
    expect(ingester.tally).toMatchObject({ accepted: all.length, rejected: 0, ignored: 0 })
    const reference = await engineWith(world, all)
    expect(toHex(engine.stateRoot())).toBe(toHex(reference.stateRoot()))
  })

  it('orders profiles and publications before what refers to them, stably, junk last', () => {
    const junk = new Uint8Array([0xff, 0xff])
    const ordered = historyOrder(world.sim.options.network, [junk, ...[...all].reverse()])
    expect(ordered.at(-1)).toBe(junk)
    expect(ordered).toHaveLength(all.length + 1)
    const kinds = world.sim.messages.map((m) => [toHex(m.bytes), m.kind] as const)
    const kindOf = new Map(kinds)
    // Every profile comes before every answer or score.
    const firstNonProfile = ordered.findIndex((b) => kindOf.get(toHex(b)) !== 3)
    expect(ordered.slice(firstNonProfile).some((b) => kindOf.get(toHex(b)) === 3)).toBe(false)
  })

  it('reads every body timestamp without decoding the body', () => {
    const network = world.sim.options.network
    for (const bytes of all)
      expect(bodyTimestamp(Envelope.decode(bytes).body)).toBe(decodeEnvelope(network, bytes).body.timestamp)
    expect(bodyTimestamp(Uint8Array.of(0x12, 0x00))).toBe(Number.POSITIVE_INFINITY)
  })

  it('orders task by task in publish order, each task by author time', () => {
    const network = world.sim.options.network
    const ordered = historyOrder(network, [...all].reverse()).map((b) => decodeEnvelope(network, b))
    const taskOf = (m: (typeof ordered)[number]) =>
      m.kind === MessageKind.TaskPublished
        ? toHex(m.id)
        : 'taskId' in m.body
          ? toHex(m.body.taskId as Uint8Array)
          : ''
    const seen = new Set<string>()
    let current = ''
    let last = 0
    let lastPublished = 0
    for (const m of ordered) {
      const task = taskOf(m)
      if (task === '' || m.kind === MessageKind.DisputeVote) continue
      if (task !== current) {
        // A task's messages are contiguous and start with its publication; tasks in publish order.
        expect(seen.has(task)).toBe(false)
        expect(m.kind).toBe(MessageKind.TaskPublished)
        expect(m.body.timestamp).toBeGreaterThanOrEqual(lastPublished)
        seen.add(task)
        current = task
        lastPublished = m.body.timestamp
        last = 0
      }
      expect(m.body.timestamp).toBeGreaterThanOrEqual(last)
      last = m.body.timestamp
    }
    expect(seen.size).toBe(world.sim.byTask.size - (world.sim.byTask.has('0'.repeat(64)) ? 1 : 0))
  })

  it('steps ids in byte order for inventory paging', () => {
    expect([...nextId(Uint8Array.of(0, 0xff))!]).toEqual([1, 0])
    expect(nextId(Uint8Array.of(0xff, 0xff))).toBeNull()
  })
})
