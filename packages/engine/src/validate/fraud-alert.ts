/**
 * FraudAlert rules (DESIGN §6): an alert is only as good as its evidence. Every evidence message
 * must be held or carried (carried copies must verify), and must prove the named kind of fraud
 * against the subject; an alert whose evidence provably does not prove it is REJECTed and costs its
 * sender. A parent that may still arrive (a commit, a scored answer) is IGNOREd with its id
 * (MISSING_PARENT, DESIGN §5.10). Admission reads only the alert, its evidence and their parents
 * (DESIGN §5.7); what needs derived state (does a collusion signal reproduce against consensus?)
 * decides the alert's effect in derivation.
 */
import {
  type AnySignedMessage,
  bytesEqual,
  FraudKind,
  MessageKind,
  type SignedMessage,
  Verdict,
} from '@aimesh/protocol'
import { answerAuthoredAt, usesCommitReveal } from '../answer-time.js'
import { DIFFICULTY_RULE } from '../derive/mapping.js'
import { EngineValidationError, missingParent, RejectCode, reject } from '../errors.js'
import { nests } from '../finality.js'
import type { GenesisParams } from '../genesis.js'
import { hex } from '../ids.js'
import { MIN_WORK_SECONDS, NEAR_DUPLICATE_THRESHOLD, sketchSimilarity } from '../rules/index.js'
import { scopeOf } from '../scopes.js'
import { type AnswerFacts, answerFacts, type Parent, type ParentOf } from '../stubs.js'
import { checkRevealOpens, checkRevealShape } from './answers.js'
import { beforeSettlement, inWindow, parentTask } from './common.js'
import type { ValidationView } from './view.js'

type Task = SignedMessage<MessageKind.TaskPublished>
type Reveal = SignedMessage<MessageKind.AnswerRevealed>

function bad(why: string): never {
  reject(RejectCode.EVIDENCE_INVALID, why)
}

/** Runs a rule on an evidence message; its REJECT becomes EVIDENCE_INVALID, its IGNORE passes through. */
function asEvidence<T>(what: string, check: () => T): T {
  try {
    return check()
  } catch (err) {
    if (err instanceof EngineValidationError && err.verdict === Verdict.Reject) bad(`${what}: ${err.message}`)
    throw err
  }
}

/**
 * An evidence answer of the alert's task with its authoring time (null when its commit is neither
 * held nor carried yet) and what proofs compare of it.
 */
interface TimedReveal {
  id: Uint8Array
  signer: Uint8Array
  taskId: Uint8Array
  commitId: Uint8Array
  at: number | null
  facts: AnswerFacts
}

/**
 * Times a carried evidence answer of the alert's task as derivation does (answerAuthoredAt): by its
 * commit for commit–reveal tasks. A carried answer was never validated: it must be a valid one
 * (shape, reveal window, opens its commit); a commit not held or carried leaves the time unknown.
 */
function timeCarried(task: Task, reveal: Reveal, find: (idHex: string) => Parent | undefined) {
  const t = task.body
  asEvidence('an evidence answer is invalid', () => {
    checkRevealShape(task, reveal)
    if (usesCommitReveal(task))
      inWindow(reveal.body.timestamp, t.commitDeadline, t.submissionDeadline, 'reveal')
    else inWindow(reveal.body.timestamp, t.timestamp, t.submissionDeadline, 'answer')
  })
  if (!usesCommitReveal(task)) return answerAuthoredAt(reveal, undefined)
  const commit = find(hex(reveal.body.commitId))
  if (commit === undefined) return null
  asEvidence('an evidence answer does not open a valid commit', () => {
    checkRevealOpens(reveal, commit)
    // A carried commit was never validated: it must lie in the commit window like any held one.
    inWindow(commit.body.timestamp, t.timestamp, t.commitDeadline, 'commit')
  })
  return answerAuthoredAt(reveal, commit as ParentOf<MessageKind.AnswerCommitted>)
}

/**
 * Times a held evidence answer of the alert's task. It passed the same checks as a carried one when
 * it was admitted against this task, and its commit is held with it (eviction takes an answer with
 * its commit), so only the time is read: from the commit's or the answer's stub fields, the same
 * whether this node pruned their bodies or not (stubs.ts).
 */
function timeHeld(
  task: Task,
  reveal: ParentOf<MessageKind.AnswerRevealed>,
  find: (idHex: string) => Parent | undefined,
) {
  if (!usesCommitReveal(task)) return reveal.body.timestamp
  const commit = find(hex(reveal.body.commitId))
  return commit === undefined ? null : commit.body.timestamp
}

