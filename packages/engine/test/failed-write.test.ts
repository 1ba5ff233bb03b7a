/**
 * A write that fails leaves memory exactly where the store is: for every N, a store that throws on
 * its Nth write (a group commit or a deadline-driven `advance`) leaves engine records == store
 * records and the clock where it was; retrying then converges to the state of a run without
 * failures.
 */
import { type AnySignedMessage, toHex, Verdict } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { Engine, type EngineWrite, type Genesis } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import { T0 } from './helpers/builders.js'
import { buildWorkload } from './helpers/workload.js'

/** A MemoryEngineStore whose Nth write (1-based) throws once, before anything is written. */
class FlakyStore extends MemoryEngineStore {
  attempts = 0
  failedAdvance = false
  constructor(readonly failOn: number) {
    super()
  }
  override async applyWrite(write: EngineWrite): Promise<void> {
    this.attempts++
    if (this.attempts === this.failOn) {
      this.failedAdvance = write.messages.length === 0
      throw new Error(`injected failure on write ${this.failOn}`)
    }
    return super.applyWrite(write)
  }
}

const hexMap = (m: Map<string, Uint8Array>) =>
  Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, toHex(v)]))

/**
 * Delivers the workload in chunks of 7 (IGNOREd ones retried), advancing the clock to the newest
 * author time after each chunk; every operation that throws is checked (memory == store, clock unchanged) and retried.
 */
async function run(
  genesis: Genesis,
  messages: readonly AnySignedMessage[],
  now: number,
  end: number,
  store: MemoryEngineStore,
) {
  const engine = await Engine.open({ store, genesis, clock: T0, now: () => now })
  let failures = 0
  const attempt = async (op: () => Promise<unknown>) => {
    for (;;) {
      const clock = engine.clock
      try {
        return await op()
      } catch {
        failures++
        expect(engine.clock).toBe(clock)
        expect(hexMap(engine.dumpRecords())).toEqual(hexMap(await store.dumpRecords()))
      }
    }
  }
  let pending = [...messages]
  let clock = T0
  for (let pass = 0; pending.length > 0 && pass < 50; pass++) {
    const retry: AnySignedMessage[] = []
    for (let i = 0; i < pending.length; i += 7) {
      const chunk = pending.slice(i, i + 7)
      const results = (await attempt(() => engine.submitMany(chunk, now))) as {
        verdict: Verdict
        code?: string
      }[]
      results.forEach((r, k) => {
        expect(r.verdict).not.toBe(Verdict.Reject)
        if (r.verdict === Verdict.Ignore && r.code !== 'DUPLICATE') retry.push(chunk[k]!)
      })
      // The clock follows the newest author time delivered, so deadlines between messages fire in advance().
      clock = Math.max(clock, ...chunk.map((m) => m.body.timestamp))
      await attempt(() => engine.advance(clock))
    }
    pending = retry
  }
  expect(pending).toEqual([])
  await attempt(() => engine.advance(end))
  return { engine, failures }
}

describe('failed writes', () => {
  it('a store that throws on the Nth write leaves engine records == store records, for every N', async () => {
    const w = await buildWorkload(5)
    const clean = await run(w.genesis, w.messages, w.now, w.end, new MemoryEngineStore())
    const expected = hexMap(clean.engine.dumpRecords())
    const root = toHex(clean.engine.stateRoot())
    const total = (await (async () => {
      const s = new FlakyStore(0)
      await run(w.genesis, w.messages, w.now, w.end, s)
      return s.attempts
    })()) as number
    let advanceFailures = 0
    for (let n = 1; n <= total; n++) {
      const store = new FlakyStore(n)
      const { engine, failures } = await run(w.genesis, w.messages, w.now, w.end, store)
      expect(failures).toBe(1)
      if (store.failedAdvance) advanceFailures++
      expect(toHex(engine.stateRoot())).toBe(root)
      expect(hexMap(engine.dumpRecords())).toEqual(expected)
      expect(hexMap(await store.dumpRecords())).toEqual(expected)
    }
    expect(advanceFailures).toBeGreaterThan(0)
  }, 120_000)
})
