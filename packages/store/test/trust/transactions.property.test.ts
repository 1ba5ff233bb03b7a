import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TRUST_UPDATE_KINDS, type TrustScore, type TrustUpdate } from '../../src/trust/trust-store.js'
import { hexAccount, makeFactory } from './helpers.js'

const ACCOUNTS = ['a', 'ab', hexAccount(0x11), hexAccount(0xfe)]
// JSON turns -0 into 0; adding 0 normalizes fast-check's -0 the same way.
const unit = fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x + 0)

const scoreArb: fc.Arbitrary<TrustScore> = fc.record({
  account: fc.constantFrom(...ACCOUNTS),
  score: unit,
  verifiedSuccesses: fc.nat(50),
  unverifiedSuccesses: fc.nat(50),
  failures: fc.nat(50),
  lastUpdated: fc.nat(1000),
})

const updateArb: fc.Arbitrary<TrustUpdate> = fc.record({
  account: fc.constantFrom(...ACCOUNTS),
  delta: fc.double({ min: -1, max: 1, noNaN: true }).map((x) => x + 0),
  kind: fc.constantFrom(...TRUST_UPDATE_KINDS),
  // A small time range makes timestamp ties common, which exercises insertion ordering.
  timestamp: fc.nat(5),
  scoreAfter: unit,
})

type Op =
  | { op: 'put'; score: TrustScore }
  | { op: 'del'; account: string }
  | { op: 'update'; update: TrustUpdate }
  | { op: 'read'; account: string }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  scoreArb.map((score) => ({ op: 'put' as const, score })),
  fc.constantFrom(...ACCOUNTS).map((account) => ({ op: 'del' as const, account })),
  updateArb.map((update) => ({ op: 'update' as const, update })),
  fc.constantFrom(...ACCOUNTS).map((account) => ({ op: 'read' as const, account })),
)

/** The reference: a map of scores and an append-only list of updates. */
class Model {
  scores = new Map<string, TrustScore>()
  updates: TrustUpdate[] = []
  clone(): Model {
    const m = new Model()
    m.scores = new Map(this.scores)
    m.updates = [...this.updates]
    return m
  }
  history(account: string): TrustUpdate[] {
    // Array.prototype.sort is stable, so ties keep insertion order.
    return this.updates.filter((u) => u.account === account).sort((x, y) => x.timestamp - y.timestamp)
  }
}

for (const name of ['memory', 'file', 'level'] as const) {
  describe(`transactions match a model (${name})`, () => {
    it('random tx ops, then commit or rollback, equal the model', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.array(opArb, { maxLength: 12 }), fc.boolean()), {
            minLength: 1,
            maxLength: 4,
          }),
          async (txs) => {
            const factory = makeFactory(name)
            try {
              const store = await factory.open()
              let committed = new Model()
              for (const [ops, commit] of txs) {
                const working = committed.clone()
                const tx = store.begin()
                for (const op of ops) {
                  if (op.op === 'put') {
                    await tx.putScore(op.score)
                    working.scores.set(op.score.account, op.score)
                  } else if (op.op === 'del') {
                    await tx.deleteScore(op.account)
                    working.scores.delete(op.account)
                  } else if (op.op === 'update') {
                    await tx.recordUpdate(op.update)
                    working.updates.push(op.update)
                  } else {
                    expect(await tx.getScore(op.account)).toEqual(working.scores.get(op.account))
                    expect(await tx.listUpdates(op.account)).toEqual(working.history(op.account))
                  }
                }
                if (commit) {
                  await tx.commit()
                  committed = working
                } else tx.rollback()
                const expected = [...committed.scores.values()].sort((x, y) =>
                  x.account < y.account ? -1 : x.account > y.account ? 1 : 0,
                )
                expect(await store.listScores()).toEqual(expected)
                for (const account of ACCOUNTS) {
                  expect(await store.listUpdates(account)).toEqual(committed.history(account))
                  expect(await store.listUpdates(account, { newestFirst: true, limit: 2 })).toEqual(
                    committed.history(account).reverse().slice(0, 2),
                  )
                }
                expect(await store.count()).toEqual({
                  scores: committed.scores.size,
                  updates: committed.updates.length,
                })
              }
            } finally {
              await factory.dispose()
            }
          },
        ),
        { numRuns: name === 'memory' ? 200 : 40 },
      )
    })
  })
}
