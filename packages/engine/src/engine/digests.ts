/**
 * The two roots (DESIGN §5.2, §5.13): the state root over task digests proves equal inputs; the
 * derived digest over every derived record and the validator sets per epoch proves equal outcomes.
 * Both are cached on the state until something they cover changes.
 */
import { stateRoot as rootOf } from '../state-root.js'
import { computeDerivedDigest } from './derived-digest.js'
import type { EngineState } from './state.js'

/** The state root over every task digest. */
export function stateRoot(s: EngineState): Uint8Array {
  s.root ??= rootOf([...s.tasks.values()].map((t) => [t.hex, t.digest] as [string, Uint8Array]))
  return s.root
}

/** The digest of every derived record and of the validator sets per epoch (derived-digest.ts). */
export function derivedDigest(s: EngineState): Uint8Array {
  s.derivedDigest ??= computeDerivedDigest(s)
  return s.derivedDigest
}

/** Every derived record, encoded, keyed `type:key-hex` (what the store holds), sorted by key. */
export function dumpRecords(s: EngineState): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>()
  for (const t of s.tasks.values()) for (const [k, r] of t.records) out.set(k, r.bytes)
  for (const [a, m] of s.miners) out.set(`miner:${a}`, m.bytes)
  for (const [a, p] of s.behaviour) out.set(`behaviour:${a}`, p.bytes)
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
}
