/**
 * Ingesting what sync fetched (DESIGN §5.2, §5.10). task-sync delivers task by task in task-id
 * order, which is random in time. The engine derives tasks in publish order and a task's trust reads
 * every earlier task, so a task landing before tasks already held re-derives all later ones: fed in
 * task-id order, ingestion costs O(tasks²). Fed in plain author-time order it is no better in
 * practice: thousands of tasks run at once, so every engine batch touches hundreds of tasks and each
 * task is derived again once per batch holding one of its messages (8× the derivations of a live
 * node on a 2,000-task history). The ingester therefore buffers what arrives (up to a byte budget)
 * and feeds the engine in history order (`historyOrder`): profiles first, then task by task in
 * publish order (each task's messages by author time, parents' kinds first), account-level votes at
 * their time. A task is then derived about once, and never before an earlier one. A message still
 * IGNOREd for a missing parent is kept and offered again after the rest; one whose parent never
 * arrives stays deferred (anti-entropy is the backstop). Nothing loops without bound.
 */
import { type ValidationResult, waitsForParent } from '@aimesh/engine'
import {
  type AnySignedMessage,
  decodeEnvelope,
  Envelope,
  fromHex,
  MessageKind,
  toHex,
  Verdict,
} from '@aimesh/protocol'
import type { NetworkEngine } from '../ports.js'

/** Envelopes per ingestMany call: one engine group commit each (below its 512-message batch). */
export const INGEST_BATCH = 256

/**
 * Envelope bytes buffered before they are ordered and ingested. A catch-up of a few thousand tasks
 * fits whole (so it is applied in one time-ordered pass); beyond it, each buffer-full is ordered on
 * its own. Starting from a checkpoint (DESIGN §5.12) keeps a joiner's catch-up below it.
 */
export const INGEST_BUFFER_BYTES = 128 * 1024 * 1024

/**
 * The order in which kinds become valid on equal author times: a kind's parents are of kinds
 * earlier in the list (profiles and tasks first, then commits, reveals, scores, votes, disputes,
 * claims). A table, so a new kind is a row.
 */
const KIND_RANK: Record<MessageKind, number> = {
  [MessageKind.MinerProfile]: 0,
  [MessageKind.TaskPublished]: 1,
  [MessageKind.TaskCancelled]: 2,
  [MessageKind.AnswerCommitted]: 3,
  [MessageKind.AnswerRevealed]: 4,
  [MessageKind.ValidationScored]: 5,
  [MessageKind.FraudAlert]: 6,
  [MessageKind.ConsensusVote]: 7,
  [MessageKind.CheckpointVote]: 8,
  [MessageKind.DisputeOpened]: 9,
  [MessageKind.DisputeVote]: 10,
  [MessageKind.RewardClaimed]: 11,
}
const UNKNOWN_RANK = 99

/**
 * The author time of a body: every body's field 1 is its timestamp (a uint64 varint, DESIGN §4),
 * and canonical encoding writes it first. Read here without decoding the body: ordering must cost
 * far less than the validation it saves. Infinity when the body does not start with it.
 */
export function bodyTimestamp(body: Uint8Array): number {
  if (body[0] !== 0x08) return Number.POSITIVE_INFINITY
  let value = 0
  let scale = 1
  for (let i = 1; i < body.length && i <= 10; i++) {
    const b = body[i]!
    value += (b & 0x7f) * scale
    if ((b & 0x80) === 0) return value
    scale *= 128
  }
  return Number.POSITIVE_INFINITY
}

/** Where a message sorts in history order: its group's time, the group, then its own time and kind. */
interface HistoryKey {
  bytes: Uint8Array
  group: number
  task: string
  time: number
  rank: number
  i: number
}

/** The task a message is filed under ('' for account-level ones; a dispute vote by its dispute). */
function taskHex(msg: AnySignedMessage, disputes: ReadonlyMap<string, string>): string {
  if (msg.kind === MessageKind.TaskPublished) return toHex(msg.id)
  if (msg.kind === MessageKind.DisputeVote) return disputes.get(toHex(msg.body.disputeId)) ?? ''
  return 'taskId' in msg.body ? toHex(msg.body.taskId as Uint8Array) : ''
}

/**
 * Envelopes in history order (see the file comment): profiles first; then each task's messages
 * together, tasks by the author time of their publication (from these envelopes, else the one
 * `publishedAt` finds held), account-level messages at their own time; within a task by author time,
 * parents' kinds first, then arrival. Undecodable ones last, for the engine to refuse and count.
 */
