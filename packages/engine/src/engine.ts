/**
 * The engine: validates messages against the current state, applies each accepted one as a single
 * atomic store batch, and keeps an in-memory materialisation of every task (its message set and
 * derived records) so validation is synchronous and derivation never re-reads the store.
 *
 * Order independence (DESIGN §5.1): validity reads only the message, its immutable parents and
 * genesis; every record is re-derived from the whole set (derive/task.ts) and diffed against what
 * was written before; cross-task effects (trust, collusion history) follow the snapshot rule in
 * derive/accounts.ts and are propagated to later tasks in publish order. The clock moves only by
 * `advance(now)`, so the state is a function of (message set, clock).
 */
import {
  type AnySignedMessage,
  type BehaviourPattern,
  bytesEqual,
  type CheckpointVoteBody,
  type ConsensusVoteBody,
  concatBytes,
  decodeEnvelope,
  domainTag,
  MessageKind,
  type MinerRecord,
  openEnvelope,
  ProtocolError,
  type SignedMessage,
  sha256,
  Verdict,
  type Verifier,
  verifyNode,
} from '@aimesh/protocol'
import { AccountBook } from './derive/accounts.js'
import type { DerivedTask, FraudAlertDraft } from './derive/task.js'
import { deriveTaskScoped } from './derive/voiding.js'
import { type CheckpointStatus, EpochChain, epochOf, type ValidatorSet } from './epochs.js'
import { RejectCode, toValidationResult, type ValidationResult } from './errors.js'
import type { Genesis } from './genesis.js'
import { ScopeHolding } from './holding.js'
import { hex, ZERO_TASK_HEX, ZERO_TASK_ID } from './ids.js'
import { type InventoryEntry, type InventoryRange, selectInventory } from './inventory.js'
import type { ScoreRecord } from './rules/index.js'
import { insertSorted, stateRoot, taskDigest } from './state-root.js'
import {
  deleteOf,
  type EngineStore,
  type EngineWrite,
  type EvictedMessage,
  encodeRecord,
  type LoggedMessage,
  minerDelete,
  type RecordDelete,
  type RecordPut,
  recordKey,
} from './store-port.js'
import { mirrorTrust, type TrustSink } from './trust-mirror.js'
import { assertValid, type ValidationView } from './validate/index.js'
import type { VerifyPool } from './verify-pool.js'
import {
  checkpointProposal,
  checkpointVoteFor,
  consensusVoteFor,
  type UnsignedFinding,
  unsignedFindings,
} from './votes.js'

const DERIVED_TAG = new TextEncoder().encode('aimesh/derived/1')

/** How to open an engine. */
export interface EngineOptions {
  store: EngineStore
  genesis: Genesis
  /** Wall clock for the clock-skew check; defaults to Date.now. */
  now?: () => number
  /** Engine clock to start from (deadline-driven state); defaults to now(). */
  clock?: number
  /** Signature verifier for `ingest`; defaults to node:crypto. */
  verifier?: Verifier
  /**
   * Threads that share `ingest`'s signature checks with the calling thread (node:crypto, the same
   * rule as verifyNode); when given it replaces `verifier` for envelopes. The owner closes it.
   */
  verifyPool?: VerifyPool
  /** Optional mirror of derived trust (best effort, after each committed batch). */
  trustSink?: TrustSink
  /**
   * Told about failures after a batch is durable (a throwing fraud-alert listener, a failed trust
   * mirror write). They never fail the submit that caused them; they are also counted
   * (`engine.failures`). An onError that throws is ignored.
   */
  onError?: (err: unknown, source: EngineErrorSource) => void
}

/** Where a post-commit failure came from (see EngineOptions.onError). */
export type EngineErrorSource = 'fraud-alert-listener' | 'trust-sink'

/** One task's in-memory state. */
export interface TaskState {
  readonly hex: string
  readonly id: Uint8Array
  publish: SignedMessage<MessageKind.TaskPublished> | null
  readonly messages: AnySignedMessage[]
  readonly ids: string[]
  digest: Uint8Array
  derived: DerivedTask | null
  records: Map<string, { put: RecordPut; bytes: Uint8Array }>
  readonly trustCache: Map<string, number>
  /** Collusion history per miner in this task's snapshot; cleared with trustCache. */
  readonly scoreCache: Map<string, ScoreRecord[]>
  readonly commitsBy: Map<string, SignedMessage<MessageKind.AnswerCommitted>[]>
}

/**
 * Most messages one group commit takes (DESIGN §9 ingest): large enough to amortise derivation and
 * the LevelDB write over a sync chunk or a gossip burst, small enough that one batch's latency
 * (about 1 ms per 10 messages on a laptop) stays far below gossip timeouts.
 */
export const MAX_BATCH_MESSAGES = 512

/** A decoded envelope waiting for its signature check, with its caller's promise. */
interface Unverified {
  msg: AnySignedMessage
  now: number
  resolve(result: ValidationResult): void
  reject(err: unknown): void
}

/** One message waiting in a group commit, with its caller's promise. */
interface Pending {
  msg: AnySignedMessage
  now: number
  resolve(result: ValidationResult): void
  reject(err: unknown): void
}

interface Changes {
  puts: Map<string, RecordPut>
  deletes: Map<string, RecordDelete>
  accounts: Set<string>
  alerts: FraudAlertDraft[]
  /** Held messages a scope dropped for lower ids (DESIGN §5.8). */
  evicted: EvictedMessage[]
}

function alertKey(a: FraudAlertDraft): string {
  return `${hex(a.subject)}:${a.fraudKind}:${a.evidenceIds.map(hex).join(',')}`
}

