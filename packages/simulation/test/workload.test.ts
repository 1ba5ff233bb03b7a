import {
  answerHash,
  bytesEqual,
  MessageKind,
  openEnvelope,
  type SignedMessage,
  type TaskPublishedBody,
  TaskType,
  toHex,
} from '@aimesh/protocol'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createSimulation,
  generateWorkload,
  MIN_PLAUSIBLE_WORK_MS,
  PHASE_MS,
  SIM_DIFFICULTIES,
  type SimulationOptions,
  workloadEvents,
} from '../src/index.js'
import {
  causalProblems,
  checkpointProblems,
  commitmentProblems,
  scoresBySignerAndSubmission,
  selfOrPublisherValidations,
  windowViolations,
} from './checks.js'

const concat = (messages: readonly SignedMessage[]) => Buffer.concat(messages.map((m) => m.bytes))
/** Small workloads keep property runs quick (each message is an ed25519 signature). */
const small: SimulationOptions = { tasks: 6, miners: 6, validators: 5 }

describe('createSimulation: determinism', () => {
  it('same seed gives identical message bytes; different seeds differ', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const a = createSimulation({ ...small, seed })
        const b = createSimulation({ ...small, seed })
        const c = createSimulation({ ...small, seed: seed + 1 })
        expect(concat(a.messages).equals(concat(b.messages))).toBe(true)
        expect(concat(a.messages).equals(concat(c.messages))).toBe(false)
      }),
      { numRuns: 10 },
    )
  })

  it('string and number seeds are accepted and the streaming variant yields the same bytes', () => {
    const sim = createSimulation({ seed: 'bench', tasks: 5 })
    const streamed = [...generateWorkload({ seed: 'bench', tasks: 5 })]
    expect(concat(streamed).equals(concat(sim.messages))).toBe(true)
  })

  it('keys come from the seed: same seed, same accounts', () => {
    const a = createSimulation({ seed: 3, tasks: 0 })
    const b = createSimulation({ seed: 3, tasks: 0 })
    expect(a.actors.map((x) => x.hex)).toEqual(b.actors.map((x) => x.hex))
    expect(new Set(a.actors.map((x) => x.hex)).size).toBe(a.actors.length)
  })
})

describe('createSimulation: validity', () => {
  it('every message opens (decode, schema, signature), lies in its window and is in causal order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (seed, commitRevealFraction) => {
          const sim = createSimulation({
            ...small,
            seed,
            commitRevealFraction,
            cancelFraction: 0.2,
            disputeFraction: 0.5,
          })
          for (const m of sim.messages) {
            const opened = openEnvelope(sim.genesis.network, m.bytes)
            expect(bytesEqual(opened.id, m.id)).toBe(true)
          }
          expect(windowViolations(sim)).toEqual([])
          expect(checkpointProblems(sim)).toEqual([])
          expect(commitmentProblems(sim)).toEqual([])
          expect(causalProblems(sim.messages)).toEqual([])
          expect(selfOrPublisherValidations(sim)).toEqual([])
        },
      ),
      { numRuns: 15 },
    )
  })

  it('message ids are unique', () => {
    const sim = createSimulation({ seed: 11 })
    expect(new Set(sim.messages.map((m) => toHex(m.id))).size).toBe(sim.messages.length)
  })

  it('signs with the configured network id', () => {
    const sim = createSimulation({ seed: 1, tasks: 2, network: 'testnet-7' })
    expect(sim.genesis.network).toBe('testnet-7')
    for (const m of sim.messages) openEnvelope('testnet-7', m.bytes)
    expect(() => openEnvelope('simnet', sim.messages[0]!.bytes)).toThrow()
  })
})

