/**
 * Late (backdated) messages of every kind that can name a message of a finished task as a parent:
 * what a pruned node must judge exactly like a node that kept every body (DESIGN §5.5, §5.6). Each
 * is dated inside its own window, so a node holding every body can accept it; some are invalid on
 * purpose (an unproven alert), some land in a scope the signer already used (a second claim, a
 * second score): the verdict, whatever it is, must be the same on both nodes.
 */
import {
  type AnySignedMessage,
  type BodyOf,
  DisputeType,
  FraudKind,
  fromHex,
  MessageKind,
  type SignedMessage,
  signMessage,
  toHex,
} from '@aimesh/protocol'
import type { Actor } from '@aimesh/simulation'
import { type Engine, outcomeRoot, taskOutcome } from '../../src/index.js'
import type { SimWorkload } from './sim-workload.js'

type Task = SignedMessage<MessageKind.TaskPublished>
type Bytes = Uint8Array<ArrayBuffer>

const ROUND = 600_000

/** Every late message the generator makes for one finished task (`e` holds every body). */
export function lateMessages(e: Engine, w: SimWorkload, task: Task): AnySignedMessage[] {
  const g = w.genesis
  const tb = task.body
  const ofTask = (m: AnySignedMessage) =>
    'taskId' in m.body && toHex(m.body.taskId as Uint8Array) === toHex(task.id)
  const mine = w.messages.filter(ofTask)
  const byKind = <K extends MessageKind>(k: K) =>
    mine.filter((m) => m.kind === k) as unknown as SignedMessage<K>[]
  const reveals = byKind(MessageKind.AnswerRevealed)
  const commits = byKind(MessageKind.AnswerCommitted)
  const scores = byKind(MessageKind.ValidationScored)
  const disputes = byKind(MessageKind.DisputeOpened)
  const hexOf = (a: Actor) => a.hex
  const publisher = toHex(task.signer)
  const sign = <K extends MessageKind>(k: K, by: Actor, body: Omit<BodyOf[K], 'profileId'>) =>
    signMessage(
      g.networkId,
      k,
      { ...body, profileId: e.profileIdOf(by.key.publicKey)! as Bytes } as BodyOf[K],
      by.key,
    ) as AnySignedMessage
  const actor = (hexKey: string) => w.cast.all.find((a) => a.hex === hexKey)
  const validators = w.cast.validators.filter((v) => hexOf(v) !== publisher)
  const out: AnySignedMessage[] = []

  // Scores: a validator that had not scored an answer, and one that had (a second score).
  for (const sub of reveals) {
    const scored = new Set(
      scores.filter((s) => toHex(s.body.submissionId) === toHex(sub.id)).map((s) => toHex(s.signer)),
    )
    const fresh = validators.find((v) => !scored.has(v.hex) && v.hex !== toHex(sub.signer))
    const again = validators.find((v) => scored.has(v.hex))
    for (const [v, score] of [
      [fresh, 3],
      [again, 97],
    ] as const) {
      if (v === undefined) continue
      out.push(
        sign(MessageKind.ValidationScored, v, {
          timestamp: tb.validationDeadline - 2_000 - score,
          taskId: task.id as Bytes,
          submissionId: sub.id as Bytes,
          score,
          comment: 'late',
        }),
      )
    }
  }

  // A vote in round 1 for the certified set less its last score.
  const kinds = new Map(w.messages.map((m) => [toHex(m.id), m.kind]))
  const ids = (taskOutcome(e, task.id)?.includedIds ?? []).map(toHex)
  const answers = ids.filter((id) => kinds.get(id) === MessageKind.AnswerRevealed)
  const counted = ids.filter((id) => kinds.get(id) === MessageKind.ValidationScored).slice(0, -1)
  const voter = validators[0]
  if (voter !== undefined && answers.length > 0)
    out.push(
      sign(MessageKind.ConsensusVote, voter, {
        timestamp: tb.validationDeadline + ROUND + 5_000,
        taskId: task.id as Bytes,
        round: 1,
        outcomeRoot: outcomeRoot(task.id, answers, counted) as Bytes,
        messageCount: answers.length + counted.length,
        includedIds: [...answers, ...counted].sort().map((id) => fromHex(id) as Bytes),
      }),
    )

  // Claims from every miner that answered, on the winning root (a second claim where one was sent).
  const root = taskOutcome(e, task.id)?.root
  for (const r of reveals) {
    const m = actor(toHex(r.signer))
    if (m === undefined || root === undefined) continue
    out.push(
      sign(MessageKind.RewardClaimed, m, {
        timestamp: tb.validationDeadline + 3_000,
        taskId: task.id as Bytes,
        amount: 1n,
        outcomeRoot: root as Bytes,
      }),
    )
  }

  // Alerts of every kind an answer or score proves, evidence by id only (held, maybe pruned), and
  // one duplicate alert carrying its evidence.
  const alertBy = validators.at(-1)
  const [first, second] = reveals
  if (alertBy !== undefined && first !== undefined) {
    const alert = (subject: Uint8Array, fraudKind: FraudKind, evidence: AnySignedMessage[], carry = false) =>
      out.push(
        sign(MessageKind.FraudAlert, alertBy, {
          timestamp: tb.challengeDeadline - 1_000,
          taskId: task.id as Bytes,
          subject: subject as Bytes,
          fraudKind,
          evidenceIds: evidence.map((m) => m.id as Bytes),
          evidence: carry ? evidence.map((m) => m.bytes as Bytes) : [],
          riskBps: 9_000,
        }),
      )
    const commitOf = (r: SignedMessage<MessageKind.AnswerRevealed>) =>
      commits.filter((c) => toHex(c.id) === toHex(r.body.commitId))
    const withCommits = (rs: SignedMessage<MessageKind.AnswerRevealed>[]) =>
      rs.flatMap((r) => [r, ...commitOf(r)])
    if (second !== undefined) {
      alert(second.signer, FraudKind.DUPLICATE_ANSWER, withCommits([first, second]))
      alert(second.signer, FraudKind.NEAR_DUPLICATE, withCommits([first, second]))
      alert(first.signer, FraudKind.NEAR_DUPLICATE, withCommits([second, first]), true)
    }
    alert(first.signer, FraudKind.IMPLAUSIBLE_SPEED, withCommits([first]))
    const ofFirst = scores.filter((s) => toHex(s.body.submissionId) === toHex(first.id))
    if (ofFirst.length > 0) alert(first.signer, FraudKind.COLLUSION, [first, ...ofFirst])
    const byOne = scores.filter((s) => toHex(s.signer) === toHex(scores[0]?.signer ?? new Uint8Array()))
    if (byOne.length > 0) alert(byOne[0]!.signer, FraudKind.EQUIVOCATION, byOne)
  }

  // A dispute by an answering miner against a scoring validator, with pruned evidence; votes on it
  // and on the task's disputes from validators outside them.
  const opener = first === undefined ? undefined : actor(toHex(first.signer))
  const accused = scores[0]
  const late: AnySignedMessage[] = []
  if (opener !== undefined && accused !== undefined) {
    const d = sign(MessageKind.DisputeOpened, opener, {
      timestamp: tb.validationDeadline + 1_000,
      taskId: task.id as Bytes,
      disputeType: DisputeType.VALIDATION_ACCURACY,
      accused: accused.signer as Bytes,
      evidenceIds: [accused.id as Bytes, first!.id as Bytes],
      description: 'late',
    })
    out.push(d)
    late.push(d)
  }
  for (const d of [...disputes, ...late] as SignedMessage<MessageKind.DisputeOpened>[]) {
    const parties = new Set([toHex(d.signer), toHex(d.body.accused), publisher])
    for (const v of validators.filter((x) => !parties.has(x.hex)).slice(0, 2))
      out.push(
        sign(MessageKind.DisputeVote, v, {
          timestamp: d.body.timestamp + 1_000,
          disputeId: d.id as Bytes,
          uphold: true,
          reason: 'late',
        }),
      )
  }

  // The publisher cancels (too late to take effect), and a miner commits again and reveals its
  // answer again, opening its pruned commit.
  const pub = actor(publisher)
  if (pub !== undefined)
    out.push(
      sign(MessageKind.TaskCancelled, pub, {
        timestamp: tb.timestamp + 1_000,
        taskId: task.id as Bytes,
        reason: 'late',
      }),
    )
  if (first !== undefined && tb.commitDeadline > 0) {
    const m = actor(toHex(first.signer))!
    const c = commitOf0(commits, first)
    if (c !== undefined)
      out.push(
        sign(MessageKind.AnswerCommitted, m, {
          timestamp: c.body.timestamp + 1,
          taskId: task.id as Bytes,
          commitment: c.body.commitment as Bytes,
        }),
      )
    const { profileId: _p, ...body } = first.body
    out.push(sign(MessageKind.AnswerRevealed, m, { ...body, timestamp: first.body.timestamp + 1 }))
  }
  return out
}

function commitOf0(
  commits: readonly SignedMessage<MessageKind.AnswerCommitted>[],
  r: SignedMessage<MessageKind.AnswerRevealed>,
) {
  return commits.find((c) => toHex(c.id) === toHex(r.body.commitId))
}