/** The engine (see the file comment). */
export class Engine {
  readonly genesis: Genesis
  readonly #store: EngineStore
  readonly #now: () => number
  readonly #verifier: Verifier
  readonly #trustSink: TrustSink | undefined
  readonly #pool: VerifyPool | undefined
  #clock: number
  #messages = new Map<string, { msg: AnySignedMessage; task: string }>()
  #tasks = new Map<string, TaskState>()
  #book: AccountBook
  /** Held messages per scope (DESIGN §5.8). */
  #scopes: ScopeHolding
  /** Held checkpoint votes and the validator sets they fix (DESIGN §5.4, §5.6). */
  #checkpointVotes: SignedMessage<MessageKind.CheckpointVote>[] = []
  #epochs: EpochChain
  #epochsStale = false
  #miners = new Map<string, { record: MinerRecord; bytes: Uint8Array }>()
  /** Behavioural pattern per account (DESIGN §6/§7 behaviour), derived from the book like #miners. */
  #behaviour = new Map<string, { record: BehaviourPattern; bytes: Uint8Array }>()
  /**
   * True while every record the engine holds is exactly what the store holds (after a full load
   * and every successful commit since), so writes may tell the store each record's previous version
   * and spare it the read (RecordPut.previous). False during load and after a failed write.
   */
  #hints = false
  #dependents = new Map<string, Set<string>>()
  #dependsOnAll = new Set<string>()
  #root: Uint8Array | null = null
  /** derivedDigest() as of the last write; null once anything derived may have changed. */
  #derivedDigest: Uint8Array | null = null
  /** Tasks whose message set changed since their digest was last computed. */
  #staleDigests = new Set<TaskState>()
  #queue: Promise<unknown> = Promise.resolve()
  /** The group commit still taking messages (scheduled, not yet started), or null. */
  #open: Pending[] | null = null
  /** Envelopes decoded this tick, checked together by the pool at the end of it. */
  #unverified: Unverified[] = []
  /** The last pool check in flight: results are submitted in ingest order. */
  #verified: Promise<void> = Promise.resolve()
  readonly #alertListeners = new Set<(alert: FraudAlertDraft) => void>()
  readonly #onError: ((err: unknown, source: EngineErrorSource) => void) | undefined
  readonly #failures: Record<EngineErrorSource, number> = { 'fraud-alert-listener': 0, 'trust-sink': 0 }

  private constructor(opts: EngineOptions) {
    this.genesis = opts.genesis
    this.#store = opts.store
    this.#now = opts.now ?? Date.now
    this.#verifier = opts.verifier ?? verifyNode
    this.#trustSink = opts.trustSink
    this.#pool = opts.verifyPool
    this.#onError = opts.onError
    this.#clock = opts.clock ?? this.#now()
    this.#book = new AccountBook(opts.genesis)
    this.#scopes = new ScopeHolding(opts.genesis.params)
    this.#epochs = new EpochChain(opts.genesis, [])
  }

  /**
   * Opens an engine over a store: rebuilds the in-memory state from the message log, then writes
   * only what differs from the stored records (an unchanged state writes nothing). A repair that a
   * crash interrupted (the store's repair marker is still set) is finished first: clear + rebuild.
   */
  static async open(opts: EngineOptions): Promise<Engine> {
    const engine = new Engine(opts)
    if ((await opts.store.repairPending?.()) === true) await engine.#repair()
    else await engine.#load('diff')
    return engine
  }

  /** The engine clock (unix ms): the latest `advance(now)`. */
  get clock(): number {
    return this.#clock
  }

