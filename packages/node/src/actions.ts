/**
 * The node's actions (DESIGN §1): each builds a message body, signs it with an account of the
 * node's keystore and submits it through the engine service (which gossips it once accepted).
 * A refused message is a NodeError REFUSED carrying the engine's verdict code; a body the protocol
 * cannot carry is BAD_INPUT / OUT_OF_RANGE naming the field.
 */
import { randomBytes } from 'node:crypto'
import { type Engine, getRewardDistribution, getTask, type ValidationResult } from '@aimesh/engine'
import {
  type AnySignedMessage,
  answerCommitment,
  type BodyOf,
  Difficulty,
  DisputeType,
  fromHex,
  isProtocolError,
  MessageKind,
  type SignedMessage,
  type Specialization,
  signMessage,
  type TaskDetails,
  TaskType,
  toHex,
  Verdict,
  type Verification,
  VerificationType,
} from '@aimesh/protocol'
import type { BlobStore } from './blobs.js'
import { consensusVoteDuty } from './duties.js'
import { NodeError } from './errors.js'
import type { MessageSource } from './events.js'
import type { Keystore, KeystoreAccount } from './keystore/keystore.js'
import { solveProfileWorkOffThread } from './profile-work.js'
import type { PendingReveals } from './reveals.js'
import type { EngineService } from './services/engine.js'
import type { Clock } from './services/service.js'

type Bytes = Uint8Array<ArrayBuffer>

/** Default phase lengths of a published task when none are given. */
export const DEFAULT_TASK_PHASES = {
  commitMs: 5 * 60_000,
  revealMs: 5 * 60_000,
  validationMs: 10 * 60_000,
  challengeMs: 10 * 60_000,
} as const

/** Publish a task. */
export interface PublishTaskInput {
  account: string
  title: string
  description?: string
  taskType: TaskType | `${TaskType}`
  details?: TaskDetails
  difficulty: Difficulty | `${Difficulty}`
  verification?: Partial<Verification>
  /** The reward (uint64): a bigint or a decimal string. */
  reward: bigint | string
  /** Use commit–reveal (default true). */
  commitReveal?: boolean
  /** Phase lengths from now (default DEFAULT_TASK_PHASES). */
  phases?: Partial<typeof DEFAULT_TASK_PHASES>
  maxSubmissions?: number
  /** The task's input: stored as a content-addressed blob, its hash goes in the task. */
  input?: string | Uint8Array
  /** An input already stored elsewhere (hex sha256). */
  inputHash?: string
}

/** Set a miner profile. */
export interface ProfileInput {
  account: string
  publisher?: boolean
  miner?: boolean
  validator?: boolean
  specializations?: Specialization[]
  capacity?: number
  name?: string
}

/** An accepted action: the message id (hex) and the message. */
export interface ActionResult {
  id: string
  message: AnySignedMessage
}

/** Components the actions need. */
export interface ActionComponents {
  keystore: Keystore
  engine: EngineService
  reveals: PendingReveals
  blobs: BlobStore
  clock: Clock
  /** Fires when the node stops: a profile's proof of work in progress is abandoned. */
  signal?: AbortSignal
}

/** See the file comment. */
export class NodeActions {
  readonly #c: ActionComponents

  constructor(components: ActionComponents) {
    this.#c = components
  }

