/**
 * The scope index on disk (DESIGN §5.8, §5.12), counted, not timed: opening a store loads each held
 * message's scope from its stored entry, so the bodies it reads do not grow with the messages held
 * (only account-level messages and each task's publish are read, as without scopes); a store whose
 * entries are missing (written before the index, or cleared) is indexed from its bodies once, its
 * entries written, and the next open again reads none for scopes. Eviction after such an open
 * works as before it.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MessageKind, type SignedMessage, signMessage } from '@aimesh/protocol'
import { CountingStoreMetrics, StateStore } from '@aimesh/store'
import { describe, expect, it } from 'vitest'
import { workload } from '../bench/engine.bench.js'
import { isScopeEntry } from '../src/engine/scope-index.js'
import { hex } from '../src/ids.js'
import { Engine, LevelEngineStore } from '../src/index.js'
import { account, NET, T0 } from './helpers/builders.js'

const CLOCK = T0 + 1e9

function bodyReads(metrics: CountingStoreMetrics): number {
  return metrics.reads.get('messages')?.count ?? 0
}

async function measure(tasks: number) {
  const { messages, genesis } = workload(tasks)
  const dir = await mkdtemp(join(tmpdir(), 'aimesh-scope-index-'))
  const metrics = new CountingStoreMetrics()
  const store = await StateStore.open(dir, { metrics })
  const level = new LevelEngineStore(store)
  const open = () => Engine.open({ store: level, genesis, clock: CLOCK, now: () => CLOCK })
  try {
    let engine = await open()
    for (let i = 0; i < messages.length; i += 256) await engine.submitManyVerified(messages.slice(i, i + 256))
    const held = engine.messageCount
    const root = hex(engine.stateRoot())
    // What open reads anyway: every task's publish, the account-level messages, and the probe
    // telling whether the store reads synchronously.
    const accountLevel = messages.filter(
      (m) => m.kind === MessageKind.MinerProfile || m.kind === MessageKind.CheckpointVote,
    ).length
    const floor = tasks + accountLevel + 1

    let before = bodyReads(metrics)
    engine = await open()
    const indexed = bodyReads(metrics) - before
    expect(hex(engine.stateRoot())).toBe(root)

    // Without entries (an older store): bodies are read once, entries written, then none again.
    const keys: Uint8Array[] = []
    for await (const [k] of level.engineState()) if (isScopeEntry(k)) keys.push(k)
    expect(keys.length).toBe(held)
    await level.applyWrite({
      messages: [],
      puts: [],
      deletes: [],
      state: keys.map((key) => ({ key, value: null })),
    })
    before = bodyReads(metrics)
    engine = await open()
    const unindexed = bodyReads(metrics) - before
    before = bodyReads(metrics)
    engine = await open()
    const reindexed = bodyReads(metrics) - before
    expect(hex(engine.stateRoot())).toBe(root)

    // Scopes still work after an open that read no bodies for them: two more answers by one miner
    // to one task leave quota + 1 of the three held.
    const reveal = messages.find(
      (m): m is SignedMessage<MessageKind.AnswerRevealed> => m.kind === MessageKind.AnswerRevealed,
    )!
    const miner = Array.from({ length: 64 }, (_, i) => account(`bm${i}`)).find(
      (a) => hex(a.publicKey) === hex(reveal.signer),
    )!
    const more = [1, 2].map((d) =>
      signMessage(
        NET,
        MessageKind.AnswerRevealed,
        { ...reveal.body, timestamp: reveal.body.timestamp + d },
        miner,
      ),
    )
    await engine.submitManyVerified(more, CLOCK)
    expect([reveal, ...more].filter((m) => engine.hasMessage(m.id))).toHaveLength(2)
    const out = { held, floor, indexed, unindexed, reindexed }
    return out
  } finally {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}

describe('the scope index is stored with the messages', () => {
  it('open reads no bodies for scopes, at any size', async () => {
    const small = await measure(24)
    const large = await measure(120)
    expect(large.held).toBeGreaterThan(4 * small.held)
    for (const m of [small, large]) {
      expect(m.indexed).toBeLessThanOrEqual(m.floor)
      expect(m.reindexed).toBeLessThanOrEqual(m.floor)
      // The older store's open read every held body it had no entry for.
      expect(m.unindexed).toBeGreaterThanOrEqual(m.held - m.floor)
    }
  }, 300_000)
})
