/**
 * Behavioural patterns (DESIGN §6 fraud signals, §7 behaviour column): one BehaviourPattern per
 * account, derived from the set of messages like miner records — the same for any delivery order
 * and any batch boundaries, written in the same atomic batches, reproduced by repair and restart.
 *
 * The workload: an honest miner A, a copier B (A's answer, later), a fast answerer F (well under the
 * beginner minimum of 30 s, never flagged), an equivocating validator E (two scores for one answer),
 * a colluding validator C (scores F ≥ 25 above consensus twice), three honest validators, and a
 * miner G whose only answer is undone by a cancellation that precedes it.
 */
import { type AnySignedMessage, type BehaviourPattern, toHex, Verdict } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { type Engine, encodeRecord, getBehaviour, getMiner } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  cancelTask,
  commitAnswer,
  openTestEngine,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
  withProfiles,
} from './helpers/builders.js'
import { deliver, levelEngine, shuffle } from './helpers/deliver.js'
import { prng } from './helpers/workload.js'

const P = account('bp-publisher')
const A = account('bp-honest')
const B = account('bp-copier')
const F = account('bp-fast')
const G = account('bp-cancelled')
const [V1, V2, V3] = ['bp-v1', 'bp-v2', 'bp-v3'].map(account) as [
  ReturnType<typeof account>,
  ReturnType<typeof account>,
  ReturnType<typeof account>,
]
const C = account('bp-colluder')
const E = account('bp-equivocator')
const genesis = testGenesis([V1, V2, V3, C, E])

const ORIGINAL = 'The overflow is in parse_header: the length field is trusted before the bounds check.'
const FAST_1 = 'quick guess: probably a race in the scheduler'
const FAST_2 = 'lucky punt — maybe the cache key collides'

const t1 = T0 + 60 * SEC
const t2 = T0 + 1_000 * SEC
const t3 = T0 + 2_000 * SEC
const NOW = T0 + 10_000 * SEC
const END = T0 + 5_000 * SEC

function workload(): { messages: AnySignedMessage[]; at: Record<string, number> } {
  const messages: AnySignedMessage[] = []
  const at: Record<string, number> = {}
  // Task 1 (no commit–reveal): F at +10 s (fast), A at +60 s, B copies A at +100 s.
  const task1 = publishTask(P, { at: t1, nonce: 1 })
  const f1 = revealAnswer(F, task1, FAST_1, t1 + 10 * SEC)
  const a1 = revealAnswer(A, task1, ORIGINAL, t1 + 60 * SEC)
  const b1 = revealAnswer(B, task1, ORIGINAL, t1 + 100 * SEC)
  messages.push(task1, f1, a1, b1)
  let s = t1 + 250 * SEC
  for (const v of [V1, V2, V3]) {
    messages.push(scoreAnswer(v, task1, a1, 80, s++), scoreAnswer(v, task1, b1, 30, s++))
    messages.push(scoreAnswer(v, task1, f1, 40, s++))
  }
  at.c1 = s++
  messages.push(scoreAnswer(C, task1, f1, 100, at.c1))
  messages.push(scoreAnswer(E, task1, a1, 80, s++))
  at.e2 = s++
  messages.push(scoreAnswer(E, task1, a1, 20, at.e2))
  // Task 2 (commit–reveal, answers timed by their commits): A after 50.001 s, F after 20 s.
  const task2 = publishTask(P, { at: t2, nonce: 2, commitReveal: true })
  const answerA2 = 'Second task: the retry loop never resets its backoff counter after success.'
  const ca2 = commitAnswer(A, task2, answerA2, t2 + 50 * SEC + 1)
  const cf2 = commitAnswer(F, task2, FAST_2, t2 + 20 * SEC)
  at.a2 = t2 + 130 * SEC
  at.f2 = t2 + 125 * SEC
  const a2 = revealAnswer(A, task2, answerA2, at.a2, { commit: ca2 })
  const f2 = revealAnswer(F, task2, FAST_2, at.f2, { commit: cf2 })
  messages.push(task2, ca2, cf2, a2, f2)
  s = t2 + 250 * SEC
  for (const v of [V1, V2, V3])
    messages.push(scoreAnswer(v, task2, a2, 70, s++), scoreAnswer(v, task2, f2, 50, s++))
  at.c2 = s++
  messages.push(scoreAnswer(C, task2, f2, 95, at.c2))
  messages.push(scoreAnswer(E, task2, f2, 50, s++))
  // Task 3: G answers at +50 s, but the publisher cancelled at +20 s (before the first answer).
  const task3 = publishTask(P, { at: t3, nonce: 3 })
  messages.push(task3, revealAnswer(G, task3, 'an answer to a cancelled task', t3 + 50 * SEC))
  messages.push(cancelTask(P, task3, t3 + 20 * SEC))
  return { messages: withProfiles(messages), at }
}

