/**
 * Validation rules whose verdict must not depend on arrival order (DESIGN §5.1): reveals name
 * their commit, alerts are timed and re-derived as derivation does, late and role-gated messages.
 * Most cases run the rules over a pure view (test/helpers/view.ts, which offers the optional
 * messagesBy and consensusOf); the order cases and the alert round trip run real engines.
 */
import {
  type AnySignedMessage,
  type BodyOf,
  FraudKind,
  MessageKind,
  type SignedMessage,
  signMessage,
  toHex,
  Verdict,
} from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { answerAuthoredAt } from '../src/answer-time.js'
import { createGenesis, type FraudAlertDraft, validateMessage } from '../src/index.js'
import { answerSimilarity } from '../src/rules/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import { settlementDeadline } from '../src/validate/common.js'
import {
  account,
  claimReward,
  commitAnswer,
  fraudAlert,
  NET,
  openDispute,
  openTestEngine,
  profileOf,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
  voteRoot,
} from './helpers/builders.js'
import { testView } from './helpers/view.js'

const pub = account('r-pub')
const m1 = account('r-m1')
const m2 = account('r-m2')
const v1 = account('r-v1')
const v2 = account('r-v2')
const stranger = account('r-stranger')
const net = account('r-network')
const genesis = createGenesis({
  networkId: NET,
  genesisTime: T0,
  preTrustedValidators: [toHex(v1.publicKey), toHex(v2.publicKey)],
  params: { networkAccount: toHex(net.publicKey), profileWorkBits: 0 },
})
const AT = T0 + 10 * SEC
const FAR = T0 + 400 * 86_400_000

const task = publishTask(pub, { at: AT })
const crTask = publishTask(pub, { at: AT, commitReveal: true, nonce: 1 })
const otherCr = publishTask(pub, { at: AT, commitReveal: true, nonce: 2 })
const sd = task.body.submissionDeadline
const vd = task.body.validationDeadline
const cd = crTask.body.commitDeadline

type Msg = AnySignedMessage
function verdictOf(held: Msg[], msg: Msg) {
  const { view } = testView(genesis, held, { now: FAR })
  const r = validateMessage(view, msg)
  return r.verdict === Verdict.Accept ? 'ACCEPT' : `${r.verdict} ${r.code}`
}

describe('a reveal names the commit it opens (finding 1, 2)', () => {
  const c1 = commitAnswer(m1, crTask, 'first draft', AT + 30 * SEC)
  const c2 = commitAnswer(m1, crTask, 'final answer', AT + 40 * SEC)
  const reveal2 = revealAnswer(m1, crTask, 'final answer', cd + SEC, { commit: c2 })

  it('MISSING_PARENT until the named commit arrives, then ACCEPT: the same verdict whatever else is held', async () => {
    const a = await openTestEngine({ store: new MemoryEngineStore(), genesis, clock: T0, now: () => FAR })
    const b = await openTestEngine({ store: new MemoryEngineStore(), genesis, clock: T0, now: () => FAR })
    for (const m of [crTask, c1]) expect((await a.submit(m)).verdict).toBe(Verdict.Accept)
    // A node holding only commit #1 no longer REJECTs a reveal of commit #2.
    expect(await a.submit(reveal2)).toMatchObject({ verdict: Verdict.Ignore, code: 'MISSING_PARENT' })
    expect((await a.submit(c2)).verdict).toBe(Verdict.Accept)
    expect((await a.submit(reveal2)).verdict).toBe(Verdict.Accept)
    for (const m of [crTask, c2, c1, reveal2]) expect((await b.submit(m)).verdict).toBe(Verdict.Accept)
    expect(a.stateRoot()).toEqual(b.stateRoot())
  })
  it('COMMIT_MISMATCH: the named commit is held but the reveal does not open it', () => {
    const wrong = revealAnswer(m1, crTask, 'first draft', cd + SEC, { commit: c2 })
    expect(verdictOf([crTask, c1, c2], wrong)).toBe('REJECT COMMIT_MISMATCH')
  })
  it("BAD_REFERENCE: commitId names another miner's commit, another task's commit, or no commit", () => {
    const theirs = commitAnswer(m2, crTask, 'final answer', AT + 40 * SEC)
    expect(
      verdictOf([crTask, theirs], revealAnswer(m1, crTask, 'final answer', cd + SEC, { commit: theirs })),
    ).toBe('REJECT BAD_REFERENCE')
    const elsewhere = commitAnswer(m1, otherCr, 'final answer', AT + 40 * SEC)
    expect(
      verdictOf(
        [crTask, otherCr, elsewhere],
        revealAnswer(m1, crTask, 'final answer', cd + SEC, { commit: elsewhere }),
      ),
    ).toBe('REJECT BAD_REFERENCE')
    expect(
      verdictOf([crTask], revealAnswer(m1, crTask, 'final answer', cd + SEC, { commitId: crTask.id })),
    ).toBe('REJECT BAD_REFERENCE')
  })
  it('MALFORMED: an empty salt or no commitId on a commit–reveal task', () => {
    expect(
      verdictOf(
        [crTask, c2],
        revealAnswer(m1, crTask, 'final answer', cd + SEC, { commit: c2, salt: new Uint8Array(0) }),
      ),
    ).toBe('REJECT MALFORMED')
    expect(
      verdictOf(
        [crTask, c2],
        revealAnswer(m1, crTask, 'final answer', cd + SEC, { commitId: new Uint8Array(0) }),
      ),
    ).toBe('REJECT MALFORMED')
  })
  it('MALFORMED: a salt or a commitId on a task without commit–reveal', () => {
    const salted = revealAnswer(m1, task, 'answer', AT + 60 * SEC, { salt: new Uint8Array([1, 2, 3]) })
    expect(verdictOf([task], salted)).toBe('REJECT MALFORMED')
    const named = revealAnswer(m1, task, 'answer', AT + 60 * SEC, { commitId: c1.id })
    expect(verdictOf([task], named)).toBe('REJECT MALFORMED')
  })
  it('MALFORMED: a commitId that is neither empty nor 32 bytes (schema, on ingest)', async () => {
    const bad = { ...reveal2, body: { ...reveal2.body, commitId: new Uint8Array(5) } } as typeof reveal2
    expect(verdictOf([crTask, c2], bad)).toBe('REJECT MALFORMED')
  })
})

