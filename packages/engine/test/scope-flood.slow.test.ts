/**
 * One account flooding valid messages (DESIGN §5.8), as properties over the honest multi-task
 * workload: (a) a node holds at most quota + 1 messages per scope, whatever the flood; (b) two
 * nodes that saw the flood mixed with the workload in different orders converge (same state root
 * and derived digest); (c) a certified outcome does not change because of a flood by one of its own
 * validators arriving after certification — the validator is only penalized.
 */
import { type AnySignedMessage, MessageKind, type SignedMessage, Verdict } from '@aimesh/protocol'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { overflowSubjectId } from '../src/derive/scope-penalty.js'
import { hex } from '../src/ids.js'
import { type Engine, type Genesis, getRewardDistribution, getTask } from '../src/index.js'
import { scopeOf } from '../src/scopes.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  claimReward,
  minerProfile,
  publishTask,
  SEC,
  scoreAnswer,
  T0,
  voteRoot,
  withProfiles,
} from './helpers/builders.js'
import { shuffle } from './helpers/deliver.js'
import { buildWorkload, prng } from './helpers/workload.js'

type TaskMsg = SignedMessage<MessageKind.TaskPublished>

/**
 * Applies messages in order, retrying those waiting for a parent (as the pending buffer and sync
 * would); SCOPE_FULL and DUPLICATE are final. Returns what still waits for a parent. A REJECT fails
 * the test: every message here is valid.
 */
async function deliverAll(
  engine: Engine,
  messages: readonly AnySignedMessage[],
  now: number,
): Promise<AnySignedMessage[]> {
  let pending = withProfiles(messages)
  for (let pass = 0; pending.length > 0 && pass < 20; pass++) {
    const retry: AnySignedMessage[] = []
    const results = await engine.submitManyVerified(pending, now)
    results.forEach((r, i) => {
      if (r.verdict === Verdict.Reject) throw new Error(`valid message rejected: ${r.code} ${r.reason}`)
      if (r.verdict === Verdict.Ignore && r.code === 'MISSING_PARENT') retry.push(pending[i]!)
    })
    if (retry.length === pending.length) return retry
    pending = retry
  }
  return pending
}

/** Every held message, through the inventory (what sync would serve). */
function held(engine: Engine): AnySignedMessage[] {
  const out: AnySignedMessage[] = []
  for (const e of engine.inventory()) {
    const ids = engine.state.task(hex(e.taskId))?.ids ?? []
    for (const id of ids) out.push(engine.getMessage(Uint8Array.from(Buffer.from(id, 'hex')))!)
  }
  return out
}

/** Held messages per scope key. */
function perScope(engine: Engine, genesis: Genesis): Map<string, { count: number; quota: number }> {
  const out = new Map<string, { count: number; quota: number }>()
  for (const m of held(engine)) {
    const s = scopeOf(m, genesis.params)
    const e = out.get(s.key) ?? { count: 0, quota: s.quota }
    e.count++
    out.set(s.key, e)
  }
  return out
}

const FLOODER = account('flood-x')

/**
 * A flood by one fresh account against the workload's first task: `scores` scores of one answer
 * (a shadow validator's), tasks well beyond the hourly quota, votes and claims for one round and
 * root, and profiles beyond their quota. All valid, all distinct.
 */
function flood(task: TaskMsg, answer: AnySignedMessage, seed: number, scores: number): AnySignedMessage[] {
  const rnd = prng(seed)
  const sd = task.body.submissionDeadline
  const vd = task.body.validationDeadline
  const out: AnySignedMessage[] = []
  for (let i = 0; i < scores; i++)
    out.push(scoreAnswer(FLOODER, task, answer, Math.floor(rnd() * 101), sd + 1 + ((i * 7) % (vd - sd - 1))))
  const hourStart = Math.ceil((T0 + 2 * SEC) / 3_600_000) * 3_600_000
  for (let i = 0; i < 80; i++) out.push(publishTask(FLOODER, { at: hourStart + i * SEC, nonce: 40_000 + i }))
  for (let i = 0; i < 60; i++) out.push(voteRoot(FLOODER, task, [], vd + 1 + i))
  for (let i = 0; i < 60; i++) out.push(claimReward(FLOODER, task, BigInt(1 + i), vd + 2 * SEC + i))
  // Profiles in the next hour: the hour of its test profile (which its messages name) is left alone,
  // or the flood would evict that profile and, with it, every message naming it.
  for (let i = 0; i < 12; i++) out.push(minerProfile(FLOODER, hourStart + 3_600_000 + i))
  return out
}

function firstAnswer(messages: readonly AnySignedMessage[], task: TaskMsg): AnySignedMessage {
  return messages.find((m) => m.kind === MessageKind.AnswerRevealed && hex(m.body.taskId) === hex(task.id))!
}

async function engineOf(genesis: Genesis, now: number): Promise<Engine> {
  const { Engine } = await import('../src/index.js')
  return Engine.open({ store: new MemoryEngineStore(), genesis, clock: T0, now: () => now })
}

