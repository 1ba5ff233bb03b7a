/**
 * FraudAlert rules (DESIGN §6): an alert is only as good as its evidence. Every evidence message
 * must be held or carried (carried copies must verify), and must prove the named kind of fraud
 * against the subject; an alert whose evidence does not verify is REJECTed and costs its sender.
 */
import {
  type AnySignedMessage,
  answerHash,
  bytesEqual,
  FraudKind,
  MessageKind,
  type SignedMessage,
} from '@aimesh/protocol'
import { DIFFICULTY_RULE } from '../derive/mapping.js'
import { IgnoreCode, ignore, RejectCode, reject } from '../errors.js'
import { hex } from '../ids.js'
import {
  answerSimilarity,
  COLLUSION_MIN_COUNT,
  MIN_WORK_SECONDS,
  NEAR_DUPLICATE_THRESHOLD,
} from '../rules/index.js'
import { parentTask } from './common.js'
import type { ValidationView } from './view.js'

type Reveal = SignedMessage<MessageKind.AnswerRevealed>

function bad(why: string): never {
  reject(RejectCode.EVIDENCE_INVALID, why)
}

/** Checks the alert's evidence against the fraud kind it names. */
export function validateFraudAlert(view: ValidationView, msg: SignedMessage<MessageKind.FraudAlert>): void {
  const task = parentTask(view, msg.body.taskId)
  const wanted = new Set(msg.body.evidenceIds.map(hex))
  const carried = new Map<string, AnySignedMessage>()
  for (const bytes of msg.body.evidence) {
    let e: AnySignedMessage
    try {
      e = view.openEvidence(bytes)
    } catch (err) {
      bad(`a carried evidence envelope does not verify: ${(err as Error).message}`)
    }
    if (!wanted.has(hex(e.id))) bad('a carried evidence envelope is not among the evidence ids')
    carried.set(hex(e.id), e)
  }
  const evidence: AnySignedMessage[] = []
  for (const id of wanted) {
    const e = view.getMessage(id) ?? carried.get(id)
    if (e === undefined) ignore(IgnoreCode.UNKNOWN_EVIDENCE, 'alert evidence is not known yet')
    evidence.push(e)
  }
  const subject = msg.body.subject
  const ofTask = (e: AnySignedMessage): boolean =>
    e.kind === MessageKind.TaskPublished
      ? bytesEqual(e.id, task.id)
      : 'taskId' in e.body && bytesEqual(e.body.taskId, task.id)
  const reveals = evidence.filter((e): e is Reveal => e.kind === MessageKind.AnswerRevealed && ofTask(e))
  const subjectReveal = reveals.find((r) => bytesEqual(r.signer, subject))
  const earlierOther = (pred: (o: Reveal, s: Reveal) => boolean): boolean =>
    subjectReveal !== undefined &&
    reveals.some(
      (o) =>
        !bytesEqual(o.signer, subject) &&
        (o.body.timestamp < subjectReveal.body.timestamp ||
          (o.body.timestamp === subjectReveal.body.timestamp && hex(o.id) < hex(subjectReveal.id))) &&
        pred(o, subjectReveal),
    )

  switch (msg.body.fraudKind) {
    case FraudKind.EQUIVOCATION: {
      const scores = evidence.filter(
        (e): e is SignedMessage<MessageKind.ValidationScored> =>
          e.kind === MessageKind.ValidationScored && bytesEqual(e.signer, subject) && ofTask(e),
      )
      const proven = scores.some((a) =>
        scores.some(
          (b) => bytesEqual(a.body.submissionId, b.body.submissionId) && a.body.score !== b.body.score,
        ),
      )
      if (!proven) bad('equivocation needs two different scores by the subject for one answer')
      return
    }
    case FraudKind.CONFLICTING_CERTIFICATE: {
      const votes = evidence.filter(
        (e): e is SignedMessage<MessageKind.ConsensusVote> =>
          e.kind === MessageKind.ConsensusVote && bytesEqual(e.signer, subject) && ofTask(e),
      )
      const proven = votes.some((a) =>
        votes.some(
          (b) => a.body.round === b.body.round && !bytesEqual(a.body.outcomeRoot, b.body.outcomeRoot),
        ),
      )
      if (!proven) bad('conflicting certificates need two different roots by the subject in one round')
      return
    }
    case FraudKind.DUPLICATE_ANSWER: {
      const h = subjectReveal === undefined ? undefined : hex(answerHash(subjectReveal.body.answer))
      if (!earlierOther((o) => hex(answerHash(o.body.answer)) === h)) {
        bad("duplicate needs the subject's answer and an identical earlier answer by another miner")
      }
      return
    }
    case FraudKind.NEAR_DUPLICATE: {
      if (
        !earlierOther((o, s) => answerSimilarity(o.body.answer, s.body.answer) >= NEAR_DUPLICATE_THRESHOLD)
      ) {
        bad("near-duplicate needs the subject's answer and a similar earlier answer by another miner")
      }
      return
    }
    case FraudKind.IMPLAUSIBLE_SPEED: {
      if (subjectReveal === undefined) bad("implausible speed needs the subject's answer")
      // For commit–reveal tasks the rule measures to the commit; the reveal time is an upper bound.
      const minimum = MIN_WORK_SECONDS[DIFFICULTY_RULE[task.body.difficulty]] * 1000
      const commit = evidence.find(
        (e) => e.kind === MessageKind.AnswerCommitted && bytesEqual(e.signer, subject) && ofTask(e),
      )
      const at = commit?.body.timestamp ?? subjectReveal.body.timestamp
      if (at - task.body.timestamp >= minimum) bad('the answer was not faster than the difficulty allows')
      return
    }
    case FraudKind.COLLUSION: {
      // Scores of the subject's answers; that they sat far above consensus is re-derived locally.
      const onSubject = evidence.filter((e) => {
        if (e.kind !== MessageKind.ValidationScored) return false
        const sub = view.getMessage(hex(e.body.submissionId))
        return sub !== undefined && bytesEqual(sub.signer, subject)
      })
      if (onSubject.length < COLLUSION_MIN_COUNT)
        bad('collusion needs repeated scores of the subject’s answers')
      return
    }
    default:
      bad('unknown fraud kind')
  }
}
