/**
 * Envelopes on disk behind a bounded cache (DESIGN §5.12): with one task resident at a time, every
 * other task's messages are read back from LevelDB when derivation, validation or a query needs
 * them, and the state is the same as with every task in memory, in any delivery order.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toHex } from '@aimesh/protocol'
import { StateStore } from '@aimesh/store'
import { describe, expect, it } from 'vitest'
import { Engine, LevelEngineStore } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import { T0 } from './helpers/builders.js'
import { deliver } from './helpers/deliver.js'
import { buildWorkload, prng } from './helpers/workload.js'

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const rnd = prng(seed)
  const out = [...xs]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

describe('cold tasks', () => {
  it('one resident task gives the same roots, records and envelopes as all in memory', async () => {
    const w = await buildWorkload(11, 6)
    const reference = await Engine.open({
      store: new MemoryEngineStore(),
      genesis: w.genesis,
      clock: T0,
      now: () => w.now,
    })
    await deliver(reference, w.messages, w.now)
    await reference.advance(w.end)

    const dir = await mkdtemp(join(tmpdir(), 'aimesh-cold-'))
    const store = await StateStore.open(dir)
    try {
      const open = (clock: number) =>
        Engine.open({
          store: new LevelEngineStore(store),
          genesis: w.genesis,
          clock,
          now: () => w.now,
          residentTasks: 1,
        })
      const cold = await open(T0)
      const half = Math.floor(w.messages.length / 2)
      const order = shuffled(w.messages, 5)
      await deliver(cold, order.slice(0, half), w.now, true)
      // A restart in the middle: everything comes back cold from the store.
      const reopened = await open(T0)
      await deliver(reopened, order, w.now)
      await reopened.advance(w.end)

      expect(toHex(reopened.stateRoot())).toBe(toHex(reference.stateRoot()))
      expect(toHex(reopened.derivedDigest())).toBe(toHex(reference.derivedDigest()))
      for (const t of w.tasks) {
        expect(reopened.taskMessages(t.id).map(toHex)).toEqual(reference.taskMessages(t.id).map(toHex))
        expect(reopened.consensusVoteFor('00', t.id, w.end)).toEqual(
          reference.consensusVoteFor('00', t.id, w.end),
        )
      }
      const someId = w.messages[w.messages.length - 1]!.id
      expect(reopened.getMessage(someId)?.bytes).toEqual(reference.getMessage(someId)?.bytes)
      expect(reopened.unsignedFindings().length).toBe(reference.unsignedFindings().length)
    } finally {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