  get #engine(): Engine {
    return this.#c.engine.engine
  }

  /**
   * Signs `body` as `account` and submits it; throws unless accepted. Admission fields are filled
   * here (DESIGN §5.9): a profile gets its proof of work, any other message names the account's
   * held profile.
   */
  async sign<K extends MessageKind>(
    account: KeystoreAccount | string,
    kind: K,
    body: Omit<BodyOf[K], 'profileId' | 'workNonce'>,
    source: MessageSource = 'local',
  ): Promise<ActionResult> {
    const a = typeof account === 'string' ? this.#c.keystore.get(account) : account
    const network = this.#engine.genesis.networkId
    let full: BodyOf[K]
    if (kind === MessageKind.MinerProfile) {
      const bits = this.#engine.genesis.params.profileWorkBits
      // Off the main thread: ~1 s of hashing at 20 bits must not stall the API or the network.
      const workNonce = await solveProfileWorkOffThread(network, a.key.publicKey, bits, {
        ...(this.#c.signal === undefined ? {} : { signal: this.#c.signal }),
      })
      full = { ...body, workNonce } as BodyOf[K]
    } else {
      // An account's first message is preceded by its profile (signed once, however many wait).
      const held = this.#engine.state.book.profile(a.publicKey)
      const profileId = held !== undefined ? held.id : await this.#firstProfile(a, source)
      full = { ...body, profileId: profileId as Uint8Array<ArrayBuffer> } as BodyOf[K]
    }
    let msg: SignedMessage<K>
    try {
      msg = signMessage(network, kind, full, a.key)
    } catch (err) {
      if (isProtocolError(err))
        throw new NodeError(
          err.code === 'INVALID_FIELD' ? 'OUT_OF_RANGE' : 'BAD_INPUT',
          err.message,
          err.field,
        )
      throw err
    }
    const result = await this.#c.engine.submit(msg as AnySignedMessage, source)
    assertAccepted(result)
    return { id: toHex(msg.id), message: msg as AnySignedMessage }
  }

  readonly #profiling = new Map<string, Promise<Uint8Array>>()

  /** Signs the account's first profile once, however many actions wait for it concurrently. */
  #firstProfile(a: KeystoreAccount, source: MessageSource): Promise<Uint8Array> {
    let p = this.#profiling.get(a.publicKey)
    if (p === undefined) {
      p = this.profile({ account: a.name }, source)
        .then((r) => r.message.id)
        .finally(() => this.#profiling.delete(a.publicKey))
      this.#profiling.set(a.publicKey, p)
    }
    return p
  }

  /** Publishes a task (storing its input blob first). */
  async publishTask(
    input: PublishTaskInput,
    source: MessageSource = 'local',
  ): Promise<ActionResult & { inputHash: string | null }> {
    const now = this.#c.clock.now()
    const phases = { ...DEFAULT_TASK_PHASES, ...input.phases }
    const commitReveal = input.commitReveal ?? true
    let inputHash = input.inputHash ?? null
    if (input.input !== undefined) {
      const bytes = typeof input.input === 'string' ? new TextEncoder().encode(input.input) : input.input
      inputHash = await this.#c.blobs.put(bytes)
    }
    const commitDeadline = commitReveal ? now + phases.commitMs : 0
    const submissionDeadline = (commitReveal ? commitDeadline : now) + phases.revealMs
    const validationDeadline = submissionDeadline + phases.validationMs
    const v = input.verification ?? {}
    const body: Omit<BodyOf[MessageKind.TaskPublished], 'profileId'> = {
      timestamp: now,
      title: input.title,
      description: input.description ?? '',
      taskType: input.taskType as TaskType,
      details: input.details ?? defaultDetails(input.taskType as TaskType),
      difficulty: input.difficulty as Difficulty,
      verification: {
        type: v.type ?? VerificationType.PEER_REVIEW,
        requiredReviewers: v.requiredReviewers ?? 2,
        threshold: v.threshold ?? 60,
        expertCount: v.expertCount ?? 0,
        automaticWeight: v.automaticWeight ?? 0,
        peerWeight: v.peerWeight ?? 0,
      },
      reward: BigInt(input.reward),
      commitDeadline,
      submissionDeadline,
      validationDeadline,
      challengeDeadline: validationDeadline + phases.challengeMs,
      maxSubmissions: input.maxSubmissions ?? 10,
      inputHash: inputHash === null ? new Uint8Array(0) : fromHex(inputHash),
      nonce: new Uint8Array(randomBytes(16)),
    }
    return { ...(await this.sign(input.account, MessageKind.TaskPublished, body, source)), inputHash }
  }

  /** Cancels a task this account published (before the first answer). */
  cancelTask(
    account: string,
    taskId: string,
    reason = '',
    source: MessageSource = 'local',
  ): Promise<ActionResult> {
    this.#task(taskId)
    return this.sign(
      account,
      MessageKind.TaskCancelled,
      { timestamp: this.#c.clock.now(), taskId: fromHex(taskId), reason },
      source,
    )
  }

  /** Signs a miner profile (roles, specializations, capacity). */
  profile(input: ProfileInput, source: MessageSource = 'local'): Promise<ActionResult> {
    const a = this.#c.keystore.get(input.account)
    return this.sign(
      a,
      MessageKind.MinerProfile,
      {
        timestamp: this.#c.clock.now(),
        publisher: input.publisher ?? a.roles.includes('publisher'),
        miner: input.miner ?? a.roles.includes('miner'),
        validator: input.validator ?? a.roles.includes('validator'),
        specializations: input.specializations ?? [],
        capacity: input.capacity ?? 4,
        name: input.name ?? a.name,
      },
      source,
    )
  }

  /**
   * Commits an answer (commit–reveal): signs the commitment now and keeps answer and salt durably
   * to reveal later; `auto` reveals it when the commit window closes.
   */
  async commit(
    account: string,
    taskId: string,
    answer: string,
    opts: { auto?: boolean; source?: MessageSource } = {},
  ): Promise<ActionResult & { salt: string }> {
    const task = this.#task(taskId)
    if (task.body.commitDeadline === 0)
      throw new NodeError(
        'NOT_READY',
        'this task does not use commit–reveal; submit the answer instead',
        'taskId',
      )
    const a = this.#c.keystore.get(account)
    const salt = new Uint8Array(randomBytes(32))
    const now = this.#c.clock.now()
    const commitment = answerCommitment(answer, salt, a.key.publicKey) as Bytes
    const body = { timestamp: now, taskId: fromHex(taskId), commitment }
    // The salt is on disk before the commit can be accepted: a crash in between loses nothing.
    const entry = {
      taskId,
      account: a.publicKey,
      answer,
      salt: toHex(salt),
      commitId: '',
      workStartedAt: Math.max(now, task.body.timestamp),
      auto: opts.auto ?? false,
    }
    await this.#c.reveals.add(entry)
    let result: ActionResult
    try {
      result = await this.sign(a, MessageKind.AnswerCommitted, body, opts.source)
    } catch (err) {
      await this.#c.reveals.remove(taskId, a.publicKey)
      throw err
    }
    await this.#c.reveals.add({ ...entry, commitId: result.id })
    return { ...result, salt: toHex(salt) }
  }

  /** Reveals the committed answer of `account` for a task (from the pending reveals). */
  async reveal(account: string, taskId: string, source: MessageSource = 'local'): Promise<ActionResult> {
    const a = this.#c.keystore.get(account)
    const pending = this.#c.reveals.find(taskId, a.publicKey)
    if (pending === undefined || pending.commitId === '')
      throw new NodeError(
        'NOT_READY',
        `account ${a.name} has no commit to reveal for task ${taskId}`,
        'taskId',
      )
    const task = this.#task(taskId)
    const now = this.#c.clock.now()
    if (now < task.body.commitDeadline)
      throw new NodeError(
        'NOT_READY',
        `the commit window closes at ${new Date(task.body.commitDeadline).toISOString()}; reveal after it`,
        'taskId',
      )
    const result = await this.sign(
      a,
      MessageKind.AnswerRevealed,
      {
        timestamp: now,
        taskId: fromHex(taskId),
        answer: pending.answer,
        salt: fromHex(pending.salt),
        workStartedAt: Math.min(pending.workStartedAt, now),
        commitId: fromHex(pending.commitId),
      },
      source,
    )
    await this.#c.reveals.remove(taskId, a.publicKey)
    return result
  }

  /**
   * Submits an answer: on a commit–reveal task commits now and reveals when the commit window
   * closes (the node does it); otherwise reveals at once.
   */
  async submitAnswer(
    account: string,
    taskId: string,
    answer: string,
    source: MessageSource = 'local',
  ): Promise<{ commitId: string | null; revealId: string | null }> {
    const task = this.#task(taskId)
    if (task.body.commitDeadline === 0) {
      const a = this.#c.keystore.get(account)
      const now = this.#c.clock.now()
      const r = await this.sign(
        a,
        MessageKind.AnswerRevealed,
        {
          timestamp: now,
          taskId: fromHex(taskId),
          answer,
          salt: new Uint8Array(0),
          workStartedAt: Math.max(task.body.timestamp, now - 1),
          commitId: new Uint8Array(0),
        },
        source,
      )
      return { commitId: null, revealId: r.id }
    }
    const c = await this.commit(account, taskId, answer, { auto: true, source })
    return { commitId: c.id, revealId: null }
  }

  /** Scores a submission (0..100). */
  score(
    account: string,
    submissionId: string,
    score: number,
    comment = '',
    source: MessageSource = 'local',
  ): Promise<ActionResult> {
    const reveal = this.#engine.getMessage(fromHex(submissionId))
    if (reveal === undefined || reveal.kind !== MessageKind.AnswerRevealed)
      throw new NodeError('NOT_FOUND', `no submission ${submissionId} is held here`, 'submissionId')
    return this.sign(
      account,
      MessageKind.ValidationScored,
      {
        timestamp: this.#c.clock.now(),
        taskId: reveal.body.taskId,
        submissionId: fromHex(submissionId),
        score,
        comment,
      },
      source,
    )
  }

  /**
   * Casts the consensus vote this node computes for a task, for `account` or every validator
   * account it holds that owes one (DESIGN §5.11: the vote is computed, never typed).
   */
  async vote(taskId: string, account?: string, source: MessageSource = 'local'): Promise<ActionResult[]> {
    this.#task(taskId)
    const accounts = account === undefined ? this.#c.keystore.accounts() : [this.#c.keystore.get(account)]
    const now = this.#c.clock.now()
    const out: ActionResult[] = []
    const reasons: string[] = []
    for (const a of accounts) {
      const duty = consensusVoteDuty(this.#engine, taskId, a.publicKey, now)
      if ('reason' in duty) {
        reasons.push(`${a.name}: ${duty.reason}`)
        continue
      }
      out.push(await this.sign(a, MessageKind.ConsensusVote, duty.body, source))
    }
    if (out.length === 0)
      throw new NodeError(
        'NOT_READY',
        `no vote to cast for task ${taskId} (${reasons.join('; ') || 'no accounts'})`,
      )
    return out
  }

  /** Claims the account's whole entry of a task's reward distribution. */
  claim(account: string, taskId: string, source: MessageSource = 'local'): Promise<ActionResult> {
    this.#task(taskId)
    const a = this.#c.keystore.get(account)
    const d = getRewardDistribution(this.#engine, fromHex(taskId))
    if (d === undefined)
      throw new NodeError('NOT_READY', `task ${taskId} has no reward distribution yet`, 'taskId')
    let amount = 0n
    for (const e of d.entries) if (toHex(e.recipient) === a.publicKey && !e.claimed) amount += e.amount
    if (amount === 0n)
      throw new NodeError('NOT_READY', `account ${a.name} has nothing unclaimed in task ${taskId}`, 'account')
    // DESIGN §5.5: a claim names the certified outcome root it claims from.
    const root = getTask(this.#engine, fromHex(taskId))?.certifiedRoot ?? new Uint8Array(0)
    if (root.length === 0)
      throw new NodeError('NOT_READY', `task ${taskId} has no certified outcome yet`, 'taskId')
    return this.sign(
      a,
      MessageKind.RewardClaimed,
      {
        timestamp: this.#c.clock.now(),
        taskId: fromHex(taskId),
        amount,
        outcomeRoot: root as Uint8Array<ArrayBuffer>,
      },
      source,
    )
  }

  /** Opens a dispute about a task. */
  openDispute(
    input: {
      account: string
      taskId: string
      disputeType: DisputeType | `${DisputeType}`
      accused: string
      evidenceIds?: string[]
      description?: string
    },
    source: MessageSource = 'local',
  ): Promise<ActionResult> {
    this.#task(input.taskId)
    return this.sign(
      input.account,
      MessageKind.DisputeOpened,
      {
        timestamp: this.#c.clock.now(),
        taskId: fromHex(input.taskId),
        disputeType: input.disputeType as DisputeType,
        accused: fromHex(input.accused),
        evidenceIds: (input.evidenceIds ?? []).map(fromHex),
        description: input.description ?? '',
      },
      source,
    )
  }

  /** Votes on a dispute as a panel member. */
  voteDispute(
    account: string,
    disputeId: string,
    uphold: boolean,
    reason = '',
    source: MessageSource = 'local',
  ): Promise<ActionResult> {
    const opened = this.#engine.getMessage(fromHex(disputeId))
    if (opened === undefined || opened.kind !== MessageKind.DisputeOpened)
      throw new NodeError('NOT_FOUND', `no dispute ${disputeId} is held here`, 'disputeId')
    return this.sign(
      account,
      MessageKind.DisputeVote,
      { timestamp: this.#c.clock.now(), disputeId: fromHex(disputeId), uphold, reason },
      source,
    )
  }

  /** Offers a pre-signed envelope (an outside wallet's); returns the engine's verdict. */
  submitEnvelope(bytes: Uint8Array, source: MessageSource = 'api'): Promise<ValidationResult> {
    return this.#c.engine.ingest(bytes, source)
  }

  /** The TaskPublished of a held task, or NOT_FOUND. */
  #task(taskId: string): SignedMessage<MessageKind.TaskPublished> {
    const t = /^[0-9a-f]{64}$/.test(taskId) ? this.#engine.state.task(taskId) : undefined
    if (t?.publish === null || t?.publish === undefined)
      throw new NodeError('NOT_FOUND', `no task ${taskId} is held here`, 'taskId')
    return t.publish
  }
}

/** Throws REFUSED with the verdict code unless the engine accepted. */
export function assertAccepted(result: ValidationResult): void {
  if (result.verdict === Verdict.Accept) return
  throw new NodeError(
    'REFUSED',
    `the message was ${result.verdict === Verdict.Reject ? 'rejected' : 'ignored'}: ${result.reason}`,
    undefined,
    result.code,
  )
}

/** Details a task type requires, when the caller gives none. */
function defaultDetails(type: TaskType): TaskDetails {
  const table: Record<TaskType, TaskDetails> = {
    [TaskType.TASK_TYPE_UNSPECIFIED]: {},
    [TaskType.CODE_ANALYSIS]: { language: 'typescript', complexity: 5 },
    [TaskType.SECURITY_AUDIT]: { scope: 'all' },
    [TaskType.DATA_ANALYSIS]: { dataType: 'tabular', analysisType: 'descriptive' },
    [TaskType.ALGORITHM_OPTIMIZATION]: { domain: 'general' },
    [TaskType.LOGIC_REASONING]: { complexity: 5 },
    [TaskType.GENERAL]: { category: 'general' },
  }
  return table[type] ?? {}
}

export { Difficulty, DisputeType, TaskType, VerificationType }
