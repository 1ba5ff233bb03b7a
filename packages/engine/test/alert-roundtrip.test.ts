/**
 * Fraud alerts a node raises must verify on its peers (DESIGN §6: an alert whose evidence does not
 * verify is REJECTed). Derivation times answers by their commit on commit–reveal tasks, as alert
 * validation does, and the alert names the commits; every alert engine A raises, signed and fed to
 * engine B holding the same set (delivered in another order), is ACCEPTed.
 */
import {
  type AnySignedMessage,
  FraudKind,
  type MessageKind,
  type SignedMessage,
  toHex,
  Verdict,
} from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { type FraudAlertDraft, type Genesis, listSubmissions } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  alertFromDraft,
  commitAnswer,
  openTestEngine,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
} from './helpers/builders.js'
import { deliver, shuffle } from './helpers/deliver.js'
import { buildWorkload, prng } from './helpers/workload.js'

const watcher = account('alert-watcher')

function sign(draft: FraudAlertDraft, at: number): SignedMessage<MessageKind.FraudAlert> {
  return alertFromDraft(watcher, draft, at)
}

async function engine(genesis: Genesis, now: number) {
  return openTestEngine({ store: new MemoryEngineStore(), genesis, clock: T0, now: () => now })
}

/** Delivers `messages` to A (collecting alerts) and, shuffled, to B; checks every alert on B. */
async function roundTrip(
  genesis: Genesis,
  messages: readonly AnySignedMessage[],
  now: number,
  end: number,
  seed: number,
) {
  const a = await engine(genesis, now)
  const drafts: FraudAlertDraft[] = []
  a.onFraudAlert((d) => drafts.push(d))
  await deliver(a, messages, now)
  await a.advance(end)
  const b = await engine(genesis, now)
  await deliver(b, shuffle(messages, prng(seed)), now)
  await b.advance(end)
  for (const d of drafts) {
    const alert = sign(d, now)
    expect({ kind: d.fraudKind, result: b.validate(alert, now) }).toEqual({
      kind: d.fraudKind,
      result: { verdict: Verdict.Accept },
    })
    expect((await b.submit(alert, now)).verdict).toBe(Verdict.Accept)
  }
  return { a, drafts }
}

describe('fraud alert round trip', () => {
  it('commit–reveal: the later COMMIT is the copy even when it reveals first; alerts name both commits', async () => {
    const pub = account('rt-pub')
    const [m0, m1, m2] = ['rt-m0', 'rt-m1', 'rt-m2'].map(account) as [
      ReturnType<typeof account>,
      ReturnType<typeof account>,
      ReturnType<typeof account>,
    ]
    const v1 = account('rt-v1')
    const v2 = account('rt-v2')
    const AT = T0 + 10 * SEC
    const task = publishTask(pub, { at: AT, commitReveal: true })
    const cd = task.body.commitDeadline
    const answer = 'the original finding: the lock is released before the write completes'
    const c0 = commitAnswer(m0, task, answer, AT + 60 * SEC)
    const c1 = commitAnswer(m1, task, answer, AT + 70 * SEC) // commits later …
    const c2 = commitAnswer(m2, task, 'a hasty guess about caching', AT + 5 * SEC) // too fast (< 30 s)
    const r0 = revealAnswer(m0, task, answer, cd + 20 * SEC, { commit: c0 })
    const r1 = revealAnswer(m1, task, answer, cd + 10 * SEC, { commit: c1 }) // … but reveals first
    const r2 = revealAnswer(m2, task, 'a hasty guess about caching', cd + 30 * SEC, { commit: c2 })
    const sd = task.body.submissionDeadline
    const msgs: AnySignedMessage[] = [task, c0, c1, c2, r0, r1, r2]
    for (const r of [r0, r1, r2])
      msgs.push(scoreAnswer(v1, task, r, 80, sd + SEC), scoreAnswer(v2, task, r, 80, sd + SEC))
    const genesis = testGenesis([v1, v2])
    const now = task.body.challengeDeadline
    const { a, drafts } = await roundTrip(genesis, msgs, now, task.body.validationDeadline + SEC, 1)

    const flagged = listSubmissions(a, task.id)
      .filter((s) => s.flagged)
      .map((s) => toHex(s.miner))
    expect(flagged.sort()).toEqual([toHex(m1.publicKey), toHex(m2.publicKey)].sort())
    const dup = drafts.find((d) => d.fraudKind === FraudKind.DUPLICATE_ANSWER)!
    expect(toHex(dup.subject)).toBe(toHex(m1.publicKey))
    const ids = dup.evidenceIds.map(toHex)
    for (const m of [r1, c1, r0, c0]) expect(ids).toContain(toHex(m.id))
    const fast = drafts.find((d) => d.fraudKind === FraudKind.IMPLAUSIBLE_SPEED)!
    expect(toHex(fast.subject)).toBe(toHex(m2.publicKey))
    expect(fast.evidenceIds.map(toHex)).toContain(toHex(c2.id))
  })

  it('every alert raised on the property workload is accepted by a peer holding the same set', async () => {
    let total = 0
    for (const seed of [2, 5, 13]) {
      const w = await buildWorkload(seed)
      const { drafts } = await roundTrip(w.genesis, w.messages, w.now, w.end, seed)
      total += drafts.length
    }
    expect(total).toBeGreaterThan(0)
  }, 60_000)
})
