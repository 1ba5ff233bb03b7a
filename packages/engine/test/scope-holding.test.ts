/**
 * Holding per scope (DESIGN §5.8): quota + 1 held, lowest ids winning, SCOPE_FULL beyond, a lower
 * id evicting the highest held one in the same batch (and for good: reopen and repair hold the
 * same set), referenced messages never evicted; overflow voids and penalizes.
 */
import { type AnySignedMessage, FraudKind, Verdict } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { ScopeHolding } from '../src/holding.js'
import { hex } from '../src/ids.js'
import { type Engine, getTask } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  openTestEngine,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
} from './helpers/builders.js'
import { levelEngine } from './helpers/deliver.js'

const pub = account('hold-pub')
const m1 = account('hold-m1')
const v1 = account('hold-v1')
const v2 = account('hold-v2')
const AT = T0 + 60 * SEC
const task = publishTask(pub, { at: AT })
const sd = task.body.submissionDeadline
const reveal = revealAnswer(m1, task, 'the answer', AT + 60 * SEC)
const NOW = task.body.challengeDeadline + 3_600_000

/** n different scores by `v` for the reveal (different times), sorted by id ascending. */
function scores(v: typeof v1, n: number, base = 70): AnySignedMessage[] {
  return Array.from({ length: n }, (_, i) =>
    scoreAnswer(v, task, reveal, base + (i % 20), sd + SEC + i),
  ).sort((a, b) => (hex(a.id) < hex(b.id) ? -1 : 1))
}

async function accept(engine: Engine, ...msgs: AnySignedMessage[]): Promise<void> {
  for (const m of msgs) {
    const r = await engine.submitVerified(m, NOW)
    expect(r, `${m.kind} ${hex(m.id).slice(0, 8)}`).toEqual({ verdict: Verdict.Accept })
  }
}

async function memoryEngine(params = {}) {
  const store = new MemoryEngineStore()
  const genesis = testGenesis([v1, v2], params)
  const engine = await openTestEngine({ store, genesis, clock: T0, now: () => NOW })
  return { store, engine }
}