describe('fraud alerts: each kind proven (ACCEPT) and unproven (EVIDENCE_INVALID) (findings 3, 4, 8)', () => {
  const r1 = revealAnswer(m1, task, 'the same answer', AT + 60 * SEC)
  const r2 = revealAnswer(m2, task, 'the same answer', AT + 70 * SEC)
  const at = vd + SEC

  it('EQUIVOCATION', () => {
    const s1 = scoreAnswer(v1, task, r1, 70, sd + SEC)
    const s2 = scoreAnswer(v1, task, r1, 71, sd + 2 * SEC)
    const onOther = scoreAnswer(v1, task, r2, 71, sd + 2 * SEC)
    const held = [task, r1, r2, s1, s2, onOther]
    expect(verdictOf(held, fraudAlert(v2, task, v1, FraudKind.EQUIVOCATION, [s1, s2], at))).toBe('ACCEPT')
    expect(verdictOf(held, fraudAlert(v2, task, v1, FraudKind.EQUIVOCATION, [s1, onOther], at))).toBe(
      'REJECT EVIDENCE_INVALID',
    )
  })
  it('CONFLICTING_CERTIFICATE', () => {
    // Sets that do not nest ({r1} vs {r2}) prove it; a later vote whose set contains the first does not.
    const a = voteRoot(v1, task, [r1], vd + SEC)
    const b = voteRoot(v1, task, [r2], vd + SEC)
    const nextRound = voteRoot(v1, task, [r1, r2], vd + SEC, 1)
    const held = [task, r1, r2, a, b, nextRound]
    expect(verdictOf(held, fraudAlert(v2, task, v1, FraudKind.CONFLICTING_CERTIFICATE, [a, b], at))).toBe(
      'ACCEPT',
    )
    expect(
      verdictOf(held, fraudAlert(v2, task, v1, FraudKind.CONFLICTING_CERTIFICATE, [a, nextRound], at)),
    ).toBe('REJECT EVIDENCE_INVALID')
  })
  it('DUPLICATE_ANSWER: the later author is the copier, not the earlier one', () => {
    const held = [task, r1, r2]
    expect(verdictOf(held, fraudAlert(v2, task, m2, FraudKind.DUPLICATE_ANSWER, [r1, r2], at))).toBe('ACCEPT')
    expect(verdictOf(held, fraudAlert(v2, task, m1, FraudKind.DUPLICATE_ANSWER, [r1, r2], at))).toBe(
      'REJECT EVIDENCE_INVALID',
    )
  })
  it('NEAR_DUPLICATE', () => {
    const text = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ')
    const near = text.replace('word39', 'changed')
    expect(answerSimilarity(text, near)).toBeGreaterThanOrEqual(0.85)
    const o = revealAnswer(m1, task, text, AT + 60 * SEC)
    const c = revealAnswer(m2, task, near, AT + 70 * SEC)
    const far = revealAnswer(m2, task, 'nothing alike at all here', AT + 70 * SEC)
    const held = [task, o, c, far]
    expect(verdictOf(held, fraudAlert(v2, task, m2, FraudKind.NEAR_DUPLICATE, [o, c], at))).toBe('ACCEPT')
    expect(verdictOf(held, fraudAlert(v2, task, m2, FraudKind.NEAR_DUPLICATE, [o, far], at))).toBe(
      'REJECT EVIDENCE_INVALID',
    )
  })
  it('IMPLAUSIBLE_SPEED (beginner: 30 s)', () => {
    const fast = revealAnswer(m1, task, 'quick', AT + 10 * SEC)
    const slow = revealAnswer(m2, task, 'careful', AT + 60 * SEC)
    const held = [task, fast, slow]
    expect(verdictOf(held, fraudAlert(v2, task, m1, FraudKind.IMPLAUSIBLE_SPEED, [fast], at))).toBe('ACCEPT')
    expect(verdictOf(held, fraudAlert(v2, task, m2, FraudKind.IMPLAUSIBLE_SPEED, [slow], at))).toBe(
      'REJECT EVIDENCE_INVALID',
    )
  })

  describe('COLLUSION: admitted on the evidence alone (its effect is derived)', () => {
    const past = [0, 1, 2].map((i) => publishTask(pub, { at: AT, nonce: 10 + i }))
    const answers = past.map((t, i) => revealAnswer(m1, t, `answer ${i}`, AT + 60 * SEC))
    const inflated = past.map((t, i) => scoreAnswer(v1, t, answers[i]!, 95, sd + SEC))
    // The accused answers a task published after the past tasks completed (derivation's snapshot).
    const now = publishTask(pub, { at: vd + SEC, nonce: 20 })
    const rNow = revealAnswer(m1, now, 'answer now', vd + 60 * SEC)
    const held = [now, rNow, task, r1, ...past, ...answers, ...inflated]
    const alert = (ev: SignedMessage[], carry = false, on = now) =>
      fraudAlert(
        v2,
        on,
        m1,
        FraudKind.COLLUSION,
        [on === now ? rNow : r1, ...ev],
        now.body.validationDeadline,
        carry,
      )

    it('ACCEPT: three scores ≥ 25 above consensus by one validator', () => {
      expect(verdictOf(held, alert(inflated))).toBe('ACCEPT')
    })
    it('EVIDENCE_INVALID: a score of another miner’s answer, or evidence that is not a score', () => {
      const onOther = scoreAnswer(v1, task, r2, 95, sd + SEC)
      expect(verdictOf([...held, r2, onOther], alert([...inflated.slice(0, 2), onOther]))).toBe(
        'REJECT EVIDENCE_INVALID',
      )
      expect(verdictOf(held, alert([past[0]!]))).toBe('REJECT EVIDENCE_INVALID')
    })
    it('admission reads no consensus (DESIGN §5.7): ordinary scores are admitted too, the effect is derived', () => {
      expect(verdictOf(held, alert(inflated, false, task))).toBe('ACCEPT')
    })
    it('MISSING_PARENT: a carried score whose answer is not held is IGNOREd, not REJECTed', () => {
      const notHeld = held.filter((m) => m !== answers[2] && m !== inflated[2])
      expect(verdictOf(notHeld, alert(inflated, true))).toBe('IGNORE MISSING_PARENT')
    })
  })

  describe('commit–reveal answers are timed by their commit (answerAuthoredAt)', () => {
    // m1 commits first but reveals last; m2 commits the same answer later but reveals first.
    const early = commitAnswer(m1, crTask, 'the same answer', AT + 40 * SEC)
    const late = commitAnswer(m2, crTask, 'the same answer', AT + 50 * SEC)
    const rEarly = revealAnswer(m1, crTask, 'the same answer', cd + 20 * SEC, { commit: early })
    const rLate = revealAnswer(m2, crTask, 'the same answer', cd + SEC, { commit: late })
    const held = [crTask, early, late, rEarly, rLate]

    it('answerAuthoredAt: the commit when there is one, else the reveal', () => {
      expect(answerAuthoredAt(rLate, late)).toBe(late.body.timestamp)
      expect(answerAuthoredAt(rLate, undefined)).toBe(rLate.body.timestamp)
    })
    it('DUPLICATE_ANSWER against the later committer is ACCEPTed, against the earlier one REJECTed', () => {
      expect(
        verdictOf(held, fraudAlert(v2, crTask, m2, FraudKind.DUPLICATE_ANSWER, [rEarly, rLate], vd + SEC)),
      ).toBe('ACCEPT')
      expect(
        verdictOf(held, fraudAlert(v2, crTask, m1, FraudKind.DUPLICATE_ANSWER, [rEarly, rLate], vd + SEC)),
      ).toBe('REJECT EVIDENCE_INVALID')
    })
    it('IMPLAUSIBLE_SPEED measures to the commit, not to the (necessarily late) reveal', () => {
      const quick = commitAnswer(m1, crTask, 'quick', AT + 5 * SEC)
      const rQuick = revealAnswer(m1, crTask, 'quick', cd + SEC, { commit: quick })
      expect(
        verdictOf(
          [crTask, quick, rQuick],
          fraudAlert(v2, crTask, m1, FraudKind.IMPLAUSIBLE_SPEED, [rQuick], vd + SEC),
        ),
      ).toBe('ACCEPT')
      expect(
        verdictOf(held, fraudAlert(v2, crTask, m1, FraudKind.IMPLAUSIBLE_SPEED, [rEarly], vd + SEC)),
      ).toBe('REJECT EVIDENCE_INVALID')
    })
    it('MISSING_PARENT: a carried answer whose commit is neither held nor carried is IGNOREd', () => {
      const alert = fraudAlert(v2, crTask, m2, FraudKind.DUPLICATE_ANSWER, [rEarly, rLate], vd + SEC, true)
      expect(verdictOf([crTask, early, rEarly], alert)).toBe('IGNORE MISSING_PARENT')
      // Carrying the commit too makes it provable.
      const withCommit = fraudAlert(
        v2,
        crTask,
        m2,
        FraudKind.DUPLICATE_ANSWER,
        [rEarly, rLate, late],
        vd + SEC,
        true,
      )
      expect(verdictOf([crTask, early, rEarly], withCommit)).toBe('ACCEPT')
    })
    it('EVIDENCE_INVALID: a carried commit outside the commit window', () => {
      const outside = commitAnswer(m2, crTask, 'the same answer', cd + 5 * SEC)
      const rOut = revealAnswer(m2, crTask, 'the same answer', cd + 10 * SEC, { commit: outside })
      const alert = fraudAlert(
        v2,
        crTask,
        m2,
        FraudKind.DUPLICATE_ANSWER,
        [rEarly, rOut, outside],
        vd + SEC,
        true,
      )
      expect(verdictOf([crTask, early, rEarly], alert)).toBe('REJECT EVIDENCE_INVALID')
    })
    it('EVIDENCE_INVALID: a carried answer that does not open the commit it names', () => {
      const forged = revealAnswer(m2, crTask, 'the same answer', cd + SEC, { commit: early })
      const alert = fraudAlert(v2, crTask, m2, FraudKind.DUPLICATE_ANSWER, [rEarly, forged], vd + SEC, true)
      expect(verdictOf([crTask, early, rEarly], alert)).toBe('REJECT EVIDENCE_INVALID')
    })
  })
})

