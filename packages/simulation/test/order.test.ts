import { MessageKind, toHex } from '@aimesh/protocol'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSimulation, messageParents, Rng, shuffle, shuffleCausal } from '../src/index.js'
import { causalProblems } from './checks.js'

const sim = createSimulation({ seed: 13, tasks: 10, commitRevealFraction: 0.6, disputeFraction: 0.5 })
const ids = (list: readonly { id: Uint8Array }[]) => list.map((m) => toHex(m.id))

describe('shuffle helpers', () => {
  it('shuffleCausal returns a permutation that keeps parents before children', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const out = shuffleCausal(sim.messages, new Rng(seed))
        expect([...ids(out)].sort()).toEqual([...ids(sim.messages)].sort())
        expect(causalProblems(out)).toEqual([])
      }),
      { numRuns: 50 },
    )
  })

  it('shuffleCausal actually reorders, deterministically per seed', () => {
    const a = shuffleCausal(sim.messages, 1)
    expect(ids(a)).toEqual(ids(shuffleCausal(sim.messages, 1)))
    expect(ids(a)).not.toEqual(ids(sim.messages))
    expect(ids(a)).not.toEqual(ids(shuffleCausal(sim.messages, 2)))
  })

  it('shuffle returns a permutation and may break causal order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const out = shuffle(sim.messages, seed)
        expect([...ids(out)].sort()).toEqual([...ids(sim.messages)].sort())
      }),
      { numRuns: 20 },
    )
    expect(causalProblems(shuffle(sim.messages, 5)).length).toBeGreaterThan(0)
  })

  it('messageParents names the task and submission a score refers to', () => {
    const score = sim.messages.find((m) => m.kind === MessageKind.ValidationScored)
    if (score?.kind !== MessageKind.ValidationScored) throw new Error('no score')
    expect(messageParents(score)).toEqual([toHex(score.body.taskId), toHex(score.body.submissionId)])
  })
})
