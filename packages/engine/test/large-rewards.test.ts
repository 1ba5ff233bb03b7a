/**
 * Rewards across the whole uint64 range, end to end on LevelDB (DESIGN §6 rewards): a task with a
 * reward of 2^31, 5×10^9 (a winner entry of 3.25×10^9) or 2^64 − 1 is published, scored and paid,
 * every record holding an amount is written and read back exactly, claims update the records, and
 * a reopened engine finds what it wrote.
 */
import { type AnySignedMessage, MessageKind, RewardRole, toHex, Verdict } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { getMiner, getRewardDistribution, getTask } from '../src/index.js'
import {
  account,
  claimReward,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  signWithProfile,
  T0,
  testGenesis,
  withProfiles,
} from './helpers/builders.js'
import { levelEngine } from './helpers/deliver.js'

const pub = account('big-pub')
const miners = [account('big-m1'), account('big-m2')]
const v1 = account('big-v1')
const v2 = account('big-v2')
const AT = T0 + 10 * SEC
const NOW = T0 + 100_000 * SEC

describe('rewards across the uint64 range', () => {
  it.each([2_147_483_648n, 5_000_000_000n, 2n ** 64n - 1n])(
    'a reward of %s is published, paid and claimed',
    async (reward) => {
      const task = publishTask(pub, { at: AT, reward })
      const sd = task.body.submissionDeadline
      const vd = task.body.validationDeadline
      const reveals = miners.map((m, i) =>
        revealAnswer(m, task, `answer number ${i}: the loop bound is off`, AT + (60 + i) * SEC),
      )
      const scores = reveals.flatMap((r, i) =>
        [v1, v2].map((v) => scoreAnswer(v, task, r, 90 - 20 * i, sd + SEC)),
      )
      const node = await levelEngine(testGenesis([v1, v2]), T0, NOW)
      try {
        const { engine } = node
        for (const m of withProfiles([task, ...reveals, ...scores] as AnySignedMessage[]))
          expect(await engine.submit(m, sd + 10 * SEC)).toEqual({ verdict: Verdict.Accept })
        await engine.advance(vd + SEC)
        // Both validators of the epoch certify the outcome; claims name its root (DESIGN §5.5).
        for (const v of [v1, v2]) {
          const body = engine.consensusVoteFor(toHex(v.publicKey), task.id, vd + 20 * SEC)!
          const vote = signWithProfile(v, MessageKind.ConsensusVote, body)
          expect(await engine.submit(vote, vd + 20 * SEC)).toEqual({ verdict: Verdict.Accept })
        }
        const root = getTask(engine, task.id)!.certifiedRoot
        expect(root).toHaveLength(32)

        expect(getTask(engine, task.id)!.reward).toBe(reward)
        const dist = getRewardDistribution(engine, task.id)!
        expect(dist.total).toBe(reward)
        expect(dist.entries.reduce((s, e) => s + e.amount, 0n)).toBe(reward)
        const winner = dist.entries.find((e) => e.role === RewardRole.WINNER)!
        expect(toHex(winner.recipient)).toBe(toHex(miners[0]!.publicKey))
        if (reward === 5_000_000_000n) expect(winner.amount).toBe(3_250_000_000n)

        // Each recipient claims its whole entry: the records are updated again (the step that failed
        // when an amount in [2^31, 2^32) had been written corrupted).
        const totals = new Map<string, bigint>()
        for (const e of dist.entries)
          totals.set(toHex(e.recipient), (totals.get(toHex(e.recipient)) ?? 0n) + e.amount)
        for (const who of [...miners, v1, v2]) {
          const amount = totals.get(toHex(who.publicKey))
          if (amount === undefined) continue
          expect(
            await engine.submit(claimReward(who, task, amount, vd + 30 * SEC, root), vd + 40 * SEC),
          ).toEqual({
            verdict: Verdict.Accept,
          })
        }
        const claimed = getRewardDistribution(engine, task.id)!
        const claimants = new Set([...miners, v1, v2].map((k) => toHex(k.publicKey)))
        const mine = claimed.entries.filter((e) => claimants.has(toHex(e.recipient)))
        expect(mine.length).toBeGreaterThanOrEqual(4)
        expect(mine.every((e) => e.claimed)).toBe(true)
        expect(getMiner(engine, miners[0]!.publicKey)!.earned).toBe(totals.get(toHex(miners[0]!.publicKey)))

        // What was written reads back exactly: a reopened engine derives and finds the same records.
        const before = engine.dumpRecords()
        const reopened = await node.reopen()
        expect(reopened.dumpRecords()).toEqual(before)
        expect(getRewardDistribution(reopened, task.id)!.entries.map((e) => e.amount)).toEqual(
          claimed.entries.map((e) => e.amount),
        )
      } finally {
        await node.close()
      }
    },
  )
})
