/** Winner ranks follow the reward rule's ranking (score desc, then its tie-break), not account keys. */
import { type AnySignedMessage, RewardRole, toHex } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { getRewardDistribution, listSubmissions } from '../src/index.js'
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

const pub = account('pub')
const v1 = account('v1')
const v2 = account('v2')
const AT = T0 + 10 * SEC
/** Answers far apart, so no near-duplicate signal flags them. */
const ANSWERS = [
  'the off-by-one sits in the loop bound of parse()',
  'memory leak: the cache never evicts stale sessions',
  'race between flush and close drops the last write',
  'integer overflow when the length header exceeds 2^31',
  'unchecked null returned by lookup in the router',
  'timezone handling assumes UTC in the scheduler',
  'quadratic string concatenation inside render loop',
  'missing await lets the transaction commit early',
]

describe('winner rank', () => {
  it('ranks winners 1..k by consensus score, whatever their account keys', async () => {
    // Eight miners → two winners. Give the HIGHEST score to the LARGEST key, so key order and score
    // order disagree.
    const miners = Array.from({ length: 8 }, (_, i) => account(`rank-miner-${i}`)).sort((a, b) =>
      toHex(a.publicKey) < toHex(b.publicKey) ? 1 : -1,
    )
    const scores = [95, 85, 50, 50, 50, 50, 50, 50]
    const task = publishTask(pub, { at: AT })
    const sd = task.body.submissionDeadline
    const reveals = miners.map((m, i) => revealAnswer(m, task, ANSWERS[i]!, AT + (60 + i) * SEC))
    const msgs: AnySignedMessage[] = [task, ...reveals]
    reveals.forEach((r, i) => {
      msgs.push(
        scoreAnswer(v1, task, r, scores[i]!, sd + SEC),
        scoreAnswer(v2, task, r, scores[i]!, sd + SEC),
      )
    })
    const engine = await openTestEngine({
      store: new MemoryEngineStore(),
      genesis: testGenesis([v1, v2]),
      clock: T0,
      now: () => T0 + 10_000 * SEC,
    })
    await engine.submitMany(msgs, sd + 10 * SEC)
    await engine.advance(task.body.validationDeadline + SEC)

    const subs = listSubmissions(engine, task.id)
    const ranked = subs.filter((s) => s.rank > 0).sort((a, b) => a.rank - b.rank)
    expect(ranked.map((s) => s.rank)).toEqual([1, 2])
    expect(ranked.map((s) => s.consensusScore)).toEqual([95, 85])
    expect(ranked.map((s) => toHex(s.miner))).toEqual([
      toHex(miners[0]!.publicKey),
      toHex(miners[1]!.publicKey),
    ])
    // Rank 1 holds the larger winner share (weights 1.0 / 0.6).
    const winners = getRewardDistribution(engine, task.id)!.entries.filter(
      (e) => e.role === RewardRole.WINNER,
    )
    const amountOf = (miner: Uint8Array) => winners.find((e) => toHex(e.recipient) === toHex(miner))!.amount
    expect(amountOf(ranked[0]!.miner)).toBeGreaterThan(amountOf(ranked[1]!.miner))
  })
})
