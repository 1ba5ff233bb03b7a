/** Repair and reopen on real LevelDB: rebuilding from the log reproduces the root and every record and index. */
import { toHex } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { T0 } from './helpers/builders.js'
import { deliver, levelEngine } from './helpers/deliver.js'
import { buildWorkload } from './helpers/workload.js'

const hexMap = (m: Map<string, Uint8Array>) =>
  Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, toHex(v)]))

describe('repair (LevelDB)', () => {
  it('rebuilds the same root, records and indexes from the message log', async () => {
    for (const seed of [3, 11]) {
      const w = await buildWorkload(seed)
      const a = await levelEngine(w.genesis, T0, w.now)
      try {
        await deliver(a.engine, w.messages, w.now)
        await a.engine.advance(w.end)
        const root = toHex(a.engine.stateRoot())
        const before = hexMap(await a.port.dumpRecords())
        await a.engine.repair()
        expect(toHex(a.engine.stateRoot())).toBe(root)
        expect(hexMap(await a.port.dumpRecords())).toEqual(before)
        // A fresh engine over the same store (restart) derives the same state.
        const reopened = await a.reopen()
        await reopened.advance(w.end)
        expect(toHex(reopened.stateRoot())).toBe(root)
        expect(hexMap(reopened.dumpRecords())).toEqual(hexMap(a.engine.dumpRecords()))
        expect(hexMap(await a.port.dumpRecords())).toEqual(before)
      } finally {
        await a.close()
      }
    }
  }, 60_000)
})
