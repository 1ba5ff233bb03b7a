import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DAY_MS } from '../../src/rules/order.js'
import {
  applyTrustEvent,
  decayTrust,
  meetsThreshold,
  TRUST_DEFAULT,
  trustDamping,
  trustFromEvents,
} from '../../src/rules/trust.js'
import type { TrustEvent } from '../../src/rules/types.js'
import { acct, RUNS, withPermutation } from './arbitraries.js'

const A = acct(1)

function success(id: number, time: number, verified = true): TrustEvent {
  return { id: id.toString(16).padStart(4, '0'), account: A, time, kind: 'success', verified }
}
function failure(id: number, time: number): TrustEvent {
  return { id: id.toString(16).padStart(4, '0'), account: A, time, kind: 'failure' }
}

describe('trust rules', () => {
  it('damps by 1/(1 + log10 n) with n = 1 + prior interactions', () => {
    expect(trustDamping(0)).toBe(1)
    expect(trustDamping(9)).toBeCloseTo(0.5, 12)
    expect(trustDamping(99)).toBeCloseTo(1 / 3, 12)
  })

  it('applies +0.05 verified, +0.02 unverified, −0.1 failure, damped', () => {
    expect(applyTrustEvent(undefined, success(1, 0)).score).toBeCloseTo(0.55, 12)
    expect(applyTrustEvent(undefined, success(1, 0, false)).score).toBeCloseTo(0.52, 12)
    expect(applyTrustEvent(undefined, failure(1, 0)).score).toBeCloseTo(0.4, 12)
    const second = applyTrustEvent(applyTrustEvent(undefined, success(1, 0)), success(2, 0))
    expect(second.score).toBeCloseTo(0.55 + 0.05 / (1 + Math.log10(2)), 12)
    expect(second.interactions).toBe(2)
  })

  it('decays 1 %/day toward 0.5', () => {
    expect(decayTrust(0.7, DAY_MS)).toBeCloseTo(0.5 + 0.2 * 0.99, 12)
    expect(decayTrust(0.3, DAY_MS)).toBeCloseTo(0.5 - 0.2 * 0.99, 12)
    const r = trustFromEvents([success(1, 0)], 10 * DAY_MS)
    expect(r.get(A)?.score).toBeCloseTo(0.5 + 0.05 * 0.99 ** 10, 12)
  })

  it('meets each threshold at its value and not below', () => {
    const levels = { basic: 0.3, delegation: 0.5, consensus: 0.5, verification: 0.6, critical: 0.7 } as const
    for (const [level, min] of Object.entries(levels) as [keyof typeof levels, number][]) {
      expect(meetsThreshold(min, level)).toBe(true)
      expect(meetsThreshold(min - 1e-6, level)).toBe(false)
    }
    // float noise at the gate does not decide it
    expect(0.7 - 0.1 - 1e-16 < 0.6).toBe(true)
    expect(meetsThreshold(0.7 - 0.1 - 1e-16, 'verification')).toBe(true)
  })

  it('ignores events after asOf and repeated ids; adjustments do not count as interactions', () => {
    const events: TrustEvent[] = [
      success(1, 0),
      success(1, 0),
      { id: 'ff', account: A, time: 0, kind: 'adjustment', delta: 0.2 },
      failure(2, DAY_MS + 1),
    ]
    const r = trustFromEvents(events, 0).get(A)!
    expect(r.score).toBeCloseTo(0.75, 12)
    expect(r.interactions).toBe(1)
  })

  it('a long run of successes approaches but never exceeds 1', () => {
    const events = Array.from({ length: 300 }, (_, i) => success(i, i))
    const r = trustFromEvents(events, 300).get(A)!
    expect(r.score).toBeGreaterThan(0.9)
    expect(r.score).toBeLessThanOrEqual(1)
    expect(TRUST_DEFAULT).toBe(0.5)
  })
})

const trustEventArb: fc.Arbitrary<TrustEvent> = fc
  .record({
    id: fc.integer({ min: 0, max: 1_000_000 }).map((n) => n.toString(16).padStart(6, '0')),
    account: fc.integer({ min: 1, max: 4 }).map(acct),
    time: fc.integer({ min: 0, max: 20 * DAY_MS }),
    pick: fc.integer({ min: 0, max: 3 }),
    delta: fc.double({ min: -2, max: 2, noNaN: true }),
  })
  .map(({ pick, delta, ...base }): TrustEvent => {
    if (pick === 0) return { ...base, kind: 'success', verified: true }
    if (pick === 1) return { ...base, kind: 'success', verified: false }
    if (pick === 2) return { ...base, kind: 'failure' }
    return { ...base, kind: 'adjustment', delta }
  })

describe('trustFromEvents properties', () => {
  it('is independent of event order', () => {
    fc.assert(
      fc.property(withPermutation(fc.array(trustEventArb, { maxLength: 40 })), ([a, b]) => {
        expect(trustFromEvents(b, 21 * DAY_MS)).toEqual(trustFromEvents(a, 21 * DAY_MS))
      }),
      RUNS,
    )
  })
  it('stays within [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(trustEventArb, { maxLength: 60 }),
        fc.integer({ min: 0, max: 40 * DAY_MS }),
        (events, asOf) => {
          for (const r of trustFromEvents(events, asOf).values()) {
            expect(r.score).toBeGreaterThanOrEqual(0)
            expect(r.score).toBeLessThanOrEqual(1)
          }
        },
      ),
      RUNS,
    )
  })
  it('a success never lowers and a failure never raises trust', () => {
    fc.assert(
      fc.property(fc.array(trustEventArb, { maxLength: 30 }), fc.boolean(), (events, verified) => {
        const asOf = 21 * DAY_MS
        const before = trustFromEvents(events, asOf).get(A)?.score ?? TRUST_DEFAULT
        const up = trustFromEvents([...events, { ...success(0xfffff, asOf, verified) }], asOf).get(A)!.score
        const down = trustFromEvents([...events, failure(0xfffff, asOf)], asOf).get(A)!.score
        expect(up).toBeGreaterThanOrEqual(before)
        expect(down).toBeLessThanOrEqual(before)
      }),
      RUNS,
    )
  })
})
