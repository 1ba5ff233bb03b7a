import {
  type AccountKey,
  Difficulty,
  MessageKind,
  type Specialization,
  signMessage,
  TaskType,
  toHex,
  Verdict,
} from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { type Engine, expectedValidatorsFor, getMiner, matchMiners } from '../src/index.js'
import { rankHash } from '../src/rules/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  NET,
  openTestEngine,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
  withProfiles,
} from './helpers/builders.js'

function profile(
  key: AccountKey,
  roles: { miner?: boolean; validator?: boolean },
  specializations: Specialization[],
  at = T0 + SEC,
) {
  return signMessage(
    NET,
    MessageKind.MinerProfile,
    {
      timestamp: at,
      publisher: false,
      miner: roles.miner ?? false,
      validator: roles.validator ?? false,
      specializations,
      capacity: 4,
      name: 'q',
      workNonce: new Uint8Array(0),
    },
    key,
  )
}

async function engineWith(genesisValidators: AccountKey[], now: number) {
  const engine = await openTestEngine({
    store: new MemoryEngineStore(),
    genesis: testGenesis(genesisValidators),
    clock: now,
    now: () => now,
  })
  return engine
}

async function accept(engine: Engine, msg: Parameters<Engine['submit']>[0], now: number) {
  for (const p of withProfiles([msg])) if (p !== msg) await engine.submit(p, now)
  const r = await engine.submit(msg, now)
  expect(r.verdict, `${r.verdict} ${'code' in r ? r.code : ''}`).toBe(Verdict.Accept)
}

describe('specialization matching query', () => {
  it('ranks miners by the DESIGN §6 match score and leaves out accounts that are not miners', async () => {
    const now = T0 + 10 * SEC
    const engine = await engineWith([], now)
    const specialist = account('q-specialist')
    const generalist = account('q-other-field')
    const validatorOnly = account('q-validator-only')
    const publisher = account('q-publisher')
    await accept(
      engine,
      profile(specialist, { miner: true }, [
        { taskType: TaskType.GENERAL, proficiency: 90, maxDifficulty: Difficulty.BEGINNER },
      ]),
      now,
    )
    await accept(
      engine,
      profile(generalist, { miner: true }, [
        { taskType: TaskType.CODE_ANALYSIS, proficiency: 90, maxDifficulty: Difficulty.EXPERT },
      ]),
      now,
    )
    await accept(
      engine,
      profile(validatorOnly, { validator: true }, [
        { taskType: TaskType.GENERAL, proficiency: 100, maxDifficulty: Difficulty.BEGINNER },
      ]),
      now,
    )
    const task = publishTask(publisher, { at: T0 + 2 * SEC, taskType: TaskType.GENERAL })
    await accept(engine, task, now)

    const ranked = matchMiners(engine, task.id)
    expect(ranked.map((c) => c.account)).toEqual([toHex(specialist.publicKey), toHex(generalist.publicKey)])
    // 0.4·0.9 + 0.2·1 (difficulty fit) + 0.2·0.5 (baseline reputation) + 0.1·0 + 0.1·1 (idle)
    expect(ranked[0]!.score).toBeCloseTo(0.76, 6)
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score)
    expect(getMiner(engine, validatorOnly.publicKey)).toBeDefined()
    expect(matchMiners(engine, new Uint8Array(32))).toEqual([])
  })
})

describe('expected validators query', () => {
  it('names the first required validators by hash rank and replaces a silent one after half the window', async () => {
    const validators = ['qa', 'qb', 'qc', 'qd', 'qe'].map((l) => account(`q-val-${l}`))
    const publisher = account('q-pub')
    const miner = account('q-miner')
    const task = publishTask(publisher, { at: T0 + SEC, requiredReviewers: 2 })
    const start = task.body.submissionDeadline
    const end = task.body.validationDeadline
    const engine = await engineWith(validators, start + SEC)
    await accept(engine, task, start + SEC)
    const answer = revealAnswer(miner, task, 'the answer', T0 + 30 * SEC)
    await accept(engine, answer, start + SEC)

    const taskHex = toHex(task.id)
    const ranked = validators
      .map((v) => toHex(v.publicKey))
      .sort((a, b) => (rankHash(taskHex, a) < rankHash(taskHex, b) ? -1 : 1))
    // Before half the validation window, the top two are expected.
    expect(expectedValidatorsFor(engine, task.id, start + SEC)).toEqual(ranked.slice(0, 2))

    // The second-ranked validator scores; the first stays silent.
    const second = validators.find((v) => toHex(v.publicKey) === ranked[1])!
    await accept(engine, scoreAnswer(second, task, answer, 80, start + 2 * SEC), start + 2 * SEC)

    const afterHalf = start + Math.ceil((end - start) / 2) + SEC
    const expected = expectedValidatorsFor(engine, task.id, afterHalf)
    expect(expected).toHaveLength(2)
    expect(expected).toContain(ranked[1])
    expect(expected).toContain(ranked[2])
    expect(expected).not.toContain(ranked[0])
  })

  it('never expects the publisher or a miner of the task to validate it', async () => {
    const validators = ['x1', 'x2', 'x3'].map((l) => account(`q-excl-${l}`))
    const [publisher, miner] = validators as [AccountKey, AccountKey, AccountKey]
    const task = publishTask(publisher, { at: T0 + SEC, requiredReviewers: 2 })
    const now = task.body.submissionDeadline + SEC
    const engine = await engineWith(validators, now)
    await accept(engine, task, now)
    await accept(engine, revealAnswer(miner, task, 'mine', T0 + 30 * SEC), now)
    expect(expectedValidatorsFor(engine, task.id, now)).toEqual([toHex(validators[2]!.publicKey)])
  })
})
