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
import { EpochChain } from '../epochs.js'
import type { Genesis } from '../genesis.js'
import type { ScoreRecord } from '../rules/index.js'
import type { EngineStore, RecordDelete, RecordPut } from '../store-port.js'

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

/** A held message and the task it is filed under. */
export interface HeldMessage {
  msg: AnySignedMessage
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
  /** Tasks re-derived in this batch (told to onTasksChanged listeners once it is durable). */
  tasks: Set<string>
}

/** The engine's state (see the file comment); the first four fields are fixed at open. */
export interface EngineState {
  readonly genesis: Genesis
  readonly store: EngineStore
  /** Signature verifier for envelopes and evidence. */
  readonly verifier: Verifier
  clock: number
  messages: Map<string, HeldMessage>
  tasks: Map<string, TaskState>
  book: AccountBook
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
}

/** A new, empty state. */
export function createState(
  genesis: Genesis,
  store: EngineStore,
  verifier: Verifier,
  clock: number,
): EngineState {
  const s = { genesis, store, verifier, clock } as EngineState
  resetState(s)
  return s
}

/** Empties everything derived from the message set (before a reload from the log); keeps the clock. */
export function resetState(s: EngineState): void {
  s.messages = new Map()
  s.tasks = new Map()
  s.book = new AccountBook(s.genesis)
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
}

/** An empty change set. */
export function newChanges(): Changes {
  return { puts: new Map(), deletes: new Map(), accounts: new Set(), alerts: [], tasks: new Set() }
}
