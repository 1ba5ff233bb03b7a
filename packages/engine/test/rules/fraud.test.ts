import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  analyzeSubmission,
  certificateConflict,
  detectEquivocations,
  FRAUD_FLAG_THRESHOLD,
  fraudRisk,
  type SubmissionFraudInput,
} from '../../src/rules/fraud.js'
import { answerSimilarity, answerWords, SKETCH_SIZE, shingleSketch } from '../../src/rules/similarity.js'
import type { FraudSubmission, FraudTask, ScoreRecord } from '../../src/rules/types.js'
import { acct, RUNS, withPermutation } from './arbitraries.js'

const TASK: FraudTask = { id: 'aa'.repeat(32), difficulty: 'intermediate', publishedAt: 0 }
const LATE = 3_600_000 // an hour after publication: never too fast

const ESSAY =
  'The algorithm first sorts the input by key, then merges adjacent ranges whose bounds overlap, ' +
  'which keeps the total cost at n log n and the memory linear in the number of ranges returned.'

function answer(n: number, text: string, extra: Partial<FraudSubmission> = {}): FraudSubmission {
  return {
    id: n.toString(16).padStart(4, '0'),
    miner: acct(n),
    contentHash: `h:${text}`,
    answer: text,
    authoredAt: LATE + n,
    ...extra,
  }
}

function input(
  submission: FraudSubmission,
  others: FraudSubmission[] = [],
  scoreHistory: ScoreRecord[] = [],
): SubmissionFraudInput {
  return { submission, task: TASK, others, scoreHistory }
}

function record(
  n: number,
  miner: string,
  score: number,
  consensusScore: number,
  validator = acct(0x90),
): ScoreRecord {
  return { messageId: `m${n}`, validator, miner, submissionId: `s${n}`, score, consensusScore }
}

describe('fraudRisk', () => {
  it('is 0.7·mean + 0.3·max of the applying signals', () => {
    expect(fraudRisk([])).toBe(0)
    const r = fraudRisk([
      { kind: 'too-fast', value: 0.5, evidence: [] },
      { kind: 'duplicate', value: 1, evidence: [] },
    ])
    expect(r).toBeCloseTo(0.7 * 0.75 + 0.3, 12)
  })
})

