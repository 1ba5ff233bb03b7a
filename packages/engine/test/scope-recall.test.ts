/**
 * The recall of dropped messages (engine/scope-recall.ts, DESIGN §5.8): bounded by count and by
 * envelope bytes (oldest dropped first), indexed by the parents its messages name and, for votes,
 * by task and root, so what a later message needs comes back with it.
 */
import { describe, expect, it } from 'vitest'
import { RECALL_BYTES, ScopeRecall } from '../src/engine/scope-recall.js'
import { hex } from '../src/ids.js'
import { account, publishTask, revealAnswer, SEC, scoreAnswer, T0, voteRoot } from './helpers/builders.js'

const pub = account('recall-pub')
const miner = account('recall-m')
const v = account('recall-v')
const task = publishTask(pub, { at: T0 + 60 * SEC })

describe('the recall', () => {
  it('drops the oldest envelopes beyond its byte bound', () => {
    const r = new ScopeRecall()
    const big = 'x'.repeat(190_000)
    const n = Math.ceil(RECALL_BYTES / 190_000) + 20
    const reveals = Array.from({ length: n }, (_, i) =>
      revealAnswer(miner, task, `${i} ${big}`, T0 + 61 * SEC + i),
    )
    for (const m of reveals) r.keep(m)
    expect(r.size).toBeLessThan(n)
    expect(r.get(hex(reveals[0]!.id))).toBeUndefined()
    expect(r.get(hex(reveals[n - 1]!.id))).toBe(reveals[n - 1])
    const bytes = reveals.slice(n - r.size).reduce((sum, m) => sum + m.bytes.length, 0)
    expect(bytes).toBeLessThanOrEqual(RECALL_BYTES)
  })

  it('finds recalled children by parent and votes by task and root; take forgets them', () => {
    const r = new ScopeRecall()
    const answer = revealAnswer(miner, task, 'an answer', T0 + 61 * SEC)
    const score = scoreAnswer(v, task, answer, 70, task.body.submissionDeadline + SEC)
    const vote = voteRoot(v, task, [answer], task.body.validationDeadline + SEC)
    const again = voteRoot(account('recall-w'), task, [answer], task.body.validationDeadline + 2 * SEC)
    for (const m of [score, vote]) r.keep(m)
    expect(r.childrenOf(hex(answer.id)).sort()).toEqual([hex(score.id), hex(vote.id)].sort())
    expect(r.votesLike(again)).toEqual([hex(vote.id)])
    r.take(hex(vote.id))
    expect(r.votesLike(again)).toEqual([])
    expect(r.childrenOf(hex(answer.id))).toEqual([hex(score.id)])
  })
})