/** IGNORE MISSING_PARENT naming the commits of the evidence answers that are neither held nor carried. */
function awaitCommits(answers: readonly TimedReveal[], why: string): void {
  const absent = answers.filter((a) => a.at === null)
  if (absent.length === 0) return
  missingParent(
    absent.map((a) => a.commitId),
    absent[0]!.taskId,
    why,
  )
}

/**
 * Proves "an earlier answer by another miner matches the subject's" (DESIGN §6, the derivation's
 * author order: time, then id). Unproven with every time known → REJECT; unproven while a commit is
 * still missing → IGNORE.
 */
function proveCopied(
  answers: readonly TimedReveal[],
  subject: Uint8Array,
  matches: (original: AnswerFacts, copy: AnswerFacts) => boolean,
  why: string,
): void {
  const mine = answers.filter((a) => bytesEqual(a.signer, subject))
  const others = answers.filter((a) => !bytesEqual(a.signer, subject))
  if (mine.length === 0) bad(`${why}: the subject's answer is not in the evidence`)
  const known = (a: TimedReveal): a is TimedReveal & { at: number } => a.at !== null
  const earlier = (o: { at: number; id: Uint8Array }, s: { at: number; id: Uint8Array }) =>
    o.at < s.at || (o.at === s.at && hex(o.id) < hex(s.id))
  const proven = mine
    .filter(known)
    .some((s) => others.filter(known).some((o) => earlier(o, s) && matches(o.facts, s.facts)))
  if (proven) return
  awaitCommits(answers, 'an evidence answer’s commit is not known yet')
  bad(why)
}

/**
 * Checks the alert's evidence against the fraud kind it names. Held evidence is read as a Parent
 * (what a pruned node's stub keeps, stubs.ts), carried evidence whole.
 */
export function validateFraudAlert(view: ValidationView, msg: SignedMessage<MessageKind.FraudAlert>): void {
  const task = parentTask(view, msg.body.taskId)
  beforeSettlement(view, task, msg.body.timestamp, 'alert')
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
  const find = (id: string): Parent | undefined => view.getMessage(id) ?? carried.get(id)
  const absent = msg.body.evidenceIds.filter((id) => find(hex(id)) === undefined)
  if (absent.length > 0) missingParent(absent, msg.body.taskId, 'alert evidence is neither held nor carried')
  const evidence = [...wanted].map((id) => find(id)!)
  const subject = msg.body.subject
  const ofTask = (e: Parent): boolean =>
    e.kind === MessageKind.TaskPublished
      ? bytesEqual(e.id, task.id)
      : 'taskId' in e.body && bytesEqual(e.body.taskId, task.id)
  const timed = (e: ParentOf<MessageKind.AnswerRevealed>): TimedReveal => {
    const idHex = hex(e.id)
    const held = view.hasMessage(idHex)
    const whole = carried.get(idHex) as Reveal | undefined
    const at = held || whole === undefined ? timeHeld(task, e, find) : timeCarried(task, whole, find)
    const facts = held || whole === undefined ? view.answerFacts(idHex) : answerFacts(whole.body.answer)
    // A held answer has its facts (its body or its stub); nothing else reaches here.
    return { id: e.id, signer: e.signer, taskId: e.body.taskId, commitId: e.body.commitId, at, facts: facts! }
  }
  const answers = (): TimedReveal[] =>
    evidence
      .filter(
        (e): e is ParentOf<MessageKind.AnswerRevealed> => e.kind === MessageKind.AnswerRevealed && ofTask(e),
      )
      .map(timed)
  const proof = PROOF_OF[msg.body.fraudKind]
  if (proof === undefined) bad('unknown fraud kind')
  proof({ msg, task, evidence, subject, ofTask, answers, find, params: view.genesis.params })
}

/** What a fraud kind's proof reads: the alert, its task, its evidence (held or carried). */
interface AlertEvidence {
  msg: SignedMessage<MessageKind.FraudAlert>
  task: Task
  evidence: readonly Parent[]
  subject: Uint8Array
  /** Whether an evidence message belongs to the alert's task. */
  ofTask(e: Parent): boolean
  /** The evidence answers of the task, timed as derivation times them. */
  answers(): TimedReveal[]
  find(idHex: string): Parent | undefined
  params: GenesisParams
}

