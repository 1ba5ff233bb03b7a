/**
 * What an import checks of each exported record (DESIGN §5.6), beside the certificate: a checkpoint
 * vote signs only the epoch, the fold root over (task id, outcome root, covered-set digest), the trust digest and the
 * next validator set, so a record is accepted only as far as it follows from signed messages or
 * from what those commit to.
 *
 * - Envelopes open (signature, network, id equal to their key).
 * - Every held id has a body or a stub, never both nor neither; a stub decodes, names its own id,
 *   is of a kind that is pruned (never a TaskPublished, a vote or an account-level message) and of
 *   the task it is filed under. The ids each kept ConsensusVote covers must be answers and scores
 *   of its task whose outcome root is the one the vote signs: a stub's kind and task are checked
 *   against signed votes wherever one covers it.
 * - A folded task's stored derivation lists exactly the ids held for it and names its covered set
 *   (the ids held less its late ones, engine/fold-seal.ts), whose digest it states; every sealed
 *   task's covered set, with its certified root, must give the fold root the checkpoint votes sign
 *   (the engine seals every certified checkpoint or the import is refused); its contributions are
 *   checked through the trust digest the engine recomputes for the exported checkpoint
 *   (checkpoint-state.ts).
 * - Derived records and indexes are not taken from the export: the engine writes them again from
 *   the verified messages and folded derivations, and their digest must equal the export's (a
 *   record changed, added or left out is refused).
 * What stays the exporter's word: the fields of a stub no vote covers, and the records of a folded
 * task beyond its root and contributions (its bodies are gone; the votes commit to which messages it
 * derives from, by id, not to what was derived from them).
 */
import { createHash, type Hash } from 'node:crypto'
import { MessageKind, openEnvelope, outcomeRoot, type Verifier } from '@aimesh/protocol'
import { DERIVED_COLUMNS, type StateRecord, type StateStore } from '@aimesh/store'
import { decodeMarker, decodeTaskSnapshot, MARKER_KEY } from './derived-state.js'
import { hex, unhex } from './ids.js'
import { taskDigest } from './state-root.js'
import { decodeStub } from './stubs.js'

/** Kinds whose bodies are never pruned (a stub of one is forged). */
const NEVER_PRUNED: ReadonlySet<MessageKind> = new Set([
  MessageKind.TaskPublished,
  MessageKind.ConsensusVote,
  MessageKind.MinerProfile,
  MessageKind.CheckpointVote,
])

/** Columns whose records the engine writes again instead of importing them. */
const REBUILT: ReadonlySet<string> = new Set(DERIVED_COLUMNS.filter((c) => c !== 'engineState'))

/** Why a record was refused (checkpoint-state.ts turns it into a CheckpointError). */
export class RecordRefused extends Error {
  constructor(
    readonly code: 'BAD_MESSAGE' | 'BAD_RECORD',
    message: string,
  ) {
    super(message)
  }
}

function refuse(what: string): never {
  throw new RecordRefused('BAD_RECORD', `${what}; the export is damaged or forged`)
}

function isMarker(key: Uint8Array): boolean {
  return key.length === MARKER_KEY.length && key[0] === MARKER_KEY[0]
}

/** Feeds a derived record into a digest (column, key and value, length-prefixed). */
function hashRecord(h: Hash, r: StateRecord): void {
  const head = new Uint8Array(12)
  const view = new DataView(head.buffer)
  view.setUint32(0, r.column.length)
  view.setUint32(4, r.key.length)
  view.setUint32(8, r.value.length)
  h.update(head)
  h.update(r.column)
  h.update(r.key)
  h.update(r.value)
}

/** The digest of the rebuilt derived records a store holds, in export order. */
export async function rebuiltDigest(store: StateStore): Promise<string> {
  const h = createHash('sha256')
  for await (const r of store.exportRecords()) if (REBUILT.has(r.column)) hashRecord(h, r)
  return h.digest('hex')
}

/** The checks of one import, fed the exported records in export order (columns in order). */
export class ImportVerifier {
  /** Messages whose bodies the export holds. */
  readonly bodies = new Set<string>()
  /** Held ids per task. */
  readonly tasksOf = new Map<string, string[]>()
  /** Kind and task of every answer and score held (body or stub): what votes cover. */
  readonly #covered = new Map<string, { kind: MessageKind; task: string }>()
  readonly #votes: { id: string; task: string; ids: string[]; root: string }[] = []
  readonly #derived = createHash('sha256')
  #folded: Set<string> | null = null
  /** The exporter's engine clock (its load marker), or undefined. */
  clock: number | undefined
  messages = 0

  constructor(
    readonly networkId: string,
    readonly verifier: Verifier,
  ) {}

  /** Tasks with an id whose body is not in the export: their stored derivation is what they have. */
  folded(): Set<string> {
    if (this.#folded === null) {
      this.#folded = new Set()
      for (const [task, ids] of this.tasksOf)
        if (ids.some((id) => !this.bodies.has(id))) this.#folded.add(task)
    }
    return this.#folded
  }