describe('a flood adds at most quota + 1 per scope (DESIGN §5.8)', () => {
  it('(a) 2,000 scores, 80 tasks in an hour, 60 votes, 60 claims and 12 profiles by one account', async () => {
    const w = await buildWorkload(11, 2)
    const task = w.tasks[0] as TaskMsg
    const msgs = flood(task, firstAnswer(w.messages, task), 11, 2_000)
    const engine = await engineOf(w.genesis, w.now)
    await deliverAll(engine, [...w.messages, ...msgs], w.now)
    await engine.advance(w.end)
    const scopes = perScope(engine, w.genesis)
    for (const [key, { count, quota }] of scopes) expect(count, key).toBeLessThanOrEqual(quota + 1)
    const mine = held(engine).filter((m) => hex(m.signer) === hex(FLOODER.publicKey))
    const p = w.genesis.params
    // scores 2, tasks quota + 1, votes 2, claims 2, profiles quota + 1, and its test profile.
    expect(mine.length).toBeLessThanOrEqual(
      2 + (p.maxTasksPerHour + 1) + 2 + 2 + (p.maxProfilesPerHour + 1) + 1,
    )
    // The overflowed scopes are void: no flooded task has a record, and the flooder is flagged.
    for (const m of msgs)
      if (m.kind === MessageKind.TaskPublished) expect(getTask(engine, m.id)).toBeUndefined()
    const fraud = [...engine.dumpRecords().keys()].filter((k) => k.startsWith('fraud:'))
    // Overflowed: scores, the task hour, votes, claims, and the profile hour (booked under no task).
    expect(fraud.length).toBeGreaterThanOrEqual(5)
    const profileKey = scopeOf(msgs.find((m) => m.kind === MessageKind.MinerProfile)!, w.genesis.params).key
    expect(fraud).toContain(`fraud:${hex(overflowSubjectId(profileKey))}`)
  }, 300_000)

  it('(b) two nodes that saw the flood and the workload in different orders converge', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer(), async (seed, order) => {
        const w = await buildWorkload(seed % 1_000, 2)
        const task = w.tasks[0] as TaskMsg
        const msgs = flood(task, firstAnswer(w.messages, task), seed, 150)
        const a = await engineOf(w.genesis, w.now)
        const b = await engineOf(w.genesis, w.now)
        await deliverAll(a, [...w.messages, ...msgs], w.now)
        await a.advance(w.end)
        const mixed = shuffle([...w.messages, ...msgs], prng(order))
        const half = Math.floor(mixed.length / 2)
        const left = await deliverAll(b, mixed.slice(0, half), w.now)
        await b.advance(w.end - 1_000 * SEC)
        expect(await deliverAll(b, [...left, ...mixed.slice(half)], w.now)).toEqual([])
        await b.advance(w.end)
        expect(hex(b.stateRoot())).toBe(hex(a.stateRoot()))
        expect(hex(b.derivedDigest())).toBe(hex(a.derivedDigest()))
        expect(b.messageCount).toBe(a.messageCount)
      }),
      { numRuns: 4 },
    )
  }, 600_000)

  it('(c) a flood by a certifying validator after certification changes no certified outcome', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), async (seed) => {
        const w = await buildWorkload(seed % 1_000, 1)
        const task = w.tasks[0] as TaskMsg
        const engine = await engineOf(w.genesis, w.now)
        await deliverAll(engine, w.messages, w.now)
        await engine.advance(w.end)
        const before = getTask(engine, task.id)!
        expect(before.certifiedRoot).toHaveLength(32)
        const reward = getRewardDistribution(engine, task.id)
        const records = [...engine.state.task(hex(task.id))!.records]
          .filter(([k]) => k.startsWith('submission:') || k.startsWith('reward:'))
          .map(([k, r]) => [k, hex(r.bytes)])
        // v0 certified this outcome: it scores every answer again (backdated into the window) and
        // votes again in its round for other sets of what it holds.
        const v0 = account('v0')
        const rnd = prng(seed)
        const sd = task.body.submissionDeadline
        const vd = task.body.validationDeadline
        const answers = w.messages.filter(
          (m) => m.kind === MessageKind.AnswerRevealed && hex(m.body.taskId) === hex(task.id),
        )
        const late: AnySignedMessage[] = []
        for (const answer of answers)
          for (let i = 0; i < 100; i++)
            late.push(scoreAnswer(v0, task, answer, Math.floor(rnd() * 101), sd + 500 + i * 37))
        for (let i = 0; i < 40; i++) {
          const subset = answers.filter(() => rnd() < 0.5)
          late.push(voteRoot(v0, task, subset, vd + 100 + i))
        }
        await deliverAll(engine, shuffle(late, rnd), w.now)
        await engine.advance(w.end)
        const after = getTask(engine, task.id)!
        expect(hex(after.certifiedRoot)).toBe(hex(before.certifiedRoot))
        expect(after.finality).toBe(before.finality)
        expect(getRewardDistribution(engine, task.id)).toEqual(reward)
        expect(
          [...engine.state.task(hex(task.id))!.records]
            .filter(([k]) => k.startsWith('submission:') || k.startsWith('reward:'))
            .map(([k, r]) => [k, hex(r.bytes)]),
        ).toEqual(records)
        // v0 is penalized: its scopes overflowed.
        const c = engine.state.task(hex(task.id))!.derived!.contributions.get(hex(v0.publicKey))!
        expect(c.trust.some((e) => e.kind === 'failure' && e.id.startsWith('scope:'))).toBe(true)
        // And holds at most quota + 1 per scope.
        for (const [key, { count, quota }] of perScope(engine, w.genesis))
          expect(count, key).toBeLessThanOrEqual(quota + 1)
      }),
      { numRuns: 3 },
    )
  }, 600_000)
})
