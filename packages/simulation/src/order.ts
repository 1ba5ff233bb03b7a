/** Reordering helpers for order-independence tests (DESIGN §5.1). */
import { MessageKind, type SignedMessage, toHex } from '@aimesh/protocol'
import { Rng, type SimulationSeed } from './prng.js'

function rngOf(rng: Rng | SimulationSeed): Rng {
  return rng instanceof Rng ? rng : new Rng(rng, 'shuffle')
}

/** A uniformly shuffled copy: arbitrary arrival order, children possibly before parents. */
export function shuffle<T>(messages: readonly T[], rng: Rng | SimulationSeed): T[] {
  return rngOf(rng).shuffle(messages)
}

/**
 * Ids (hex) a message depends on: the task, the submission, a dispute, evidence, a vote's covered
 * answers and scores, and for a
 * reveal the same miner's commit on the task (named by `commitKey`, not by id).
 */
export function messageParents(m: SignedMessage): string[] {
  const body = m.body as {
    taskId?: Uint8Array
    submissionId?: Uint8Array
    disputeId?: Uint8Array
    evidenceIds?: Uint8Array[]
    includedIds?: Uint8Array[]
  }
  const out: string[] = []
  if (body.taskId !== undefined) out.push(toHex(body.taskId))
  if (body.submissionId !== undefined) out.push(toHex(body.submissionId))
  if (body.disputeId !== undefined) out.push(toHex(body.disputeId))
  for (const e of body.evidenceIds ?? []) out.push(toHex(e))
  // A consensus vote is held only once every answer and score it covers is.
  for (const e of body.includedIds ?? []) out.push(toHex(e))
  if (m.kind === MessageKind.AnswerRevealed) out.push(commitKey(m))
  return out
}

/** Key linking a commit to its reveal: same task, same miner. */
function commitKey(m: SignedMessage): string {
  const taskId = (m.body as { taskId?: Uint8Array }).taskId ?? new Uint8Array(0)
  return `commit:${toHex(taskId)}:${toHex(m.signer)}`
}

/**
 * A random order in which every parent present in the list still comes before its children
 * (a random topological sort). Parents absent from the list impose nothing.
 */
export function shuffleCausal<M extends SignedMessage>(
  messages: readonly M[],
  rng: Rng | SimulationSeed,
): M[] {
  const r = rngOf(rng)
  const keyIndex = new Map<string, number>()
  messages.forEach((m, i) => {
    keyIndex.set(toHex(m.id), i)
    if (m.kind === MessageKind.AnswerCommitted) keyIndex.set(commitKey(m), i)
  })
  const children: number[][] = messages.map(() => [])
  const waiting = messages.map(() => 0)
  messages.forEach((m, i) => {
    for (const p of new Set(messageParents(m))) {
      const j = keyIndex.get(p)
      if (j === undefined || j === i) continue
      children[j]?.push(i)
      waiting[i] = (waiting[i] ?? 0) + 1
    }
  })
  const ready = waiting.flatMap((w, i) => (w === 0 ? [i] : []))
  const out: M[] = []
  while (ready.length > 0) {
    const pick = r.int(0, ready.length - 1)
    const i = ready[pick] as number
    ready[pick] = ready[ready.length - 1] as number
    ready.pop()
    out.push(messages[i] as M)
    for (const c of children[i] ?? []) {
      waiting[c] = (waiting[c] ?? 0) - 1
      if (waiting[c] === 0) ready.push(c)
    }
  }
  if (out.length !== messages.length)
    throw new Error('shuffleCausal: the messages contain a dependency cycle')
  return out
}
