/**
 * DESIGN §6: with up to 40 % of (equally trusted) validators colluding — a bad answer scored high,
 * a good one low — the consensus score of each answer stays inside the honest validators' score
 * range (spread up to ±15), so within 15 points of their median. Runs the whole engine path
 * (validation, derivation, consensus records).
 */
import { toHex } from '@aimesh/protocol'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { listSubmissions } from '../src/index.js'
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

const CP = account('cp')
const GOOD = account('good')
const BAD = account('bad')

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

describe('consensus against a colluding minority', () => {
  it('stays inside the honest scores and within 15 points of their median', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 10 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 1_000 }),
        async (n, colludePct, seed) => {
          const colluders = Math.floor((n * Math.min(colludePct, 40)) / 100)
          const validators = Array.from({ length: n }, (_, i) => account(`cv${seed}-${i}`))
          const genesis = testGenesis(validators)
          const engine = await openTestEngine({
            store: new MemoryEngineStore(),
            genesis,
            clock: T0,
            now: () => T0 + 1e9,
          })
          const task = publishTask(CP, { at: T0 + SEC, nonce: seed })
          const good = revealAnswer(GOOD, task, 'a careful correct answer', T0 + 100 * SEC)
          const bad = revealAnswer(BAD, task, 'a lazy wrong answer', T0 + 101 * SEC)
          for (const m of [task, good, bad]) expect((await engine.submit(m)).verdict).toBe('ACCEPT')
          const honest = { good: [] as number[], bad: [] as number[] }
          for (const [i, v] of validators.entries()) {
            const isColluder = i < colluders
            const jitter = ((seed * 31 + i * 17) % 31) - 15
            const g = isColluder ? 0 : 80 + jitter
            const b = isColluder ? 100 : 25 + jitter
            if (!isColluder) {
              honest.good.push(g)
              honest.bad.push(b)
            }
            await engine.submit(scoreAnswer(v, task, good, g, T0 + 250 * SEC + i))
            await engine.submit(scoreAnswer(v, task, bad, b, T0 + 250 * SEC + i))
          }
          await engine.advance(T0 + 400 * SEC)
          const subs = listSubmissions(engine, task.id)
          const byId = new Map(subs.map((s) => [toHex(s.id), s]))
          const goodRec = byId.get(toHex(good.id))!
          const badRec = byId.get(toHex(bad.id))!
          for (const [rec, scores] of [
            [goodRec, honest.good],
            [badRec, honest.bad],
          ] as const) {
            expect(rec.consensusScore).toBeGreaterThanOrEqual(Math.min(...scores))
            expect(rec.consensusScore).toBeLessThanOrEqual(Math.max(...scores))
            expect(Math.abs(rec.consensusScore - median(scores))).toBeLessThanOrEqual(15)
          }
        },
      ),
      { numRuns: 60 },
    )
  })
})
