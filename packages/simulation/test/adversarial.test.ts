import {
  answerCommitment,
  bytesEqual,
  decodeEnvelope,
  isProtocolError,
  MessageKind,
  openEnvelope,
  type TaskPublishedBody,
  toHex,
  Verdict,
} from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import {
  createSimulation,
  FAR_FUTURE_MS,
  INVALID_KINDS,
  type InvalidKind,
  type InvalidMessage,
} from '../src/index.js'

const sim = createSimulation({
  seed: 21,
  tasks: 12,
  commitRevealFraction: 0.5,
  invalid: INVALID_KINDS,
  invalidPerKind: 2,
})
const network = sim.genesis.network
const ofKind = (kind: InvalidKind): InvalidMessage[] => sim.invalid.filter((i) => i.kind === kind)
const taskBody = (taskId: Uint8Array | undefined) =>
  sim.byTask.get(toHex(taskId ?? new Uint8Array(0)))?.[0]?.body as TaskPublishedBody | undefined

describe('invalid messages', () => {
  it('produces every requested kind, invalidPerKind times', () => {
    for (const kind of INVALID_KINDS) expect(ofKind(kind).length).toBe(2)
    expect(sim.invalid.length).toBe(INVALID_KINDS.length * 2)
  })

  it('none of them is in the valid workload', () => {
    const valid = new Set(sim.messages.map((m) => Buffer.from(m.bytes).toString('hex')))
    for (const bad of sim.invalid)
      expect(valid.has(Buffer.from(bad.message.bytes).toString('hex'))).toBe(false)
  })

  it('bad-signature decodes but fails verification (REJECT)', () => {
    for (const bad of ofKind('bad-signature')) {
      expect(bad.expected).toBe(Verdict.Reject)
      expect(() => decodeEnvelope(network, bad.message.bytes)).not.toThrow()
      let code: string | undefined
      try {
        openEnvelope(network, bad.message.bytes)
      } catch (err) {
        if (isProtocolError(err)) code = err.code
      }
      expect(code).toBe('BAD_SIGNATURE')
    }
  })

  it('every other kind is well formed and well signed: only the rules can refuse it', () => {
    for (const bad of sim.invalid.filter((i) => i.kind !== 'bad-signature')) {
      expect(() => openEnvelope(network, bad.message.bytes)).not.toThrow()
    }
  })

  it('wrong-phase is a score dated before the submission deadline', () => {
    for (const bad of ofKind('wrong-phase')) {
      expect(bad.message.kind).toBe(MessageKind.ValidationScored)
      expect(bad.message.body.timestamp).toBeLessThan(taskBody(bad.taskId)!.submissionDeadline)
      expect(bad.expected).toBe(Verdict.Reject)
    }
  })

  it('self-validation is signed by the miner of the scored submission', () => {
    for (const bad of ofKind('self-validation')) {
      const m = bad.message
      expect(m.kind).toBe(MessageKind.ValidationScored)
      if (m.kind !== MessageKind.ValidationScored) continue
      expect(sim.groundTruth.submissions.get(toHex(m.body.submissionId))?.miner).toBe(toHex(m.signer))
      expect(m.body.timestamp).toBeGreaterThan(taskBody(bad.taskId)!.submissionDeadline)
    }
  })

  it('publisher-validation is signed by the task publisher', () => {
    for (const bad of ofKind('publisher-validation')) {
      const m = bad.message
      expect(m.kind).toBe(MessageKind.ValidationScored)
      expect(sim.groundTruth.tasks.get(toHex(bad.taskId!))?.publisher).toBe(toHex(m.signer))
    }
  })

  it('commit-reveal-mismatch reveals something other than its valid, included commitment', () => {
    for (const bad of ofKind('commit-reveal-mismatch')) {
      const reveal = bad.message
      const commit = bad.setup[0]
      expect(bad.setup.length).toBe(1)
      if (reveal.kind !== MessageKind.AnswerRevealed || commit?.kind !== MessageKind.AnswerCommitted)
        throw new Error('expected a commit and a reveal')
      expect(sim.messages.some((m) => bytesEqual(m.id, commit.id))).toBe(true)
      expect(bytesEqual(commit.signer, reveal.signer)).toBe(true)
      const task = taskBody(bad.taskId)!
      expect(task.commitDeadline).toBeGreaterThan(0)
      expect(commit.body.timestamp).toBeLessThan(task.commitDeadline)
      expect(reveal.body.timestamp).toBeGreaterThan(task.commitDeadline)
      expect(reveal.body.timestamp).toBeLessThan(task.submissionDeadline)
      const recomputed = answerCommitment(reveal.body.answer, reveal.body.salt, reveal.signer)
      expect(bytesEqual(recomputed, commit.body.commitment)).toBe(false)
    }
  })

  it('unknown-task references a task nobody published (IGNORE)', () => {
    for (const bad of ofKind('unknown-task')) {
      expect(bad.expected).toBe(Verdict.Ignore)
      expect(sim.byTask.has(toHex(bad.taskId!))).toBe(false)
    }
  })

  it('far-future is dated far beyond the end of the simulation (IGNORE)', () => {
    for (const bad of ofKind('far-future')) {
      expect(bad.expected).toBe(Verdict.Ignore)
      expect(bad.message.body.timestamp).toBeGreaterThan(sim.clock.end + FAR_FUTURE_MS / 2)
    }
  })

  it('asking for invalid messages leaves the valid workload unchanged apart from setup commits', () => {
    const plain = createSimulation({ seed: 21, tasks: 12, commitRevealFraction: 0.5 })
    const setupIds = new Set(sim.invalid.flatMap((i) => i.setup.map((m) => toHex(m.id))))
    const rest = sim.messages.filter((m) => !setupIds.has(toHex(m.id)))
    expect(rest.map((m) => toHex(m.id))).toEqual(plain.messages.map((m) => toHex(m.id)))
  })
})
