/**
 * Pipelined group commit (engine/group-commit.ts, DESIGN §7, §9 gossip latency): batches are staged
 * while earlier ones are written, and what was staged during a write is written next as one store
 * batch. The durability rule: a verdict is heard once the message is staged (validated, in memory,
 * its write queued); the caller's promise resolves only once its batch is written; a failed write
 * refuses every batch staged after it and memory is rebuilt before any caller hears of it. Merged
 * writes leave the store exactly as one-at-a-time writes (records, indexes, repair).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type AnySignedMessage, toHex, Verdict } from '@aimesh/protocol'
import { StateStore } from '@aimesh/store'
import { describe, expect, it } from 'vitest'
import { type EngineWrite, LevelEngineStore, type ValidationResult } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  openTestEngine,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
} from './helpers/builders.js'
import { buildWorkload } from './helpers/workload.js'

const pub = account('pub')
const m1 = account('m1')
const v1 = account('v1')
const v2 = account('v2')
const NOW = T0 + 10_000 * SEC
const AT = T0 + 10 * SEC

/** A memory store whose writes wait until released (and may fail), recording what each held. */
class GatedStore extends MemoryEngineStore {
  gated = false
  failNext: Error | null = null
  readonly held: string[][] = []
  #release: Array<() => void> = []

  override async applyWrite(write: EngineWrite): Promise<void> {
    this.held.push(write.messages.map((m) => toHex(m.id)))
    if (this.gated) await new Promise<void>((resolve) => this.#release.push(resolve))
    if (this.failNext !== null) {
      const err = this.failNext
      this.failNext = null
      throw err
    }
    return super.applyWrite(write)
  }

  /** Lets every waiting write go on. */
  release(): void {
    this.gated = false
    for (const r of this.#release.splice(0)) r()
  }
}

/** A LevelDB port that records the most messages one write held. */
class CountingLevelStore extends LevelEngineStore {
  mostMessages = 0
  override applyWrite(write: EngineWrite): Promise<void> {
    this.mostMessages = Math.max(this.mostMessages, write.messages.length)
    return super.applyWrite(write)
  }
}

/** Resolves after `n` turns of the event loop (enough for staging to run; bounded). */
async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve))
}

async function open(store: MemoryEngineStore) {
  return openTestEngine({ store, genesis: testGenesis([v1, v2]), clock: T0, now: () => NOW })
}

/** Ingests envelope bytes, recording the early verdict and whether the promise has settled. */
function track(engine: Awaited<ReturnType<typeof open>>, msg: AnySignedMessage) {
  const t: { verdict?: ValidationResult; result?: ValidationResult; error?: unknown } = {}
  const done = engine.ingest(msg.bytes, NOW, (r) => {
    t.verdict = r
  })
  done.then(
    (r) => {
      t.result = r
    },
    (err: unknown) => {
      t.error = err
    },
  )
  return { t, done: done.catch(() => undefined) }
}

