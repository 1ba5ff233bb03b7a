/**
 * Cost flat in history (DESIGN §5.12), counted, not timed: applying the same-shaped 105 messages
 * (five tasks of the bench workload) costs the same number of task derivations and store reads
 * with ~1k messages held as with ~8k; and opening derives no task at either size.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CountingStoreMetrics, StateStore } from '@aimesh/store'
import { describe, expect, it } from 'vitest'
import { workload } from '../bench/engine.bench.js'
import { Engine, LevelEngineStore } from '../src/index.js'
import { T0 } from './helpers/builders.js'

const PER_TASK = 21
const WINDOW_TASKS = 5
const CHUNK = 256
/** A clock past every deadline: tasks complete as they are derived, as in a node's history. */
const CLOCK = T0 + 1e9

function readsOf(metrics: CountingStoreMetrics): number {
  let n = 0
  for (const r of metrics.reads.values()) n += r.count
  return n
}

async function measure(heldTasks: number) {
  const { messages, genesis } = workload(heldTasks + WINDOW_TASKS)
  const profiles = messages.length - (heldTasks + WINDOW_TASKS) * PER_TASK
  const held = profiles + heldTasks * PER_TASK
  const dir = await mkdtemp(join(tmpdir(), 'aimesh-cost-'))
  const metrics = new CountingStoreMetrics()
  const store = await StateStore.open(dir, { metrics })
  try {
    const open = () =>
      Engine.open({ store: new LevelEngineStore(store), genesis, clock: CLOCK, now: () => CLOCK })
    let engine = await open()
    for (let i = 0; i < held; i += CHUNK)
      await engine.submitManyVerified(messages.slice(i, Math.min(i + CHUNK, held)))
    const derivations = engine.counters.derivations
    const reads = readsOf(metrics)
    const window = messages.slice(held)
    const results = await engine.submitManyVerified(window)
    expect(results.every((r) => r.verdict === 'ACCEPT')).toBe(true)
    const applied = {
      derivations: engine.counters.derivations - derivations,
      reads: readsOf(metrics) - reads,
    }
    engine = await open()
    return { held: engine.messageCount, applied, openDerivations: engine.counters.derivations }
  } finally {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}

describe('cost per applied message', () => {
  it('does not grow with the messages held (derivations and store reads counted)', async () => {
    const small = await measure(48)
    const large = await measure(380)
    expect(large.held).toBeGreaterThan(7 * small.held)
    expect(small.applied.derivations).toBeGreaterThan(0)
    expect(large.applied.derivations).toBe(small.applied.derivations)
    expect(large.applied.reads).toBeLessThanOrEqual(small.applied.reads)
    expect(small.openDerivations).toBe(0)
    expect(large.openDerivations).toBe(0)
  }, 300_000)
})