describe('createSimulation: shape of the workload', () => {
  const sim = createSimulation({ seed: 42, tasks: 24 })
  const tasks = sim.messages
    .filter((m) => m.kind === MessageKind.TaskPublished)
    .map((m) => m.body as TaskPublishedBody)

  it('every actor has a MinerProfile with its role, specializations and capacity, before any task', () => {
    const profiles = sim.messages.filter((m) => m.kind === MessageKind.MinerProfile)
    expect(profiles.length).toBe(sim.actors.length)
    expect(sim.messages.slice(0, profiles.length).every((m) => m.kind === MessageKind.MinerProfile)).toBe(
      true,
    )
    for (const actor of sim.actors) {
      const p = profiles.find((m) => bytesEqual(m.signer, actor.key.publicKey))
      expect(p?.kind).toBe(MessageKind.MinerProfile)
      if (p?.kind !== MessageKind.MinerProfile) continue
      expect([p.body.publisher, p.body.miner, p.body.validator]).toEqual([
        actor.role === 'publisher',
        actor.role === 'miner',
        actor.role === 'validator',
      ])
      expect(p.body.capacity).toBe(actor.capacity)
      if (actor.role !== 'publisher') expect(p.body.specializations.length).toBeGreaterThanOrEqual(2)
    }
  })

  it('covers all six task types with peer review (2–5 reviewers), bigint rewards and ordered deadlines', () => {
    expect(new Set(tasks.map((t) => t.taskType))).toEqual(
      new Set([
        TaskType.CODE_ANALYSIS,
        TaskType.SECURITY_AUDIT,
        TaskType.DATA_ANALYSIS,
        TaskType.ALGORITHM_OPTIMIZATION,
        TaskType.LOGIC_REASONING,
        TaskType.GENERAL,
      ]),
    )
    for (const t of tasks) {
      expect(t.verification?.requiredReviewers).toBeGreaterThanOrEqual(2)
      expect(t.verification?.requiredReviewers).toBeLessThanOrEqual(5)
      expect(typeof t.reward).toBe('bigint')
      expect(t.challengeDeadline).toBeGreaterThan(t.validationDeadline)
    }
    expect(tasks.some((t) => t.commitDeadline > 0)).toBe(true)
    expect(tasks.some((t) => t.commitDeadline === 0)).toBe(true)
  })

  it('each submission is scored by at least the required reviewers, all distinct from its miner', () => {
    for (const truth of sim.groundTruth.tasks.values()) {
      const list = sim.byTask.get(truth.taskId) ?? []
      const body = list[0]?.body as TaskPublishedBody
      for (const subId of truth.submissions) {
        const scorers = new Set(
          list
            .filter((m) => m.kind === MessageKind.ValidationScored && toHex(m.body.submissionId) === subId)
            .map((m) => toHex(m.signer)),
        )
        expect(scorers.size).toBeGreaterThanOrEqual(body.verification?.requiredReviewers ?? 0)
      }
    }
  })

  it('cancelled tasks have no answers; claims and disputes come one per task at most', () => {
    const s = createSimulation({ seed: 5, tasks: 30, cancelFraction: 0.3, disputeFraction: 0.5 })
    const cancelled = [...s.groundTruth.tasks.values()].filter((t) => t.cancelled)
    expect(cancelled.length).toBeGreaterThan(0)
    for (const t of cancelled) {
      expect(s.byTask.get(t.taskId)?.map((m) => m.kind)).toEqual([
        MessageKind.TaskPublished,
        MessageKind.TaskCancelled,
      ])
    }
    const disputes = s.messages.filter((m) => m.kind === MessageKind.DisputeOpened)
    expect(disputes.length).toBeGreaterThan(0)
    for (const d of disputes) {
      if (d.kind !== MessageKind.DisputeOpened) continue
      const ids = new Set(s.byTask.get(toHex(d.body.taskId))?.map((m) => toHex(m.id)))
      expect(d.body.evidenceIds.length).toBeGreaterThan(0)
      for (const e of d.body.evidenceIds) expect(ids.has(toHex(e))).toBe(true)
      expect(bytesEqual(d.signer, d.body.accused)).toBe(false)
    }
    for (const list of s.byTask.values()) {
      expect(list.filter((m) => m.kind === MessageKind.RewardClaimed).length).toBeLessThanOrEqual(1)
      expect(list.filter((m) => m.kind === MessageKind.DisputeOpened).length).toBeLessThanOrEqual(1)
    }
    expect(s.messages.some((m) => m.kind === MessageKind.RewardClaimed)).toBe(true)
  })

  it('genesis names only honest validators as pre-trusted', () => {
    expect(sim.genesis.genesisTime).toBe(sim.options.genesisTime)
    expect(sim.genesis.preTrustedValidators.length).toBeGreaterThanOrEqual(2)
    for (const key of sim.genesis.preTrustedValidators) {
      const truth = sim.groundTruth.actors.get(toHex(key))
      expect(truth).toMatchObject({ role: 'validator', honest: true, preTrusted: true })
    }
    expect(sim.genesis.init).toEqual({
      networkId: sim.genesis.network,
      genesisTime: sim.genesis.genesisTime,
      preTrustedValidators: sim.genesis.preTrustedValidators.map(toHex),
      params: {
        epochMs: 600_000,
        checkpointDelayMs: 120_000,
        roundMs: PHASE_MS,
        maxRounds: 8,
        profileWorkBits: 0,
        disputeVoteWindowMs: 86_400_000,
      },
    })
    const limited = createSimulation({ seed: 42, tasks: 0, preTrustedValidators: 1 })
    expect(limited.genesis.preTrustedValidators.length).toBe(1)
  })

  it('byTask holds exactly the task-bound messages', () => {
    const bound = sim.messages.filter(
      (m) => m.kind !== MessageKind.MinerProfile && m.kind !== MessageKind.CheckpointVote,
    ).length
    expect([...sim.byTask.values()].reduce((n, l) => n + l.length, 0)).toBe(bound)
    for (const [taskId, list] of sim.byTask) expect(toHex(list[0]!.id)).toBe(taskId)
  })
})

