/**
 * The engine's in-memory materialisation (DESIGN §5.1, §5.2): every held message, each task's
 * message set and derived records, the account book, the epoch chain and the account-level
 * records. One plain object shared by the files of engine/ (each a concern over it); the Engine
 * facade owns it.
 */
import type {
  AnySignedMessage,
  BehaviourPattern,
  MessageKind,
  MinerRecord,
  SignedMessage,
  Verifier,
} from '@aimesh/protocol'
import { AccountBook } from '../derive/accounts.js'
import type { DerivedTask, FraudAlertDraft } from '../derive/task.js'
import type { KeptRecord, TaskSnapshot } from '../derived-state.js'
import { EpochChain } from '../epochs.js'
import type { Genesis } from '../genesis.js'
import { ScopeHolding } from '../holding.js'
import type { ScoreRecord } from '../rules/index.js'
import type { EngineStore, EvictedMessage, RecordDelete, RecordPut } from '../store-port.js'
import { IdTable } from './id-table.js'
import type { PackedIds } from './packed-ids.js'

/** One task's in-memory state. */
export interface TaskState {
  readonly hex: string
  readonly id: Uint8Array
  publish: SignedMessage<MessageKind.TaskPublished> | null
  /**
   * The task's decoded messages whose bodies are held (a frozen task keeps only its publish and
   * votes); reading it makes a cold task resident (bodies.ts reads them back from the store).
   */
  readonly messages: AnySignedMessage[]
  /** The decoded messages while the task is resident, null while cold (bodies.ts). */
  resident: AnySignedMessage[] | null
  /** The held message ids, sorted (packed-ids.ts). */
  readonly ids: PackedIds
  digest: Uint8Array
  derived: DerivedTask | null
  records: Map<string, KeptRecord>
  /**
   * Folded into a certified checkpoint with its bodies pruned (DESIGN §5.6): its derivation is the
   * stored one and is never computed again (checkpoint-state.ts).
   */
  frozen: boolean
  /**
   * Folded into a certified checkpoint whose fold root this node's covered sets give (fold-seal.ts):
   * the task derives from its covered set only; null until then.
   */
  sealed: Sealed | null
  readonly trustCache: Map<string, number>
  /** Collusion history per miner in this task's snapshot; cleared with trustCache. */
  readonly scoreCache: Map<string, ScoreRecord[]>
  readonly commitsBy: Map<string, SignedMessage<MessageKind.AnswerCommitted>[]>
  /**
   * True while the store's stored derivation of this task is exactly `derived` and `records` (it was
   * written or loaded, and not derived since): then the task may keep them on disk while cold
   * (cold-derivations.ts). Assigning either clears it.
   */
  persisted: boolean
  /** True while the records are read from the stored derivation (cold-derivations.ts). */
  readonly recordsStored: boolean
  /** Keeps the light derivation in memory, the rest on disk (cold-derivations.ts). */
  storeDerivation(light: DerivedTask): void
  /** Drops the per-task caches (trust, score history, commits by miner). */
  dropCaches(): void
}

/** What a sealed task derives from (fold-seal.ts, DESIGN §5.6). */
export interface Sealed {
  /** Digest of its covered set (sorted ids): what the fold root commits to, and its task record's digest. */
  digest: Uint8Array
  /** Held ids outside the covered set: held and counted in the state root, never derived from. */
  late: Set<string>
}

/** A held message and the task it is filed under; msg is null once its body was pruned. */
export interface HeldMessage {
  msg: AnySignedMessage | null
  task: string
}

/** An account-level record as derived, with its encoding (compared before writing). */
export interface HeldRecord<R> {
  record: R
  bytes: Uint8Array
}

/** The record changes, touched accounts and new alerts one write collects. */
export interface Changes {
  puts: Map<string, RecordPut>
  deletes: Map<string, RecordDelete>
  accounts: Set<string>
  alerts: FraudAlertDraft[]
  /**
   * Tasks derived (or whose message set changed) in this write: their stored state is rewritten,
   * and onTasksChanged listeners are told once the write is durable.
   */
  tasks: Set<TaskState>
  /** Held messages a scope dropped for lower ids (DESIGN §5.8), removed from the log in this batch. */
  evicted: EvictedMessage[]
}

