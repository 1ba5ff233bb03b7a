/**
 * Task derivation: every record of one task as a PURE function of the task's message set, the
 * engine clock, and the task's trust snapshot (DESIGN §5.1). Nothing here depends on the order in
 * which messages arrived: every sibling-dependent decision (cancel before the first answer, one
 * answer per miner, max submissions, first claim, equivocation) is taken over the whole set with
 * the canonical tie-break (author timestamp, message id).
 *
 * The clock enters only through the task's phase time te = max(clock, newest author time in the
 * task): a message's own timestamp proves its phase began, and deadlines fire when te reaches them.
 * The returned `deadlines` are every point the clock is compared with, so `advance(now)` knows
 * which tasks to re-derive.
 */
import {
  type AnySignedMessage,
  answerHash,
  type DisputeRecord,
  DisputeStatus,
  Finality,
  type FraudAnalysis as FraudAnalysisRecord,
  FraudKind,
  MessageKind,
  type RewardDistribution,
  type RewardEntry as RewardEntryRecord,
  type SignedMessage,
  type SubmissionRecord,
  sha256,
  type TaskRecord,
  TaskStatus,
  type TaskTransition,
  type ValidationRecord,
  VerificationType,
} from '@aimesh/protocol'
import { answerAuthoredAt } from '../answer-time.js'
import type { ValidatorSet } from '../epochs.js'
import { findCertificates, outcomeIds, outcomeRoot, type VoteInput } from '../finality.js'
import type { Genesis } from '../genesis.js'
import { hex, unhex } from '../ids.js'
import {
  type ConsensusResult,
  collusionSignal,
  compareRank,
  computeConsensus,
  type DisputeCase,
  type DisputeVoteRecord,
  detectEquivocations,
  distributeRewards,
  duplicateSignal,
  FRAUD_FLAG_THRESHOLD,
  type FraudSignal,
  type FraudSubmission,
  fraudRisk,
  isInflatedScore,
  NEAR_DUPLICATE_THRESHOLD,
  type ReputationEvent,
  type RewardSubmission,
  type RewardValidator,
  resolveDispute,
  type ScoreRecord,
  type ShingleSketch,
  selectDisputePanel,
  shingleSketch,
  sketchSimilarity,
  type TrustEvent,
  tooFastSignal,
} from '../rules/index.js'
import type { RecordPut } from '../store-port.js'
import {
  DIFFICULTY_NUMBER,
  DIFFICULTY_RULE,
  DISPUTE_TYPE_NUMBER,
  DISPUTE_TYPE_RULE,
  FRAUD_KIND_NUMBER,
  FRAUD_KIND_OF_SIGNAL,
  REWARD_ROLE_RECORD,
  TASK_TYPE_NUMBER,
  TASK_TYPE_RULE,
} from './mapping.js'

type Msg<K extends MessageKind> = SignedMessage<K>
type Bytes = Uint8Array<ArrayBuffer>

/** Record byte fields are typed over ArrayBuffer; every id here is a fresh hash or decoded copy. */
function b(u: Uint8Array): Bytes {
  return u as Bytes
}

/** What one task contributes to one account's cross-task aggregates. */
export interface Contribution {
  submissions: number
  wins: number
  validations: number
  outlierValidations: number
  scoreSum: number
  earned: bigint
  lastActiveAt: number
  trust: TrustEvent[]
  reputation: ReputationEvent[]
  /** Validations of this account's answers with their consensus, for later tasks' collusion checks. */
  scores: { time: number; record: ScoreRecord }[]
  /** Counted answers with a duplicate or near-duplicate signal (BehaviourPattern.duplicateAnswers). */
  duplicateAnswers: number
  /** Counted answers with a too-fast signal (BehaviourPattern.fastAnswers). */
  fastAnswers: number
  /** This account's scores that count toward a collusion signal (rules/fraud isInflatedScore). */
  inflatedScores: number
  /** (validator, submission) pairs where this account signed two different scores. */
  equivocations: number
  /** Sum over the counted answers of (authored time − workStartedAt, clamped ≥ 0), in ms. */
  workMs: bigint
  /** Latest author time of the messages behind the behaviour fields above (0 when none). */
  behaviourAt: number
}

/** A fraud alert for the node to sign and gossip (DESIGN §6). */
export interface FraudAlertDraft {
  taskId: Uint8Array
  subject: Uint8Array
  fraudKind: FraudKind
  evidenceIds: Uint8Array[]
  riskBps: number
}

/** Everything the derivation needs besides the messages. */
export interface TaskContext {
  genesis: Genesis
  clock: number
  /** The task's digest and message count (computed by the engine over the id set). */
  digest: Uint8Array
  /** The validator set of the task's epoch (DESIGN §5.4): only its members' scores count. */
  validators: ValidatorSet
  /** Dispute panel candidates with trust in this task's snapshot. */
  panelCandidates(): { account: string; trust: number }[]
  /** Earlier validations of a miner's answers (snapshot), for the collusion signal. */
  scoreHistory(miner: string): ScoreRecord[]
}

