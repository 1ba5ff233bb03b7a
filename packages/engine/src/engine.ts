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
 *
 * This file is the facade; each concern is a file of engine/: state.ts (the materialisation),
 * message-index.ts, rederive.ts, record-diff.ts, epoch-refresh.ts, group-commit.ts, intake.ts
 * (envelopes and signature checks), commit.ts, after-commit.ts (alerts, trust mirror), replay.ts,
 * load.ts (open and repair), stored-state.ts (open from what was derived), prune.ts (history cut at
 * checkpoints), digests.ts, read-model.ts.
 */
import type { AnySignedMessage, CheckpointVoteBody, ConsensusVoteBody, Verifier } from '@aimesh/protocol'
import { verifyNode } from '@aimesh/protocol'
import { prunableMessageIds } from './checkpoint-state.js'
import type { FraudAlertDraft } from './derive/task.js'
import { AfterCommit, type EngineErrorSource } from './engine/after-commit.js'
import { envelopeOf, messageOf, RESIDENT_TASKS } from './engine/bodies.js'
import { commit } from './engine/commit.js'
import { derivedDigest, dumpRecords, stateRoot } from './engine/digests.js'
import { isSealed } from './engine/fold-seal.js'
import { GroupCommit } from './engine/group-commit.js'
import { type IngestTiming, IngestTimings } from './engine/ingest-timings.js'
import { Intake, type OnVerdict } from './engine/intake.js'
import { open, repair } from './engine/load.js'
import { taskOf, validateAgainst } from './engine/message-index.js'
import { pruneFolded } from './engine/prune.js'
import { type EngineReadModel, readModel } from './engine/read-model.js'
import { dueTasks, rederive } from './engine/rederive.js'
import { createState, type EngineCounters, type EngineState, newChanges } from './engine/state.js'
import { type CheckpointStatus, epochOf, type ValidatorSet } from './epochs.js'
import type { ValidationResult } from './errors.js'
import type { Genesis } from './genesis.js'
import { hex } from './ids.js'
import { type InventoryEntry, type InventoryRange, selectInventory } from './inventory.js'
import type { EngineStore } from './store-port.js'
import type { TrustSink } from './trust-mirror.js'
import type { VerifyPool } from './verify-pool.js'
import {
  checkpointProposal,
  checkpointVoteFor,
  consensusVoteFor,
  type UnsignedFinding,
  unsignedFindings,
} from './votes.js'

export type { EngineErrorSource } from './engine/after-commit.js'
export { MAX_BATCH_MESSAGES } from './engine/group-commit.js'
export type { IngestStage, IngestTiming } from './engine/ingest-timings.js'
export type { EngineReadModel } from './engine/read-model.js'
export type { EngineCounters, TaskState } from './engine/state.js'

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
  /**
   * Most tasks whose decoded messages stay in memory (default RESIDENT_TASKS); the others' are read
   * back from the store when needed (DESIGN §5.12). Stores without synchronous reads keep all.
   */
  residentTasks?: number
}

/** The engine (see the file comment). */
export class Engine {
  readonly genesis: Genesis
  readonly #now: () => number
  readonly #s: EngineState
  readonly #after: AfterCommit
  readonly #writes: GroupCommit
  readonly #intake: Intake
  readonly #timings = new IngestTimings()

