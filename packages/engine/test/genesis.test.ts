/** Genesis checks and its hash (DESIGN §4, §5.4). */
import { describe, expect, it } from 'vitest'
import { assertGenesis, canonicalJson, createGenesis, type Genesis, genesisHash } from '../src/index.js'

const KEY_A = 'aa'.repeat(32)
const KEY_B = 'bb'.repeat(32)

/** Rebuilds a value with its object keys in reverse order at every depth. */
function reversedKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(reversedKeys) as T
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .reverse()
        .map(([k, x]) => [k, reversedKeys(x)]),
    ) as T
  }
  return v
}

describe('assertGenesis', () => {
  it('refuses certificateMinVoters below two (DESIGN §5.4: at least two)', () => {
    expect(() => createGenesis({ params: { certificateMinVoters: 1 } })).toThrow(/certificateMinVoters/)
    expect(() => createGenesis({ params: { certificateMinVoters: 0 } })).toThrow(/certificateMinVoters/)
    expect(() => createGenesis({ params: { certificateMinVoters: 2.5 } })).toThrow(/certificateMinVoters/)
    expect(createGenesis({ params: { certificateMinVoters: 2 } }).params.certificateMinVoters).toBe(2)
  })
  it('defaults the certificate threshold to ⅔ (two of three equal validators) and bounds the epoch parameters', () => {
    const p = createGenesis().params
    expect(p.certificateThresholdBps).toBe(6_666)
    expect(2 * 10_000 >= p.certificateThresholdBps * 3).toBe(true)
    expect(1 * 10_000 >= p.certificateThresholdBps * 2).toBe(false)
    expect(() => createGenesis({ params: { maxValidators: 257 } })).toThrow(/maxValidators/)
    expect(() => createGenesis({ params: { maxValidators: 0 } })).toThrow(/maxValidators/)
    expect(() => createGenesis({ params: { roundMs: 0 } })).toThrow(/roundMs/)
    expect(() => createGenesis({ params: { maxRounds: 1.5 } })).toThrow(/maxRounds/)
    expect(() => createGenesis({ params: { epochMs: 1_000, checkpointDelayMs: 1_000 } })).toThrow(
      /checkpointDelayMs/,
    )
  })
  it('refuses a settlement window that is not positive', () => {
    expect(() => createGenesis({ params: { settlementWindowMs: 0 } })).toThrow(/windows/)
    const g = createGenesis()
    expect(() => assertGenesis({ ...g, params: { ...g.params, settlementWindowMs: Number.NaN } })).toThrow()
  })
  it('refuses a network id outside the topic-name alphabet (it goes into every topic name)', () => {
    for (const bad of ['Bad Net/x', '', 'UPPER', '-lead', 'a'.repeat(33), 'semi;colon'])
      expect(() => createGenesis({ networkId: bad }), bad).toThrow(/networkId/)
    expect(createGenesis({ networkId: 'test-net-2' }).networkId).toBe('test-net-2')
  })
})

describe('genesisHash', () => {
  const g = createGenesis({ preTrustedValidators: [KEY_B, KEY_A] })

  it('is the same for the same genesis with its keys in another order, nested objects included', () => {
    const shuffled = reversedKeys(g) as Genesis
    expect(Object.keys(shuffled.params.rewardSplit)).toEqual(Object.keys(g.params.rewardSplit).reverse())
    expect(genesisHash(shuffled)).toBe(genesisHash(g))
  })
  it('changes when a nested value changes', () => {
    const s = g.params.rewardSplit
    const other: Genesis = {
      ...g,
      params: {
        ...g.params,
        rewardSplit: { ...s, winnersBps: s.winnersBps - 1, networkBps: s.networkBps + 1 },
      },
    }
    expect(genesisHash(other)).not.toBe(genesisHash(g))
  })
  it('canonicalJson sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: [{ y: 1, x: 2 }], a: 1n })).toBe('{"a":"1","b":[{"x":2,"y":1}]}')
  })
})