/** How each fraud kind is proven from the evidence; returns when proven, throws otherwise. */
const PROOF_OF: Readonly<Record<FraudKind, (a: AlertEvidence) => void>> = {
  [FraudKind.FRAUD_KIND_UNSPECIFIED]: () => bad('unknown fraud kind'),
  [FraudKind.EQUIVOCATION]: ({ evidence, subject, ofTask, find, params }) => {
    // DESIGN §5.8: quota + 1 messages of one scope signed by the subject are the proof, whatever
    // the kind (two scores of one answer, two votes in one round, two answers to one task, …).
    const ofAlertTask = (e: Parent): boolean => {
      if (e.kind !== MessageKind.DisputeVote) return ofTask(e)
      const dispute = find(hex(e.body.disputeId))
      return dispute !== undefined && ofTask(dispute)
    }
    const counts = new Map<string, number>()
    let proven = false
    for (const e of evidence) {
      if (!bytesEqual(e.signer, subject) || !ofAlertTask(e)) continue
      // A stub keeps every field a scope is made of (stubs.ts STUB_FIELDS), so a held parent,
      // pruned or not, has the scope of its full message.
      const scope = scopeOf(e as AnySignedMessage, params)
      const n = (counts.get(scope.key) ?? 0) + 1
      counts.set(scope.key, n)
      if (n > scope.quota) proven = true
    }
    if (!proven) bad("equivocation needs quota + 1 of the subject's messages in one scope of the task")
  },
  [FraudKind.CONFLICTING_CERTIFICATE]: ({ evidence, subject, ofTask }) => {
    const votes = evidence.filter(
      (e): e is ParentOf<MessageKind.ConsensusVote> =>
        e.kind === MessageKind.ConsensusVote && bytesEqual(e.signer, subject) && ofTask(e),
    )
    // DESIGN §5.4: an honest validator's outcome sets only grow, so any two of its votes nest; two
    // that do not (neither set contains the other) are the proof, from the two votes alone.
    const sets = votes.map((v) => v.body.includedIds.map(hex))
    const proven = sets.some((a, i) => sets.some((b, j) => i < j && !nests(a, b)))
    if (!proven) bad('conflicting certificates need two votes by the subject whose sets do not nest')
  },
  [FraudKind.DUPLICATE_ANSWER]: ({ answers, subject }) =>
    proveCopied(
      answers(),
      subject,
      (o, s) => bytesEqual(o.hash, s.hash),
      "duplicate needs the subject's answer and an identical earlier answer by another miner",
    ),
  [FraudKind.NEAR_DUPLICATE]: ({ answers, subject }) =>
    proveCopied(
      answers(),
      subject,
      (o, s) => sketchSimilarity(o.sketch, s.sketch) >= NEAR_DUPLICATE_THRESHOLD,
      "near-duplicate needs the subject's answer and a similar earlier answer by another miner",
    ),
  [FraudKind.IMPLAUSIBLE_SPEED]: ({ answers, subject, task }) => {
    const mine = answers().filter((a) => bytesEqual(a.signer, subject))
    if (mine.length === 0) bad("implausible speed needs the subject's answer")
    // Timed as derivation times it (tooFastSignal): commit for commit–reveal tasks, else reveal.
    const minimum = MIN_WORK_SECONDS[DIFFICULTY_RULE[task.body.difficulty]] * 1000
    if (mine.some((a) => a.at !== null && a.at - task.body.timestamp < minimum)) return
    awaitCommits(mine, 'the answer’s commit is not known yet')
    bad('the answer was not faster than the difficulty allows')
  },
  [FraudKind.COLLUSION]: ({ msg, evidence, find }) => checkCollusion(msg, evidence, find),
}

/**
 * COLLUSION (DESIGN §6: repeated scoring far above consensus). Admission reads only immutable data
 * (DESIGN §5.7): the evidence must be the subject's answers and scores of them, each scored answer
 * held or carried (else MISSING_PARENT), anything else is provably unrelated (REJECT). Whether the
 * signal reproduces against consensus is derived state, so derivation decides the alert's effect
 * (derive/task/fraud.ts), never its admission.
 */
function checkCollusion(
  msg: SignedMessage<MessageKind.FraudAlert>,
  evidence: readonly Parent[],
  find: (idHex: string) => Parent | undefined,
): void {
  const subject = msg.body.subject
  const absent: Uint8Array[] = []
  let scores = 0
  for (const e of evidence) {
    if (e.kind === MessageKind.AnswerRevealed) {
      if (!bytesEqual(e.signer, subject)) bad('collusion evidence holds another miner’s answer')
      continue
    }
    if (e.kind !== MessageKind.ValidationScored) bad('collusion evidence is answers and scores only')
    scores++
    const sub = find(hex(e.body.submissionId))
    if (sub === undefined) {
      absent.push(e.body.submissionId)
      continue
    }
    if (sub.kind !== MessageKind.AnswerRevealed) bad('a score in the evidence does not name an answer')
    if (!bytesEqual(sub.signer, subject)) bad('a score in the evidence is of another miner’s answer')
    if (!bytesEqual(sub.body.taskId, e.body.taskId))
      bad('a score in the evidence names an answer of another task')
  }
  if (scores === 0) bad('collusion needs scores of the subject’s answers')
  if (absent.length > 0) missingParent(absent, undefined, 'a scored answer in the evidence is not known yet')
}