  private constructor(opts: EngineOptions) {
    this.genesis = opts.genesis
    this.#now = opts.now ?? Date.now
    const verifier = opts.verifier ?? verifyNode
    this.#s = createState(
      opts.genesis,
      opts.store,
      verifier,
      opts.clock ?? this.#now(),
      opts.residentTasks ?? RESIDENT_TASKS,
    )
    this.#after = new AfterCommit(opts.trustSink, opts.onError)
    this.#writes = new GroupCommit(this.#s, this.#after, this.#timings)
    this.#intake = new Intake(
      opts.genesis.networkId,
      verifier,
      opts.verifyPool,
      (msg, at, verdict) => this.#enqueue(msg, at, verdict),
      this.#timings,
    )
  }

  /**
   * Opens an engine over a store: loads what was derived when the store keeps it (each task's
   * stored derivation checked against its digest, DESIGN §5.12), else rebuilds the in-memory state
   * from the message log and writes only what differs from the stored records (an unchanged state
   * writes nothing). A repair that a crash interrupted (the store's repair marker is still set) is
   * finished first: clear + rebuild.
   */
  static async open(opts: EngineOptions): Promise<Engine> {
    const engine = new Engine(opts)
    const clock = engine.#s.clock
    await open(engine.#s, engine.#after)
    // A stored state is loaded at the clock it was derived at; deadlines since then apply now.
    if (engine.#s.clock < clock) await engine.advance(clock)
    return engine
  }

  /** Work counters: task derivations run and tasks loaded as stored (DESIGN §5.12). */
  get counters(): Readonly<EngineCounters> {
    return { ...this.#s.counters }
  }

  /** The engine clock (unix ms): the latest `advance(now)`. */
  get clock(): number {
    return this.#s.clock
  }

  /** Post-commit failures so far, by source (a throwing alert listener, a failed trust mirror write). */
  get failures(): Readonly<Record<EngineErrorSource, number>> {
    return this.#after.failures
  }

  /** Subscribes to fraud alerts the engine raises (for the node to sign and gossip); returns unsubscribe. */
  onFraudAlert(listener: (alert: FraudAlertDraft) => void): () => void {
    return this.#after.onFraudAlert(listener)
  }

  /**
   * Subscribes to re-derived tasks (hex ids), told once per durable batch or clock advance, so a
   * caller watching task state looks at those again instead of scanning every task.
   */
  onTasksChanged(listener: (taskHexes: readonly string[]) => void): () => void {
    return this.#after.onTasksChanged(listener)
  }

  /** Subscribes to ingest stage timings (engine/ingest-timings.ts, for metrics); returns unsubscribe. */
  onIngestTiming(listener: (t: IngestTiming) => void): () => void {
    return this.#timings.on(listener)
  }

  /** Validates a message against the current state without applying it. */
  validate(msg: AnySignedMessage, now: number = this.#now()): ValidationResult {
    return validateAgainst(this.#s, msg, now)
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
    return this.#enqueue(msg, now ?? this.#now())
  }

  #enqueue(msg: AnySignedMessage, now: number, verdict?: OnVerdict): Promise<ValidationResult> {
    return new Promise((resolve, reject) => {
      this.#writes.enqueue({ msg, now, resolve, reject, verdict })
    })
  }

  /** `submitVerified` for several messages, in order (they join the same group commit where they fit). */
  submitManyVerified(msgs: readonly AnySignedMessage[], now?: number): Promise<ValidationResult[]> {
    const at = now ?? this.#now()
    return Promise.all(
      msgs.map(
        (m) =>
          new Promise<ValidationResult>((resolve, reject) => {
            this.#writes.enqueue({ msg: m, now: at, resolve, reject })
          }),
      ),
    )
  }

  /**
   * Decodes, verifies, validates and applies untrusted envelope bytes (the gossip/sync pipeline).
   * With a verify pool, the envelopes ingested in one tick are checked together and submitted in
   * ingest order. Resolves once durable; `verdict` hears a verified message's verdict as soon as
   * its group commit is staged, before the write (the durability rule in engine/group-commit.ts).
   */
  ingest(
    bytes: Uint8Array,
    now?: number,
    verdict?: (result: ValidationResult) => void,
  ): Promise<ValidationResult> {
    return this.#intake.ingest(bytes, now ?? this.#now(), verdict)
  }

  /** `ingest` for several envelopes (a sync chunk), in order; one result per envelope. */
  ingestMany(envelopes: readonly Uint8Array[], now?: number): Promise<ValidationResult[]> {
    const at = now ?? this.#now()
    return Promise.all(envelopes.map((bytes) => this.ingest(bytes, at)))
  }

  /** Moves the clock to `now` and applies every deadline-driven change; idempotent. */
  advance(now: number): Promise<void> {
    const s = this.#s
    return this.#writes.exclusive(async () => {
      if (now <= s.clock) return
      const before = s.clock
      const due = dueTasks(s, before, now)
      // Derivation reads the new clock, but the engine only keeps it once the write is durable: a
      // failed commit restores the old clock before memory is rebuilt from the store (commit.ts),
      // so memory never runs ahead of what was written.
      s.clock = now
      if (due.length === 0) return
      const changes = newChanges()
      rederive(s, due, changes, true)
      await commit(s, this.#after, changes, [], before)
    })
  }

  /**
   * Rebuilds every derived record and index from the message log (DESIGN §7 repair): marks repair
   * in progress, clears, rebuilds, clears the mark. A crash in between leaves the mark set, and the
   * next `open` runs the whole repair again (clearing is idempotent).
   */
  repair(): Promise<void> {
    return this.#writes.exclusive(() => repair(this.#s, this.#after))
  }

  /**
   * Drops the bodies of messages folded into the latest certified checkpoint (DESIGN §5.6,
   * checkpoint-state.ts): each folded task keeps its TaskPublished and ConsensusVotes, every id,
   * and its stored derivation, which is frozen from then on. Returns the bodies dropped.
   */
  pruneFolded(): Promise<number> {
    return this.#writes.exclusive(() => pruneFolded(this.#s, this.#after, prunableMessageIds(this)))
  }

  /** The state root over every task digest (DESIGN §5.2). */
  stateRoot(): Uint8Array {
    return stateRoot(this.#s)
  }

  /**
   * A digest of every derived record and of the validator sets per epoch (DESIGN §5.13): two nodes
   * holding the same message set at the same clock give the same digest, so equal digests prove
   * equal outcomes while equal state roots prove equal inputs.
   */
  derivedDigest(): Uint8Array {
    return derivedDigest(this.#s)
  }

  /** The epoch an author time falls in (default: the engine clock), DESIGN §5.4. */
  epochAt(time: number = this.#s.clock): number {
    return epochOf(this.genesis, time)
  }

  /** The validator set of an epoch with its integer weights (DESIGN §5.4). */
  validatorSet(epoch: number): ValidatorSet {
    return this.#s.epochs.setOf(epoch)
  }

  /** The checkpoints voted for an epoch, certified or not, each with its counted voters (DESIGN §5.6). */
  checkpoints(epoch: number): readonly CheckpointStatus[] {
    return this.#s.epochs.checkpointsOf(epoch)
  }

  /** Every epoch some held checkpoint vote names, ascending. */
  checkpointEpochs(): number[] {
    return this.#s.epochs.votedEpochs()
  }

  /**
   * True once this node's covered sets give the certified fold root of `epoch`: its folded tasks
   * derive from their covered sets only (engine/fold-seal.ts, DESIGN §5.6).
   */
  foldSealed(epoch: number): boolean {
    return isSealed(this.#s, epoch)
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
  unsignedFindings(taskHexes?: Iterable<string>): UnsignedFinding[] {
    return unsignedFindings(this.state, taskHexes)
  }

  /**
   * Task ids (the zero id for account-level messages) with their digests, sorted by id: all of
   * them, or those in `range` ([from, to), at most `limit`) for paged anti-entropy.
   */
  inventory(range?: InventoryRange): InventoryEntry[] {
    return selectInventory(this.#s.tasks.values(), range)
  }

  /** The envelopes of one task (for task-sync), sorted by id. */
  taskMessages(taskId: Uint8Array): Uint8Array[] {
    const s = this.#s
    const t = s.tasks.get(hex(taskId))
    if (t === undefined) return []
    const out: Uint8Array[] = []
    for (const id of t.ids) {
      const bytes = envelopeOf(s, id)
      if (bytes !== undefined) out.push(bytes)
    }
    return out
  }

  /**
   * The envelope bytes of held messages by id, in the order asked, skipping ids not held: what the
   * network's `messages` request serves (the missing parents of a message a peer holds pending,
   * DESIGN §5.10).
   */
  envelopes(ids: readonly Uint8Array[]): Uint8Array[] {
    const out: Uint8Array[] = []
    for (const id of ids) {
      const bytes = envelopeOf(this.#s, hex(id))
      if (bytes !== undefined) out.push(bytes)
    }
    return out
  }

  /**
   * The id of the account's MinerProfile in effect (its latest held), or undefined: what a message
   * the account signs names as `profileId` (DESIGN §5.9 admission).
   */
  profileIdOf(account: Uint8Array): Uint8Array | undefined {
    return this.#s.book.profile(hex(account))?.id
  }

  /**
   * The task (hex id) a message is filed under by the engine's rule (DESIGN §5.2): its own id for a
   * TaskPublished, the zero id for account-level messages, a dispute vote with its dispute's task.
   */
  taskOf(msg: AnySignedMessage): string {
    return taskOf(this.#s, msg)
  }

  /** True when the message id is held. */
  hasMessage(id: Uint8Array): boolean {
    return this.#s.messages.has(hex(id))
  }

  /** A held message by id. */
  getMessage(id: Uint8Array): AnySignedMessage | undefined {
    return messageOf(this.#s, hex(id))
  }

  /** Number of held messages. */
  get messageCount(): number {
    return this.#s.messages.size
  }

  /** Number of tasks in the inventory (the zero id for account-level messages among them), kept as the task map grows. */
  get taskCount(): number {
    return this.#s.tasks.size
  }

  /** Every derived record, encoded, keyed `type:key-hex` (what the store holds). */
  dumpRecords(): Map<string, Uint8Array> {
    return dumpRecords(this.#s)
  }

  /** Read access for queries (records as derived, trust, profiles). */
  get state(): EngineReadModel {
    return readModel(this.#s)
  }
}
