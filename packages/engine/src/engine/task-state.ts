/**
 * One task's in-memory state (DESIGN §5.2, §5.12), the TaskState of engine/state.ts. A resident
 * task keeps its decoded messages, derivation and records; a cold one keeps its ids, digest,
 * publish and the few derivation fields every scan reads (cold-derivations.ts), and reads the rest
 * back from its stored derivation when asked. The per-task caches exist only while in use, so a
 * cold task is a handful of fields.
 */
import type { AnySignedMessage, MessageKind, SignedMessage } from '@aimesh/protocol'
import type { DerivedTask } from '../derive/task.js'
import type { KeptRecord } from '../derived-state.js'
import type { ScoreRecord } from '../rules/index.js'
import { residentMessages } from './bodies.js'
import { storedRecords } from './cold-derivations.js'
import { PackedIds } from './packed-ids.js'
import type { EngineState, Sealed, TaskState } from './state.js'

/** The digest of a task before its first refresh (replaced, never written into). */
const NO_DIGEST = new Uint8Array(32)

/** A task's state (see the file comment). */
export class Task implements TaskState {
  readonly hex: string
  readonly id: Uint8Array
  publish: SignedMessage<MessageKind.TaskPublished> | null = null
  resident: AnySignedMessage[] | null = null
  readonly ids = new PackedIds()
  digest: Uint8Array = NO_DIGEST
  frozen = false
  sealed: Sealed | null = null
  persisted = false
  #derived: DerivedTask | null = null
  /** The records as derived; undefined while they are read from the stored derivation. */
  #records: Map<string, KeptRecord> | undefined | null = null
  #trust: Map<string, number> | undefined
  #scores: Map<string, ScoreRecord[]> | undefined
  #commits: Map<string, SignedMessage<MessageKind.AnswerCommitted>[]> | undefined
  readonly #s: EngineState

  constructor(s: EngineState, taskHex: string, id: Uint8Array) {
    this.#s = s
    this.hex = taskHex
    this.id = id
  }

  get messages(): AnySignedMessage[] {
    return residentMessages(this.#s, this)
  }

  get derived(): DerivedTask | null {
    return this.#derived
  }

  set derived(d: DerivedTask | null) {
    this.#derived = d
    this.persisted = false
  }

  get records(): Map<string, KeptRecord> {
    if (this.#records === undefined) return storedRecords(this.#s, this)
    this.#records ??= new Map()
    return this.#records
  }

  set records(r: Map<string, KeptRecord>) {
    this.#records = r
    this.persisted = false
  }

  /** True while the records are read from the stored derivation. */
  get recordsStored(): boolean {
    return this.#records === undefined
  }

  /**
   * Keeps only what a cold task needs in memory: `derived` becomes its light form and the records
   * are read from the stored derivation (cold-derivations.ts). The stored derivation is this one.
   */
  storeDerivation(light: DerivedTask): void {
    this.#derived = light
    this.#records = undefined
    this.persisted = true
  }

  get trustCache(): Map<string, number> {
    this.#trust ??= new Map()
    return this.#trust
  }

  get scoreCache(): Map<string, ScoreRecord[]> {
    this.#scores ??= new Map()
    return this.#scores
  }

  get commitsBy(): Map<string, SignedMessage<MessageKind.AnswerCommitted>[]> {
    this.#commits ??= new Map()
    return this.#commits
  }

  /** Drops the per-task caches (a cold task keeps none). */
  dropCaches(): void {
    this.#trust = undefined
    this.#scores = undefined
    this.#commits = undefined
  }
}
