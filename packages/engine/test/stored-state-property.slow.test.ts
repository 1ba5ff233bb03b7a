/**
 * Open from stored derivations, as a property (DESIGN §5.1, §5.12, §7): for simulated workloads cut
 * at random points, an engine opened from what a LevelDB store holds has the same state root,
 * derived digest and records as one that derived the same messages from scratch, and keeps agreeing
 * as more messages and clock moves are applied to both. The store is also left as a crash or a bad
 * disk leaves it: a failed write, engine state entries deleted, damaged or stale, no load marker, a
 * reopen at a later or an earlier clock.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toHex } from '@aimesh/protocol'
import { StateStore } from '@aimesh/store'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeTaskSnapshot, MARKER_KEY } from '../src/derived-state.js'
import { Engine, type EngineWrite, LevelEngineStore } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import { apply, fingerprint, type SimWorkload, simWorkload } from './helpers/sim-workload.js'

/** The LevelDB port, failing the write numbered `failAt` (0-based) once. */
class FailingPort extends LevelEngineStore {
  writes = 0
  failAt = -1
  override applyWrite(write: EngineWrite): Promise<void> {
    if (this.writes++ === this.failAt) return Promise.reject(new Error('disk full (test)'))
    return super.applyWrite(write)
  }
}

const DAMAGES = ['none', 'failed-write', 'delete-some', 'corrupt-some', 'stale', 'no-marker'] as const
type Damage = (typeof DAMAGES)[number]

/** Writes engine state entries (null deletes) through the store's own write path. */
function writeEngineState(store: StateStore, entries: { key: Uint8Array; value: Uint8Array | null }[]) {
  return store.applyMessage({ puts: [], deletes: [], engineState: entries })
}

async function engineStateEntries(store: StateStore): Promise<[Uint8Array, Uint8Array][]> {
  const out: [Uint8Array, Uint8Array][] = []
  for await (const e of store.iterateEngineState()) out.push(e)
  return out
}

const isMarker = (k: Uint8Array) => k.length === MARKER_KEY.length && k[0] === MARKER_KEY[0]

const workloads = new Map<number, Promise<SimWorkload>>()
const workloadOf = (seed: number) => {
  let w = workloads.get(seed)
  if (w === undefined) {
    w = simWorkload(seed)
    workloads.set(seed, w)
  }
  return w
}

describe('open from stored state (property, LevelDB)', () => {
  it('equals a fresh derivation at any cut, after damage, and after more messages and clock moves', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: -1_800_000, max: 3_600_000 }),
        fc.constantFrom(...DAMAGES),
        fc.integer({ min: 0, max: 1_000_000 }),
        async (seed, cutAt, staleAt, clockAt, later, damage: Damage, pickSeed) => {
          const w = await workloadOf(seed)
          const n = w.messages.length
          const cut = Math.floor(cutAt * n)
          const staleCut = Math.floor(staleAt * cut)
          const c1 = w.start + Math.floor(clockAt * (w.end - w.start))
          // A reopen at an earlier clock than the stored state's derives the log again at that clock.
          const c2 = Math.max(w.start, c1 + later)
          const dir = await mkdtemp(join(tmpdir(), 'aimesh-stored-prop-'))
          const store = await StateStore.open(dir)
          try {
            const port = new FailingPort(store)
            const a = await Engine.open({ store: port, genesis: w.genesis, clock: w.start, now: () => w.now })
            await apply(a, w.messages.slice(0, staleCut), w.now)
            const old = await engineStateEntries(store)
            await apply(a, w.messages.slice(staleCut, cut), w.now)
            if (damage === 'failed-write' && cut < n) {
              // The next message's write fails: memory is rebuilt from the store, nothing is logged.
              port.failAt = port.writes
              await expect(a.submitVerified(w.messages[cut]!, w.now)).rejects.toThrow('disk full')
            }
            await a.advance(c1)

            const entries = (await engineStateEntries(store)).filter(([k]) => !isMarker(k))
            const pick = (i: number) => (pickSeed >> (i % 20)) % 2 === 1 || i === pickSeed % 7
            if (damage === 'delete-some')
              await writeEngineState(
                store,
                entries.filter((_, i) => pick(i)).map(([key]) => ({ key, value: null })),
              )
            if (damage === 'corrupt-some')
              await writeEngineState(
                store,
                entries
                  .filter((_, i) => pick(i))
                  .map(([key, v]) => ({ key, value: v.subarray(0, v.length >> 1) })),
              )
            if (damage === 'no-marker') await writeEngineState(store, [{ key: MARKER_KEY, value: null }])
            if (damage === 'stale') {
              // Entries of an earlier message set, for tasks whose messages changed since.
              const now = new Map(entries.map(([k, v]) => [toHex(k), decodeTaskSnapshot(v)]))
              const back = old.filter(([k, v]) => {
                if (isMarker(k)) return false
                const cur = now.get(toHex(k))
                const was = decodeTaskSnapshot(v)
                return cur != null && was !== null && toHex(cur.digest) !== toHex(was.digest)
              })
              await writeEngineState(
                store,
                back.map(([key, value]) => ({ key, value })),
              )
            }

            // Few resident tasks on some runs, so the reopened engine reads cold tasks back from disk.
            const b = await Engine.open({
              store: new LevelEngineStore(store),
              genesis: w.genesis,
              clock: c2,
              now: () => w.now,
              residentTasks: 1 + (pickSeed % 3) * 127,
            })
            const ref = await Engine.open({
              store: new MemoryEngineStore(),
              genesis: w.genesis,
              clock: w.start,
              now: () => w.now,
            })
            await apply(ref, w.messages.slice(0, cut), w.now)
            await ref.advance(c2)
            expect(fingerprint(b)).toEqual(fingerprint(ref))

            // More messages and clock moves, on both alike.
            const rest = w.messages.slice(cut)
            const mid = Math.floor(rest.length / 2)
            for (const e of [b, ref]) {
              await apply(e, rest.slice(0, mid), w.now)
              await e.advance(Math.max(c2, w.end) + 600_000)
              await apply(e, rest.slice(mid), w.now)
              await e.advance(w.end + 40 * 600_000)
            }
            expect(fingerprint(b)).toEqual(fingerprint(ref))

            // And a reopen of what b wrote is the same again.
            const again = await Engine.open({
              store: new LevelEngineStore(store),
              genesis: w.genesis,
              clock: b.clock,
              now: () => w.now,
            })
            expect(again.counters.derivations).toBe(0)
            expect(fingerprint(again)).toEqual(fingerprint(ref))
          } finally {
            await store.close()
            await rm(dir, { recursive: true, force: true })
          }
        },
      ),
      { numRuns: 12, seed: 20261203 },
    )
  }, 600_000)
})
