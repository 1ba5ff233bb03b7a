import { describe, expect, it } from 'vitest'
import {
  CURRENT_TRUST_SCHEMA_VERSION,
  migrateDocument,
  parseTrustDocument,
  TRUST_MIGRATIONS,
} from '../../src/trust/migrations.js'

describe('trust migrations', () => {
  it('form a chain from v1 to the current version', () => {
    TRUST_MIGRATIONS.forEach((m, i) => {
      expect(m.from).toBe(i + 1)
      expect(m.to).toBe(m.from + 1)
    })
    expect(TRUST_MIGRATIONS.at(-1)?.to).toBe(CURRENT_TRUST_SCHEMA_VERSION)
  })

  it('v1→v2 splits successes and gives updates a kind', () => {
    const out = migrateDocument(
      {
        schemaVersion: 1,
        scores: [{ account: 'a', score: 0.5, successes: 3, failures: 1, lastUpdated: 0 }],
        updates: [{ account: 'a', delta: 0.1, reason: 'x', timestamp: 1, scoreAfter: 0.6 }],
      },
      'test',
    )
    expect(out.schemaVersion).toBe(2)
    expect(out.scores[0]).toEqual({
      account: 'a',
      score: 0.5,
      verifiedSuccesses: 3,
      unverifiedSuccesses: 0,
      failures: 1,
      lastUpdated: 0,
    })
    expect(out.updates[0]).toMatchObject({ kind: 'manual', reason: 'x' })
  })

  it('refuses newer schemas with an upgrade message, and unknown old ones', () => {
    expect(() => migrateDocument({ schemaVersion: 9, scores: [], updates: [] }, 'place')).toThrow(
      /place has trust schema version 9.*Upgrade aimesh/,
    )
    expect(() => parseTrustDocument({ schemaVersion: 0, scores: [], updates: [] }, 'p')).toThrow(
      /not aimesh trust/,
    )
  })

  it('refuses invalid records and duplicate accounts', () => {
    const s = {
      account: 'a',
      score: 0.5,
      verifiedSuccesses: 0,
      unverifiedSuccesses: 0,
      failures: 0,
      lastUpdated: 0,
    }
    expect(() => parseTrustDocument({ schemaVersion: 2, scores: [s, s], updates: [] }, 'p')).toThrow(/twice/)
    expect(() =>
      parseTrustDocument(
        { schemaVersion: 2, scores: [{ ...s, score: 3 }], updates: [] },
        'p',
        'BACKUP_CORRUPT',
      ),
    ).toThrow(expect.objectContaining({ code: 'BACKUP_CORRUPT' }))
  })
})
