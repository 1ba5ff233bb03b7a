/**
 * Queries decay reputation and trust to the query time (DESIGN §6: 1 %/day toward the baseline),
 * while stored records stay as of each account's last event (clock-independent).
 */
import { MinerRecord, toHex } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { getMiner, matchMiners, trustOf } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  minerProfile,
  openTestEngine,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
} from './helpers/builders.js'

const DAY = 86_400_000
const pub = account('decay-pub')
const m1 = account('decay-m1')
const v1 = account('decay-v1')
const v2 = account('decay-v2')
const AT = T0 + 10 * SEC

describe('query-time decay', () => {
  it('getMiner, matchMiners and trustOf decay to the query time; the stored record does not move', async () => {
    const task = publishTask(pub, { at: AT })
    const sd = task.body.submissionDeadline
    const vd = task.body.validationDeadline
    const reveal = revealAnswer(m1, task, 'a careful, original answer', AT + 60 * SEC)
    const engine = await openTestEngine({
      store: new MemoryEngineStore(),
      genesis: testGenesis([v1, v2]),
      clock: T0,
      now: () => T0 + 1000 * DAY,
    })
    await engine.submitMany(
      [
        minerProfile(m1, AT),
        task,
        reveal,
        scoreAnswer(v1, task, reveal, 95, sd + SEC),
        scoreAnswer(v2, task, reveal, 95, sd + SEC),
      ],
      sd + 10 * SEC,
    )
    await engine.advance(vd)
    const later = publishTask(pub, { at: vd + SEC, nonce: 1 })
    await engine.submit(later, vd + 10 * SEC)

    const stored = () => MinerRecord.decode(engine.dumpRecords().get(`miner:${toHex(m1.publicKey)}`)!)
    const atEvent = getMiner(engine, m1.publicKey)!.reputation
    expect(atEvent).toBe(5_050) // +50 for a 95 consensus score, no time elapsed yet
    expect(stored().reputation).toBe(5_050)

    // 100 days later: 5000 + 50·0.99^100 ≈ 5018, read at the query time or by advancing the clock.
    const expected = Math.round(5_000 + 50 * 0.99 ** 100)
    expect(getMiner(engine, m1.publicKey, vd + 100 * DAY)!.reputation).toBe(expected)
    const trustThen = trustOf(engine, m1.publicKey, vd)
    const trustLater = trustOf(engine, m1.publicKey, vd + 100 * DAY)
    expect(trustThen).toBeGreaterThan(0.5)
    expect(trustLater).toBeLessThan(trustThen)
    expect(trustLater).toBeCloseTo(0.5 + (trustThen - 0.5) * 0.99 ** 100, 9)

    const scoreNow = matchMiners(engine, later.id)[0]!.score
    const scoreLater = matchMiners(engine, later.id, vd + 100 * DAY)[0]!.score
    expect(scoreNow - scoreLater).toBeCloseTo((0.2 * (5_050 - expected)) / 10_000, 6)

    // Moving the clock changes what queries see by default, never the stored record.
    await engine.advance(vd + 100 * DAY)
    expect(getMiner(engine, m1.publicKey)!.reputation).toBe(expected)
    expect(trustOf(engine, m1.publicKey)).toBe(trustLater)
    expect(stored().reputation).toBe(5_050)
  })
})
