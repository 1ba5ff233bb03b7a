/**
 * Epochs and checkpoints (DESIGN §5.4, §5.6): a CheckpointVote is admitted on its own data and
 * genesis only (window, round, size); a checkpoint certified by ≥ ⅔ of the previous epoch's weight
 * fixes the next set, an uncertified epoch keeps the previous set, votes from outside the set never
 * count; a task counts only its epoch's validators, and a checkpoint arriving late re-derives the
 * tasks of the epochs it changes, whatever the order.
 */
import {
  type AccountKey,
  type AnySignedMessage,
  type BodyOf,
  checkBody,
  MessageKind,
  type SignedMessage,
  sha256,
  signMessage,
  toHex,
  ValidationRecord,
} from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { type Engine, EpochChain, type Genesis } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  NET,
  openTestEngine,
  profileOf,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
} from './helpers/builders.js'
import { deliver, shuffle } from './helpers/deliver.js'
import { prng } from './helpers/workload.js'

const EPOCH = 300 * SEC
const DELAY = 60 * SEC
const [g1, g2, g3] = ['ep-g1', 'ep-g2', 'ep-g3'].map(account) as [AccountKey, AccountKey, AccountKey]
const newcomer = account('ep-new')
const outsider = account('ep-out')
const genesis = testGenesis([g1, g2, g3], { epochMs: EPOCH, checkpointDelayMs: DELAY, roundMs: 30 * SEC })
const FAR = T0 + 400 * 86_400_000
const hx = (k: AccountKey) => toHex(k.publicKey)

/** A checkpoint vote for `epoch` naming `set` (key → weight), cast `offset` after its cut. */
function checkpointVote(
  g: Genesis,
  voter: AccountKey,
  epoch: number,
  set: [AccountKey, number][],
  offset = SEC,
  extra: Partial<BodyOf[MessageKind.CheckpointVote]> = {},
): SignedMessage<MessageKind.CheckpointVote> {
  const cut = g.genesisTime + (epoch - 1) * g.params.epochMs + g.params.checkpointDelayMs
  const validators = set
    .map(([k, weight]) => ({ account: k.publicKey as Uint8Array<ArrayBuffer>, weight }))
    .sort((a, b) => Buffer.compare(a.account, b.account))
  return signMessage(
    NET,
    MessageKind.CheckpointVote,
    {
      timestamp: cut + offset,
      profileId: profileOf(voter).id as Uint8Array<ArrayBuffer>,
      epoch,
      round: Math.floor(offset / g.params.roundMs),
      foldRoot: sha256(new TextEncoder().encode('fold')),
      foldedTasks: 0,
      trustDigest: sha256(new TextEncoder().encode('trust')),
      validators,
      ...extra,
    },
    voter,
  )
}

async function engineOf(messages: readonly AnySignedMessage[], clock = T0) {
  const engine = await openTestEngine({ store: new MemoryEngineStore(), genesis, clock: T0, now: () => FAR })
  await deliver(engine, messages, FAR)
  await engine.advance(clock)
  return engine
}

describe('CheckpointVote admission (message and genesis only)', () => {
  const withNew: [AccountKey, number][] = [
    [g1, 900],
    [g2, 900],
    [newcomer, 700],
  ]
  it('ACCEPTs a vote inside its window, from anyone: who counts is derived', async () => {
    const engine = await engineOf([])
    for (const voter of [g1, outsider])
      expect(engine.validate(checkpointVote(genesis, voter, 1, withNew), FAR)).toEqual({ verdict: 'ACCEPT' })
  })
  it('REJECTs a vote outside [epoch−1 start + delay, epoch start) or in the wrong round', async () => {
    const engine = await engineOf([])
    const early = checkpointVote(genesis, g1, 2, withNew, -SEC, { round: 0 })
    const late = checkpointVote(genesis, g1, 2, withNew, EPOCH - DELAY, { round: 8 })
    const wrongRound = checkpointVote(genesis, g1, 2, withNew, 40 * SEC, { round: 0 })
    expect(engine.validate(early, FAR)).toMatchObject({ verdict: 'REJECT', code: 'OUTSIDE_WINDOW' })
    expect(engine.validate(late, FAR)).toMatchObject({ verdict: 'REJECT', code: 'OUTSIDE_WINDOW' })
    expect(engine.validate(wrongRound, FAR)).toMatchObject({ verdict: 'REJECT', code: 'BAD_ROUND' })
  })
  it('REJECTs more validators than maxValidators; the schema wants a sorted, non-empty set', async () => {
    const small = testGenesis([g1, g2, g3], { epochMs: EPOCH, checkpointDelayMs: DELAY, maxValidators: 2 })
    const engine = await openTestEngine({ store: new MemoryEngineStore(), genesis: small, clock: T0 })
    expect(engine.validate(checkpointVote(small, g1, 1, withNew), FAR)).toMatchObject({
      verdict: 'REJECT',
      code: 'MALFORMED',
    })
    const body = checkpointVote(genesis, g1, 1, withNew).body
    expect(() => checkBody(MessageKind.CheckpointVote, { ...body, validators: [] })).toThrow(/validators/)
    const reversed = [...body.validators].reverse()
    expect(() => checkBody(MessageKind.CheckpointVote, { ...body, validators: reversed })).toThrow(/sorted/)
    expect(() =>
      checkBody(MessageKind.CheckpointVote, {
        ...body,
        validators: [{ account: body.validators[0]!.account, weight: 1001 }],
      }),
    ).toThrow(/weight/)
    expect(() => checkBody(MessageKind.CheckpointVote, { ...body, epoch: 0 })).toThrow(/epoch/)
  })
})