describe('analyzeSubmission', () => {
  it('finds nothing in an honest, original, unhurried answer', () => {
    const a = analyzeSubmission(
      input(answer(2, ESSAY), [answer(1, 'A completely different approach using hashing.')]),
    )
    expect(a.signals).toEqual([])
    expect(a.risk).toBe(0)
    expect(a.flagged).toBe(false)
  })

  it('flags an exact duplicate of an earlier answer by another miner', () => {
    const original = answer(1, ESSAY)
    const copy = answer(2, ESSAY)
    const a = analyzeSubmission(input(copy, [original]))
    expect(a.signals).toEqual([{ kind: 'duplicate', value: 1, evidence: [original.id] }])
    expect(a.flagged).toBe(true)
    // the original is not the copy
    expect(analyzeSubmission(input(original, [copy])).flagged).toBe(false)
    // nor is a miner's own resubmission
    expect(analyzeSubmission(input(answer(2, ESSAY, { miner: acct(1) }), [original])).flagged).toBe(false)
  })

  it('breaks equal author times by id', () => {
    const a = answer(1, ESSAY, { authoredAt: LATE })
    const b = answer(2, ESSAY, { authoredAt: LATE })
    expect(analyzeSubmission(input(b, [a])).flagged).toBe(true)
    expect(analyzeSubmission(input(a, [b])).flagged).toBe(false)
  })

  it('flags a near-duplicate with light edits but not an unrelated answer', () => {
    const edited = `${ESSAY.replace('first sorts', 'First  sorts;')} Hope this helps!`
    const near = analyzeSubmission(input(answer(2, edited), [answer(1, ESSAY)]))
    expect(near.signals.map((s) => s.kind)).toEqual(['near-duplicate'])
    expect(near.signals[0]!.value).toBeGreaterThanOrEqual(0.85)
    expect(near.flagged).toBe(true)
    const other = 'We use a heap of intervals keyed by start time and sweep once, emitting merged spans.'
    expect(analyzeSubmission(input(answer(2, other), [answer(1, ESSAY)])).signals).toEqual([])
  })

  it('scores implausibly fast work by the difficulty minimum', () => {
    const instant = analyzeSubmission(input(answer(1, ESSAY, { authoredAt: 0 })))
    expect(instant.signals).toEqual([{ kind: 'too-fast', value: 1, evidence: ['0001', TASK.id].sort() }])
    expect(instant.flagged).toBe(true)
    const half = analyzeSubmission(input(answer(1, ESSAY, { authoredAt: 60_000 })))
    expect(half.signals[0]?.value).toBeCloseTo(0.5, 12)
    expect(half.flagged).toBe(false)
    expect(analyzeSubmission(input(answer(1, ESSAY, { authoredAt: 120_000 }))).signals).toEqual([])
    const expert = { ...TASK, difficulty: 'expert' as const }
    expect(
      analyzeSubmission({ ...input(answer(1, ESSAY, { authoredAt: 120_000 })), task: expert }).signals,
    ).toHaveLength(1)
  })

  it('signals collusion at 3 scores ≥ 25 above consensus from one validator', () => {
    const miner = acct(1)
    const sub = answer(1, ESSAY)
    const two = [record(1, miner, 90, 60), record(2, miner, 95, 70)]
    expect(analyzeSubmission(input(sub, [], two)).signals).toEqual([])
    const three = [...two, record(3, miner, 85, 60)]
    const a = analyzeSubmission(input(sub, [], three))
    expect(a.signals).toEqual([{ kind: 'collusion', value: 0.5, evidence: ['m1', 'm2', 'm3'] }])
    // 24 points above does not count, nor do other miners or other validators' records
    const near = [
      ...two,
      record(3, miner, 84, 60),
      record(4, acct(2), 99, 10),
      record(5, miner, 99, 10, acct(0x91)),
    ]
    expect(analyzeSubmission(input(sub, [], near)).signals).toEqual([])
    const many = [1, 2, 3, 4, 5].map((n) => record(n, miner, 100, 50))
    expect(analyzeSubmission(input(sub, [], many)).flagged).toBe(true)
  })

  it('combines signals with the risk formula', () => {
    const sub = answer(2, ESSAY, { authoredAt: 60_000 })
    const a = analyzeSubmission(input(sub, [answer(1, ESSAY, { authoredAt: 50_000 })]))
    expect(a.signals.map((s) => s.kind)).toEqual(['duplicate', 'too-fast'])
    expect(a.risk).toBeCloseTo(0.7 * 0.75 + 0.3, 12)
    expect(a.risk >= FRAUD_FLAG_THRESHOLD).toBe(a.flagged)
  })

  it('gives the same analysis with cached sketches (what derivation passes) as without', () => {
    const edited = `${ESSAY.replace('first sorts', 'First  sorts;')} Hope this helps!`
    const others = [answer(1, ESSAY), answer(3, 'We sweep once over a heap of intervals.')]
    const cache = new Map<string, ReturnType<typeof shingleSketch>>()
    let computed = 0
    const sketchOf = (s: FraudSubmission) => {
      let sk = cache.get(s.id)
      if (sk === undefined) {
        computed++
        sk = shingleSketch(s.answer)
        cache.set(s.id, sk)
      }
      return sk
    }
    const plain = analyzeSubmission(input(answer(2, edited), others))
    expect(plain.signals.map((s) => s.kind)).toEqual(['near-duplicate'])
    expect(analyzeSubmission({ ...input(answer(2, edited), others), sketchOf })).toEqual(plain)
    expect(analyzeSubmission({ ...input(answer(2, edited), others), sketchOf })).toEqual(plain)
    // Sketched once each across both analyses: the target and the earlier answer (the later one is
    // never compared).
    expect(computed).toBe(2)
  })

  const subArb = fc.record({
    id: fc.integer({ min: 0, max: 50 }).map((n) => n.toString(16).padStart(4, '0')),
    miner: fc.integer({ min: 1, max: 4 }).map(acct),
    contentHash: fc.constantFrom('h1', 'h2', 'h3'),
    answer: fc.constantFrom(ESSAY, ESSAY.replace('merges', 'joins'), 'short', ''),
    authoredAt: fc.integer({ min: 0, max: 200_000 }),
  })
  const recArb = fc.record({
    messageId: fc.integer({ min: 0, max: 50 }).map((n) => `m${n}`),
    validator: fc.integer({ min: 0x90, max: 0x92 }).map(acct),
    miner: fc.integer({ min: 1, max: 4 }).map(acct),
    submissionId: fc.constant('s'),
    score: fc.integer({ min: 0, max: 100 }),
    consensusScore: fc.integer({ min: 0, max: 100 }),
  })

  it('is independent of the order of other answers and of history, with risk in [0, 1]', () => {
    fc.assert(
      fc.property(
        subArb,
        withPermutation(fc.array(subArb, { maxLength: 12 })),
        withPermutation(fc.array(recArb, { maxLength: 20 })),
        (target, [o1, o2], [h1, h2]) => {
          const a = analyzeSubmission(input(target, o1, h1))
          expect(analyzeSubmission(input(target, o2, h2))).toEqual(a)
          expect(a.risk).toBeGreaterThanOrEqual(0)
          expect(a.risk).toBeLessThanOrEqual(1)
          expect(a.flagged).toBe(a.risk >= FRAUD_FLAG_THRESHOLD)
        },
      ),
      RUNS,
    )
  })
})

