/**
 * Group commit (DESIGN §9 ingest): messages submitted while a write is in flight share one atomic
 * store batch; each is validated against the state plus the messages before it; the state is the
 * same as applying them one at a time; a failed batch persists and keeps nothing. Signature checks
 * shared with a VerifyPool give exactly verifyNode's answers.
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type AnySignedMessage,
  concatBytes,
  domainTag,
  type MessageKind,
  toHex,
  Verdict,
  verifyNode,
} from '@aimesh/protocol'
import { StateStore } from '@aimesh/store'
import { afterAll, describe, expect, it } from 'vitest'
import { type Engine, type EngineWrite, LevelEngineStore, VerifyPool } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  knownProfiles,
  NET,
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

async function open(store = new MemoryEngineStore()) {
  const engine = await openTestEngine({ store, genesis: testGenesis([v1, v2]), clock: T0, now: () => NOW })
  return { store, engine }
}

function hexMap(m: Map<string, Uint8Array>): Record<string, string> {
  return Object.fromEntries([...m.entries()].map(([k, v]) => [k, toHex(v)]))
}

/** Submits in chunks, re-submitting what was IGNOREd until nothing changes (as sync would). */
async function deliverMany(
  engine: Engine,
  messages: readonly AnySignedMessage[],
  now: number,
  chunk: number,
) {
  let pending = [...messages]
  for (let pass = 0; pending.length > 0 && pass < 50; pass++) {
    const retry: AnySignedMessage[] = []
    for (let i = 0; i < pending.length; i += chunk) {
      const part = pending.slice(i, i + chunk)
      const results = await engine.submitMany(part, now)
      results.forEach((r, k) => {
        if (r.verdict === Verdict.Reject) throw new Error(`rejected: ${JSON.stringify(r)}`)
        if (r.verdict === Verdict.Ignore && r.code !== 'DUPLICATE') retry.push(part[k]!)
      })
    }
    pending = retry
  }
  expect(pending).toEqual([])
}

