/**
 * The read model queries and vote helpers see (queries.ts, votes.ts): records as derived, trust,
 * profiles, epochs; read-only by convention, built over the live state.
 */
import type { MessageKind, SignedMessage } from '@aimesh/protocol'
import type { AccountBook } from '../derive/accounts.js'
import type { EpochChain } from '../epochs.js'
import type { Genesis } from '../genesis.js'
import { census, type MemoryCensus } from './census.js'
import type { EngineState, TaskState } from './state.js'

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
  /** What the engine keeps in memory, counted by structure (census.ts; for tests). */
  census(): MemoryCensus
}

/** The read model over the state as it is now. */
export function readModel(s: EngineState): EngineReadModel {
  return {
    genesis: s.genesis,
    clock: s.clock,
    task: (taskHex) => s.tasks.get(taskHex),
    tasks: () => s.tasks.values(),
    book: s.book,
    epochs: s.epochs,
    checkpointVotes: () => s.checkpointVotes,
    minerRecordBytes: (account) => s.miners.get(account)?.bytes,
    minerAccounts: () => s.miners.keys(),
    behaviourRecordBytes: (account) => s.behaviour.get(account)?.bytes,
    census: () => census(s),
  }
}