describe('certificateConflict', () => {
  it('is a flagged analysis of the voter with the roots sorted and the votes as evidence', () => {
    const voter = acct(0x90)
    const a = certificateConflict(voter, TASK.id, ['bb', 'aa'], ['v1', 'v2'])
    expect(a).toEqual({
      subject: { kind: 'voter', account: voter, taskId: TASK.id, roots: ['aa', 'bb'] },
      signals: [{ kind: 'conflicting-certificate', value: 1, evidence: ['v1', 'v2'] }],
      risk: 1,
      flagged: true,
    })
    expect(certificateConflict(voter, TASK.id, ['aa', 'bb'], ['v1', 'v2'])).toEqual(a)
  })
})

describe('detectEquivocations', () => {
  it('reports two different scores for one submission with both message ids', () => {
    const v = acct(0x90)
    const found = detectEquivocations([
      { messageId: 'm2', validator: v, submissionId: 's1', score: 40 },
      { messageId: 'm1', validator: v, submissionId: 's1', score: 80 },
      { messageId: 'm3', validator: v, submissionId: 's2', score: 70 },
      { messageId: 'm4', validator: v, submissionId: 's2', score: 70 },
    ])
    expect(found).toEqual([
      {
        subject: { kind: 'validator', account: v, submissionId: 's1' },
        signals: [{ kind: 'equivocation', value: 1, evidence: ['m1', 'm2'] }],
        risk: 1,
        flagged: true,
      },
    ])
  })

  it('is independent of input order', () => {
    const recArb = fc.record({
      messageId: fc.integer({ min: 0, max: 99 }).map((n) => `m${n}`),
      validator: fc.integer({ min: 1, max: 3 }).map(acct),
      submissionId: fc.constantFrom('s1', 's2'),
      score: fc.integer({ min: 0, max: 3 }),
    })
    fc.assert(
      fc.property(withPermutation(fc.array(recArb, { maxLength: 20 })), ([a, b]) => {
        expect(detectEquivocations(b)).toEqual(detectEquivocations(a))
      }),
      RUNS,
    )
  })
})

/** 3,000 words drawn from one fixed vocabulary by a seeded LCG. */
function prose(seed: number): string {
  const vocabulary = ESSAY.toLowerCase()
    .replace(/[^a-z ]/g, '')
    .split(' ')
  let x = seed
  const words: string[] = []
  for (let i = 0; i < 3_000; i++) {
    x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0
    words.push(vocabulary[(x >>> 8) % vocabulary.length]!)
  }
  return words.join(' ')
}

describe('similarity', () => {
  it('is 1 for identical text, ignores case and spacing, and 0 for empty', () => {
    expect(answerSimilarity(ESSAY, ESSAY)).toBe(1)
    expect(answerSimilarity(ESSAY, ESSAY.toUpperCase().replace(/ /g, '   '))).toBe(1)
    expect(answerSimilarity('', ESSAY)).toBe(0)
    expect(answerSimilarity('abc def', 'xyz uvw')).toBe(0)
    // one changed word in the middle replaces 3 of the n = words − 2 shingles: (n − 3) / (n + 3)
    const n = answerWords(ESSAY).length - 2
    expect(answerSimilarity(ESSAY, ESSAY.replace('merges', 'joins'))).toBeCloseTo((n - 3) / (n + 3), 12)
  })

  it('keeps sketches bounded and still recognizes large copies', () => {
    const big = Array.from({ length: 5_000 }, (_, i) => `token${i * 7919} `).join('')
    expect(shingleSketch(big).length).toBeLessThanOrEqual(SKETCH_SIZE)
    expect(answerSimilarity(big, `${big} plus a short trailing remark`)).toBeGreaterThanOrEqual(0.85)
    // Same vocabulary, different text: shared words alone must not look like a copy.
    expect(answerSimilarity(prose(1), prose(2))).toBeLessThan(0.5)
    expect(
      answerSimilarity(prose(1), `${prose(1)} and one more sentence at the end.`),
    ).toBeGreaterThanOrEqual(0.85)
  })

  it('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (a, b) => {
        const s = answerSimilarity(a, b)
        expect(answerSimilarity(b, a)).toBe(s)
        expect(s).toBeGreaterThanOrEqual(0)
        expect(s).toBeLessThanOrEqual(1)
      }),
      RUNS,
    )
  })
})