describe('pipelined group commit', () => {
  const task = publishTask(pub, { at: AT })
  const reveal = revealAnswer(m1, task, 'answer one', AT + 60 * SEC)
  const score = scoreAnswer(v1, task, reveal, 80, task.body.submissionDeadline + SEC)

  it('a verdict is heard once the message is staged; the promise waits for the write', async () => {
    const store = new GatedStore()
    const engine = await open(store)
    const logged = store.log.size
    store.gated = true
    const a = track(engine, task)
    await turns()
    expect(a.t.verdict).toEqual({ verdict: Verdict.Accept })
    expect(engine.hasMessage(task.id)).toBe(true)
    expect(a.t.result).toBeUndefined()
    expect(store.log.size).toBe(logged)
    store.release()
    await a.done
    expect(a.t.result).toEqual({ verdict: Verdict.Accept })
    expect(store.log.size).toBe(logged + 1)
  })

  it('batches staged during a write are written next as ONE store batch, in order', async () => {
    const store = new GatedStore()
    const engine = await open(store)
    const before = store.held.length
    store.gated = true
    const a = track(engine, task)
    await turns()
    // Staged in later ticks while the first write waits: each its own group commit.
    const b = track(engine, reveal)
    await turns()
    const c = track(engine, score)
    await turns()
    expect([a, b, c].map((x) => x.t.verdict)).toEqual([
      { verdict: Verdict.Accept },
      { verdict: Verdict.Accept },
      { verdict: Verdict.Accept },
    ])
    expect(store.held.slice(before)).toEqual([[toHex(task.id)]])
    store.release()
    await Promise.all([a.done, b.done, c.done])
    expect(store.held.slice(before)).toEqual([[toHex(task.id)], [toHex(reveal.id), toHex(score.id)]])
    expect([a, b, c].map((x) => x.t.result)).toEqual([
      { verdict: Verdict.Accept },
      { verdict: Verdict.Accept },
      { verdict: Verdict.Accept },
    ])
    // The same state as one message at a time.
    const serial = await open(new MemoryEngineStore())
    for (const m of [task, reveal, score]) await serial.submit(m)
    expect(toHex(engine.stateRoot())).toBe(toHex(serial.stateRoot()))
    expect(await store.dumpRecords()).toEqual(await serial.dumpRecords())
  })

  it('a failed write refuses the batches staged after it; memory is rebuilt before callers hear', async () => {
    const store = new GatedStore()
    const engine = await open(store)
    const root = toHex(engine.stateRoot())
    const logged = store.log.size
    store.gated = true
    store.failNext = new Error('disk full')
    const a = track(engine, task)
    await turns()
    const b = track(engine, reveal)
    await turns()
    expect(b.t.verdict).toEqual({ verdict: Verdict.Accept })
    store.release()
    await Promise.all([a.done, b.done])
    expect((a.t.error as Error).message).toBe('disk full')
    expect((b.t.error as Error).name).toBe('EarlierWriteFailed')
    expect(a.t.result).toBeUndefined()
    expect(b.t.result).toBeUndefined()
    expect(engine.hasMessage(task.id)).toBe(false)
    expect(engine.hasMessage(reveal.id)).toBe(false)
    expect(toHex(engine.stateRoot())).toBe(root)
    expect(store.log.size).toBe(logged)
    // Nothing is left half-done: the same messages go in again.
    expect(await engine.ingestMany([task.bytes, reveal.bytes], NOW)).toEqual([
      { verdict: Verdict.Accept },
      { verdict: Verdict.Accept },
    ])
    expect(store.log.size).toBe(logged + 2)
  })

  it('a deadline move waits until every staged batch is written', async () => {
    const store = new GatedStore()
    const engine = await open(store)
    store.gated = true
    const a = track(engine, task)
    await turns()
    let advanced = false
    const moved = engine.advance(task.body.submissionDeadline + SEC).then(() => {
      advanced = true
    })
    await turns()
    expect(advanced).toBe(false)
    store.release()
    await Promise.all([a.done, moved])
    expect(a.t.result).toEqual({ verdict: Verdict.Accept })
    expect(advanced).toBe(true)
  })

  it('on LevelDB, merged writes leave records and indexes exactly as one-at-a-time writes and repair', async () => {
    const w = await buildWorkload(5)
    const dirs = [
      await mkdtemp(join(tmpdir(), 'aimesh-pipelined-')),
      await mkdtemp(join(tmpdir(), 'aimesh-serial-')),
    ]
    // No record cache: the store must trust the merged previous-version hints.
    const stores = await Promise.all(dirs.map((d) => StateStore.open(d, { cacheSize: 0 })))
    try {
      const port = new CountingLevelStore(stores[0]!)
      const serialPort = new LevelEngineStore(stores[1]!)
      const engine = await openTestEngine({ store: port, genesis: w.genesis, clock: T0, now: () => w.now })
      // One message per tick: every write in flight has later batches staged behind it to merge.
      let pending = [...w.messages]
      for (let pass = 0; pending.length > 0 && pass < 50; pass++) {
        const results: Array<Promise<ValidationResult>> = []
        for (const m of pending) {
          results.push(engine.ingest(m.bytes, w.now))
          await new Promise((resolve) => setImmediate(resolve))
        }
        const settled = await Promise.all(results)
        pending = pending.filter(
          (_, i) => settled[i]!.verdict === Verdict.Ignore && settled[i]!.code !== 'DUPLICATE',
        )
      }
      expect(pending).toEqual([])
      await engine.advance(w.end)
      const serial = await openTestEngine({
        store: serialPort,
        genesis: w.genesis,
        clock: T0,
        now: () => w.now,
      })
      for (let pass = 0, left = [...w.messages]; left.length > 0 && pass < 50; pass++) {
        const next: AnySignedMessage[] = []
        for (const m of left) {
          const r = await serial.submit(m, w.now)
          if (r.verdict === Verdict.Ignore && r.code !== 'DUPLICATE') next.push(m)
        }
        left = next
      }
      await serial.advance(w.end)
      expect(toHex(engine.stateRoot())).toBe(toHex(serial.stateRoot()))
      // Writes did merge batches staged in different ticks.
      expect(port.mostMessages).toBeGreaterThan(1)
      const records = await port.dumpRecords()
      expect(records).toEqual(await serialPort.dumpRecords())
      expect(await stores[0]!.checkIntegrity()).toMatchObject({ ok: true, missing: [], dangling: [] })
      await engine.repair()
      expect(await port.dumpRecords()).toEqual(records)
    } finally {
      for (const st of stores) await st.close()
      for (const d of dirs) await rm(d, { recursive: true, force: true })
    }
  }, 120_000)
})