  /** The records to write, checked (see the file comment); throws RecordRefused. */
  async *filter(records: AsyncIterable<StateRecord>): AsyncIterable<StateRecord> {
    for await (const r of records) {
      if (r.column === 'messages') this.#message(r)
      else if (r.column === 'taskMessages') this.#taskEntry(r)
      else if (r.column === 'engineState') {
        if (!this.#keepState(r)) continue
      } else if (REBUILT.has(r.column)) {
        hashRecord(this.#derived, r)
        continue
      }
      yield r
    }
  }

  #message(r: StateRecord): void {
    const id = hex(r.key)
    let msg: ReturnType<typeof openEnvelope> | undefined
    try {
      msg = openEnvelope(this.networkId, r.value, this.verifier)
    } catch {
      msg = undefined
    }
    if (msg === undefined || hex(msg.id) !== id)
      throw new RecordRefused(
        'BAD_MESSAGE',
        `message ${id} in the export does not open (signature, network or id); the export is damaged or forged`,
      )
    this.bodies.add(id)
    this.messages++
    if (msg.kind === MessageKind.AnswerRevealed || msg.kind === MessageKind.ValidationScored)
      this.#covered.set(id, { kind: msg.kind, task: hex(msg.body.taskId) })
    if (msg.kind === MessageKind.ConsensusVote)
      this.#votes.push({
        id,
        task: hex(msg.body.taskId),
        ids: msg.body.includedIds.map(hex),
        root: hex(msg.body.outcomeRoot),
      })
  }

  #taskEntry(r: StateRecord): void {
    if (r.key.length !== 64) refuse('a task index entry has a malformed key')
    const task = hex(r.key.subarray(0, 32))
    const id = hex(r.key.subarray(32))
    const list = this.tasksOf.get(task) ?? []
    list.push(id)
    this.tasksOf.set(task, list)
    if (r.value.length === 0) {
      if (!this.bodies.has(id)) refuse(`message ${id} is listed with neither its body nor its stub`)
      return
    }
    if (this.bodies.has(id)) refuse(`message ${id} has both its body and a stub`)
    const stub = decodeStub(r.value)
    if (stub === undefined) refuse(`the stub of message ${id} does not decode`)
    const p = stub.parent
    if (hex(p.id) !== id) refuse(`the stub filed as ${id} names another message`)
    if (NEVER_PRUNED.has(p.kind)) refuse(`the stub of ${id} is of a kind whose bodies are never pruned`)
    if ('taskId' in p.body && hex(p.body.taskId) !== task) refuse(`the stub of ${id} names another task`)
    if (p.kind === MessageKind.AnswerRevealed || p.kind === MessageKind.ValidationScored)
      this.#covered.set(id, { kind: p.kind, task })
  }

  /**
   * Folded tasks keep their stored derivation, sealed ones their covered set (the rest of theirs is
   * derived again); the marker's clock is read, not written.
   */
  #keepState(r: StateRecord): boolean {
    if (isMarker(r.key)) {
      this.clock = decodeMarker(r.value)?.clock
      return false
    }
    const task = hex(r.key)
    // Account bases (and whatever else is not a task's) are folded again, not imported.
    if (!this.tasksOf.has(task)) return false
    const folded = this.folded().has(task)
    const snap = decodeTaskSnapshot(r.value)
    if (snap === null) {
      if (folded) refuse(`the stored derivation of folded task ${task} does not decode`)
      return false
    }
    const heldIds = [...(this.tasksOf.get(task) ?? [])].sort()
    if (folded && hex(snap.ids) !== heldIds.join(''))
      refuse(`the stored derivation of folded task ${task} is not of the messages held for it`)
    if (snap.sealed === null) {
      if (folded) refuse(`folded task ${task} names no covered set`)
      return false
    }
    // Its covered set: the ids held less the late ones, whose digest the certified fold root checks.
    const late = snap.sealed.late
    const held = new Set(heldIds)
    for (const id of late)
      if (!held.has(id)) refuse(`folded task ${task} names a late message it does not hold`)
    const covered = heldIds.filter((id) => !late.has(id)).map(unhex)
    if (hex(taskDigest(covered)) !== hex(snap.sealed.digest))
      refuse(`the covered set of folded task ${task} is not the one its digest names`)
    return true
  }

  /** After the stream: every kept vote's covered ids give the root it signs. */
  checkVotes(): void {
    for (const v of this.#votes) {
      const answers: string[] = []
      const scores: string[] = []
      for (const id of v.ids) {
        const c = this.#covered.get(id)
        if (c === undefined || c.task !== v.task)
          refuse(
            `vote ${v.id} covers ${id}, which the export does not hold as an answer or score of its task`,
          )
        ;(c.kind === MessageKind.AnswerRevealed ? answers : scores).push(id)
      }
      if (hex(outcomeRoot(Buffer.from(v.task, 'hex'), answers, scores)) !== v.root)
        refuse(`the messages vote ${v.id} covers, as the export holds them, do not give the root it signs`)
    }
  }

  /** The digest of the derived records the export carried (compare with rebuiltDigest). */
  derivedDigest(): string {
    return this.#derived.digest('hex')
  }
}