/** The task's derived records and cross-task effects. */
export interface DerivedTask {
  status: TaskStatus
  puts: RecordPut[]
  contributions: Map<string, Contribution>
  alerts: FraudAlertDraft[]
  /** Accounts whose trust or score history this derivation read. */
  dependsOn: Set<string>
  /** True when it read every account's trust (dispute panels). */
  dependsOnAll: boolean
  /** Every time the clock was compared with. */
  deadlines: number[]
  /**
   * The root of the derived outcome (the certified set's once a certificate wins, else over every
   * accepted answer and counted score held) and the ids it covers: what this node votes for.
   */
  outcomeRoot: Uint8Array
  outcomeIds: string[]
  /** How settled the outcome is (DESIGN §5.5), as stored in the task record. */
  finality: Finality
  /** The winning certificate's root (hex) and the round it reached the threshold, or null. */
  winner: { root: string; round: number } | null
  /** When the last vote round closes: validation deadline + maxRounds·roundMs. */
  finalAt: number
  /**
   * Unrounded consensus score of each submission whose validations entered the score history (task
   * completed, consensus reached, not flagged), by submission id: what COLLUSION alerts are checked against.
   */
  consensus: Map<string, number>
}

/** Per-message memo of expensive, message-only values (hashes, sketches): pure caching. */
interface RevealMemo {
  answerHash: Uint8Array
  answerHashHex: string
  sketch?: ShingleSketch
}
const revealMemo = new WeakMap<object, RevealMemo>()

function memoOf(m: Msg<MessageKind.AnswerRevealed>): RevealMemo {
  let memo = revealMemo.get(m)
  if (memo === undefined) {
    const h = answerHash(m.body.answer)
    memo = {
      answerHash: h,
      answerHashHex: hex(h),
    }
    revealMemo.set(m, memo)
  }
  return memo
}

/** A vote's covered ids as hex (sorted, as the schema requires), memoised per message: pure caching. */
const includedMemo = new WeakMap<object, string[]>()
function includedOf(m: Msg<MessageKind.ConsensusVote>): string[] {
  let ids = includedMemo.get(m)
  if (ids === undefined) {
    ids = m.body.includedIds.map(hex)
    includedMemo.set(m, ids)
  }
  return ids
}

function sketchOf(m: Msg<MessageKind.AnswerRevealed>): ShingleSketch {
  const memo = memoOf(m)
  memo.sketch ??= shingleSketch(m.body.answer)
  return memo.sketch
}

/** A message with its hex id and signer, sorted canonically. */
interface Item<K extends MessageKind = MessageKind> {
  m: Msg<K>
  id: string
  signer: string
  ts: number
}

function byTimeId(a: Item, b: Item): number {
  return a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

function emptyContribution(): Contribution {
  return {
    submissions: 0,
    wins: 0,
    validations: 0,
    outlierValidations: 0,
    scoreSum: 0,
    earned: 0n,
    lastActiveAt: 0,
    trust: [],
    reputation: [],
    scores: [],
    duplicateAnswers: 0,
    fastAnswers: 0,
    inflatedScores: 0,
    equivocations: 0,
    workMs: 0n,
    behaviourAt: 0,
  }
}

interface SubmissionState {
  reveal: Item<MessageKind.AnswerRevealed>
  commit: Item<MessageKind.AnswerCommitted> | null
  submittedAt: number
  consensus: ConsensusResult | null
  flagged: boolean
  /** Duplicate or near-duplicate signal (behaviour). */
  duplicate: boolean
  /** Too-fast signal (behaviour). */
  fast: boolean
  validations: Item<MessageKind.ValidationScored>[]
}

const SIGNAL_ORDER = ['duplicate', 'near-duplicate', 'too-fast', 'collusion', 'equivocation'] as const

/** Signals judged by when answers were authored: their alerts carry the answers' commit ids. */
const ANSWER_TIMED: ReadonlySet<FraudSignal['kind']> = new Set(['duplicate', 'near-duplicate', 'too-fast'])

/** Most evidence ids a FraudAlert carries (messages.proto FraudAlertBody.evidenceIds limit). */
const MAX_ALERT_EVIDENCE = 32

/** Near-duplicate signal with cached sketches; same result as the rule's nearDuplicateSignal. */
function nearDuplicate(
  target: SubmissionState,
  earlierOthers: readonly SubmissionState[],
): FraudSignal | null {
  const sketch = sketchOf(target.reveal.m)
  const targetHash = memoOf(target.reveal.m).answerHashHex
  let best: { id: string; similarity: number } | null = null
  for (const o of earlierOthers) {
    if (memoOf(o.reveal.m).answerHashHex === targetHash) continue
    const similarity = sketchSimilarity(sketch, sketchOf(o.reveal.m))
    if (best === null || similarity > best.similarity) best = { id: o.reveal.id, similarity }
  }
  if (best === null || best.similarity < NEAR_DUPLICATE_THRESHOLD) return null
  return { kind: 'near-duplicate', value: best.similarity, evidence: [best.id] }
}

function fraudSubmission(s: SubmissionState): FraudSubmission {
  return {
    id: s.reveal.id,
    miner: s.reveal.signer,
    contentHash: memoOf(s.reveal.m).answerHashHex,
    answer: s.reveal.m.body.answer,
    authoredAt: s.submittedAt,
  }
}

/**
 * When a decided dispute was decided: the first instant its resolution stopped being pending, or
 * the deadline. The rule freezes the outcome at the first strict majority, so "decided as of t" is
 * monotone in t and a binary search over the vote instants finds it with O(log V) rule calls.
 */
function decisionInstant(
  dcase: DisputeCase,
  panel: readonly string[],
  votes: readonly DisputeVoteRecord[],
  deadline: number,
): number {
  const times = [...new Set(votes.map((v) => v.time))].filter((t) => t <= deadline).sort((a, b) => a - b)
  let lo = 0
  let hi = times.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (resolveDispute(dcase, panel, votes, times[mid]!, deadline).status !== 'pending') hi = mid
    else lo = mid + 1
  }
  return lo < times.length ? times[lo]! : deadline
}

