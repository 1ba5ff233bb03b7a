/**
 * What the network needs from the layers around it (STYLE: ports are ports). The engine satisfies
 * NetworkEngine; the node passes a pino logger and a prom-client registry adapter, or nulls in
 * tests. Keeping these narrow lets the network be tested against a real engine without the node.
 */
import type { CheckpointHeader, Genesis, IngestTiming, ValidationResult } from '@aimesh/engine'
import type { StateRecord } from '@aimesh/store'

/** One task's entry in the inventory: its id, the digest over its sorted message ids, its size. */
export interface InventoryEntry {
  taskId: Uint8Array
  digest: Uint8Array
  messages: number
}

/** The engine operations the network calls (the Engine class implements every one). */
export interface NetworkEngine {
  /** Network id and parameters; the genesis hash is exchanged in `status`. */
  readonly genesis: Genesis
  /**
   * Decode, verify, validate and apply untrusted envelope bytes; resolves once durable. `verdict`,
   * when the engine supports it, hears the verdict as soon as it is known, before the write.
   */
  ingest(
    bytes: Uint8Array,
    now?: number,
    verdict?: (result: ValidationResult) => void,
  ): Promise<ValidationResult>
  /** The message-set root (DESIGN §5.2). */
  stateRoot(): Uint8Array
  /**
   * Tasks with their digests, sorted by task id: all, or those in [from, to) (empty `to`: no
   * bound), at most `limit` (the engine's paged inventory for anti-entropy).
   */
  inventory(range?: { from?: Uint8Array; to?: Uint8Array; limit?: number }): InventoryEntry[]
  /** The envelopes of one task, sorted by id. */
  taskMessages(taskId: Uint8Array): Uint8Array[]
  /** True when the message id is held. */
  hasMessage(id: Uint8Array): boolean
  /** Number of held messages. */
  readonly messageCount: number
  /** Number of inventory entries, kept by the engine (`status` reads it instead of building the inventory). */
  readonly taskCount?: number

  // --- used by req/resp and sync (src/reqresp, src/sync) ---
  /** `ingest` for several envelopes (a sync chunk), in order; one result per envelope. */
  ingestMany(envelopes: readonly Uint8Array[], now?: number): Promise<ValidationResult[]>
  /** A held message by id (its envelope bytes), for `messages`. */
  getMessage(id: Uint8Array): { readonly bytes: Uint8Array } | undefined
  /** Digest of every derived record (DESIGN §5.13), when the engine offers it. */
  derivedDigest?(): Uint8Array
  /** The latest certified checkpoint, when the engine has checkpoints. */
  latestCheckpoint?(): { epoch: number; id: Uint8Array } | undefined
  /** Subscribes to ingest stage timings (for metrics), when the engine offers them; returns unsubscribe. */
  onIngestTiming?(listener: (t: IngestTiming) => void): () => void
}

/** Where `content` finds task input blobs by hash (the node implements it; DESIGN §4). */
export interface BlobSource {
  /** The blob whose sha256 is `hash`, or undefined when not held. */
  get(hash: Uint8Array): Promise<Uint8Array | undefined>
}

/**
 * The state at certified checkpoints, as `checkpoint` serves it and `status` names it (DESIGN §5.6).
 * `engineCheckpoints` (sync/checkpoint-source.ts) implements it over an engine and its store.
 */
export interface CheckpointSource {
  /** The latest certified checkpoint held (its epoch and digest), or undefined when none is. */
  latest(): { epoch: number; id: Uint8Array } | undefined
  /**
   * The state at the certified checkpoint of `epoch` (0: the latest) through one store snapshot:
   * its header and records. Undefined when that checkpoint is not certified here.
   */
  export(epoch: number): { header: CheckpointHeader; records: AsyncIterable<StateRecord> } | undefined
}

/** The logger subset the network uses (pino's signature: object first, then message). */
export interface Logger {
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
  child(bindings: object): Logger
}

/** A logger that drops everything, for tests and embedders that pass none. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger
  },
}

/**
 * Typed peer actions on the short-term score (DESIGN §8, after Lodestar): fatal goes straight to
 * the ban threshold; low tolerance −10, mid −5, high −1. A liveness timeout is at most `high`.
 */
export type PeerAction = 'fatal' | 'low' | 'mid' | 'high'

/**
 * Events on the long-term peer quality score (DESIGN §8, the seed's reliability / responsiveness /
 * data quality): a useful gossip message, a duplicate, a helpful response, a timeout, bad data.
 */
export type QualityEvent = 'useful' | 'duplicate' | 'helpful-response' | 'timeout' | 'bad-data'

/** Where the gossip pipeline and req/resp report a peer's behaviour (the peer scorer implements it). */
export interface PeerReporter {
  /**
   * Moves the peer's short-term score; `code` names the cause for logs and metrics. Codes ending in
   * TIMEOUT, DIAL_FAILED or UNEXPECTED_EOF are liveness: they never take a peer to a ban alone.
   */
  report(peerId: string, action: PeerAction, code: string): void
  /** Records a long-term quality event (a helpful response, a useful message). */
  observe?(peerId: string, event: QualityEvent): void
}

/**
 * Where the network counts its own figures (gossip verdicts per topic and code, pending parents,
 * bans). The node adapts its prom-client registry to it; tests pass `nullMetrics` or a recorder.
 */
export interface MetricsSink {
  /** Adds `value` (default 1) to the counter `name` with these labels. */
  increment(name: string, labels?: Readonly<Record<string, string>>, value?: number): void
  /** Sets the gauge `name` with these labels. */
  set(name: string, value: number, labels?: Readonly<Record<string, string>>): void
  /** Records one observation (milliseconds, sizes) in the histogram `name`. */
  observe(name: string, value: number, labels?: Readonly<Record<string, string>>): void
}

/** A metrics sink that drops everything. */
export const nullMetrics: MetricsSink = {
  increment() {},
  set() {},
  observe() {},
}

/**
 * Fetches the missing parents of a message held pending (DESIGN §5.10) from the peer that sent it,
 * over the `messages` protocol (envelopes by id) or `task-sync` (all envelopes of a task). The
 * req/resp clients implement it; the gossip pipeline only needs this.
 */
export interface ParentFetcher {
  /**
   * Asks `peerId` for the envelopes with these message ids (and, when a missing id is a task id,
   * that task's envelopes). Returns what the peer sent, unvalidated; may be fewer or none.
   */
  fetchParents(peerId: string, ids: readonly Uint8Array[], signal?: AbortSignal): Promise<Uint8Array[]>
  /** Pushes envelopes to `peerId` with `replicate` (a held child whose gossip window has closed). */
  replicate?(peerId: string, envelopes: readonly Uint8Array[], signal?: AbortSignal): Promise<void>
}