describe('group commit', () => {
  const task = publishTask(pub, { at: AT })
  const reveal = revealAnswer(m1, task, 'answer one', AT + 60 * SEC)
  const score = scoreAnswer(v1, task, reveal, 80, task.body.submissionDeadline + SEC)

  it('submitMany validates each against the messages before it and commits ONE batch', async () => {
    const { store, engine } = await open()
    const writes = store.writes
    const selfScore = scoreAnswer(m1, task, reveal, 99, task.body.submissionDeadline + 2 * SEC)
    const results = await engine.submitMany([task, reveal, reveal, score, selfScore])
    expect(results.map((r) => ('code' in r ? r.code : r.verdict))).toEqual([
      Verdict.Accept,
      Verdict.Accept,
      'DUPLICATE',
      Verdict.Accept,
      'SELF_VALIDATION',
    ])
    expect(store.writes).toBe(writes + 1)
    expect(store.log.size).toBe(knownProfiles().length + 3)
    expect(engine.hasMessage(selfScore.id)).toBe(false)
  })

  it('concurrent submits while a write is in flight share the next group commit', async () => {
    const { store, engine } = await open()
    const writes = store.writes
    const all = await Promise.all([engine.submit(task), engine.submit(reveal), engine.submit(score)])
    expect(all.every((r) => r.verdict === Verdict.Accept)).toBe(true)
    expect(store.writes).toBe(writes + 1)
  })

  it('a scoring message before its answer in the same batch is IGNOREd, as one at a time', async () => {
    const { engine } = await open()
    const results = await engine.submitMany([task, score, reveal])
    expect(results.map((r) => ('code' in r ? r.code : r.verdict))).toEqual([
      Verdict.Accept,
      'MISSING_PARENT',
      Verdict.Accept,
    ])
  })

  it('batches of any size give the same root and records as one at a time', async () => {
    const w = await buildWorkload(7)
    const serial = await openTestEngine({
      store: new MemoryEngineStore(),
      genesis: w.genesis,
      clock: T0,
      now: () => w.now,
    })
    await deliverMany(serial, w.messages, w.now, 1)
    await serial.advance(w.end)
    for (const chunk of [5, 64, 1_000]) {
      const store = new MemoryEngineStore()
      const batched = await openTestEngine({ store, genesis: w.genesis, clock: T0, now: () => w.now })
      await deliverMany(batched, w.messages, w.now, chunk)
      await batched.advance(w.end)
      expect(toHex(batched.stateRoot())).toBe(toHex(serial.stateRoot()))
      expect(hexMap(batched.dumpRecords())).toEqual(hexMap(serial.dumpRecords()))
      expect(hexMap(await store.dumpRecords())).toEqual(hexMap(batched.dumpRecords()))
      expect(batched.inventory()).toEqual(serial.inventory())
    }
  })

  it('on LevelDB, batched writes (with previous-version hints) leave indexes exactly as repair rebuilds them', async () => {
    const w = await buildWorkload(11)
    const dir = await mkdtemp(join(tmpdir(), 'aimesh-engine-'))
    // No record cache: the store must trust the engine's hints for every replaced record.
    const store = await StateStore.open(dir, { cacheSize: 0 })
    try {
      const port = new LevelEngineStore(store)
      const engine = await openTestEngine({ store: port, genesis: w.genesis, clock: T0, now: () => w.now })
      await deliverMany(engine, w.messages, w.now, 16)
      await engine.advance(w.end)
      expect(await store.checkIntegrity()).toMatchObject({ ok: true, missing: [], dangling: [] })
      const before = hexMap(await port.dumpRecords())
      await engine.repair()
      expect(hexMap(await port.dumpRecords())).toEqual(before)
    } finally {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('a failed batch fails every caller in it and leaves nothing behind', async () => {
    class FailingStore extends MemoryEngineStore {
      fail = false
      override async applyWrite(write: EngineWrite): Promise<void> {
        if (this.fail) throw new Error('disk full')
        return super.applyWrite(write)
      }
    }
    const store = new FailingStore()
    const { engine } = await open(store)
    expect(await engine.submit(task)).toEqual({ verdict: Verdict.Accept })
    const root = toHex(engine.stateRoot())
    store.fail = true
    const outcomes = await Promise.allSettled([engine.submit(reveal), engine.submit(score)])
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected'])
    expect(engine.hasMessage(reveal.id)).toBe(false)
    expect(engine.hasMessage(score.id)).toBe(false)
    expect(toHex(engine.stateRoot())).toBe(root)
    expect(store.log.size).toBe(knownProfiles().length + 1)
    store.fail = false
    expect(await engine.submitMany([reveal, score])).toEqual([
      { verdict: Verdict.Accept },
      { verdict: Verdict.Accept },
    ])
  })
})

describe('ingest with a verify pool', () => {
  const pool = new VerifyPool(1)
  afterAll(() => pool.close())

  const task = publishTask(pub, { at: AT })
  const reveals = Array.from({ length: 6 }, (_, i) =>
    revealAnswer(account(`pm${i}`), task, `answer ${i}`, AT + SEC + i),
  )
  const scores = reveals.flatMap((r, i) =>
    [v1, v2].map((v) => scoreAnswer(v, task, r, 50 + i, task.body.submissionDeadline + i)),
  )

  it('ingestMany: valid envelopes accepted, tampered ones BAD_SIGNATURE, garbage MALFORMED', async () => {
    const store = new MemoryEngineStore()
    const engine = await openTestEngine({
      store,
      genesis: testGenesis([v1, v2]),
      clock: T0,
      now: () => NOW,
      verifyPool: pool,
    })
    const tampered = Uint8Array.from(scores[3]!.bytes)
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 1
    const envelopes = [task.bytes, ...reveals.map((r) => r.bytes), tampered, new Uint8Array([1, 2, 3])]
    envelopes.push(...scores.filter((_, i) => i !== 3).map((s) => s.bytes))
    const results = await engine.ingestMany(envelopes)
    const codes = results.map((r) => ('code' in r ? r.code : r.verdict))
    expect(codes.filter((c) => c === Verdict.Accept)).toHaveLength(1 + reveals.length + scores.length - 1)
    expect(codes[reveals.length + 1]).toBe('BAD_SIGNATURE')
    expect(codes[reveals.length + 2]).toBe('MALFORMED')
    expect(engine.hasMessage(scores[3]!.id)).toBe(false)
    expect(store.log.size).toBe(knownProfiles().length + reveals.length + scores.length)

    // Same state as ingesting one at a time without the pool.
    const plain = await openTestEngine({
      store: new MemoryEngineStore(),
      genesis: testGenesis([v1, v2]),
      clock: T0,
      now: () => NOW,
    })
    for (const e of envelopes) await plain.ingest(e)
    expect(toHex(engine.stateRoot())).toBe(toHex(plain.stateRoot()))
    expect(hexMap(engine.dumpRecords())).toEqual(hexMap(plain.dumpRecords()))
  })

  it('single ingest calls in one tick are checked together and applied in call order', async () => {
    const engine = await openTestEngine({
      store: new MemoryEngineStore(),
      genesis: testGenesis([v1, v2]),
      clock: T0,
      now: () => NOW,
      verifyPool: pool,
    })
    const results = await Promise.all([task, ...reveals, ...scores].map((m) => engine.ingest(m.bytes)))
    expect(results.every((r) => r.verdict === Verdict.Accept)).toBe(true)
    expect(engine.messageCount).toBe(knownProfiles().length + 1 + reveals.length + scores.length)
  })

  it('VerifyPool gives verifyNode’s answer on every input', async () => {
    const msgs = [task, ...reveals, ...scores]
    const checks = msgs.map((m) => ({
      signature: Uint8Array.from(m.signature),
      message: concatBytes(domainTag(NET, m.kind as MessageKind), m.bodyBytes),
      publicKey: Uint8Array.from(m.signer),
    }))
    checks[1]!.signature[0]! ^= 1 // wrong signature
    checks[2]!.signature[63] = 0xff // S ≥ L: fails the strict precheck
    checks[3]!.publicKey = new Uint8Array(32).fill(0).map((_, i) => (i === 0 ? 1 : 0)) // small-order key
    checks[4]!.message = concatBytes(checks[4]!.message, new Uint8Array([0])) // different message
    checks[5]!.publicKey = new Uint8Array(32).fill(0xff) // non-canonical key
    const got = await pool.verify(checks)
    expect(got).toEqual(checks.map((c) => verifyNode(c.signature, c.message, c.publicKey)))
    expect(got.filter((x) => !x)).toHaveLength(5)
  })

  it('a closed pool checks everything on the calling thread', async () => {
    const p = new VerifyPool(2)
    await p.close()
    const checks = [task, ...reveals].map((m) => ({
      signature: m.signature,
      message: concatBytes(domainTag(NET, m.kind as MessageKind), m.bodyBytes),
      publicKey: m.signer,
    }))
    expect(await p.verify(checks)).toEqual(checks.map(() => true))
  })
})