  /** Post-commit failures so far, by source (a throwing alert listener, a failed trust mirror write). */
  get failures(): Readonly<Record<EngineErrorSource, number>> {
    return { ...this.#failures }
  }

  /** Subscribes to fraud alerts the engine raises (for the node to sign and gossip); returns unsubscribe. */
  onFraudAlert(listener: (alert: FraudAlertDraft) => void): () => void {
    this.#alertListeners.add(listener)
    return () => this.#alertListeners.delete(listener)
  }

  /** Validates a message against the current state without applying it. */
  validate(msg: AnySignedMessage, now: number = this.#now()): ValidationResult {
    return toValidationResult(() => {
      assertValid(this.#view(now), msg)
      this.#scopes.admission(msg, hex(msg.id), this.#protected)
    })
  }

  /**
   * Checks and, when accepted, applies a message from anywhere: it is read again from its envelope
   * bytes (`msg.bytes`) and its signature verified, exactly as `ingest` does, so a message object
   * whose body, id or signature was altered is REJECTed. Resolves once the message is durable.
   */
  submit(msg: AnySignedMessage, now?: number): Promise<ValidationResult> {
    return this.ingest(msg.bytes, now)
  }

  /** `submit` for several messages, in order; one result per message. */
  submitMany(msgs: readonly AnySignedMessage[], now?: number): Promise<ValidationResult[]> {
    return this.ingestMany(
      msgs.map((m) => m.bytes),
      now,
    )
  }

  /**
   * Trusted fast path: validates and applies a message WITHOUT checking its signature or that its
   * fields match its bytes. Only for messages the caller verified itself (the output of
   * `signMessage`, or an envelope `ingest` already checked). Resolves once the message is durable.
   * Messages submitted while an earlier write is in flight share one group commit (one atomic store
   * batch): each is validated against the state plus the messages before it, in call order.
   */
  submitVerified(msg: AnySignedMessage, now?: number): Promise<ValidationResult> {
    return new Promise((resolve, reject) => {
      this.#enqueue({ msg, now: now ?? this.#now(), resolve, reject })
    })
  }

  /** `submitVerified` for several messages, in order (they join the same group commit where they fit). */
  submitManyVerified(msgs: readonly AnySignedMessage[], now?: number): Promise<ValidationResult[]> {
    const at = now ?? this.#now()
    return Promise.all(
      msgs.map(
        (m) =>
          new Promise<ValidationResult>((resolve, reject) => {
            this.#enqueue({ msg: m, now: at, resolve, reject })
          }),
      ),
    )
  }

  /**
   * Decodes, verifies, validates and applies untrusted envelope bytes (the gossip/sync pipeline).
   * With a verify pool, the envelopes ingested in one tick are checked together and submitted in
   * ingest order.
   */
  ingest(bytes: Uint8Array, now?: number): Promise<ValidationResult> {
    const at = now ?? this.#now()
    if (this.#pool === undefined) {
      const opened = this.#openEnvelope(bytes)
      return 'verdict' in opened ? Promise.resolve(opened) : this.submitVerified(opened, at)
    }
    let msg: AnySignedMessage
    try {
      msg = decodeEnvelope(this.genesis.networkId, bytes)
    } catch (err) {
      return Promise.resolve(rejectOpen(err))
    }
    return new Promise((resolve, reject) => {
      if (this.#unverified.length === 0) queueMicrotask(() => this.#checkUnverified())
      this.#unverified.push({ msg, now: at, resolve, reject })
    })
  }

  /** `ingest` for several envelopes (a sync chunk), in order; one result per envelope. */
  ingestMany(envelopes: readonly Uint8Array[], now?: number): Promise<ValidationResult[]> {
    const at = now ?? this.#now()
    return Promise.all(envelopes.map((bytes) => this.ingest(bytes, at)))
  }

  /** Moves the clock to `now` and applies every deadline-driven change; idempotent. */
  advance(now: number): Promise<void> {
    return this.#exclusive(async () => {
      if (now <= this.#clock) return
      const before = this.#clock
      const due: string[] = []
      for (const t of this.#tasks.values()) {
        if (t.derived?.deadlines.some((d) => d > before && d <= now)) due.push(t.hex)
      }
      // Derivation reads the new clock, but the engine only keeps it once the write is durable: a
      // failed commit restores the old clock before memory is rebuilt from the store (#commit), so
      // memory never runs ahead of what was written.
      this.#clock = now
      if (due.length === 0) return
      const changes = this.#newChanges()
      this.#rederive(due, changes, true)
      await this.#commit(changes, [], before)
    })
  }

  /**
   * Rebuilds every derived record and index from the message log (DESIGN §7 repair): marks repair
   * in progress, clears, rebuilds, clears the mark. A crash in between leaves the mark set, and the
   * next `open` runs the whole repair again (clearing is idempotent).
   */
  repair(): Promise<void> {
    return this.#exclusive(() => this.#repair())
  }

  /** The state root over every task digest (DESIGN §5.2). */
  stateRoot(): Uint8Array {
    this.#root ??= stateRoot([...this.#tasks.values()].map((t) => [t.hex, t.digest] as [string, Uint8Array]))
    return this.#root
  }

  /**
   * A digest of every derived record and of the validator sets per epoch (DESIGN §5.13): two nodes
   * holding the same message set at the same clock give the same digest, so equal digests prove
   * equal outcomes while equal state roots prove equal inputs.
   */
  derivedDigest(): Uint8Array {
    if (this.#derivedDigest !== null) return this.#derivedDigest
    const enc = new TextEncoder()
    const parts: Uint8Array[] = [DERIVED_TAG]
    const length = (n: number) => {
      const b = new Uint8Array(4)
      new DataView(b.buffer).setUint32(0, n)
      return b
    }
    for (const [key, bytes] of this.dumpRecords()) {
      const k = enc.encode(key)
      parts.push(length(k.length), k, length(bytes.length), bytes)
    }
    for (const f of this.#epochs.fingerprint()) parts.push(enc.encode(`epoch:${f};`))
    this.#derivedDigest = sha256(...parts)
    return this.#derivedDigest
  }

  /** The epoch an author time falls in (default: the engine clock), DESIGN §5.4. */
  epochAt(time: number = this.#clock): number {
    return epochOf(this.genesis, time)
  }

  /** The validator set of an epoch with its integer weights (DESIGN §5.4). */
  validatorSet(epoch: number): ValidatorSet {
    return this.#epochs.setOf(epoch)
  }

  /** The checkpoints voted for an epoch, certified or not, each with its counted voters (DESIGN §5.6). */
  checkpoints(epoch: number): readonly CheckpointStatus[] {
    return this.#epochs.checkpointsOf(epoch)
  }

  /** Every epoch some held checkpoint vote names, ascending. */
  checkpointEpochs(): number[] {
    return this.#epochs.votedEpochs()
  }

  /** The checkpoint content this node computes for an epoch ≥ 1 (DESIGN §5.6). */
  checkpointProposal(epoch: number): ReturnType<typeof checkpointProposal> {
    return checkpointProposal(this.state, epoch)
  }

  /**
   * The ConsensusVote body a validator (hex key) should sign for a task at `now` (the signer adds its
   * profileId), or null when it should not vote now (DESIGN §5.5, §5.11).
   */
  consensusVoteFor(
    validator: string,
    taskId: Uint8Array,
    now: number = this.#now(),
  ): Omit<ConsensusVoteBody, 'profileId'> | null {
    return consensusVoteFor(this.state, validator.toLowerCase(), taskId, now)
  }

  /** The CheckpointVote body a validator (hex key) should sign at `now`, or null (DESIGN §5.6, §5.11). */
  checkpointVoteFor(
    validator: string,
    now: number = this.#now(),
  ): Omit<CheckpointVoteBody, 'profileId'> | null {
    return checkpointVoteFor(this.state, validator.toLowerCase(), now)
  }

  /**
   * Fraud findings no held alert announces yet, with the validators ranked to sign each (DESIGN
   * §5.11). Derived from the message set, so they are there again after a restart.
   */
  unsignedFindings(): UnsignedFinding[] {
    return unsignedFindings(this.state)
  }

  /**
   * Task ids (the zero id for account-level messages) with their digests, sorted by id: all of
   * them, or those in `range` ([from, to), at most `limit`) for paged anti-entropy.
   */
  inventory(range?: InventoryRange): InventoryEntry[] {
    return selectInventory(this.#tasks.values(), range)
  }

  /** The envelopes of one task (for task-sync), sorted by id. */
  taskMessages(taskId: Uint8Array): Uint8Array[] {
    const t = this.#tasks.get(hex(taskId))
    if (t === undefined) return []
    return t.ids.map((id) => this.#messages.get(id)!.msg.bytes)
  }

  /**
   * The envelope bytes of held messages by id, in the order asked, skipping ids not held: what the
   * network's `messages` request serves (the missing parents of a message a peer holds pending,
   * DESIGN §5.10).
   */
  envelopes(ids: readonly Uint8Array[]): Uint8Array[] {
    const out: Uint8Array[] = []
    for (const id of ids) {
      const m = this.#messages.get(hex(id))
      if (m !== undefined) out.push(m.msg.bytes)
    }
    return out
  }

  /**
   * The id of the account's MinerProfile in effect (its latest held), or undefined: what a message
   * the account signs names as `profileId` (DESIGN §5.9 admission).
   */
  profileIdOf(account: Uint8Array): Uint8Array | undefined {
    return this.#book.profile(hex(account))?.id
  }

  /** True when the message id is held. */
  hasMessage(id: Uint8Array): boolean {
    return this.#messages.has(hex(id))
  }

  /** A held message by id. */
  getMessage(id: Uint8Array): AnySignedMessage | undefined {
    return this.#messages.get(hex(id))?.msg
  }

  /** Number of held messages. */
  get messageCount(): number {
    return this.#messages.size
  }

  /** Every derived record, encoded, keyed `type:key-hex` (what the store holds). */
  dumpRecords(): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>()
    for (const t of this.#tasks.values()) for (const [k, r] of t.records) out.set(k, r.bytes)
    for (const [a, m] of this.#miners) out.set(`miner:${a}`, m.bytes)
    for (const [a, p] of this.#behaviour) out.set(`behaviour:${a}`, p.bytes)
    return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
  }

  /** Read access for queries (records as derived, trust, profiles). */
  get state(): EngineReadModel {
    return {
      genesis: this.genesis,
      clock: this.#clock,
      task: (taskHex) => this.#tasks.get(taskHex),
      tasks: () => this.#tasks.values(),
      book: this.#book,
      epochs: this.#epochs,
      checkpointVotes: () => this.#checkpointVotes,
      minerRecordBytes: (account) => this.#miners.get(account)?.bytes,
      minerAccounts: () => this.#miners.keys(),
      behaviourRecordBytes: (account) => this.#behaviour.get(account)?.bytes,
    }
  }

  // ---- internals -------------------------------------------------------------------------------

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    // Whatever is scheduled after this runs after it: close the open group commit.
    this.#open = null
    const run = this.#queue.then(fn, fn)
    this.#queue = run.catch(() => undefined)
    return run
  }

  /** Adds a message to the open group commit, scheduling a new one when none is open or it is full. */
  #enqueue(p: Pending): void {
    let batch = this.#open
    if (batch === null || batch.length >= MAX_BATCH_MESSAGES) {
      const items: Pending[] = []
      batch = items
      void this.#exclusive(() => this.#runBatch(items))
      this.#open = items
    }
    batch.push(p)
  }

  /** Runs one group commit and settles its callers' promises. */
  async #runBatch(items: Pending[]): Promise<void> {
    if (this.#open === items) this.#open = null
    try {
      const results = await this.#applyBatch(items)
      for (let i = 0; i < items.length; i++) items[i]!.resolve(results[i]!)
    } catch (err) {
      for (const p of items) p.reject(err)
    }
  }

  /** Decodes and verifies envelope bytes, or the REJECT they earn. */
  #openEnvelope(bytes: Uint8Array): AnySignedMessage | ValidationResult {
    try {
      return openEnvelope(this.genesis.networkId, bytes, this.#verifier)
    } catch (err) {
      return rejectOpen(err)
    }
  }

  /** Checks this tick's decoded envelopes on the pool, then submits the valid ones in order. */
  #checkUnverified(): void {
    const batch = this.#unverified
    this.#unverified = []
    const network = this.genesis.networkId
    const checks = batch.map(({ msg }) => ({
      signature: msg.signature,
      message: concatBytes(domainTag(network, msg.kind), msg.bodyBytes),
      publicKey: msg.signer,
    }))
    const checked = this.#pool!.verify(checks).catch(() =>
      // A pool that failed (a worker died) must not drop messages: check them here instead.
      checks.map((c) => verifyNode(c.signature, c.message, c.publicKey)),
    )
    const previous = this.#verified
    this.#verified = (async () => {
      const ok = await checked
      await previous
      for (let i = 0; i < batch.length; i++) {
        const u = batch[i]!
        if (ok[i]) this.submitVerified(u.msg, u.now).then(u.resolve, u.reject)
        else
          u.resolve({
            verdict: Verdict.Reject,
            code: RejectCode.BAD_SIGNATURE,
            reason: 'signature does not verify',
          })
      }
    })()
  }

  #view(now: number): ValidationView {
    return {
      genesis: this.genesis,
      now,
      hasMessage: (id) => this.#messages.has(id),
      getMessage: (id) => this.#messages.get(id)?.msg,
      getTask: (taskHex) => this.#tasks.get(taskHex)?.publish ?? undefined,
      commitsBy: (taskHex, miner) => this.#tasks.get(taskHex)?.commitsBy.get(miner) ?? [],
      openEvidence: (bytes) => openEnvelope(this.genesis.networkId, bytes, this.#verifier),
    }
  }

  /** The task a message is filed under (DESIGN §5.2); dispute votes go with their dispute's task. */
  #taskOf(msg: AnySignedMessage): string {
    switch (msg.kind) {
      case MessageKind.TaskPublished:
        return hex(msg.id)
      case MessageKind.MinerProfile:
      case MessageKind.CheckpointVote:
        return ZERO_TASK_HEX
      case MessageKind.DisputeVote: {
        const d = this.#messages.get(hex(msg.body.disputeId))
        return d?.task ?? ZERO_TASK_HEX
      }
      default:
        return hex(msg.body.taskId)
    }
  }

  #taskState(taskHex: string): TaskState {
    let t = this.#tasks.get(taskHex)
    if (t === undefined) {
      t = {
        hex: taskHex,
        id: taskHex === ZERO_TASK_HEX ? ZERO_TASK_ID : Uint8Array.from(Buffer.from(taskHex, 'hex')),
        publish: null,
        messages: [],
        ids: [],
        digest: new Uint8Array(32),
        derived: null,
        records: new Map(),
        trustCache: new Map(),
        scoreCache: new Map(),
        commitsBy: new Map(),
      }
      this.#tasks.set(taskHex, t)
    }
    return t
  }