describe('createSimulation: honest and dishonest behaviour', () => {
  const sim = createSimulation({ seed: 9, tasks: 24 })
  const truths = [...sim.groundTruth.submissions.values()]
  const reveals = new Map(
    sim.messages.filter((m) => m.kind === MessageKind.AnswerRevealed).map((m) => [toHex(m.id), m]),
  )
  const answerOf = (id: string) => {
    const m = reveals.get(id)
    return m?.kind === MessageKind.AnswerRevealed ? m.body.answer : ''
  }

  it('shows every advertised pattern with the default options', () => {
    const patterns = new Set(truths.map((t) => t.pattern))
    expect(patterns).toEqual(new Set(['honest', 'duplicate', 'near-duplicate', 'fast']))
    expect(sim.groundTruth.equivocations.length).toBeGreaterThan(0)
    const behaviours = new Set([...sim.groundTruth.actors.values()].map((a) => a.behaviour))
    for (const b of ['colluding', 'equivocating', 'duplicate', 'near-duplicate', 'fast'])
      expect(behaviours.has(b as never)).toBe(true)
  })

  it('duplicates share the answer hash of an earlier answer by another miner', () => {
    const dups = truths.filter((t) => t.pattern === 'duplicate')
    expect(dups.length).toBeGreaterThan(0)
    for (const d of dups) {
      const source = sim.groundTruth.submissions.get(d.copiedFrom ?? '')
      expect(source).toBeDefined()
      expect(bytesEqual(d.answerHash, source!.answerHash)).toBe(true)
      expect(bytesEqual(d.answerHash, answerHash(answerOf(d.submissionId)))).toBe(true)
      expect(d.miner).not.toBe(source!.miner)
    }
  })

  it('near-duplicates differ in hash but keep almost every word', () => {
    const near = truths.filter((t) => t.pattern === 'near-duplicate')
    expect(near.length).toBeGreaterThan(0)
    for (const n of near) {
      const source = sim.groundTruth.submissions.get(n.copiedFrom ?? '')!
      expect(bytesEqual(n.answerHash, source.answerHash)).toBe(false)
      const a = answerOf(n.submissionId).split(' ')
      const b = answerOf(source.submissionId).split(' ')
      const same = a.filter((w, i) => b[i] === w).length
      expect(same / Math.max(a.length, b.length)).toBeGreaterThanOrEqual(0.9)
    }
  })

  it('fast answers take far less than the least plausible time; honest ones take at least it', () => {
    const levelOf = (taskId: string) => {
      const body = sim.byTask.get(taskId)?.[0]?.body as TaskPublishedBody
      return SIM_DIFFICULTIES.indexOf(body.difficulty)
    }
    const fast = truths.filter((t) => t.pattern === 'fast')
    expect(fast.length).toBeGreaterThan(0)
    for (const f of fast) expect(f.workMs).toBeLessThan(MIN_PLAUSIBLE_WORK_MS[0]! / 5)
    for (const h of truths.filter((t) => t.pattern === 'honest'))
      expect(h.workMs).toBeGreaterThanOrEqual(MIN_PLAUSIBLE_WORK_MS[levelOf(h.taskId)]!)
  })

  it('equivocations are two signed, different scores by one validator for one submission', () => {
    const groups = scoresBySignerAndSubmission(sim.messages)
    for (const e of sim.groundTruth.equivocations) {
      const group = groups.get(`${e.validator}/${e.submissionId}`) ?? []
      expect(group.length).toBe(2)
      expect(group[0]!.body.score).not.toBe(group[1]!.body.score)
      expect(new Set(group.map((m) => toHex(m.id)))).toEqual(new Set(e.messageIds))
      expect(sim.groundTruth.actors.get(e.validator)?.behaviour).toBe('equivocating')
    }
    // Nobody else ever scores one submission twice.
    const doubles = [...groups.values()].filter((g) => g.length > 1).length
    expect(doubles).toBe(sim.groundTruth.equivocations.length)
  })

  it('colluders score their favourite high and everyone else low', () => {
    const colluders = [...sim.groundTruth.actors.entries()].filter(([, a]) => a.behaviour === 'colluding')
    expect(colluders.length).toBeGreaterThan(0)
    let scored = 0
    for (const [hex, a] of colluders) {
      for (const m of sim.messages) {
        if (m.kind !== MessageKind.ValidationScored || toHex(m.signer) !== hex) continue
        const sub = sim.groundTruth.submissions.get(toHex(m.body.submissionId))!
        if (sub.miner === a.favours) expect(m.body.score).toBeGreaterThanOrEqual(92)
        else expect(m.body.score).toBeLessThanOrEqual(20)
        scored++
      }
    }
    expect(scored).toBeGreaterThan(0)
  })

  it('honest validators score close to the hidden quality', () => {
    const deviations: number[] = []
    for (const m of sim.messages) {
      if (m.kind !== MessageKind.ValidationScored) continue
      if (sim.groundTruth.actors.get(toHex(m.signer))?.behaviour !== 'honest') continue
      deviations.push(
        Math.abs(m.body.score - sim.groundTruth.submissions.get(toHex(m.body.submissionId))!.trueQuality),
      )
    }
    expect(deviations.length).toBeGreaterThan(50)
    const mean = deviations.reduce((a, b) => a + b, 0) / deviations.length
    // Noise σ = 4: mean absolute deviation ≈ 3.2; six σ bounds every single score in practice.
    expect(mean).toBeLessThan(5)
    expect(Math.max(...deviations)).toBeLessThanOrEqual(25)
  })

  it('an all-honest cast has no dishonest pattern at all', () => {
    const honest = createSimulation({
      seed: 9,
      tasks: 12,
      dishonestMinerFraction: 0,
      dishonestValidatorFraction: 0,
    })
    expect([...honest.groundTruth.submissions.values()].every((t) => t.pattern === 'honest')).toBe(true)
    expect(honest.groundTruth.equivocations).toEqual([])
    expect([...scoresBySignerAndSubmission(honest.messages).values()].every((g) => g.length === 1)).toBe(true)
  })
})