describe('settlement deadline: late votes, claims and alerts (finding 5)', () => {
  const r1 = revealAnswer(m1, task, 'answer', AT + 60 * SEC)
  const s1 = scoreAnswer(v1, task, r1, 70, sd + SEC)
  const s2 = scoreAnswer(v1, task, r1, 71, sd + 2 * SEC)
  const held = [task, r1, s1, s2]
  const end = settlementDeadline({ genesis } as never, task)

  it('OUTSIDE_WINDOW after challenge deadline + dispute vote window + settlement window', () => {
    expect(end).toBe(
      task.body.challengeDeadline + genesis.params.disputeVoteWindowMs + genesis.params.settlementWindowMs,
    )
    // Votes end earlier, with the last round (DESIGN §5.5).
    const lastRoundEnd = vd + genesis.params.maxRounds * genesis.params.roundMs
    expect(lastRoundEnd).toBeLessThan(end)
    expect(verdictOf(held, voteRoot(v1, task, [], lastRoundEnd - 1))).toBe('ACCEPT')
    expect(verdictOf(held, voteRoot(v1, task, [], end + 1, 0))).toBe('REJECT OUTSIDE_WINDOW')
    expect(verdictOf(held, claimReward(m1, task, 1n, end))).toBe('ACCEPT')
    expect(verdictOf(held, claimReward(m1, task, 1n, end + 1))).toBe('REJECT OUTSIDE_WINDOW')
    expect(verdictOf(held, fraudAlert(v2, task, v1, FraudKind.EQUIVOCATION, [s1, s2], end))).toBe('ACCEPT')
    expect(verdictOf(held, fraudAlert(v2, task, v1, FraudKind.EQUIVOCATION, [s1, s2], end + 1))).toBe(
      'REJECT OUTSIDE_WINDOW',
    )
  })
  it('the real engine applies it too (no optional view method needed)', async () => {
    const engine = await openTestEngine({
      store: new MemoryEngineStore(),
      genesis,
      clock: T0,
      now: () => FAR,
    })
    for (const m of held) expect((await engine.submit(m)).verdict).toBe(Verdict.Accept)
    expect(await engine.submit(claimReward(m1, task, 1n, end + 1))).toMatchObject({
      verdict: Verdict.Reject,
      code: 'OUTSIDE_WINDOW',
    })
  })
})

