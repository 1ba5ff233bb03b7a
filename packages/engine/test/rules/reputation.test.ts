import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DAY_MS } from '../../src/rules/order.js'
import {
  decayReputation,
  minerReputationDelta,
  REPUTATION_BASELINE,
  reputationFromEvents,
  validatorReputationDelta,
} from '../../src/rules/reputation.js'
import type { ReputationEvent } from '../../src/rules/types.js'
import { acct, RUNS, withPermutation } from './arbitraries.js'

const A = acct(1)

function ev(id: number, time: number, body: Partial<ReputationEvent> = {}): ReputationEvent {
  return {
    id: id.toString(16).padStart(4, '0'),
    account: A,
    time,
    kind: 'validator-agreed',
    ...body,
  } as ReputationEvent
}

describe('reputation deltas', () => {
  it('uses the consensus-score bands at their boundaries', () => {
    const cases: [number, number][] = [
      [100, 50],
      [90, 50],
      [89.9, 30],
      [80, 30],
      [79, 20],
      [70, 20],
      [69, 10],
      [60, 10],
      [59, 5],
      [50, 5],
      [49.99, -10],
      [0, -10],
    ]
    for (const [score, delta] of cases) expect(minerReputationDelta(score)).toBe(delta)
  })
  it('rewards validator agreement and penalizes outliers', () => {
    expect(validatorReputationDelta(false)).toBeGreaterThan(0)
    expect(validatorReputationDelta(true)).toBeLessThan(0)
  })
})

describe('decayReputation', () => {
  it('moves 1 % of the distance to the baseline per day, from either side', () => {
    expect(decayReputation(6_000, DAY_MS)).toBeCloseTo(5_990, 9)
    expect(decayReputation(4_000, DAY_MS)).toBeCloseTo(4_010, 9)
    expect(decayReputation(6_000, 0)).toBe(6_000)
    expect(decayReputation(6_000, 2 * DAY_MS)).toBeCloseTo(5_000 + 1_000 * 0.99 ** 2, 9)
  })
})

describe('reputationFromEvents examples', () => {
  it('starts at the baseline and applies band deltas', () => {
    const r = reputationFromEvents([ev(1, 0, { kind: 'miner-scored', score: 95 } as ReputationEvent)], 0)
    expect(r.get(A)?.value).toBe(REPUTATION_BASELINE + 50)
  })
  it('decays to asOf, ignores later events and repeated ids', () => {
    const events = [
      ev(1, 0, { kind: 'adjustment', delta: 1_000 } as ReputationEvent),
      ev(1, 0, { kind: 'adjustment', delta: 1_000 } as ReputationEvent),
      ev(2, 10 * DAY_MS, { kind: 'adjustment', delta: 1_000 } as ReputationEvent),
    ]
    const r = reputationFromEvents(events, DAY_MS)
    expect(r.get(A)?.value).toBe(5_990)
    expect(r.get(A)?.events).toBe(1)
  })
  it('clamps to 0 and 10,000', () => {
    const up = reputationFromEvents([ev(1, 0, { kind: 'adjustment', delta: 1e9 } as ReputationEvent)], 0)
    const down = reputationFromEvents([ev(1, 0, { kind: 'adjustment', delta: -1e9 } as ReputationEvent)], 0)
    expect(up.get(A)?.value).toBe(10_000)
    expect(down.get(A)?.value).toBe(0)
  })
})

const eventArb: fc.Arbitrary<ReputationEvent> = fc
  .oneof(
    fc.record({ kind: fc.constant('miner-scored' as const), score: fc.integer({ min: 0, max: 100 }) }),
    fc.record({ kind: fc.constant('validator-agreed' as const) }),
    fc.record({ kind: fc.constant('validator-outlier' as const) }),
    fc.record({ kind: fc.constant('adjustment' as const), delta: fc.integer({ min: -20_000, max: 20_000 }) }),
  )
  .chain((body) =>
    fc
      .record({
        id: fc.integer({ min: 0, max: 1_000_000 }).map((n) => n.toString(16).padStart(6, '0')),
        account: fc.integer({ min: 1, max: 5 }).map(acct),
        time: fc.integer({ min: 0, max: 30 * DAY_MS }),
      })
      .map((base) => ({ ...base, ...body }) as ReputationEvent),
  )

describe('reputationFromEvents properties', () => {
  it('is independent of event order', () => {
    fc.assert(
      fc.property(withPermutation(fc.array(eventArb, { maxLength: 40 })), ([a, b]) => {
        expect(reputationFromEvents(b, 31 * DAY_MS)).toEqual(reputationFromEvents(a, 31 * DAY_MS))
      }),
      RUNS,
    )
  })
  it('stays an integer within 0..10,000', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 40 }),
        fc.integer({ min: 0, max: 60 * DAY_MS }),
        (events, asOf) => {
          for (const r of reputationFromEvents(events, asOf).values()) {
            expect(Number.isInteger(r.value)).toBe(true)
            expect(r.value).toBeGreaterThanOrEqual(0)
            expect(r.value).toBeLessThanOrEqual(10_000)
          }
        },
      ),
      RUNS,
    )
  })
  it('decay never crosses the baseline', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 3_650 * DAY_MS }),
        (v, t) => {
          const d = decayReputation(v, t)
          expect((d - REPUTATION_BASELINE) * (v - REPUTATION_BASELINE)).toBeGreaterThanOrEqual(0)
          expect(Math.abs(d - REPUTATION_BASELINE)).toBeLessThanOrEqual(Math.abs(v - REPUTATION_BASELINE))
        },
      ),
      RUNS,
    )
  })
})
