/**
 * The engine tells who watches task state which tasks it re-derived (onTasksChanged), once per
 * durable batch or clock advance, so the node's duties and status events look at those tasks
 * instead of scanning them all; a throwing listener is counted, never fails the batch.
 */

import { describe, expect, it } from 'vitest'
import { hex } from '../src/ids.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import { account, openTestEngine, publishTask, revealAnswer, T0, testGenesis } from './helpers/builders.js'

const SEC = 1_000
const pub = account('pub')
const m1 = account('m1')
const v1 = account('v1')
const v2 = account('v2')
const AT = T0 + 10 * SEC

describe('onTasksChanged', () => {
  it('names the tasks a batch or an advance re-derived, and only those', async () => {
    const engine = await openTestEngine({
      store: new MemoryEngineStore(),
      genesis: testGenesis([v1, v2]),
      clock: AT,
      now: () => AT + 100 * SEC,
    })
    const heard: string[][] = []
    engine.onTasksChanged((hexes) => heard.push([...hexes]))
    const a = publishTask(pub, { at: AT })
    const b = publishTask(pub, { at: AT, nonce: 2 })
    await engine.submitMany([a, b], AT + SEC)
    expect(heard.flat().sort()).toEqual([hex(a.id), hex(b.id)].sort())

    heard.length = 0
    await engine.submit(revealAnswer(m1, a, 'an answer', AT + 60 * SEC), AT + 60 * SEC)
    expect(heard).toEqual([[hex(a.id)]])

    // Past the submission deadline (publish + 240 s) both tasks move; an advance with no deadline
    // crossed tells nobody.
    heard.length = 0
    await engine.advance(AT + 100 * SEC)
    expect(heard).toEqual([])
    await engine.advance(AT + 250 * SEC)
    expect(heard.flat().sort()).toEqual([hex(a.id), hex(b.id)].sort())
  })

  it('counts a throwing listener and still commits', async () => {
    const engine = await openTestEngine({
      store: new MemoryEngineStore(),
      genesis: testGenesis([v1, v2]),
      clock: AT,
      now: () => AT + 100 * SEC,
    })
    engine.onTasksChanged(() => {
      throw new Error('listener bug')
    })
    const r = await engine.submit(publishTask(pub, { at: AT }), AT + SEC)
    expect(r.verdict).toBe('ACCEPT')
    expect(engine.failures['change-listener']).toBe(1)
  })
})
