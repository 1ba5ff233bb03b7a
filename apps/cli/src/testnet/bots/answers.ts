/**
 * What bots write and score (DESIGN §6 fraud signals): honest answers differ from each other in
 * content, a copy repeats one exactly (duplicate), a near-copy changes one word (similarity above
 * 0.85), a colluding miner's answer is poor; honest validators score by quality, the colluding
 * validator scores its partner 100.
 */
import { createHash } from 'node:crypto'

const WORDS = (
  'model gradient tensor layer token prompt latency batch cache index vector kernel matrix sample ' +
  'policy reward signal window shard replica quorum digest proof nonce epoch round ledger audit ' +
  'parser buffer stream queue thread socket packet header schema record column branch commit merge'
).split(' ')

function hashInt(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0)
}

/** An honest answer: 60 words picked by a hash of (task, miner), so two miners never agree by chance. */
export function honestAnswer(taskId: string, miner: string): string {
  const words: string[] = []
  for (let i = 0; i < 60; i++) words.push(WORDS[hashInt(`${taskId}:${miner}:${i}`) % WORDS.length]!)
  return `Answer by ${miner}: ${words.join(' ')}.`
}

/** A near copy: the same text with one word replaced (similarity well above 0.85). */
export function nearCopy(original: string): string {
  const parts = original.split(' ')
  const i = Math.min(parts.length - 1, 8)
  parts[i] = parts[i] === 'quorum' ? 'ledger' : 'quorum'
  return parts.join(' ')
}

/** A poor answer, which honest validators score low (what the colluding validator covers for). */
export function poorAnswer(taskId: string): string {
  return `todo ${taskId.slice(0, 8)}`
}

/** An honest validator's score: low for a poor answer, 65..89 by a hash otherwise, so validators agree within ±12. */
export function honestScore(answer: string | undefined, validator: string): number {
  if (answer?.startsWith('todo')) return 20 + (hashInt(`${answer}:${validator}`) % 10)
  const base = 70 + (hashInt(answer ?? '') % 12)
  return Math.min(100, base + (hashInt(`${answer}:${validator}`) % 6) - 3)
}
