/**
 * Every kind, author-time order and configurable phases: a workload holds all twelve message kinds;
 * the timeline hands out exactly the simulation's messages, each once, by author time with parents
 * first, never one authored after the time asked for; phase durations, epochs and rounds follow
 * the options (what testnet bots set to drive live nodes quickly).
 */
import { MessageKind, type TaskPublishedBody, toHex } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { createSimulation, createTimeline, messageParents, type SimulationOptions } from '../src/index.js'
import { checkpointProblems, windowViolations } from './checks.js'

const EVERY_KIND = Object.values(MessageKind).filter((k): k is MessageKind => typeof k === 'number')

/** Disputes, claims and dishonest actors on every task, so every kind appears in a few tasks. */
const RICH: SimulationOptions = { seed: 21, tasks: 14, disputeFraction: 1, claimFraction: 1 }

/** Seconds-long phases, epochs and rounds: a fast testnet. */
const FAST: SimulationOptions = {
  seed: 5,
  tasks: 12,
  phases: { commit: 20_000, reveal: 20_000, validation: 15_000, challenge: 15_000 },
  taskSpacingMs: 4_000,
  epochMs: 60_000,
  checkpointDelayMs: 15_000,
  roundMs: 10_000,
  maxRounds: 3,
  disputeVoteWindowMs: 20_000,
  disputeFraction: 0.5,
}

describe('every kind', () => {
  it('a workload with disputes and claims holds all twelve message kinds', () => {
    const sim = createSimulation(RICH)
    const kinds = new Set(sim.messages.map((m) => m.kind))
    expect([...kinds].sort((a, b) => a - b)).toEqual([...EVERY_KIND].sort((a, b) => a - b))
    expect(windowViolations(sim)).toEqual([])
    expect(checkpointProblems(sim)).toEqual([])
  })
})

describe('timeline (author-time order)', () => {
  for (const [name, options] of [
    ['default phases', RICH],
    ['fast phases', FAST],
  ] as const) {
    it(`${name}: the simulation's messages, each once, by author time, parents first, never early`, () => {
      const sim = createSimulation(options)
      const timeline = createTimeline(options)
      const ids = new Set(sim.messages.map((m) => toHex(m.id)))
      const handed: string[] = []
      const seen = new Set<string>()
      let last = Number.NEGATIVE_INFINITY
      const step = Math.max(1, Math.floor((sim.clock.end - sim.clock.start) / 97))
      for (let t = sim.clock.start - 1; !timeline.finished && t <= sim.clock.end + step; t += step) {
        for (let batch = timeline.until(t); batch.length > 0; batch = timeline.until(t)) {
          for (const m of batch) {
            const ts = m.body.timestamp
            expect(ts).toBeLessThanOrEqual(t)
            expect(ts).toBeGreaterThanOrEqual(last)
            last = ts
            // Parents are handed out first (the profile and every referenced message of the set).
            for (const p of messageParents(m))
              if (ids.has(p) && !seen.has(p)) expect.fail(`parent ${p} after child`)
            seen.add(toHex(m.id))
            handed.push(toHex(m.id))
          }
        }
        expect(timeline.nextTime() ?? Number.POSITIVE_INFINITY).toBeGreaterThan(t)
      }
      expect(timeline.finished).toBe(true)
      expect(handed.length).toBe(sim.messages.length)
      expect([...handed].sort()).toEqual(sim.messages.map((m) => toHex(m.id)).sort())
      expect(timeline.invalid).toEqual(sim.invalid)
    })
  }

  it('phases, epochs and rounds follow the options', () => {
    const sim = createSimulation(FAST)
    const p = FAST.phases!
    let tasks = 0
    for (const m of sim.messages) {
      if (m.kind !== MessageKind.TaskPublished) continue
      tasks++
      const b = m.body as TaskPublishedBody
      const first = b.commitDeadline === 0 ? b.timestamp : b.commitDeadline
      if (b.commitDeadline !== 0) expect(b.commitDeadline - b.timestamp).toBe(p.commit)
      expect(b.submissionDeadline - first).toBe(p.reveal)
      expect(b.validationDeadline - b.submissionDeadline).toBe(p.validation)
      expect(b.challengeDeadline - b.validationDeadline).toBe(p.challenge)
    }
    expect(tasks).toBe(12)
    expect(sim.genesis.init.params).toMatchObject({
      epochMs: 60_000,
      checkpointDelayMs: 15_000,
      roundMs: 10_000,
      maxRounds: 3,
      disputeVoteWindowMs: 20_000,
    })
    expect(windowViolations(sim)).toEqual([])
    expect(checkpointProblems(sim)).toEqual([])
    expect(sim.messages.filter((m) => m.kind === MessageKind.CheckpointVote).length).toBeGreaterThan(0)
    expect(() => createSimulation({ phases: { reveal: 5_000 } })).toThrow(RangeError)
  })
})
