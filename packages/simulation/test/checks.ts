/** Independent checks of a simulation's invariants, shared by the example and property tests. */
import {
  type AnySignedMessage,
  answerCommitment,
  bytesEqual,
  MessageKind,
  type SignedMessage,
  type TaskPublishedBody,
  toHex,
} from '@aimesh/protocol'
import type { Simulation } from '../src/index.js'

/** Problems found; empty when every message lies in its task's phase window. */
export function windowViolations(sim: Simulation): string[] {
  const problems: string[] = []
  const { roundMs } = sim.options
  for (const [taskId, list] of sim.byTask) {
    const published = list.find((m) => m.kind === MessageKind.TaskPublished)
    if (published === undefined) {
      problems.push(`${taskId}: no TaskPublished`)
      continue
    }
    const task = published.body as TaskPublishedBody
    const cr = task.commitDeadline > 0
    const first = cr ? task.commitDeadline : task.submissionDeadline
    for (const m of list) {
      const t = m.body.timestamp
      const inside = (from: number, to: number) => t > from && t < to
      let ok = true
      switch (m.kind) {
        case MessageKind.TaskPublished:
          break
        case MessageKind.TaskCancelled:
          ok = inside(task.timestamp, first)
          break
        case MessageKind.AnswerCommitted:
          ok = cr && inside(task.timestamp, task.commitDeadline)
          break
        case MessageKind.AnswerRevealed: {
          const body = m.body
          ok =
            (cr
              ? inside(task.commitDeadline, task.submissionDeadline)
              : inside(task.timestamp, task.submissionDeadline)) &&
            body.workStartedAt > task.timestamp &&
            body.workStartedAt <= t
          break
        }
        case MessageKind.ValidationScored:
          ok = inside(task.submissionDeadline, task.validationDeadline)
          break
        case MessageKind.DisputeOpened:
          ok = inside(task.validationDeadline, task.challengeDeadline)
          break
        case MessageKind.RewardClaimed:
          ok = t > task.challengeDeadline
          break
        case MessageKind.ConsensusVote:
          // Round 0 or 1, the round its time falls in.
          ok =
            inside(task.validationDeadline, task.validationDeadline + 2 * roundMs) &&
            m.body.round === Math.floor((t - task.validationDeadline) / roundMs)
          break
        case MessageKind.FraudAlert:
          ok = inside(task.validationDeadline, task.challengeDeadline)
          break
        case MessageKind.DisputeVote:
          ok = inside(task.validationDeadline, task.challengeDeadline + sim.options.disputeVoteWindowMs)
          break
        default:
          ok = false
      }
      if (!ok) problems.push(`${taskId}: kind ${m.kind} at ${t} outside its window`)
    }
  }
  return problems
}

/**
 * Problems with checkpoint votes (DESIGN §5.6): each is authored inside the epoch before the one it
 * names, after the checkpoint delay, in the round its time gives.
 */
export function checkpointProblems(sim: Simulation): string[] {
  const { epochMs, checkpointDelayMs, roundMs } = sim.genesis.init.params
  const problems: string[] = []
  for (const m of sim.messages) {
    if (m.kind !== MessageKind.CheckpointVote) continue
    const cut = sim.genesis.genesisTime + (m.body.epoch - 1) * epochMs + checkpointDelayMs
    const end = sim.genesis.genesisTime + m.body.epoch * epochMs
    const t = m.body.timestamp
    if (t < cut || t >= end)
      problems.push(`checkpoint vote for ${m.body.epoch} at ${t} outside [${cut}, ${end})`)
    if (m.body.round !== Math.floor((t - cut) / roundMs))
      problems.push(`checkpoint vote round ${m.body.round}`)
  }
  return problems
}

/** Problems with commit–reveal: every reveal of a commit–reveal task matches its commit. */
export function commitmentProblems(sim: Simulation): string[] {
  const problems: string[] = []
  for (const [taskId, list] of sim.byTask) {
    const task = list[0]?.body as TaskPublishedBody
    const commits = list.filter((m) => m.kind === MessageKind.AnswerCommitted)
    for (const m of list) {
      if (m.kind !== MessageKind.AnswerRevealed) continue
      const r = m.body
      if (task.commitDeadline === 0) {
        if (r.salt.length !== 0) problems.push(`${taskId}: salt on a task without commit-reveal`)
        continue
      }
      const mine = commits.filter((c) => bytesEqual(c.signer, m.signer))
      const commit = mine[0]
      if (mine.length !== 1 || commit === undefined || commit.kind !== MessageKind.AnswerCommitted) {
        problems.push(`${taskId}: reveal without exactly one commit`)
        continue
      }
      if (!bytesEqual(commit.body.commitment, answerCommitment(r.answer, r.salt, m.signer)))
        problems.push(`${taskId}: reveal does not match commitment`)
    }
    if (task.commitDeadline === 0 && commits.length > 0)
      problems.push(`${taskId}: commit without commit-reveal`)
  }
  return problems
}

/** Problems with causal order: a referenced message present in the list must come earlier. */
export function causalProblems(messages: readonly AnySignedMessage[]): string[] {
  const position = new Map(messages.map((m, i) => [toHex(m.id), i]))
  const commitAt = new Map<string, number>()
  messages.forEach((m, i) => {
    if (m.kind === MessageKind.AnswerCommitted) commitAt.set(`${toHex(m.body.taskId)}/${toHex(m.signer)}`, i)
  })
  const problems: string[] = []
  messages.forEach((m, i) => {
    const b = m.body as { taskId?: Uint8Array; submissionId?: Uint8Array; evidenceIds?: Uint8Array[] }
    const refs = [b.taskId, b.submissionId, ...(b.evidenceIds ?? [])].filter((x) => x !== undefined)
    for (const ref of refs) {
      const p = position.get(toHex(ref))
      if (p !== undefined && p >= i) problems.push(`message ${i} comes before its parent ${p}`)
    }
    if (m.kind === MessageKind.AnswerRevealed) {
      const c = commitAt.get(`${toHex(m.body.taskId)}/${toHex(m.signer)}`)
      if (c !== undefined && c >= i) problems.push(`reveal ${i} comes before its commit ${c}`)
    }
  })
  return problems
}

/** Validations where the validator is the submission's miner or the task's publisher. */
export function selfOrPublisherValidations(sim: Simulation): string[] {
  const problems: string[] = []
  for (const m of sim.messages) {
    if (m.kind !== MessageKind.ValidationScored) continue
    const sub = sim.groundTruth.submissions.get(toHex(m.body.submissionId))
    const task = sim.groundTruth.tasks.get(toHex(m.body.taskId))
    if (sub?.miner === toHex(m.signer)) problems.push('self-validation')
    if (task?.publisher === toHex(m.signer)) problems.push('publisher validation')
  }
  return problems
}

/** ValidationScored messages grouped by validator and submission. */
export function scoresBySignerAndSubmission(
  messages: readonly SignedMessage[],
): Map<string, SignedMessage<MessageKind.ValidationScored>[]> {
  const groups = new Map<string, SignedMessage<MessageKind.ValidationScored>[]>()
  for (const m of messages) {
    if (m.kind !== MessageKind.ValidationScored) continue
    const v = m as SignedMessage<MessageKind.ValidationScored>
    const key = `${toHex(v.signer)}/${toHex(v.body.submissionId)}`
    groups.set(key, [...(groups.get(key) ?? []), v])
  }
  return groups
}
