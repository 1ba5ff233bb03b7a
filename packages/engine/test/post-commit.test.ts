/**
 * After a batch is durable nothing may fail its messages: a throwing fraud-alert listener or a
 * failing trust mirror is counted and reported through `onError`, and every submit still resolves.
 */
import { Verdict } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import type { EngineErrorSource, TrustSink } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  knownProfiles,
  openTestEngine,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
} from './helpers/builders.js'

const pub = account('pub')
const m1 = account('m1')
const m2 = account('m2')
const v1 = account('v1')
const v2 = account('v2')
const NOW = T0 + 10_000 * SEC
const AT = T0 + 10 * SEC

describe('post-commit failures', () => {
  const task = publishTask(pub, { at: AT })
  const original = revealAnswer(m1, task, 'the same answer, word for word', AT + 60 * SEC)
  const copy = revealAnswer(m2, task, 'the same answer, word for word', AT + 90 * SEC)

  it('a throwing fraud-alert listener does not fail the committed batch; other listeners still hear it', async () => {
    const store = new MemoryEngineStore()
    const errors: [unknown, EngineErrorSource][] = []
    const engine = await openTestEngine({
      store,
      genesis: testGenesis([v1, v2]),
      clock: T0,
      now: () => NOW,
      onError: (err, source) => errors.push([err, source]),
    })
    const heard: unknown[] = []
    engine.onFraudAlert(() => {
      throw new Error('listener bug')
    })
    engine.onFraudAlert((a) => heard.push(a))
    const results = await engine.submitMany([task, original, copy], AT + 100 * SEC)
    expect(results.map((r) => r.verdict)).toEqual([Verdict.Accept, Verdict.Accept, Verdict.Accept])
    expect(heard.length).toBeGreaterThan(0)
    expect(engine.failures['fraud-alert-listener']).toBe(heard.length)
    expect(errors.map(([, s]) => s)).toEqual(heard.map(() => 'fraud-alert-listener'))
    expect((errors[0]![0] as Error).message).toBe('listener bug')
    // The batch is durable and memory agrees with the store.
    expect(store.log.size).toBe(knownProfiles().length + 3)
    expect(engine.dumpRecords()).toEqual(await store.dumpRecords())
  })

  it('a failing trust mirror and a throwing onError are counted, never swallowed silently, never fail a submit', async () => {
    const sink: TrustSink = {
      begin: () => {
        throw new Error('disk full')
      },
    }
    const engine = await openTestEngine({
      store: new MemoryEngineStore(),
      genesis: testGenesis([v1, v2]),
      clock: T0,
      now: () => NOW,
      trustSink: sink,
      onError: () => {
        throw new Error('hook bug')
      },
    })
    const sd = task.body.submissionDeadline
    const results = await engine.submitMany(
      [
        task,
        original,
        scoreAnswer(v1, task, original, 80, sd + SEC),
        scoreAnswer(v2, task, original, 82, sd + 2 * SEC),
      ],
      sd + 10 * SEC,
    )
    expect(results.every((r) => r.verdict === Verdict.Accept)).toBe(true)
    await engine.advance(task.body.validationDeadline + SEC)
    expect(engine.failures['trust-sink']).toBeGreaterThan(0)
    expect(engine.failures['fraud-alert-listener']).toBe(0)
  })
})