describe('EpochChain (pure function of the votes)', () => {
  const next: [AccountKey, number][] = [
    [g1, 950],
    [g2, 800],
    [newcomer, 700],
  ]
  it('epoch 0 is the genesis list at genesis weight', () => {
    const chain = new EpochChain(genesis, [])
    const set = chain.setOf(0)
    expect([...set.weights.keys()].sort()).toEqual([hx(g1), hx(g2), hx(g3)].sort())
    expect(set.total).toBe(2_700)
    expect(set.checkpoint).toBeNull()
    expect(chain.setOf(7).weights).toEqual(set.weights)
  })
  it('≥ ⅔ of the previous weight certifies; less, or votes from outside, keep the previous set', () => {
    const two = [g1, g2].map((v) => checkpointVote(genesis, v, 1, next))
    const chain = new EpochChain(genesis, two)
    expect(chain.setOf(1).weights.get(hx(newcomer))).toBe(700)
    expect(chain.setOf(1).total).toBe(2_450)
    expect(chain.setOf(3).checkpoint).toBe(chain.certifiedOf(1)!.digest)
    expect(chain.certifiedOf(1)!.certifiedRound).toBe(0)

    const one = new EpochChain(genesis, [checkpointVote(genesis, g1, 1, next)])
    expect(one.setOf(1).checkpoint).toBeNull()
    expect(one.checkpointsOf(1)[0]).toMatchObject({ certified: false, weight: 900, total: 2_700 })
    // An outsider's vote never counts, even for the same content.
    const withOutsider = new EpochChain(genesis, [
      checkpointVote(genesis, g1, 1, next),
      checkpointVote(genesis, outsider, 1, next),
    ])
    expect(withOutsider.setOf(1).checkpoint).toBeNull()
    expect(withOutsider.checkpointsOf(1)[0]!.voters.map((v) => v.voter)).toEqual([hx(g1)])
  })
  it('epoch 2 is certified by epoch 1’s set: the newcomer’s vote counts there, g3’s no longer does', () => {
    const e1 = [g1, g2].map((v) => checkpointVote(genesis, v, 1, next))
    const e2set: [AccountKey, number][] = [
      [g1, 900],
      [newcomer, 900],
    ]
    // g3 left the set in epoch 1: g3 + g1 hold 900 of 2,450, not enough; g1 + newcomer hold 1,650 ≥ ⅔.
    const withoutNew = new EpochChain(genesis, [
      ...e1,
      ...[g1, g3].map((v) => checkpointVote(genesis, v, 2, e2set)),
    ])
    expect(withoutNew.certifiedOf(2)).toBeUndefined()
    expect(withoutNew.setOf(2).checkpoint).toBe(withoutNew.certifiedOf(1)!.digest)
    const withNew = new EpochChain(genesis, [
      ...e1,
      ...[g1, newcomer].map((v) => checkpointVote(genesis, v, 2, e2set)),
    ])
    expect([...withNew.setOf(2).weights.keys()].sort()).toEqual([hx(g1), hx(newcomer)].sort())
  })
})

describe('a task counts only its epoch’s validators', () => {
  const pub = account('ep-pub')
  const miner = account('ep-miner')
  const next: [AccountKey, number][] = [
    [g1, 900],
    [g2, 900],
    [newcomer, 900],
  ]
  // Published in epoch 1 (after the epoch-1 checkpoint's cut).
  const task = publishTask(pub, { at: T0 + EPOCH + 10 * SEC, nonce: 7 })
  const sd = task.body.submissionDeadline
  const answer = revealAnswer(miner, task, 'the loop bound is off by one', task.body.timestamp + 30 * SEC)
  const scores = [g1, g2, g3, newcomer].map((v, i) =>
    scoreAnswer(v, task, answer, 80 + i, sd + (i + 1) * SEC),
  )
  const checkpoint = [g1, g2, g3].map((v) => checkpointVote(genesis, v, 1, next))
  const counted = (engine: Engine) =>
    [...engine.dumpRecords()]
      .filter(([k]) => k.startsWith('validation:'))
      .map(([, b]) => ValidationRecord.decode(b))
      .filter((v) => v.counted)
      .map((v) => toHex(v.validator))
      .sort()

  it('the certified checkpoint swaps g3 for the newcomer, in any delivery order', async () => {
    const end = task.body.validationDeadline + SEC
    const without = await engineOf([task, answer, ...scores], end)
    expect(counted(without)).toEqual([hx(g1), hx(g2), hx(g3)].sort())
    const msgs = [task, answer, ...scores, ...checkpoint]
    const reference = await engineOf(msgs, end)
    expect(counted(reference)).toEqual([hx(g1), hx(g2), hx(newcomer)].sort())
    for (const seed of [1, 2, 3]) {
      // Late checkpoints: the task is derived first under the genesis set, then re-derived.
      const late = await engineOf([task, answer, ...scores], end)
      await deliver(late, shuffle(checkpoint, prng(seed)), FAR)
      expect(toHex(late.derivedDigest())).toBe(toHex(reference.derivedDigest()))
      const shuffled = await engineOf(shuffle(msgs, prng(seed)), end)
      expect(toHex(shuffled.derivedDigest())).toBe(toHex(reference.derivedDigest()))
      expect(toHex(shuffled.stateRoot())).toBe(toHex(reference.stateRoot()))
    }
    expect(toHex(without.derivedDigest())).not.toBe(toHex(reference.derivedDigest()))
  })
})