describe('no role gates: roles are derived state, so they decide effects, not admission (DESIGN §5.7)', () => {
  const r1 = revealAnswer(m1, task, 'answer', AT + 60 * SEC)
  const s1 = scoreAnswer(v1, task, r1, 70, sd + SEC)
  const claim = (who: typeof pub) => claimReward(who, task, 1n, vd + SEC)

  it('votes, claims and disputes get the same verdict whether or not the signer’s role is held', () => {
    for (const held of [[task], [task, r1], [task, r1, s1]]) {
      expect(verdictOf(held, voteRoot(v2, task, [], vd + SEC))).toBe('ACCEPT')
      for (const who of [stranger, pub, net, m1, v1]) expect(verdictOf(held, claim(who))).toBe('ACCEPT')
      expect(verdictOf(held, openDispute(stranger, task, v1, vd + SEC))).toBe('ACCEPT')
    }
  })
})

describe("a node's own alerts verify on a peer holding the same set (finding 4)", () => {
  it('a DUPLICATE_ANSWER on a commit–reveal task where the copier revealed first', async () => {
    const early = commitAnswer(m1, crTask, 'the same answer', AT + 40 * SEC)
    const late = commitAnswer(m2, crTask, 'the same answer', AT + 50 * SEC)
    const msgs: Msg[] = [
      crTask,
      early,
      late,
      revealAnswer(m1, crTask, 'the same answer', cd + 20 * SEC, { commit: early }),
      revealAnswer(m2, crTask, 'the same answer', cd + SEC, { commit: late }),
    ]
    const g = testGenesis()
    const a = await openTestEngine({ store: new MemoryEngineStore(), genesis: g, clock: T0, now: () => FAR })
    const b = await openTestEngine({ store: new MemoryEngineStore(), genesis: g, clock: T0, now: () => FAR })
    const drafts: FraudAlertDraft[] = []
    a.onFraudAlert((d) => drafts.push(d))
    for (const m of msgs) {
      expect((await a.submit(m)).verdict).toBe(Verdict.Accept)
      expect((await b.submit(m)).verdict).toBe(Verdict.Accept)
    }
    await a.advance(crTask.body.validationDeadline + SEC)
    const dup = drafts.find((d) => d.fraudKind === FraudKind.DUPLICATE_ANSWER)
    expect(dup).toBeDefined()
    expect(toHex(dup!.subject)).toBe(toHex(m2.publicKey))
    const alert = signMessage(
      NET,
      MessageKind.FraudAlert,
      {
        ...dup!,
        profileId: profileOf(v2).id,
        timestamp: crTask.body.validationDeadline + SEC,
        evidence: [],
      } as BodyOf[MessageKind.FraudAlert],
      v2,
    )
    expect(await b.submit(alert)).toEqual({ verdict: Verdict.Accept })
  })
})