describe('generateWorkload: bounds', () => {
  it('respects maxMessages exactly, even on an open-ended run', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), (n) => {
        let count = 0
        for (const _ of generateWorkload({ seed: n, tasks: Number.POSITIVE_INFINITY, maxMessages: n }))
          count++
        expect(count).toBe(n)
      }),
      { numRuns: 8 },
    )
  })

  it('respects the task count and keeps causal order over a long stream', () => {
    const messages = [...generateWorkload({ seed: 2, tasks: 60 })]
    expect(messages.filter((m) => m.kind === MessageKind.TaskPublished).length).toBe(60)
    expect(causalProblems(messages)).toEqual([])
  })

  it('emits ground truth for each submission right after its reveal', () => {
    let last: SignedMessage | undefined
    for (const e of workloadEvents({ seed: 4, tasks: 4 })) {
      if (e.type === 'message') last = e.message
      if (e.type === 'submission') expect(last && toHex(last.id)).toBe(e.truth.submissionId)
    }
  })

  it('refuses options that cannot produce valid work', () => {
    expect(() => createSimulation({ validators: 1 })).toThrow(RangeError)
    expect(() => createSimulation({ tasks: Number.POSITIVE_INFINITY })).toThrow(RangeError)
    expect(() => createSimulation({ cancelFraction: 2 })).toThrow(RangeError)
    expect(() => createSimulation({ minersPerTask: [3, 2] })).toThrow(RangeError)
  })
})