const pattern = (key: { publicKey: Uint8Array }, p: Omit<BehaviourPattern, 'account'>): BehaviourPattern => ({
  account: key.publicKey as Uint8Array<ArrayBuffer>,
  ...p,
})

function expected(at: Record<string, number>): Map<string, BehaviourPattern> {
  const none = { duplicateAnswers: 0, fastAnswers: 0, inflatedScores: 0, equivocations: 0 }
  const list = [
    // (60 000 + 50 001) / 2, floored.
    pattern(A, { ...none, submissions: 2, meanWorkMs: 55_000, updatedAt: at.a2! }),
    pattern(B, {
      ...none,
      submissions: 1,
      duplicateAnswers: 1,
      meanWorkMs: 100_000,
      updatedAt: t1 + 100 * SEC,
    }),
    pattern(F, { ...none, submissions: 2, fastAnswers: 2, meanWorkMs: 15_000, updatedAt: at.f2! }),
    pattern(C, { ...none, submissions: 0, inflatedScores: 2, meanWorkMs: 0, updatedAt: at.c2! }),
    pattern(E, { ...none, submissions: 0, equivocations: 1, meanWorkMs: 0, updatedAt: at.e2! }),
  ]
  return new Map(list.map((p) => [toHex(p.account), p]))
}

const hexMap = (m: Map<string, Uint8Array>) =>
  Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, toHex(v)]))
const behaviourOnly = (m: Map<string, Uint8Array>) =>
  hexMap(new Map([...m].filter(([k]) => k.startsWith('behaviour:'))))

/** submitMany in chunks, re-delivering what was IGNOREd (its parents were in a later chunk). */
async function deliverChunks(engine: Engine, messages: readonly AnySignedMessage[], sizes: () => number) {
  let pending = [...messages]
  for (let pass = 0; pending.length > 0 && pass < 50; pass++) {
    const retry: AnySignedMessage[] = []
    for (let i = 0; i < pending.length; ) {
      const part = pending.slice(i, i + sizes())
      i += part.length
      const results = await engine.submitMany(part, NOW)
      results.forEach((r, k) => {
        if (r.verdict === Verdict.Reject) throw new Error(`rejected: ${JSON.stringify(r)}`)
        if (r.verdict === Verdict.Ignore && r.code !== 'DUPLICATE') retry.push(part[k]!)
      })
    }
    pending = retry
  }
  expect(pending).toEqual([])
}