describe('holding per scope', () => {
  it('holds quota + 1, IGNOREs SCOPE_FULL beyond, and a lower id evicts the highest in one batch', async () => {
    const { store, engine } = await memoryEngine()
    await accept(engine, task, reveal)
    const s = scores(v2, 5)
    await accept(engine, s[3]!, s[4]!)
    // Full (quota 1 + 1): a higher id is redundant evidence.
    const beyond = scores(v2, 8).find((m) => hex(m.id) > hex(s[4]!.id))
    if (beyond !== undefined) {
      const r = await engine.submitVerified(beyond, NOW)
      expect(r).toMatchObject({ verdict: Verdict.Ignore, code: 'SCOPE_FULL' })
      expect(engine.hasMessage(beyond.id)).toBe(false)
    }
    const writes = store.writes
    await accept(engine, s[0]!)
    expect(store.writes).toBe(writes + 1)
    expect(engine.hasMessage(s[4]!.id)).toBe(false)
    expect(store.log.has(hex(s[4]!.id))).toBe(false)
    expect(store.log.has(hex(s[0]!.id))).toBe(true)
    // The evicted one comes back as SCOPE_FULL (its scope now holds two lower ids).
    expect(await engine.submitVerified(s[4]!, NOW)).toMatchObject({ code: 'SCOPE_FULL' })
    await accept(engine, s[1]!)
    expect([...s].filter((m) => engine.hasMessage(m.id))).toEqual([s[0], s[1]])
    expect(engine.validate(s[2]!, NOW)).toMatchObject({ verdict: Verdict.Ignore, code: 'SCOPE_FULL' })
  })

  it('the held set survives reopen and repair (LevelDB): same root, digest and messages', async () => {
    const genesis = testGenesis([v1, v2])
    const l = await levelEngine(genesis, T0, NOW)
    try {
      const { knownProfiles } = await import('./helpers/builders.js')
      await accept(l.engine, ...knownProfiles().filter((p) => !l.engine.hasMessage(p.id)))
      await accept(l.engine, task, reveal)
      const s = scores(v2, 6)
      await accept(l.engine, s[5]!, s[4]!, s[2]!, s[0]!)
      // s[2] evicted s[5], s[0] evicted s[4]: s[0] and s[2] held.
      expect(s.map((m) => l.engine.hasMessage(m.id))).toEqual([true, false, true, false, false, false])
      expect(await l.store.hasMessage(s[5]!.id)).toBe(false)
      expect(await l.store.hasMessage(s[4]!.id)).toBe(false)
      await l.engine.advance(NOW)
      const root = hex(l.engine.stateRoot())
      const digest = hex(l.engine.derivedDigest())
      const count = l.engine.messageCount
      const reopened = await l.reopen()
      await reopened.advance(NOW)
      expect(hex(reopened.stateRoot())).toBe(root)
      expect(hex(reopened.derivedDigest())).toBe(digest)
      expect(reopened.messageCount).toBe(count)
      await reopened.repair()
      expect(hex(reopened.stateRoot())).toBe(root)
      expect(hex(reopened.derivedDigest())).toBe(digest)
      expect(reopened.validate(s[3]!, NOW)).toMatchObject({ code: 'SCOPE_FULL' })
      expect(reopened.validate(s[1]!, NOW)).toEqual({ verdict: Verdict.Accept })
    } finally {
      await l.close()
    }
  })

  it('evicts the last held message in rank order with its descendants; endorsement ranks first', () => {
    const h = new ScopeHolding(testGenesis().params)
    const rs = Array.from({ length: 6 }, (_, i) =>
      revealAnswer(m1, task, `answer ${i}`, AT + 60 * SEC + i),
    ).sort((a, b) => (hex(a.id) < hex(b.id) ? -1 : 1))
    const [low, , mid, , high] = rs
    h.add(high!, hex(high!.id))
    h.add(mid!, hex(mid!.id))
    expect(h.overflowedAt(hex(high!.id))?.key).toMatch(/^reveal:/)
    // A score names `high`: evicting `high` takes the score with it.
    const score = scoreAnswer(v1, task, high!, 50, sd + SEC)
    h.add(score, hex(score.id))
    expect(h.admission(low!, hex(low!.id), () => 0)).toBe(hex(high!.id))
    expect(h.descendants(hex(high!.id))).toEqual([hex(score.id)])
    // An endorsed score (named by counted votes) endorses its parent: `mid` goes instead.
    const rank = (id: string) => (h.someDescendant(id, (x) => x === hex(score.id)) ? 7 : 0)
    expect(rank(hex(high!.id))).toBe(7)
    expect(h.admission(low!, hex(low!.id), rank)).toBe(hex(mid!.id))
    // Both held ones endorsed above the newcomer: SCOPE_FULL; a newcomer endorsed more takes a place.
    expect(() => h.admission(low!, hex(low!.id), () => 3)).toThrow(/SCOPE_FULL/)
    expect(
      h.admission(
        low!,
        hex(low!.id),
        () => 3,
        () => 4,
      ),
    ).toBe(hex(high!.id))
    // Past quota + 1 (a recall), the excess is the tail in rank order.
    h.add(low!, hex(low!.id))
    expect(h.excess(h.scopeOfId(hex(low!.id))!.key, () => 0)).toEqual([hex(high!.id)])
    expect(h.excess(h.scopeOfId(hex(low!.id))!.key, rank)).toEqual([hex(mid!.id)])
    h.remove(score, hex(score.id))
    expect(h.descendants(hex(high!.id))).toEqual([])
  })

  it('a lower id evicts a held answer together with the scores that name it', async () => {
    const { store, engine } = await memoryEngine()
    const rs = Array.from({ length: 4 }, (_, i) =>
      revealAnswer(m1, task, `take ${i}`, AT + 60 * SEC + i),
    ).sort((a, b) => (hex(a.id) < hex(b.id) ? -1 : 1))
    await accept(engine, task, rs[2]!, rs[3]!)
    const scored = scoreAnswer(v1, task, rs[3]!, 70, sd + SEC)
    await accept(engine, scored)
    await accept(engine, rs[0]!)
    expect(engine.hasMessage(rs[3]!.id)).toBe(false)
    expect(engine.hasMessage(scored.id)).toBe(false)
    expect(store.log.has(hex(scored.id))).toBe(false)
    expect(engine.validate(scored, NOW)).toMatchObject({ code: 'MISSING_PARENT' })
  })
})