  /** Adds a message to the in-memory index (no derivation). */
  #insert(msg: AnySignedMessage): TaskState {
    const idHex = hex(msg.id)
    const taskHex = this.#taskOf(msg)
    const t = this.#taskState(taskHex)
    this.#messages.set(idHex, { msg, task: taskHex })
    this.#scopes.add(msg, idHex)
    t.messages.push(msg)
    insertSorted(t.ids, idHex)
    this.#staleDigests.add(t)
    if (msg.kind === MessageKind.TaskPublished) t.publish = msg
    if (msg.kind === MessageKind.AnswerCommitted) {
      const miner = hex(msg.signer)
      const list = t.commitsBy.get(miner) ?? []
      list.push(msg)
      t.commitsBy.set(miner, list)
    }
    if (msg.kind === MessageKind.MinerProfile) this.#book.setProfile(msg, hex(msg.signer))
    if (msg.kind === MessageKind.CheckpointVote) {
      this.#checkpointVotes.push(msg)
      this.#epochsStale = true
    }
    this.#root = null
    return t
  }

  /**
   * Inside a certified outcome (DESIGN §5.5, §5.8), so never evicted: an answer or score of its
   * task's winning certificate, a counted validator's vote for the winning root, or a parent of
   * such a message (its task, the commit that times it, its signer's profile).
   */
  readonly #protected = (idHex: string): boolean => this.#scopes.someDescendant(idHex, this.#certified)

  readonly #certified = (idHex: string): boolean => {
    const e = this.#messages.get(idHex)
    const t = e === undefined ? undefined : this.#tasks.get(e.task)
    const derived = t?.derived
    if (e === undefined || t?.publish == null || derived == null || derived.winner === null) return false
    if (e.msg.kind !== MessageKind.ConsensusVote) return certifiedSet(derived).has(idHex)
    if (hex(e.msg.body.outcomeRoot) !== derived.winner.root) return false
    return this.#epochs.setOf(epochOf(this.genesis, t.publish.body.timestamp)).weights.has(hex(e.msg.signer))
  }

  /**
   * After a scope changed: when it overflows (or just stopped), every task holding one of its
   * messages is derived again, since voiding and the penalty read the scope's held set.
   */
  #touchScope(key: string, overflowedBefore: boolean, dirty: Set<string>): void {
    const held = this.#scopes.held(key)
    const scope = held.length > 0 ? this.#scopes.scopeOfId(held[0]!) : undefined
    if (!overflowedBefore && (scope === undefined || held.length <= scope.quota)) return
    for (const id of held) {
      const task = this.#messages.get(id)?.task
      if (task !== undefined && task !== ZERO_TASK_HEX) dirty.add(task)
    }
  }

  /**
   * Drops a held message a lower id displaced (DESIGN §5.8), with every held message descending
   * from it (children first): from memory now, and from the log and derived state in this group
   * commit's batch (a message logged earlier in the same batch is just not written).
   */
  #evict(idHex: string, changes: Changes, dirty: Set<string>, logged: LoggedMessage[]): void {
    for (const id of [...this.#scopes.descendants(idHex), idHex]) this.#evictOne(id, changes, dirty, logged)
  }

  #evictOne(idHex: string, changes: Changes, dirty: Set<string>, logged: LoggedMessage[]): void {
    const entry = this.#messages.get(idHex)
    if (entry === undefined) return
    const { msg } = entry
    const t = this.#tasks.get(entry.task)!
    const scope = this.#scopes.scopeOfId(idHex)!
    const overflowedBefore = this.#scopes.held(scope.key).length > scope.quota
    this.#messages.delete(idHex)
    this.#scopes.remove(msg, idHex)
    this.#touchScope(scope.key, overflowedBefore, dirty)
    t.messages.splice(t.messages.indexOf(msg), 1)
    t.ids.splice(t.ids.indexOf(idHex), 1)
    this.#staleDigests.add(t)
    this.#root = null
    const at = logged.findIndex((l) => hex(l.id) === idHex)
    if (at >= 0) logged.splice(at, 1)
    else changes.evicted.push({ id: msg.id, taskId: t.id })
    const signer = hex(msg.signer)
    if (msg.kind === MessageKind.AnswerCommitted) {
      const list = t.commitsBy.get(signer) ?? []
      list.splice(list.indexOf(msg), 1)
    } else if (msg.kind === MessageKind.MinerProfile) {
      this.#book.removeProfile(signer)
      for (const m of t.messages)
        if (m.kind === MessageKind.MinerProfile && hex(m.signer) === signer) this.#book.setProfile(m, signer)
      changes.accounts.add(signer)
    } else if (msg.kind === MessageKind.CheckpointVote) {
      this.#checkpointVotes.splice(this.#checkpointVotes.indexOf(msg), 1)
      this.#epochsStale = true
    } else if (msg.kind === MessageKind.TaskPublished) {
      // Its other messages went first (they name it): its records and effects go with it.
      t.publish = null
      for (const old of t.records.values()) {
        const d = deleteOf(old.put)
        if (d !== null) changes.deletes.set(recordKey(old.put), d)
        changes.puts.delete(recordKey(old.put))
      }
      t.records = new Map()
      for (const account of t.derived?.contributions.keys() ?? []) {
        this.#book.setContribution(t.hex, account, undefined)
        changes.accounts.add(account)
      }
      t.derived = null
    }
    if (t.messages.length === 0) {
      this.#tasks.delete(t.hex)
      this.#staleDigests.delete(t)
      dirty.delete(t.hex)
    } else if (t.publish !== null) dirty.add(t.hex)
  }

  /** Recomputes the digests of tasks whose message set changed (once per batch, not per message). */
  #refreshDigests(): void {
    for (const t of this.#staleDigests)
      t.digest = taskDigest(t.ids.map((id) => this.#messages.get(id)!.msg.id))
    this.#staleDigests.clear()
  }

  /**
   * One group commit: validates each message against the state plus the accepted messages before
   * it, derives every touched task once, and writes everything as ONE atomic store batch.
   */
  async #applyBatch(items: readonly Pending[]): Promise<ValidationResult[]> {
    const results: ValidationResult[] = []
    const changes = this.#newChanges()
    const dirty = new Set<string>()
    const logged: LoggedMessage[] = []
    for (const { msg, now } of items) {
      const result = this.validate(msg, now)
      results.push(result)
      if (result.verdict !== Verdict.Accept) continue
      // DESIGN §5.8: a full scope takes a lower id by dropping its highest evictable message.
      const idHex = hex(msg.id)
      const victim = this.#scopes.admission(msg, idHex, this.#protected)
      const scope = this.#scopes.scopeOf(msg)
      const overflowedBefore = this.#scopes.held(scope.key).length > scope.quota
      if (victim !== null) this.#evict(victim, changes, dirty, logged)
      const t = this.#insert(msg)
      this.#touchScope(scope.key, overflowedBefore, dirty)
      if (msg.kind === MessageKind.MinerProfile) changes.accounts.add(hex(msg.signer))
      else dirty.add(t.hex)
      logged.push({
        id: msg.id,
        bytes: msg.bytes,
        kind: msg.kind,
        signer: msg.signer,
        timestamp: msg.body.timestamp,
        taskId: t.id,
      })
    }
    if (logged.length === 0) return results
    for (const h of this.#refreshEpochs()) dirty.add(h)
    this.#rederive(dirty, changes, true)
    await this.#commit(changes, logged)
    return results
  }

  #newChanges(): Changes {
    return { puts: new Map(), deletes: new Map(), accounts: new Set(), alerts: [], evicted: [] }
  }

  /**
   * Rebuilds the epoch chain when checkpoint votes arrived; returns the tasks whose epoch's
   * validator set changed (every task published in or after the first changed epoch).
   */
  #refreshEpochs(): string[] {
    if (!this.#epochsStale) return []
    this.#epochsStale = false
    const before = this.#epochs
    // Checkpoint votes of an overflowed scope are void (DESIGN §5.8).
    const live = this.#checkpointVotes.filter((v) => this.#scopes.overflowedAt(hex(v.id)) === null)
    const after = new EpochChain(this.genesis, live)
    this.#epochs = after
    const boundaries = [...new Set([...before.votedEpochs(), ...after.votedEpochs()])].sort((a, b) => a - b)
    const changed = boundaries.find((e) => before.setOf(e).checkpoint !== after.setOf(e).checkpoint)
    if (changed === undefined) return []
    const out: string[] = []
    for (const t of this.#tasks.values()) {
      if (t.publish === null || epochOf(this.genesis, t.publish.body.timestamp) < changed) continue
      t.trustCache.clear()
      t.scoreCache.clear()
      out.push(t.hex)
    }
    return out
  }

  /** Re-derives tasks (and, transitively, later tasks that read changed trust) in publish order. */
  #rederive(start: Iterable<string>, changes: Changes, live: boolean): void {
    this.#refreshDigests()
    const queue = new Map<string, TaskState>()
    for (const h of start) {
      const t = this.#tasks.get(h)
      if (t?.publish) queue.set(h, t)
    }
    while (queue.size > 0) {
      let next: TaskState | undefined
      for (const t of queue.values()) {
        if (
          next === undefined ||
          t.publish!.body.timestamp < next.publish!.body.timestamp ||
          (t.publish!.body.timestamp === next.publish!.body.timestamp && t.hex < next.hex)
        ) {
          next = t
        }
      }
      const t = next!
      queue.delete(t.hex)
      const prev = t.derived
      const derived = this.#derive(t)
      t.derived = derived

      const records = new Map<string, { put: RecordPut; bytes: Uint8Array }>()
      for (const put of derived.puts) {
        const key = recordKey(put)
        const bytes = encodeRecord(put)
        records.set(key, { put, bytes })
        const old = t.records.get(key)
        if (old === undefined || !bytesEqual(old.bytes, bytes)) {
          changes.puts.set(key, this.#hints ? withPrevious(put, old?.put.record ?? null) : put)
          changes.deletes.delete(key)
        }
      }
      for (const [key, old] of t.records) {
        if (records.has(key)) continue
        const d = deleteOf(old.put)
        changes.puts.delete(key)
        if (d !== null)
          changes.deletes.set(key, this.#hints ? ({ ...d, previous: old.put.record } as RecordDelete) : d)
      }
      t.records = records

      if (live) {
        const before = new Set((prev?.alerts ?? []).map(alertKey))
        for (const a of derived.alerts) if (!before.has(alertKey(a))) changes.alerts.push(a)
      }

      const publishedAt = t.publish!.body.timestamp
      const accounts = new Set([...(prev?.contributions.keys() ?? []), ...derived.contributions.keys()])
      for (const account of accounts) {
        changes.accounts.add(account)
        const changedAt = this.#book.setContribution(t.hex, account, derived.contributions.get(account))
        if (changedAt === null) continue
        const readers = [...(this.#dependents.get(account) ?? []), ...this.#dependsOnAll]
        for (const h of readers) {
          const u = this.#tasks.get(h)
          if (u === undefined || u === t || !u.publish || u.publish.body.timestamp <= changedAt) continue
          u.trustCache.clear()
          u.scoreCache.clear()
          queue.set(h, u)
        }
      }
      for (const a of prev?.dependsOn ?? [])
        if (!derived.dependsOn.has(a)) this.#dependents.get(a)?.delete(t.hex)
      for (const a of derived.dependsOn) {
        let set = this.#dependents.get(a)
        if (set === undefined) {
          set = new Set()
          this.#dependents.set(a, set)
        }
        set.add(t.hex)
      }
      if (derived.dependsOnAll) this.#dependsOnAll.add(t.hex)
      else this.#dependsOnAll.delete(t.hex)
      void publishedAt
    }
  }

  #derive(t: TaskState): DerivedTask {
    const snapshotAt = t.publish!.body.timestamp - 1
    const book = this.#book
    return deriveTaskScoped(
      t.publish!,
      t.messages.filter((m) => m.kind !== MessageKind.TaskPublished),
      {
        genesis: this.genesis,
        clock: this.#clock,
        digest: t.digest,
        validators: this.#epochs.setOf(epochOf(this.genesis, t.publish!.body.timestamp)),
        panelCandidates: () => book.trustedAccountsAt(snapshotAt),
        scoreHistory: (miner) => {
          let h = t.scoreCache.get(miner)
          if (h === undefined) {
            h = book.scoreHistory(miner, snapshotAt + 1)
            t.scoreCache.set(miner, h)
          }
          return h
        },
      },
      {
        overflowedAt: (id) => this.#scopes.overflowedAt(id),
        held: (key) => this.#scopes.held(key),
        message: (id) => this.#messages.get(id)?.msg,
      },
    )
  }

  /** Builds the batch (messages + record diffs + miner records), writes it, then publishes alerts. */
  async #commit(changes: Changes, messages: LoggedMessage[], clockBefore?: number): Promise<void> {
    this.#derivedDigest = null
    for (const account of changes.accounts) {
      const record = this.#book.minerRecord(account)
      if (record === null) {
        // No profile and no activity left in the derived set: the record goes, as a rebuild has it.
        const old = this.#miners.get(account)
        if (old === undefined) continue
        changes.deletes.set(
          `miner:${account}`,
          minerDelete(old.record.account, this.#hints ? old.record : undefined),
        )
        changes.puts.delete(`miner:${account}`)
        this.#miners.delete(account)
        continue
      }
      const put: RecordPut = { type: 'miner', record }
      const bytes = encodeRecord(put)
      const old = this.#miners.get(account)
      if (old !== undefined && bytesEqual(old.bytes, bytes)) continue
      changes.puts.set(recordKey(put), this.#hints ? { ...put, previous: old?.record ?? null } : put)
      this.#miners.set(account, { record, bytes })
    }
    for (const account of changes.accounts) this.#behaviourChange(changes, account)
    const write: EngineWrite = {
      messages,
      puts: [...changes.puts.values()],
      deletes: [...changes.deletes.values()],
    }
    if (changes.evicted.length > 0) write.evicted = changes.evicted
    if (
      messages.length === 0 &&
      write.puts.length === 0 &&
      write.deletes.length === 0 &&
      changes.evicted.length === 0
    )
      return
    try {
      await this.#store.applyWrite(write)
    } catch (err) {
      // Memory ran ahead of the store: rebuild it from what was actually committed, at the clock the
      // store's records were derived with.
      if (clockBefore !== undefined) this.#clock = clockBefore
      await this.#load('memory')
      throw err
    }
    // The batch is durable: nothing after this point may fail the messages in it.
    for (const alert of changes.alerts) {
      for (const l of this.#alertListeners) {
        try {
          l(alert)
        } catch (err) {
          this.#report(err, 'fraud-alert-listener')
        }
      }
    }
    if (this.#trustSink !== undefined) await this.#mirrorTrust(changes.accounts)
  }

  /**
   * Adds the account's behaviour pattern change to the batch: a put when it differs from what was
   * written, a delete when the account has nothing left in the derived set (as a rebuild has it).
   */
  #behaviourChange(changes: Changes, account: string): void {
    const key = `behaviour:${account}`
    const record = this.#book.behaviourRecord(account)
    const old = this.#behaviour.get(account)
    if (record === null) {
      if (old === undefined) return
      const d: RecordDelete = { type: 'behaviour', account: old.record.account }
      changes.deletes.set(key, this.#hints ? { ...d, previous: old.record } : d)
      changes.puts.delete(key)
      this.#behaviour.delete(account)
      return
    }
    const put: RecordPut = { type: 'behaviour', record }
    const bytes = encodeRecord(put)
    if (old !== undefined && bytesEqual(old.bytes, bytes)) return
    changes.puts.set(key, this.#hints ? { ...put, previous: old?.record ?? null } : put)
    changes.deletes.delete(key)
    this.#behaviour.set(account, { record, bytes })
  }

  /** Counts a post-commit failure and tells `onError` (which may not throw either). */
  #report(err: unknown, source: EngineErrorSource): void {
    this.#failures[source]++
    try {
      this.#onError?.(err, source)
    } catch {
      // A broken error hook must not fail a committed batch; the counter still moved.
    }
  }

  async #mirrorTrust(accounts: Iterable<string>): Promise<void> {
    try {
      await mirrorTrust(this.#trustSink!, this.#book, accounts)
    } catch (err) {
      // The trust mirror is derived and rebuilt by repair; a failed mirror write never fails a
      // message, but it is counted and reported.
      this.#report(err, 'trust-sink')
    }
  }

  async #repair(): Promise<void> {
    await this.#store.setRepairPending?.(true)
    await this.#store.clearDerived()
    await this.#load('full')
    await this.#store.setRepairPending?.(false)
  }

  /**
   * Rebuilds memory from the message log. 'memory' writes nothing (memory catches up with the
   * store); 'full' writes every derived record in one batch (after clearDerived); 'diff' writes, in
   * one batch, only the records that differ from what the store holds and deletes stored records
   * the log no longer derives (falls back to 'full' when the store cannot list its records).
   */
  async #load(mode: 'memory' | 'full' | 'diff'): Promise<void> {
    this.#messages = new Map()
    this.#tasks = new Map()
    this.#book = new AccountBook(this.genesis)
    this.#scopes = new ScopeHolding(this.genesis.params)
    this.#checkpointVotes = []
    this.#epochs = new EpochChain(this.genesis, [])
    this.#epochsStale = false
    this.#miners = new Map()
    this.#behaviour = new Map()
    this.#hints = false
    this.#dependents = new Map()
    this.#dependsOnAll = new Set()
    this.#root = null
    this.#derivedDigest = null
    this.#staleDigests = new Set()
    const votes: AnySignedMessage[] = []
    for await (const bytes of this.#store.iterateMessages()) {
      // The log holds only messages that were verified before they were written.
      const msg = decodeEnvelope(this.genesis.networkId, bytes)
      if (msg.kind === MessageKind.DisputeVote) votes.push(msg)
      else this.#insert(msg)
    }
    for (const v of votes) this.#insert(v)
    this.#refreshEpochs()
    const changes = this.#newChanges()
    this.#rederive(this.#tasks.keys(), changes, false)
    for (const a of this.#book.accounts()) changes.accounts.add(a)
    if (mode === 'memory') {
      for (const a of changes.accounts) {
        const r = this.#book.minerRecord(a)
        if (r !== null) this.#miners.set(a, { record: r, bytes: encodeRecord({ type: 'miner', record: r }) })
        const p = this.#book.behaviourRecord(a)
        if (p !== null)
          this.#behaviour.set(a, { record: p, bytes: encodeRecord({ type: 'behaviour', record: p }) })
      }
      return
    }
    const stored = mode === 'diff' ? await this.#store.readRecords?.() : undefined
    let exact = true
    if (stored !== undefined) exact = this.#minusStored(changes, stored)
    await this.#commit(changes, [])
    this.#hints = exact
  }

  /**
   * At load every derived record is a put: keeps only those whose bytes differ from the stored
   * ones, and deletes stored records nothing derives. Returns false when a stored record can be
   * neither kept nor deleted (a miner record the log no longer derives), so write hints stay off.
   */
  #minusStored(changes: Changes, stored: ReadonlyMap<string, Uint8Array>): boolean {
    // Miner records are added to the batch by #commit (which skips those equal to #miners): add
    // them here so they are diffed too.
    for (const account of changes.accounts) {
      const record = this.#book.minerRecord(account)
      if (record === null) continue
      const put: RecordPut = { type: 'miner', record }
      const bytes = encodeRecord(put)
      this.#miners.set(account, { record, bytes })
      changes.puts.set(recordKey(put), put)
    }
    // Behaviour patterns likewise (#commit adds those that differ from #behaviour).
    for (const account of changes.accounts) {
      const record = this.#book.behaviourRecord(account)
      if (record === null) continue
      const put: RecordPut = { type: 'behaviour', record }
      this.#behaviour.set(account, { record, bytes: encodeRecord(put) })
      changes.puts.set(recordKey(put), put)
    }
    const derivedKeys = new Set(changes.puts.keys())
    for (const [key, put] of changes.puts) {
      const old = stored.get(key)
      if (old !== undefined && bytesEqual(old, encodeRecord(put))) changes.puts.delete(key)
    }
    let exact = true
    for (const key of stored.keys()) {
      if (derivedKeys.has(key)) continue
      const d = deleteForKey(key)
      if (d === null) exact = false
      else changes.deletes.set(key, d)
    }
    return exact
  }
}

/** The delete of a stored record by its key (`type:id-hex`), or null for types never deleted. */
function deleteForKey(key: string): RecordDelete | null {
  const at = key.indexOf(':')
  const type = key.slice(0, at)
  const id = Uint8Array.from(Buffer.from(key.slice(at + 1), 'hex'))
  switch (type) {
    case 'task':
    case 'submission':
    case 'validation':
    case 'dispute':
      return { type, id }
    case 'reward':
      return { type: 'reward', taskId: id }
    case 'fraud':
      return { type: 'fraud', subjectId: id }
    case 'miner':
      return minerDelete(id)
    case 'behaviour':
      return { type: 'behaviour', account: id }
    default:
      return null
  }
}

/** The certified set of a derivation as a set (memoised per derivation). */
const certifiedSets = new WeakMap<DerivedTask, Set<string>>()
function certifiedSet(derived: DerivedTask): Set<string> {
  let set = certifiedSets.get(derived)
  if (set === undefined) {
    set = new Set(derived.winner === null ? [] : derived.outcomeIds)
    certifiedSets.set(derived, set)
  }
  return set
}

/** A put carrying the stored version it replaces (null: known new), so the store skips its read. */
function withPrevious(put: RecordPut, previous: RecordPut['record'] | null): RecordPut {
  return { ...put, previous } as RecordPut
}

/** The REJECT an envelope earns when it does not open. */
function rejectOpen(err: unknown): ValidationResult {
  const code =
    err instanceof ProtocolError && err.code === 'BAD_SIGNATURE'
      ? RejectCode.BAD_SIGNATURE
      : RejectCode.MALFORMED
  return { verdict: Verdict.Reject, code, reason: (err as Error).message }
}

/** What queries read from the engine. */
export interface EngineReadModel {
  genesis: Genesis
  clock: number
  task(taskHex: string): TaskState | undefined
  tasks(): Iterable<TaskState>
  book: AccountBook
  /** Validator sets per epoch and checkpoint status (DESIGN §5.4, §5.6). */
  epochs: EpochChain
  /** Every held CheckpointVote. */
  checkpointVotes(): readonly SignedMessage<MessageKind.CheckpointVote>[]
  minerRecordBytes(account: string): Uint8Array | undefined
  minerAccounts(): Iterable<string>
  /** The encoded BehaviourPattern of an account (hex), if it has one. */
  behaviourRecordBytes(account: string): Uint8Array | undefined
}
