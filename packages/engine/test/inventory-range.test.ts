/** Paged inventory (DESIGN §4 anti-entropy): [from, to) in task id order, at most `limit`. */
import { toHex } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { MemoryEngineStore } from '../src/testing/index.js'
import { account, openTestEngine, publishTask, SEC, T0, testGenesis } from './helpers/builders.js'

const pub = account('inv-pub')
const NOW = T0 + 10_000 * SEC

async function engineWithTasks(n: number) {
  const engine = await openTestEngine({
    store: new MemoryEngineStore(),
    genesis: testGenesis(),
    clock: T0,
    now: () => NOW,
  })
  const tasks = Array.from({ length: n }, (_, i) => publishTask(pub, { at: T0 + (10 + i) * SEC, nonce: i }))
  await engine.submitManyVerified(tasks)
  return engine
}

describe('Engine.inventory(range)', () => {
  it('pages through every task in id order, each once', async () => {
    const engine = await engineWithTasks(23)
    const all = engine.inventory()
    // 23 tasks and the zero id, under which account messages (the publisher's profile) are filed.
    expect(all).toHaveLength(24)
    const ids = all.map((e) => toHex(e.taskId))
    expect(ids).toEqual([...ids].sort())

    const paged: string[] = []
    let from: Uint8Array | undefined
    for (let page = 0; page < 10; page++) {
      const chunk = engine.inventory(from === undefined ? { limit: 5 } : { from, limit: 5 })
      paged.push(...chunk.map((e) => toHex(e.taskId)))
      if (chunk.length < 5) break
      // Next page starts just after the last id: the id with 1 added as a 256-bit number.
      const next = Uint8Array.from(chunk.at(-1)!.taskId)
      for (let i = next.length - 1; i >= 0 && ++next[i]! === 256; i--) next[i] = 0
      from = next
    }
    expect(paged).toEqual(ids)
  })

  it('keeps [from, to): from included, to excluded; an empty to is no bound', async () => {
    const engine = await engineWithTasks(8)
    const all = engine.inventory()
    const [a, b] = [all[2]!.taskId, all[5]!.taskId]
    expect(engine.inventory({ from: a, to: b }).map((e) => toHex(e.taskId))).toEqual(
      all.slice(2, 5).map((e) => toHex(e.taskId)),
    )
    expect(engine.inventory({ from: a, to: new Uint8Array(0) })).toEqual(all.slice(2))
    expect(engine.inventory({ to: b })).toEqual(all.slice(0, 5))
    expect(engine.inventory({ limit: 0 })).toEqual([])
    expect(engine.inventory({ from: b, to: a })).toEqual([])
    expect(() => engine.inventory({ limit: -1 })).toThrow(RangeError)
  })
})