describe('behavioural patterns', () => {
  it('count copied, fast, inflated and equivocated messages per account, with mean work time', async () => {
    const { messages, at } = workload()
    const engine = await openTestEngine({
      store: new MemoryEngineStore(),
      genesis,
      clock: T0,
      now: () => NOW,
    })
    await deliver(engine, messages, NOW)
    await engine.advance(END)
    const want = expected(at)
    for (const [h, p] of want) expect(getBehaviour(engine, p.account), h).toEqual(p)
    // Honest validators, the publisher and the miner whose only answer was cancelled have none.
    for (const k of [V1, V2, V3, P, G]) expect(getBehaviour(engine, k.publicKey)).toBeUndefined()
    const keys = [...engine.dumpRecords().keys()].filter((k) => k.startsWith('behaviour:'))
    expect(keys.sort()).toEqual([...want.keys()].map((h) => `behaviour:${h}`).sort())
    // submissions agree with the miner records.
    expect(getMiner(engine, A.publicKey)?.submissions).toBe(2)
    expect(getMiner(engine, F.publicKey)?.submissions).toBe(2)
  })

  it('are the same for shuffled delivery and any batch boundaries, on LevelDB, and repair reproduces them', async () => {
    const { messages, at } = workload()
    const want = Object.fromEntries(
      [...expected(at).entries()].map(([h, p]) => [
        `behaviour:${h}`,
        toHex(encodeRecord({ type: 'behaviour', record: p })),
      ]),
    )
    const reference = await levelEngine(genesis, T0, NOW)
    try {
      await deliver(reference.engine, messages, NOW)
      await reference.engine.advance(END)
      const refRecords = hexMap(reference.engine.dumpRecords())
      expect(behaviourOnly(reference.engine.dumpRecords())).toEqual(want)
      const refStored = hexMap(await reference.port.dumpRecords())
      expect(behaviourOnly(await reference.port.readRecords())).toEqual(want)
      expect(await reference.store.checkIntegrity()).toMatchObject({ ok: true, missing: [], dangling: [] })

      for (const seed of [1, 2, 3]) {
        const rnd = prng(seed)
        for (const mode of ['one-by-one', 'batched'] as const) {
          const x = await levelEngine(genesis, T0, NOW)
          try {
            const order = shuffle(messages, rnd)
            if (mode === 'one-by-one') await deliver(x.engine, order, NOW)
            else await deliverChunks(x.engine, order, () => 1 + Math.floor(rnd() * 9))
            await x.engine.advance(END)
            expect(toHex(x.engine.stateRoot())).toBe(toHex(reference.engine.stateRoot()))
            expect(hexMap(x.engine.dumpRecords())).toEqual(refRecords)
            expect(hexMap(await x.port.dumpRecords())).toEqual(refStored)
            expect(await x.store.checkIntegrity()).toMatchObject({ ok: true, missing: [], dangling: [] })
          } finally {
            await x.close()
          }
        }
      }

      // Everything in one batch.
      const one = await levelEngine(genesis, T0, NOW)
      try {
        await deliverChunks(one.engine, messages, () => messages.length)
        await one.engine.advance(END)
        expect(hexMap(one.engine.dumpRecords())).toEqual(refRecords)
        expect(hexMap(await one.port.dumpRecords())).toEqual(refStored)
      } finally {
        await one.close()
      }

      // Repair rebuilds them from the log; a restart derives the same.
      await reference.engine.repair()
      expect(hexMap(await reference.port.dumpRecords())).toEqual(refStored)
      expect(hexMap(reference.engine.dumpRecords())).toEqual(refRecords)
      const reopened = await reference.reopen()
      await reopened.advance(END)
      expect(hexMap(reopened.dumpRecords())).toEqual(refRecords)
      expect(await reference.store.checkIntegrity()).toMatchObject({ ok: true, missing: [], dangling: [] })
    } finally {
      await reference.close()
    }
  }, 120_000)

  it('is deleted in the same batch when the account has nothing left, and the startup diff fixes stale ones', async () => {
    const { messages } = workload()
    const x = await levelEngine(genesis, T0, NOW)
    try {
      const cancel = messages[messages.length - 1]!
      const rest = messages.slice(0, -1)
      await deliver(x.engine, rest, NOW)
      // G's answer is counted until the cancellation that precedes it arrives.
      expect(getBehaviour(x.engine, G.publicKey)?.submissions).toBe(1)
      expect((await x.store.fraud.getBehaviour(G.publicKey))?.submissions).toBe(1)
      expect((await x.engine.submit(cancel, NOW)).verdict).toBe(Verdict.Accept)
      expect(getBehaviour(x.engine, G.publicKey)).toBeUndefined()
      expect(await x.store.fraud.getBehaviour(G.publicKey)).toBeUndefined()
      // What the store holds is exactly what the engine derived (the startup diff reads this).
      expect(hexMap(await x.port.readRecords())).toEqual(hexMap(x.engine.dumpRecords()))
      await x.engine.advance(END)
      const records = hexMap(x.engine.dumpRecords())
      const stored = hexMap(await x.port.dumpRecords())

      // A stale pattern for an account the log does not derive, and a wrong one for A: open diffs
      // them away (one deleted, one rewritten) without a repair.
      const stranger = account('bp-stranger').publicKey as Uint8Array<ArrayBuffer>
      const zeros = { duplicateAnswers: 0, fastAnswers: 0, inflatedScores: 0, equivocations: 0 }
      await x.store.fraud.storeBehaviour({
        account: stranger,
        submissions: 9,
        ...zeros,
        meanWorkMs: 1,
        updatedAt: 1,
      })
      await x.store.fraud.storeBehaviour(
        pattern(A, { submissions: 7, ...zeros, meanWorkMs: 1, updatedAt: 1 }),
      )
      const reopened = await x.reopen()
      await reopened.advance(END)
      expect(hexMap(reopened.dumpRecords())).toEqual(records)
      expect(hexMap(await x.port.dumpRecords())).toEqual(stored)
      expect(await x.store.fraud.getBehaviour(stranger)).toBeUndefined()
      expect(await x.store.checkIntegrity()).toMatchObject({ ok: true, missing: [], dangling: [] })
    } finally {
      await x.close()
    }
  }, 60_000)
})
