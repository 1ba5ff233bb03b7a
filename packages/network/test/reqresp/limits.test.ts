/** GCRA quotas and the replay cache (DESIGN §4), on a hand-driven clock. */
import { describe, expect, it } from 'vitest'
import { PEER_ACTION_OF, peerActionFor } from '../../src/reqresp/peer-actions.js'
import { GcraLimiter } from '../../src/reqresp/rate-limiter.js'
import { ReplayCache } from '../../src/reqresp/replay-cache.js'

describe('GCRA limiter', () => {
  it('admits a burst of maxTokens, then one token per interval', () => {
    let now = 1_000
    const gcra = new GcraLimiter(() => now)
    const quota = { maxTokens: 4, byTimeMs: 1_000 }
    for (let i = 0; i < 4; i++) expect(gcra.take('a', quota)).toBe(0)
    expect(gcra.take('a', quota)).toBe(250)
    expect(gcra.take('b', quota)).toBe(0)
    now += 250
    expect(gcra.take('a', quota)).toBe(0)
    expect(gcra.take('a', quota)).toBeGreaterThan(0)
    now += 10_000
    expect(gcra.take('a', quota, 4)).toBe(0)
    expect(gcra.take('a', quota, 1)).toBeGreaterThan(0)
  })

  it('charges a cost above the burst as a full burst', () => {
    let now = 0
    const gcra = new GcraLimiter(() => now)
    const quota = { maxTokens: 10, byTimeMs: 100 }
    expect(gcra.take('k', quota, 50)).toBe(0)
    expect(gcra.take('k', quota, 1)).toBe(10)
    now += 100
    expect(gcra.take('k', quota, 10)).toBe(0)
  })
})

describe('replay cache', () => {
  it('refuses a second use until expiry, and refuses rather than forgets when full', () => {
    const cache = new ReplayCache(2)
    expect(cache.check('p:1', 100, 0)).toBe('fresh')
    expect(cache.check('p:1', 100, 50)).toBe('replayed')
    expect(cache.check('p:2', 100, 50)).toBe('fresh')
    expect(cache.check('p:3', 100, 50)).toBe('full')
    // Once the first two have expired they are pruned to make room.
    expect(cache.check('p:3', 300, 150)).toBe('fresh')
    expect(cache.size).toBe(1)
  })
})

describe('peer action table', () => {
  it('never counts a liveness failure above high', () => {
    for (const code of [
      'TTFB_TIMEOUT',
      'RESP_TIMEOUT',
      'REQUEST_TIMEOUT',
      'DIAL_FAILED',
      'UNEXPECTED_EOF',
    ] as const) {
      expect(PEER_ACTION_OF[code]).toBe('high')
    }
    expect(peerActionFor('REMOTE_ERROR', 3)).toBeNull()
    expect(peerActionFor('REMOTE_ERROR', 200)).toBe('high')
    expect(Object.values(PEER_ACTION_OF)).not.toContain('fatal')
  })
})