/** Work counters (DESIGN §5.12: cost per message must not grow with history; tests read them). */
export interface EngineCounters {
  /** Task derivations run. */
  derivations: number
  /** Tasks whose derivation `open` took as stored. */
  loadedTasks: number
}

/** The engine's state (see the file comment); the first four fields are fixed at open. */
export interface EngineState {
  readonly genesis: Genesis
  readonly store: EngineStore
  /** Signature verifier for envelopes and evidence. */
  readonly verifier: Verifier
  clock: number
  /** Every held id and its task, with the bodies kept in memory (id-table.ts). */
  messages: IdTable
  tasks: Map<string, TaskState>
  book: AccountBook
  /** Held messages per scope (DESIGN §5.8). */
  scopes: ScopeHolding
  /** Held checkpoint votes and the validator sets they fix (DESIGN §5.4, §5.6). */
  checkpointVotes: SignedMessage<MessageKind.CheckpointVote>[]
  epochs: EpochChain
  epochsStale: boolean
  miners: Map<string, HeldRecord<MinerRecord>>
  /** Behavioural pattern per account (DESIGN §6/§7 behaviour), derived from the book like miners. */
  behaviour: Map<string, HeldRecord<BehaviourPattern>>
  /**
   * True while every record the engine holds is exactly what the store holds (after a full load
   * and every successful commit since), so writes may tell the store each record's previous version
   * and spare it the read (RecordPut.previous). False during load and after a failed write.
   */
  hints: boolean
  dependents: Map<string, Set<string>>
  dependsOnAll: Set<string>
  root: Uint8Array | null
  /** derivedDigest() as of the last write; null once anything derived may have changed. */
  derivedDigest: Uint8Array | null
  /** Tasks whose message set changed since their digest was last computed. */
  staleDigests: Set<TaskState>
  readonly counters: EngineCounters
  /** Resident tasks, least recently used first (bodies.ts). */
  residentTasks: Map<string, TaskState>
  /** True when the store reads envelopes back synchronously, so tasks may go cold. */
  readonly syncReads: boolean
  /** Most tasks kept resident (bodies.ts). */
  readonly residentCap: number
  /** Stored derivations of cold tasks read back lately, least recently used first (cold-derivations.ts). */
  snapshotCache: Map<string, TaskSnapshot>
  /** Certified checkpoints tried for a seal, by epoch: the digest tried and whether it sealed (fold-seal.ts). */
  folds: Map<number, { digest: string; sealed: boolean }>
}

/** A new, empty state. */
export function createState(
  genesis: Genesis,
  store: EngineStore,
  verifier: Verifier,
  clock: number,
  residentCap: number,
): EngineState {
  const syncReads = store.readMessageSync !== undefined && store.readMessageSync(new Uint8Array(32)) !== null
  const s = {
    genesis,
    store,
    verifier,
    clock,
    counters: { derivations: 0, loadedTasks: 0 },
    syncReads,
    residentCap,
  } as EngineState
  resetState(s)
  return s
}

/** Empties everything derived from the message set (before a reload from the log); keeps the clock. */
export function resetState(s: EngineState): void {
  s.messages = new IdTable()
  s.tasks = new Map()
  s.book = new AccountBook(s.genesis)
  s.scopes = new ScopeHolding(s.genesis.params)
  s.checkpointVotes = []
  s.epochs = new EpochChain(s.genesis, [])
  s.epochsStale = false
  s.miners = new Map()
  s.behaviour = new Map()
  s.hints = false
  s.dependents = new Map()
  s.dependsOnAll = new Set()
  s.root = null
  s.derivedDigest = null
  s.staleDigests = new Set()
  s.residentTasks = new Map()
  s.snapshotCache = new Map()
  s.folds = new Map()
}

/** An empty change set. */
export function newChanges(): Changes {
  return {
    puts: new Map(),
    deletes: new Map(),
    accounts: new Set(),
    alerts: [],
    tasks: new Set(),
    evicted: [],
  }
}