export function historyOrder(
  network: string,
  envelopes: readonly Uint8Array[],
  publishedAt: (taskHex: string) => number | undefined = () => undefined,
): Uint8Array[] {
  const decoded = envelopes.map((bytes) => {
    try {
      return decodeEnvelope(network, bytes)
    } catch {
      return undefined
    }
  })
  const published = new Map<string, number>()
  const disputes = new Map<string, string>()
  for (const m of decoded) {
    if (m?.kind === MessageKind.TaskPublished) published.set(toHex(m.id), m.body.timestamp)
    else if (m?.kind === MessageKind.DisputeOpened) disputes.set(toHex(m.id), toHex(m.body.taskId))
  }
  const keys: HistoryKey[] = decoded.map((m, i) => {
    const bytes = envelopes[i]!
    if (m === undefined)
      return { bytes, group: Number.POSITIVE_INFINITY, task: '', time: 0, rank: UNKNOWN_RANK, i }
    const time = m.body.timestamp
    const rank = KIND_RANK[m.kind] ?? UNKNOWN_RANK
    if (m.kind === MessageKind.MinerProfile)
      return { bytes, group: Number.NEGATIVE_INFINITY, task: '', time, rank, i }
    const task = taskHex(m, disputes)
    if (task === '') return { bytes, group: time, task, time, rank, i }
    let at = published.get(task)
    if (at === undefined) {
      at = publishedAt(task) ?? time
      published.set(task, at)
    }
    return { bytes, group: at, task, time, rank, i }
  })
  keys.sort(
    (a, b) =>
      compareNumbers(a.group, b.group) ||
      (a.task < b.task ? -1 : a.task > b.task ? 1 : 0) ||
      compareNumbers(a.time, b.time) ||
      a.rank - b.rank ||
      a.i - b.i,
  )
  return keys.map((k) => k.bytes)
}

function compareNumbers(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1
}

/** What one round of ingestion did. */
export interface IngestTally {
  accepted: number
  duplicates: number
  rejected: number
  ignored: number
}

export function emptyTally(): IngestTally {
  return { accepted: 0, duplicates: 0, rejected: 0, ignored: 0 }
}

export interface SyncIngesterInit {
  /** Bytes buffered before a flush (default INGEST_BUFFER_BYTES). */
  maxBufferedBytes?: number
  /** Told after each engine batch: envelopes applied (any verdict) and how many are buffered in all. */
  onProgress?: (done: number, total: number) => void
}

/**
 * Buffers fetched envelopes and ingests them in time order (`ingest` flushes when the buffer is
 * full, `settle` flushes the rest and re-offers the deferred), keeping those that wait for a parent.
 */
export class SyncIngester {
  readonly tally: IngestTally = emptyTally()
  #buffer: Uint8Array[] = []
  #bufferedBytes = 0
  #deferred: Uint8Array[] = []
  /** Parent ids the engine named for deferred messages (hex → id), for fetching from the source. */
  #missing = new Map<string, Uint8Array>()
  readonly #init: SyncIngesterInit

  constructor(
    readonly engine: NetworkEngine,
    readonly now: () => number,
    init: SyncIngesterInit = {},
  ) {
    this.#init = init
  }

  /** Messages still waiting for a parent. */
  get deferred(): number {
    return this.#deferred.length
  }

  /** Parents named by deferred messages that are still not held: what to ask the source for. */
  missingParents(): Uint8Array[] {
    for (const [key, id] of this.#missing) if (this.engine.hasMessage(id)) this.#missing.delete(key)
    return [...this.#missing.values()]
  }

  /** Buffers a fetched batch; ingests the buffer in time order once it is over its byte budget. */
  async ingest(envelopes: readonly Uint8Array[]): Promise<void> {
    for (const e of envelopes) {
      this.#buffer.push(e)
      this.#bufferedBytes += e.length
    }
    if (this.#bufferedBytes >= (this.#init.maxBufferedBytes ?? INGEST_BUFFER_BYTES)) await this.#flush()
  }

  /** `historyOrder` over this engine's network, with publications already held looked up in it. */
  #order(envelopes: readonly Uint8Array[]): Uint8Array[] {
    const engine = this.engine
    return historyOrder(engine.genesis.networkId, envelopes, (task) => {
      const held = engine.getMessage(fromHex(task))
      return held === undefined ? undefined : bodyTimestamp(Envelope.decode(held.bytes).body)
    })
  }

  /**
   * Ingests what is buffered, then offers the deferred messages again until a pass accepts nothing
   * (at most `maxPasses`).
   */
  async settle(maxPasses = 16): Promise<void> {
    await this.#flush()
    for (let pass = 0; pass < maxPasses && this.#deferred.length > 0; pass++) {
      const again = this.#order(this.#deferred)
      this.#deferred = []
      if ((await this.#pass(again)) === 0) return
    }
  }

  async #flush(): Promise<void> {
    if (this.#buffer.length === 0) return
    const ordered = this.#order(this.#buffer)
    this.#buffer = []
    this.#bufferedBytes = 0
    await this.#pass(ordered)
  }

  async #pass(envelopes: readonly Uint8Array[]): Promise<number> {
    let accepted = 0
    for (let i = 0; i < envelopes.length; i += INGEST_BATCH) {
      const batch = envelopes.slice(i, i + INGEST_BATCH)
      const results = await this.engine.ingestMany(batch, this.now())
      results.forEach((r, j) => {
        if (r.verdict === Verdict.Accept) {
          accepted++
          this.tally.accepted++
        } else if (r.verdict === Verdict.Reject) this.tally.rejected++
        else if (r.code === 'DUPLICATE') this.tally.duplicates++
        else if (waitsForParent(r as ValidationResult)) {
          this.#deferred.push(batch[j]!)
          for (const id of r.missing ?? []) this.#missing.set(toHex(id), id)
        } else this.tally.ignored++
      })
      this.#init.onProgress?.(Math.min(i + INGEST_BATCH, envelopes.length), envelopes.length)
    }
    return accepted
  }
}