/**
 * Whether an incoming COLLUSION alert's signal reproduces (DESIGN §5.7: its effect, decided here):
 * the rule (collusionSignal) over the evidence scores that are in the subject's score history of
 * this task's snapshot (tasks completed before its publication, consensus known). Not reproduced:
 * the alert is held and has no effect, since another node's history may hold more than ours.
 */
function collusionReproduces(
  alert: Msg<MessageKind.FraudAlert>,
  ctx: TaskContext,
  dependsOn: Set<string>,
): boolean {
  const subject = hex(alert.body.subject)
  dependsOn.add(subject)
  const evidence = new Set(alert.body.evidenceIds.map(hex))
  const history = ctx.scoreHistory(subject).filter((r) => evidence.has(r.messageId))
  const target = { id: '', miner: subject, contentHash: '', answer: '', authoredAt: 0 }
  return collusionSignal(target, history) !== null
}

/** Derives every record of one task from its message set (see the file comment). */
export function deriveTask(
  publish: Msg<MessageKind.TaskPublished>,
  messages: readonly AnySignedMessage[],
  ctx: TaskContext,
): DerivedTask {
  const task = publish.body
  const taskId = b(publish.id)
  const taskHex = hex(taskId)
  const publisher = hex(publish.signer)
  const { genesis } = ctx
  const params = genesis.params

  // ---- group the set canonically ------------------------------------------------------------
  const commits: Item<MessageKind.AnswerCommitted>[] = []
  const reveals: Item<MessageKind.AnswerRevealed>[] = []
  const scores: Item<MessageKind.ValidationScored>[] = []
  const votes: Item<MessageKind.ConsensusVote>[] = []
  const cancels: Item<MessageKind.TaskCancelled>[] = []
  const disputes: Item<MessageKind.DisputeOpened>[] = []
  const disputeVotes: Item<MessageKind.DisputeVote>[] = []
  const claims: Item<MessageKind.RewardClaimed>[] = []
  const alertsIn: Item<MessageKind.FraudAlert>[] = []
  let newest = publish.body.timestamp
  for (const m of messages) {
    const item = { m, id: hex(m.id), signer: hex(m.signer), ts: m.body.timestamp }
    if (item.ts > newest) newest = item.ts
    switch (m.kind) {
      case MessageKind.TaskCancelled:
        cancels.push(item as Item<MessageKind.TaskCancelled>)
        break
      case MessageKind.AnswerCommitted:
        commits.push(item as Item<MessageKind.AnswerCommitted>)
        break
      case MessageKind.AnswerRevealed:
        reveals.push(item as Item<MessageKind.AnswerRevealed>)
        break
      case MessageKind.ValidationScored:
        scores.push(item as Item<MessageKind.ValidationScored>)
        break
      case MessageKind.ConsensusVote:
        votes.push(item as Item<MessageKind.ConsensusVote>)
        break
      case MessageKind.FraudAlert:
        alertsIn.push(item as Item<MessageKind.FraudAlert>)
        break
      case MessageKind.DisputeOpened:
        disputes.push(item as Item<MessageKind.DisputeOpened>)
        break
      case MessageKind.DisputeVote:
        disputeVotes.push(item as Item<MessageKind.DisputeVote>)
        break
      case MessageKind.RewardClaimed:
        claims.push(item as Item<MessageKind.RewardClaimed>)
        break
      default:
        break
    }
  }
  for (const list of [commits, reveals, scores, votes, cancels, disputes, disputeVotes, claims, alertsIn]) {
    list.sort(byTimeId)
  }
  const te = Math.max(ctx.clock, newest)
  const sd = task.submissionDeadline
  const vd = task.validationDeadline
  const usesCommit = task.commitDeadline > 0
  const deadlines = [sd, vd]
  const required = Math.max(
    task.verification?.type === VerificationType.EXPERT_REVIEW
      ? (task.verification?.expertCount ?? 0)
      : (task.verification?.requiredReviewers ?? 0),
    2,
  )

  const transitions: TaskTransition[] = []
  let status = TaskStatus.TASK_STATUS_UNSPECIFIED
  const move = (to: TaskStatus, at: number, trigger: string, triggerId?: string): void => {
    transitions.push({
      taskId,
      from: status,
      to,
      at,
      triggerId: triggerId === undefined ? new Uint8Array(0) : unhex(triggerId),
      trigger,
    })
    status = to
  }
  move(TaskStatus.PUBLISHED, task.timestamp, 'published', hex(taskId))

  // ---- finality: certificates over the votes (DESIGN §5.5) ---------------------------------
  // Evaluated first: once a certificate wins, the outcome is derived from its set only, so answers
  // and counted scores outside it (a backdated score that arrived late) stay in the log but change
  // nothing. Only the epoch's validators count (DESIGN §5.4); anyone else's score is a shadow score.
  const dependsOn = new Set<string>()
  const epochWeights = ctx.validators.weights
  const weight = (v: string): number => epochWeights.get(v) ?? 0
  const scoreById = new Map(scores.map((v) => [v.id, v]))
  const voteInputs: VoteInput[] = votes
    .filter((v) => v.ts >= vd)
    .map((v) => ({
      id: v.id,
      voter: v.signer,
      round: v.m.body.round,
      at: v.ts,
      root: hex(v.m.body.outcomeRoot),
      included: includedOf(v.m),
    }))
  const finality = findCertificates(
    voteInputs,
    epochWeights,
    params.certificateThresholdBps,
    params.certificateMinVoters,
  )
  const finalAt = vd + params.maxRounds * params.roundMs
  deadlines.push(finalAt)
  const certified = finality.winner === null ? null : new Set(finality.winner.included)
  const inOutcome = (id: string): boolean => certified === null || certified.has(id)

  // ---- cancellation: only before the first answer, by canonical order ----------------------
  const firstAnswer = [...commits, ...reveals].sort(byTimeId)[0]
  const cancel = cancels.find(
    (c) => c.signer === publisher && c.ts < sd && (firstAnswer === undefined || byTimeId(c, firstAnswer) < 0),
  )

  // ---- submissions: one per miner (its first reveal), at most maxSubmissions ---------------
  const submissions: SubmissionState[] = []
  if (cancel === undefined) {
    const commitsById = new Map(commits.map((c) => [c.id, c]))
    const firstByMiner = new Map<string, SubmissionState>()
    for (const r of reveals) {
      if (r.signer === publisher || r.ts >= sd || !inOutcome(r.id)) continue
      let commit: Item<MessageKind.AnswerCommitted> | null = null
      if (usesCommit) {
        // Validation admitted the reveal only once the commit it names (its author's, opened by it)
        // was held, so the named commit is in the set: the answer is timed by it, as every node does.
        commit = commitsById.get(hex(r.m.body.commitId)) ?? null
        if (commit === null || r.ts < task.commitDeadline) continue
      }
      const s: SubmissionState = {
        reveal: r,
        commit,
        submittedAt: answerAuthoredAt(r.m, commit?.m),
        consensus: null,
        flagged: false,
        duplicate: false,
        fast: false,
        validations: [],
      }
      const prior = firstByMiner.get(r.signer)
      if (
        prior === undefined ||
        s.submittedAt < prior.submittedAt ||
        (s.submittedAt === prior.submittedAt && r.id < prior.reveal.id)
      ) {
        firstByMiner.set(r.signer, s)
      }
    }
    const ordered = [...firstByMiner.values()].sort(
      (a, b) => a.submittedAt - b.submittedAt || (a.reveal.id < b.reveal.id ? -1 : 1),
    )
    submissions.push(...ordered.slice(0, task.maxSubmissions))
  }
  const subById = new Map(submissions.map((s) => [s.reveal.id, s]))
  const miners = new Set(submissions.map((s) => s.reveal.signer))

  // ---- validations and consensus -------------------------------------------------------------
  for (const m of miners) dependsOn.add(m)
  for (const v of scores) {
    const s = subById.get(hex(v.m.body.submissionId))
    if (s === undefined || v.signer === s.reveal.signer || v.signer === publisher) continue
    // Shadow scores are in no root (DESIGN §5.5), so a certificate never leaves them out: they still
    // earn their validators trust for later epochs.
    if (weight(v.signer) > 0 && !inOutcome(v.id)) continue
    if (v.ts < sd || v.ts >= vd) continue
    s.validations.push(v)
  }
  const equivocations = detectEquivocations(
    submissions.flatMap((s) =>
      s.validations.map((v) => ({
        messageId: v.id,
        validator: v.signer,
        submissionId: s.reveal.id,
        score: v.m.body.score,
      })),
    ),
  )
  const equivocators = new Set(
    equivocations.map((e) =>
      e.subject.kind === 'validator' ? `${e.subject.account}:${e.subject.submissionId}` : '',
    ),
  )
  const validationRecords: ValidationRecord[] = []
  const recordOf = new Map<string, ValidationRecord>()
  /** Every accepted score of an accepted answer by a validator of the epoch: what the outcome root covers. */
  const outcomeValidationIds: string[] = []
  const validatorOutlier = new Map<string, boolean>()
  const validatorScoredReached = new Set<string>()
  for (const s of submissions) {
    s.consensus = computeConsensus(
      s.reveal.id,
      s.validations.map((v) => ({ validator: v.signer, score: v.m.body.score, weight: weight(v.signer) })),
      required,
    )
    const outliers = new Set(s.consensus.outliers)
    for (const v of s.validations) {
      const equivocated = equivocators.has(`${v.signer}:${s.reveal.id}`)
      const counted = weight(v.signer) > 0 && !equivocated
      const outlier = s.consensus.median !== null && (outliers.has(v.signer) || equivocated)
      if (weight(v.signer) > 0) outcomeValidationIds.push(v.id)
      if (s.consensus.median !== null) {
        validatorOutlier.set(v.signer, (validatorOutlier.get(v.signer) ?? false) || outlier)
        if (s.consensus.reached) validatorScoredReached.add(v.signer)
      }
      const record: ValidationRecord = {
        id: b(v.m.id),
        taskId,
        submissionId: b(s.reveal.m.id),
        validator: b(v.m.signer),
        score: v.m.body.score,
        at: v.ts,
        outlier,
        counted,
      }
      validationRecords.push(record)
      recordOf.set(v.id, record)
    }
  }

  // ---- fraud analysis ------------------------------------------------------------------------
  const fraudRecords: FraudAnalysisRecord[] = []
  const alerts: FraudAlertDraft[] = []
  const fraudTask = { id: taskHex, difficulty: DIFFICULTY_RULE[task.difficulty], publishedAt: task.timestamp }
  const fraudSubs = submissions.map(fraudSubmission)
  const pushAnalysis = (
    subjectId: Bytes,
    account: string,
    signals: FraudSignal[],
    analyzedAt: number,
    leadEvidence: string[],
    kindOverride?: FraudKind,
  ): boolean => {
    if (signals.length === 0) return false
    const ordered = [...signals].sort((a, b) => SIGNAL_ORDER.indexOf(a.kind) - SIGNAL_ORDER.indexOf(b.kind))
    const risk = fraudRisk(ordered)
    const flagged = risk >= FRAUD_FLAG_THRESHOLD
    const riskBps = Math.round(risk * 10_000)
    fraudRecords.push({
      subjectId,
      taskId,
      account: unhex(account),
      signals: ordered.map((s) => ({
        kind: FRAUD_KIND_NUMBER[kindOverride ?? FRAUD_KIND_OF_SIGNAL[s.kind]],
        valueBps: Math.round(s.value * 10_000),
        evidenceIds: s.evidence.map(unhex),
      })),
      riskBps,
      flagged,
      analyzedAt,
    })
    if (flagged) {
      const strongest = ordered.reduce((a, b) => (b.value > a.value ? b : a))
      let evidence = [...leadEvidence, ...strongest.evidence]
      if (ANSWER_TIMED.has(strongest.kind)) {
        // Signals that compare answers' authoring times name each answer's commit too (commit–reveal
        // tasks time an answer by its commit, answer-time.ts), so a peer can check the alert from
        // its evidence alone (validate/fraud-alert.ts).
        evidence = evidence.flatMap((id) => {
          const commit = subById.get(id)?.commit
          return commit ? [id, commit.id] : [id]
        })
      }
      evidence = [...new Set(evidence)].slice(0, MAX_ALERT_EVIDENCE)
      alerts.push({
        taskId,
        subject: unhex(account),
        fraudKind: kindOverride ?? FRAUD_KIND_OF_SIGNAL[strongest.kind],
        evidenceIds: evidence.map(unhex),
        riskBps,
      })
    }
    return flagged
  }
  for (let i = 0; i < submissions.length; i++) {
    const s = submissions[i]!
    const target = fraudSubs[i]!
    const earlierOthers = submissions.filter(
      (o, j) =>
        o.reveal.signer !== s.reveal.signer &&
        (fraudSubs[j]!.authoredAt < target.authoredAt ||
          (fraudSubs[j]!.authoredAt === target.authoredAt && fraudSubs[j]!.id < target.id)),
    )
    const duplicate = duplicateSignal(target, fraudSubs)
    const near = nearDuplicate(s, earlierOthers)
    const fast = tooFastSignal(target, fraudTask)
    s.duplicate = duplicate !== null || near !== null
    s.fast = fast !== null
    const signals = [
      duplicate,
      near,
      fast,
      collusionSignal(target, ctx.scoreHistory(s.reveal.signer)),
    ].filter((x): x is FraudSignal => x !== null)
    s.flagged = pushAnalysis(b(s.reveal.m.id), s.reveal.signer, signals, s.submittedAt, [s.reveal.id])
  }
  for (const e of equivocations) {
    if (e.subject.kind !== 'validator') continue
    const evidence = e.signals[0]?.evidence ?? []
    const at = Math.max(...scores.filter((v) => evidence.includes(v.id)).map((v) => v.ts))
    pushAnalysis(
      sha256(unhex(e.subject.account), unhex(e.subject.submissionId)),
      e.subject.account,
      e.signals,
      at,
      [],
    )
  }

  // ---- outcome root and conflicting certificates ------------------------------------------------
  const root = outcomeRoot(
    taskId,
    submissions.map((s) => s.reveal.id),
    outcomeValidationIds,
  )
  const included = outcomeIds(
    submissions.map((s) => s.reveal.id),
    outcomeValidationIds,
  )
  for (const c of finality.conflicts) {
    const at = Math.max(...votes.filter((v) => c.evidence.includes(v.id)).map((v) => v.ts))
    const [ra, rb] = [...c.roots].sort()
    pushAnalysis(
      sha256(unhex(c.voter), taskId, unhex(ra!), unhex(rb!)),
      c.voter,
      [{ kind: 'equivocation', value: 1, evidence: [...c.evidence] }],
      at,
      [],
      FraudKind.CONFLICTING_CERTIFICATE,
    )
  }

  // ---- lifecycle -----------------------------------------------------------------------------
  const contributions = new Map<string, Contribution>()
  const contrib = (account: string): Contribution => {
    let c = contributions.get(account)
    if (c === undefined) {
      c = emptyContribution()
      contributions.set(account, c)
    }
    return c
  }
  for (const s of submissions) {
    const c = contrib(s.reveal.signer)
    c.submissions += 1
    c.lastActiveAt = Math.max(c.lastActiveAt, s.reveal.ts)
    if (s.duplicate) c.duplicateAnswers += 1
    if (s.fast) c.fastAnswers += 1
    c.workMs += BigInt(Math.max(s.submittedAt - s.reveal.m.body.workStartedAt, 0))
    c.behaviourAt = Math.max(c.behaviourAt, s.reveal.ts)
  }
  for (const e of equivocations) {
    if (e.subject.kind !== 'validator') continue
    const c = contrib(e.subject.account)
    c.equivocations += 1
    for (const id of e.signals[0]?.evidence ?? [])
      c.behaviourAt = Math.max(c.behaviourAt, scoreById.get(id)?.ts ?? 0)
  }
  // DESIGN §5.5: certificates that do not nest are evidence against every validator that signed
  // both; it is penalized once per task (a trust failure and an equivocation), whatever won.
  const conflictAt = new Map<string, number>()
  for (const c of finality.conflicts) {
    const at = Math.max(...votes.filter((v) => c.evidence.includes(v.id)).map((v) => v.ts))
    conflictAt.set(c.voter, Math.min(conflictAt.get(c.voter) ?? at, at))
  }
  for (const [voter, at] of conflictAt) {
    const c = contrib(voter)
    c.equivocations += 1
    c.behaviourAt = Math.max(c.behaviourAt, at)
    c.trust.push({ id: `${taskHex}:${voter}:conflict`, account: voter, time: at, kind: 'failure' })
  }
  for (const s of submissions) {
    for (const v of s.validations) {
      const c = contrib(v.signer)
      if (recordOf.get(v.id)?.counted) c.validations += 1
      c.lastActiveAt = Math.max(c.lastActiveAt, v.ts)
    }
  }

  let completed = false
  if (cancel !== undefined) {
    move(TaskStatus.CANCELLED, cancel.ts, 'cancelled by the publisher', cancel.id)
  } else {
    if (firstAnswer !== undefined)
      move(TaskStatus.IN_PROGRESS, firstAnswer.ts, 'first answer', firstAnswer.id)
    if (te >= sd) {
      if (submissions.length === 0) move(TaskStatus.EXPIRED, sd, 'no answer by the submission deadline')
      else {
        move(TaskStatus.ANSWERS_SUBMITTED, sd, 'submission deadline')
        const firstScore = validationRecords
          .filter((r) => r.counted)
          .sort((a, b) => a.at - b.at || (hex(a.id) < hex(b.id) ? -1 : 1))[0]
        if (firstScore !== undefined) {
          move(TaskStatus.UNDER_VALIDATION, firstScore.at, 'first counted score', hex(firstScore.id))
        }
        if (te >= vd) {
          move(TaskStatus.COMPLETED, vd, 'validation deadline')
          completed = true
        }
      }
    }
  }

  // ---- disputes ------------------------------------------------------------------------------
  const disputeRecords: DisputeRecord[] = []
  const excludedSubs = new Set<string>()
  const excludedValidators = new Set<string>()
  let rewardComputedAt = vd
  let dependsOnAll = false
  if (completed) {
    const disputeEvents: { at: number; open: boolean; id: string }[] = []
    const votesByDispute = new Map<string, Item<MessageKind.DisputeVote>[]>()
    for (const v of disputeVotes) {
      const key = hex(v.m.body.disputeId)
      const list = votesByDispute.get(key)
      if (list === undefined) votesByDispute.set(key, [v])
      else list.push(v)
    }
    // Disputes are raised by a party to the task (DESIGN §6): its publisher, a miner that answered,
    // a validator that scored. Which accounts are parties is derived from the held set, so it decides
    // a dispute's effect here, never its admission (DESIGN §5.7).
    const parties = new Set([publisher, ...[...commits, ...reveals, ...scores].map((m) => m.signer)])
    for (const d of disputes) {
      if (d.ts < vd || d.ts > task.challengeDeadline || !parties.has(d.signer)) continue
      dependsOnAll = true
      const accused = hex(d.m.body.accused)
      const accusedSubs = submissions.filter((s) => s.reveal.signer === accused).map((s) => s.reveal.id)
      const accusedIsValidator = validationRecords.some((r) => hex(r.validator) === accused)
      const dcase: DisputeCase = {
        id: d.id,
        type: DISPUTE_TYPE_RULE[d.m.body.disputeType],
        opener: d.signer,
        publisher,
        accusedMiners: accusedSubs.length > 0 ? [accused] : [],
        accusedValidators: accusedIsValidator ? [accused] : [],
        disputedSubmissions: accusedSubs,
      }
      const panel = selectDisputePanel(dcase, ctx.panelCandidates())
      const members = new Set(panel)
      const deadline = task.challengeDeadline + params.disputeVoteWindowMs
      deadlines.push(deadline)
      // Only the panel's votes can count (rules/disputes): drop the rest before the rule sees them.
      const dv: DisputeVoteRecord[] = (votesByDispute.get(d.id) ?? [])
        .filter((v) => v.ts >= d.ts && members.has(v.signer))
        .map((v) => ({
          messageId: v.id,
          voter: v.signer,
          verdict: v.m.body.uphold ? 'uphold' : 'reject',
          time: v.ts,
        }))
      const resolution = resolveDispute(dcase, panel, dv, te, deadline)
      let resolvedAt = 0
      let recordStatus = DisputeStatus.PENDING
      if (resolution.status !== 'pending') {
        resolvedAt = decisionInstant(dcase, panel, dv, deadline)
        recordStatus =
          resolution.status === 'upheld'
            ? DisputeStatus.UPHELD
            : resolution.status === 'expired'
              ? DisputeStatus.EXPIRED_DISPUTE
              : DisputeStatus.DISMISSED
        const adj = resolution.adjustments
        if (adj !== null) {
          if (adj.reward.redistribute) {
            for (const s of adj.reward.excludeSubmissions) excludedSubs.add(s)
            for (const v of adj.reward.excludeValidators) excludedValidators.add(v)
            rewardComputedAt = Math.max(rewardComputedAt, resolvedAt)
          }
          for (const r of adj.reputation) {
            contrib(r.account).reputation.push({
              id: `${d.id}:${r.account}:r`,
              account: r.account,
              time: resolvedAt,
              kind: 'adjustment',
              delta: r.delta,
            })
          }
          for (const t of adj.trust) {
            contrib(t.account).trust.push({
              id: `${d.id}:${t.account}:t`,
              account: t.account,
              time: resolvedAt,
              kind: 'adjustment',
              delta: t.delta,
            })
          }
        }
      }
      disputeEvents.push({ at: d.ts, open: true, id: d.id })
      if (resolvedAt > 0) disputeEvents.push({ at: resolvedAt, open: false, id: d.id })
      disputeRecords.push({
        id: b(d.m.id),
        taskId,
        opener: b(d.m.signer),
        accused: d.m.body.accused,
        disputeType: DISPUTE_TYPE_NUMBER[d.m.body.disputeType],
        status: recordStatus,
        openedAt: d.ts,
        panel: panel.map(unhex),
        votesUphold: resolution.upholdVotes,
        votesDismiss: resolution.rejectVotes,
        resolvedAt,
        evidenceIds: d.m.body.evidenceIds,
      })
    }
    disputeEvents.sort((a, b) => a.at - b.at || Number(a.open) - Number(b.open) || (a.id < b.id ? -1 : 1))
    let pending = 0
    for (const e of disputeEvents) {
      if (e.open) {
        if (pending++ === 0) move(TaskStatus.DISPUTED, e.at, 'dispute opened', e.id)
      } else if (--pending === 0) move(TaskStatus.COMPLETED, e.at, 'disputes resolved', e.id)
    }
  }

  // ---- rewards and claims --------------------------------------------------------------------
  let reward: RewardDistribution | null = null
  const consensusScores = new Map<string, number>()
  if (completed) {
    const rs: RewardSubmission[] = submissions.map((s) => ({
      id: s.reveal.id,
      miner: s.reveal.signer,
      score: s.consensus?.score ?? null,
      reached: s.consensus?.reached ?? false,
      flagged: s.flagged || excludedSubs.has(s.reveal.id),
      submittedAt: s.submittedAt,
    }))
    const rv: RewardValidator[] = [...validatorOutlier.entries()].map(([validator, outlier]) => ({
      validator,
      weight: weight(validator),
      outlier: outlier || excludedValidators.has(validator),
    }))
    const entries = distributeRewards({
      publisher,
      reward: task.reward,
      taskType: TASK_TYPE_RULE[task.taskType],
      submissions: rs,
      validators: rv,
      split: params.rewardSplit,
      passScore: params.passScore,
      networkAccount: params.networkAccount,
    })
    const totals = new Map<string, bigint>()
    for (const e of entries) totals.set(e.recipient, (totals.get(e.recipient) ?? 0n) + e.amount)
    // DESIGN §5.5: a claim takes effect when the root it names is the winning one and the claimant
    // has an entry in it; the first such claim (time, id) per claimant is the one recorded.
    const claimOf = new Map<string, string>()
    const winningRoot = finality.winner?.root
    for (const c of claims) {
      if (claimOf.has(c.signer) || c.ts < vd || winningRoot === undefined) continue
      if (hex(c.m.body.outcomeRoot) === winningRoot && totals.has(c.signer)) claimOf.set(c.signer, c.id)
    }
    const records: RewardEntryRecord[] = entries.map((e) => {
      const claimId = claimOf.get(e.recipient)
      return {
        recipient: unhex(e.recipient),
        amount: e.amount,
        role: REWARD_ROLE_RECORD[e.role],
        claimed: claimId !== undefined,
        claimId: claimId === undefined ? new Uint8Array(0) : unhex(claimId),
      }
    })
    reward = { taskId, total: task.reward, entries: records, computedAt: rewardComputedAt }
    // Entries come out in canonical (role, recipient) order, not by rank: rank the winners 1..k by
    // the reward rule's own ranking (consensus score desc, earlier submission, then id).
    const rsById = new Map(rs.map((r) => [r.id, r]))
    const winners = entries
      .filter((e) => e.role === 'winner' && e.submissionId !== null)
      .map((e) => rsById.get(e.submissionId!)!)
      .sort(compareRank)
    const ranks = new Map(winners.map((w, i) => [w.id, i + 1]))
    for (const e of entries) {
      if (e.role === 'winner') contrib(e.recipient).wins += 1
      if (e.role !== 'refund' && e.role !== 'network') contrib(e.recipient).earned += e.amount
    }
    for (const s of submissions) (s as SubmissionState & { rank?: number }).rank = ranks.get(s.reveal.id) ?? 0

    // Reputation, trust and score history from the completed outcome (time = validation deadline).
    for (const s of submissions) {
      const c = contrib(s.reveal.signer)
      const cons = s.consensus
      if (s.flagged) {
        c.reputation.push({
          id: `${s.reveal.id}:m`,
          account: s.reveal.signer,
          time: vd,
          kind: 'miner-scored',
          score: 0,
        })
        c.trust.push({ id: `${s.reveal.id}:m`, account: s.reveal.signer, time: vd, kind: 'failure' })
      } else if (cons?.reached && cons.score !== null) {
        consensusScores.set(s.reveal.id, cons.score)
        c.scoreSum += Math.round(cons.score)
        c.reputation.push({
          id: `${s.reveal.id}:m`,
          account: s.reveal.signer,
          time: vd,
          kind: 'miner-scored',
          score: cons.score,
        })
        if (cons.score >= params.passScore) {
          c.trust.push({
            id: `${s.reveal.id}:m`,
            account: s.reveal.signer,
            time: vd,
            kind: 'success',
            verified: true,
          })
        }
        for (const v of s.validations) {
          if (isInflatedScore({ score: v.m.body.score, consensusScore: cons.score })) {
            const vc = contrib(v.signer)
            vc.inflatedScores += 1
            vc.behaviourAt = Math.max(vc.behaviourAt, v.ts)
          }
          c.scores.push({
            time: vd,
            record: {
              messageId: v.id,
              validator: v.signer,
              miner: s.reveal.signer,
              submissionId: s.reveal.id,
              score: v.m.body.score,
              consensusScore: cons.score,
            },
          })
        }
      }
    }
    const outlierCount = new Map<string, number>()
    for (const s of submissions) {
      for (const v of s.validations) {
        if (recordOf.get(v.id)?.outlier) outlierCount.set(v.signer, (outlierCount.get(v.signer) ?? 0) + 1)
      }
    }
    for (const [validator, outlier] of validatorOutlier) {
      const c = contrib(validator)
      const id = `${taskHex}:${validator}:v`
      c.outlierValidations += outlierCount.get(validator) ?? 0
      c.reputation.push(
        outlier
          ? { id, account: validator, time: vd, kind: 'validator-outlier' }
          : { id, account: validator, time: vd, kind: 'validator-agreed' },
      )
      c.trust.push(
        outlier
          ? { id, account: validator, time: vd, kind: 'failure' }
          : {
              id,
              account: validator,
              time: vd,
              kind: 'success',
              verified: validatorScoredReached.has(validator),
            },
      )
    }
  }

  // ---- incoming fraud alerts (already checked against their evidence) ------------------------
  for (const a of alertsIn) {
    if (a.m.body.fraudKind === FraudKind.COLLUSION && !collusionReproduces(a.m, ctx, dependsOn)) continue
    fraudRecords.push({
      subjectId: b(a.m.id),
      taskId,
      account: a.m.body.subject,
      signals: [
        {
          kind: FRAUD_KIND_NUMBER[a.m.body.fraudKind],
          valueBps: a.m.body.riskBps,
          evidenceIds: a.m.body.evidenceIds,
        },
      ],
      riskBps: a.m.body.riskBps,
      flagged: false,
      analyzedAt: a.ts,
    })
  }

  // ---- records -------------------------------------------------------------------------------
  // DESIGN §5.5: provisional until certified, certified once a certificate holds, final once the
  // last round's window has closed; no outcome at all for a cancelled or expired task.
  const finalityOf = !completed
    ? Finality.FINALITY_UNSPECIFIED
    : finality.winner === null
      ? Finality.PROVISIONAL
      : te >= finalAt
        ? Finality.FINAL
        : Finality.CERTIFIED
  const puts: RecordPut[] = []
  const last = transitions[transitions.length - 1]!
  const taskRecord: TaskRecord = {
    id: taskId,
    publisher: b(publish.signer),
    publishedAt: task.timestamp,
    taskType: TASK_TYPE_NUMBER[task.taskType],
    difficulty: DIFFICULTY_NUMBER[task.difficulty],
    reward: task.reward,
    commitDeadline: task.commitDeadline,
    submissionDeadline: sd,
    validationDeadline: vd,
    challengeDeadline: task.challengeDeadline,
    requiredReviewers: required,
    status,
    statusChangedAt: last.at,
    commitCount: commits.length,
    submissionCount: submissions.length,
    validationCount: validationRecords.length,
    messageCount: messages.length,
    digest: b(ctx.digest),
    certifiedRoot: finality.winner !== null ? unhex(finality.winner.root) : new Uint8Array(0),
    finality: finalityOf,
    certifiedRound: finality.winner?.round ?? 0,
    title: task.title,
    transitions,
  }
  puts.push({ type: 'task', record: taskRecord })
  for (const s of submissions) {
    const cons = s.consensus
    const record: SubmissionRecord = {
      id: b(s.reveal.m.id),
      taskId,
      miner: b(s.reveal.m.signer),
      commitId: s.commit ? b(s.commit.m.id) : new Uint8Array(0),
      revealedAt: s.reveal.ts,
      answerHash: b(memoOf(s.reveal.m).answerHash),
      workStartedAt: s.reveal.m.body.workStartedAt,
      validationCount: s.validations.length,
      consensusScore: cons?.score === null || cons === null ? 0 : Math.round(cons.score),
      consensusReached: cons?.reached ?? false,
      confidenceBps: Math.round((cons?.confidence ?? 0) * 10_000),
      medianScore: cons?.median === null || cons === null ? 0 : Math.round(cons.median),
      flagged: s.flagged,
      rank: (s as SubmissionState & { rank?: number }).rank ?? 0,
    }
    puts.push({ type: 'submission', record })
  }
  for (const record of validationRecords) puts.push({ type: 'validation', record })
  if (reward !== null) puts.push({ type: 'reward', record: reward })
  for (const record of fraudRecords) puts.push({ type: 'fraud', record })
  for (const record of disputeRecords) puts.push({ type: 'dispute', record })

  return {
    status,
    puts,
    contributions,
    alerts,
    dependsOn,
    dependsOnAll,
    deadlines,
    outcomeRoot: root,
    outcomeIds: included,
    finality: finalityOf,
    winner: finality.winner === null ? null : { root: finality.winner.root, round: finality.winner.round },
    finalAt,
    consensus: consensusScores,
  }
}