describe('overflow voids and penalizes', () => {
  it("a validator's two scores for one answer are void, flagged, and cost it trust and reputation", async () => {
    const { engine } = await memoryEngine()
    const [a, b] = scores(v2, 2, 40)
    const honest = scoreAnswer(v1, task, reveal, 80, sd + 2 * SEC)
    await accept(engine, task, reveal, honest, a!, b!)
    await engine.advance(task.body.validationDeadline + SEC)
    const t = engine.state.task(hex(task.id))!
    // No validation record for the void scores: only v1's counts.
    const records = [...t.records.keys()].filter((k) => k.startsWith('validation:'))
    expect(records).toEqual([`validation:${hex(honest.id)}`])
    const fraud = t.derived!.puts.filter((p) => p.type === 'fraud')
    const mine = fraud.find((p) => p.type === 'fraud' && hex(p.record.account) === hex(v2.publicKey))
    expect(mine?.record).toMatchObject({ flagged: true, riskBps: 10_000 })
    if (mine?.type === 'fraud')
      expect(mine.record.signals[0]!.evidenceIds.map(hex)).toEqual([a, b].map((m) => hex(m!.id)))
    const c = t.derived!.contributions.get(hex(v2.publicKey))!
    expect(c.equivocations).toBe(1)
    expect(c.trust.some((e) => e.kind === 'failure' && e.id.startsWith('scope:score:'))).toBe(true)
    expect(c.reputation.some((e) => e.kind === 'adjustment' && e.delta < 0)).toBe(true)
    // Two different scores: the node is asked to sign an EQUIVOCATION alert on them.
    expect(t.derived!.alerts.some((x) => x.fraudKind === FraudKind.EQUIVOCATION)).toBe(true)
    expect(engine.state.book.trustAt(hex(v2.publicKey), NOW)).toBeLessThan(
      engine.state.book.trustAt(hex(v1.publicKey), NOW),
    )
  })

  it('tasks beyond the hourly quota: the overflowed hour is void and penalized once', async () => {
    const { engine } = await memoryEngine({ maxTasksPerHour: 2 })
    const tasks = [1, 2, 3, 4].map((n) => publishTask(pub, { at: AT + n * SEC, nonce: 100 + n }))
    const sorted = [...tasks].sort((a, b) => (hex(a.id) < hex(b.id) ? -1 : 1))
    await accept(engine, sorted[3]!, sorted[1]!)
    expect(getTask(engine, sorted[1]!.id)).toBeDefined()
    await accept(engine, sorted[2]!) // third of quota 2: overflow, all three void
    for (const t of [sorted[1], sorted[2], sorted[3]]) expect(getTask(engine, t!.id)).toBeUndefined()
    await accept(engine, sorted[0]!) // lower id: evicts the highest
    expect(engine.hasMessage(sorted[3]!.id)).toBe(false)
    const fraud = [...engine.dumpRecords().keys()].filter((k) => k.startsWith('fraud:'))
    expect(fraud).toHaveLength(1)
    const lowest = engine.state.task(hex(sorted[0]!.id))!.derived!
    expect(lowest.contributions.get(hex(pub.publicKey))!.equivocations).toBe(1)
    expect(engine.state.task(hex(sorted[1]!.id))!.derived!.contributions.size).toBe(0)
  })
})
