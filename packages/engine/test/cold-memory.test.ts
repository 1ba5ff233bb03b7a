/**
 * Memory per cold task is bounded (DESIGN §5.12), counted by structure, not by heap bytes: with a
 * few tasks resident, every other task keeps no decoded message but its publish, no whole
 * derivation and no records in memory (they are read back from its stored derivation), and no
 * spare room in its packed ids; the id index costs a bounded number of bytes per held id; reading
 * every task (digests, dumps, checkpoint proposals) goes through a bounded cache. What is kept in
 * memory does not grow with history, and the state equals that of an engine holding everything.
 */
import { toHex } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { MESSAGES_PER_TASK, workload } from '../bench/engine.bench.js'
import { Engine, type EngineReadModel } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import { T0 } from './helpers/builders.js'

const RESIDENT = 4
const CHUNK = 256
/** A clock past every deadline: tasks complete as they are derived. */
const CLOCK = T0 + 1e9
/** Id index bytes per held id allowed: 32 id bytes + a task number, hash slots, growth room. */
const INDEX_BYTES_PER_ID = 120

type Census = ReturnType<EngineReadModel['census']>

async function engineWith(tasks: number, residentTasks: number, store = new MemoryEngineStore()) {
  const { messages, genesis } = workload(tasks)
  const open = () => Engine.open({ store, genesis, clock: CLOCK, now: () => CLOCK, residentTasks })
  const engine = await open()
  for (let i = 0; i < messages.length; i += CHUNK) {
    const results = await engine.submitManyVerified(messages.slice(i, i + CHUNK))
    expect(results.every((r) => r.verdict === 'ACCEPT')).toBe(true)
  }
  return { engine, open }
}

function expectBounded(c: Census): void {
  // The account-level task (profiles) stays resident besides the RESIDENT most recently used.
  expect(c.residentTasks).toBeLessThanOrEqual(RESIDENT + 1)
  // Cold tasks keep exactly one decoded message: their publish.
  expect(c.decodedBodies).toBe(c.residentBodies + (c.tasks - c.residentTasks))
  expect(c.wholeDerivations).toBeLessThanOrEqual(c.residentTasks)
  expect(c.recordSets).toBeLessThanOrEqual(c.residentTasks)
  expect(c.coldIdSlack).toBe(0)
  expect((c.indexEntries * 36 + c.indexSlots * 4) / c.messages).toBeLessThanOrEqual(INDEX_BYTES_PER_ID)
  expect(c.cachedSnapshots).toBeLessThanOrEqual(c.snapshotCacheCap)
}

/** The counts that must not grow with history. */
function kept(c: Census) {
  return {
    residentTasks: c.residentTasks,
    wholeDerivations: c.wholeDerivations,
    recordSets: c.recordSets,
    coldBodies: c.decodedBodies - c.residentBodies - (c.tasks - c.residentTasks),
  }
}

describe('memory per cold task', () => {
  it('keeps no messages, derivations or records of cold tasks in memory, at any history size', async () => {
    const small = await engineWith(30, RESIDENT)
    const large = await engineWith(90, RESIDENT)
    expect(large.engine.messageCount).toBeGreaterThan(2 * small.engine.messageCount)
    expect(large.engine.messageCount).toBeGreaterThan(90 * MESSAGES_PER_TASK)
    const c = large.engine.state.census()
    expectBounded(c)
    expectBounded(small.engine.state.census())
    expect(kept(c)).toEqual(kept(small.engine.state.census()))
    expect(c.tasks - c.residentTasks).toBeGreaterThan(80)

    // Reading every cold task's records and derivation goes through the bounded cache only.
    const reference = await engineWith(90, 10_000)
    expect(reference.engine.state.census().wholeDerivations).toBe(90)
    expect(toHex(large.engine.derivedDigest())).toBe(toHex(reference.engine.derivedDigest()))
    expect(toHex(large.engine.stateRoot())).toBe(toHex(reference.engine.stateRoot()))
    expect(large.engine.dumpRecords()).toEqual(reference.engine.dumpRecords())
    expect(large.engine.checkpointProposal(1)).toEqual(reference.engine.checkpointProposal(1))
    expect(kept(large.engine.state.census())).toEqual(kept(c))
    expectBounded(large.engine.state.census())

    // Reopened from the store, every task comes back cold, the same state.
    const reopened = await large.open()
    expect(reopened.counters.derivations).toBe(0)
    expectBounded(reopened.state.census())
    expect(reopened.state.census().wholeDerivations).toBe(0)
    expect(toHex(reopened.derivedDigest())).toBe(toHex(reference.engine.derivedDigest()))
    expect(toHex(reopened.stateRoot())).toBe(toHex(reference.engine.stateRoot()))
  }, 120_000)
})
