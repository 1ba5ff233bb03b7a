import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  GOSSIP_TOPICS,
  isProtocolError,
  kindsOnTopic,
  parseProtocolId,
  parseTopic,
  protocolId,
  REQRESP_PROTOCOLS,
  topicName,
} from '../src/index.js'

describe('topic and protocol names', () => {
  it('builds and parses every topic and protocol', () => {
    for (const t of GOSSIP_TOPICS) {
      const s = topicName('devnet-1', t)
      expect(s).toBe(`/aimesh/devnet-1/${t}/1`)
      expect(parseTopic(s)).toEqual({ network: 'devnet-1', name: t, version: 1 })
      expect(parseProtocolId(s)).toBeNull()
      expect(kindsOnTopic(t).length).toBeGreaterThan(0)
    }
    for (const p of REQRESP_PROTOCOLS) {
      const s = protocolId('devnet-1', p)
      expect(parseProtocolId(s)).toEqual({ network: 'devnet-1', name: p, version: 1 })
      expect(parseTopic(s)).toBeNull()
    }
  })

  it('refuses invalid network ids with a readable message', () => {
    for (const bad of ['', 'Dev', 'a/b', '-x', 'a'.repeat(33), 'sp ace']) {
      try {
        topicName(bad, 'task')
        throw new Error(`accepted ${bad}`)
      } catch (err) {
        expect(isProtocolError(err, 'INVALID_NAME')).toBe(true)
      }
    }
  })

  it('property: parsing junk never throws and returns null for non-aimesh strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const t = parseTopic(s)
        if (t !== null) expect(topicName(t.network, t.name)).toBe(s)
        const p = parseProtocolId(s)
        if (p !== null) expect(protocolId(p.network, p.name)).toBe(s)
      }),
      { numRuns: 1000 },
    )
  })

  it('returns null for over-long strings and hands out frozen results', () => {
    expect(parseTopic(`/aimesh/${'a'.repeat(100_000)}/task/1`)).toBeNull()
    expect(parseTopic(`/aimesh/devnet/task/1${'/'.repeat(200)}`)).toBeNull()
    const parsed = parseTopic(topicName('devnet', 'task'))!
    expect(Object.isFrozen(parsed)).toBe(true)
    expect(parseTopic('/aimesh/devnet/task/1')).toBe(parsed)
  })

  it('rejects wrong versions and extra path parts', () => {
    expect(parseTopic('/aimesh/devnet/task/2')).toBeNull()
    expect(parseTopic('/aimesh/devnet/task/1/x')).toBeNull()
    expect(parseTopic('/other/devnet/task/1')).toBeNull()
  })
})
