/**
 * The simulator driving a node the way a testnet bot would (DESIGN §5.3–§5.6): a fast-phase
 * workload handed out by author time (`until(now)`) as the node's clock advances, with the
 * checkpoint votes asking that node what to certify. Every message is ACCEPTed when it arrives at
 * its own time, every kind appears, the certified checkpoints are the node's own proposals (real
 * trust digests, changing validator sets) and tasks become final.
 */
import { createGenesis, Engine, getTask } from '@aimesh/engine'
import { MemoryEngineStore } from '@aimesh/engine/testing'
import { Finality, MessageKind, toHex, Verdict } from '@aimesh/protocol'
import { createTimeline, type SimulationOptions } from '@aimesh/simulation'
import { describe, expect, it } from 'vitest'

const FAST: SimulationOptions = {
  seed: 77,
  tasks: 24,
  phases: { commit: 20_000, reveal: 20_000, validation: 15_000, challenge: 15_000 },
  taskSpacingMs: 4_000,
  epochMs: 40_000,
  checkpointDelayMs: 10_000,
  roundMs: 10_000,
  maxRounds: 2,
  disputeVoteWindowMs: 20_000,
  disputeFraction: 0.5,
  claimFraction: 1,
}

/** The node's clock steps by this much between polls of the timeline (a bot's tick). */
const TICK_MS = 2_000

describe('simulation timeline → engine', () => {
  it('a bot-paced fast workload is accepted message by message, certifies real checkpoints and finalizes', async () => {
    let engine: Engine | undefined
    const timeline = createTimeline({ ...FAST, checkpoints: (epoch) => engine!.checkpointProposal(epoch) })
    const genesis = createGenesis(timeline.genesis.init)
    let now = genesis.genesisTime
    engine = await Engine.open({ store: new MemoryEngineStore(), genesis, clock: now, now: () => now })
    const kinds = new Set<MessageKind>()
    const refused: string[] = []
    let taken = 0
    for (let tick = 0; !timeline.finished && tick < 10_000; tick++) {
      now += TICK_MS
      for (let batch = timeline.until(now); batch.length > 0; batch = timeline.until(now)) {
        const results = await engine.ingestMany(
          batch.map((m) => m.bytes),
          now,
        )
        results.forEach((r, i) => {
          if (r.verdict !== Verdict.Accept)
            refused.push(`${MessageKind[batch[i]!.kind]}: ${JSON.stringify(r)}`)
          kinds.add(batch[i]!.kind)
        })
        taken += batch.length
      }
      await engine.advance(now)
    }
    expect(timeline.finished).toBe(true)
    expect(refused).toEqual([])
    expect(taken).toBeGreaterThan(100)
    const every = Object.values(MessageKind).filter((k): k is MessageKind => typeof k === 'number')
    expect([...kinds].sort((a, b) => a - b)).toEqual(every.sort((a, b) => a - b))

    // Past every deadline: the certified checkpoints are what the node computes itself.
    now += 10 * 60_000
    await engine.advance(now)
    const epochs = engine.checkpointEpochs()
    expect(epochs.length).toBeGreaterThanOrEqual(3)
    let folded = 0
    for (const epoch of epochs) {
      const winner = engine.checkpoints(epoch).find((c) => c.winner)
      expect(winner, `epoch ${epoch}`).toBeDefined()
      const proposal = engine.checkpointProposal(epoch)
      expect(toHex(winner!.content.trustDigest)).toBe(toHex(proposal.trustDigest))
      expect(toHex(winner!.content.foldRoot)).toBe(toHex(proposal.foldRoot))
      expect(winner!.content.validators.map((v) => [toHex(v.account), v.weight])).toEqual(
        proposal.validators.map((v) => [toHex(v.account), v.weight]),
      )
      folded += winner!.content.foldedTasks
    }
    // Short rounds: tasks finish inside the run, so later checkpoints fold certified outcomes.
    expect(folded).toBeGreaterThan(0)
    let final = 0
    for (const t of engine.inventory()) {
      if (getTask(engine, t.taskId)?.finality === Finality.FINAL) final++
    }
    expect(final).toBeGreaterThan(0)
  }, 120_000)
})
