/**
 * Group commit (DESIGN §7, §9 ingest and gossip latency): messages submitted together share one
 * group commit. Each is validated against the state plus the accepted messages before it, in call
 * order; every touched task is derived once per batch.
 *
 * Staging and writing overlap. A batch is staged in memory (validated, indexed, derived, its store
 * batch built) while the writer writes earlier ones; whatever was staged while a write was in
 * flight is written next as ONE store batch (merge-writes.ts), so the number of LevelDB writes
 * adapts to the store's speed and a verdict waits for the CPU work before it, not for LevelDB.
 * Writes are issued one at a time in staging order, so the store always holds a prefix of the
 * staged batches (a crash loses at most the batches not yet written, each whole). At most
 * MAX_UNWRITTEN_MESSAGES are staged and not yet durable; beyond that staging waits for the writer.
 *
 * Durability rule. A caller's promise resolves once its batch and every batch before it are
 * durable; an accepted message is never reported durable before that. The optional `verdict`
 * callback hears the verdict earlier, as soon as the batch is staged: the message is valid and its
 * write is queued behind the ones before it. That is what gossip relays on (peers validate and
 * store a relayed message themselves). A write that fails loses its batches on this node only:
 * every batch staged after it is refused too (its callers' promises reject), and memory is rebuilt
 * from the store before any of those callers hears of it or anything else is staged; anti-entropy
 * gives the messages back. Nothing is ever reported durable that was not written.
 *
 * Cold tasks are dropped (trimResident) only when memory equals the store: after a write with
 * nothing staged behind it, or, when writes never catch up, by letting them land every
 * TRIM_EVERY_BATCHES. Deadline moves, repair and pruning run alone, after every staged batch is
 * written.
 */
import { type AnySignedMessage, Verdict } from '@aimesh/protocol'
import type { ValidationResult } from '../errors.js'
import type { EngineWrite, LoggedMessage } from '../store-port.js'
import type { AfterCommit } from './after-commit.js'
import { trimResident } from './bodies.js'
import { markStored } from './cold-derivations.js'
import { afterWrite, prepareWrite } from './commit.js'
import { refreshEpochs } from './epoch-refresh.js'
import type { IngestTimings } from './ingest-timings.js'
import { mergeWrites } from './merge-writes.js'
import { rederive } from './rederive.js'
import { reloadMemory } from './replay.js'
import { ScopeBatch } from './scope-batch.js'
import { type Changes, type EngineState, newChanges, type TaskState } from './state.js'

/**
 * Most messages one group commit takes (DESIGN §9 ingest): large enough to amortise derivation and
 * the LevelDB write over a sync chunk or a gossip burst, small enough that one batch's latency
 * (about 1 ms per 10 messages on a laptop) stays far below gossip timeouts.
 */
export const MAX_BATCH_MESSAGES = 512

/**
 * Most messages staged and not yet durable (being written or waiting for the write in flight)
 * before staging waits for the writer: how far memory may run ahead of the store.
 */
export const MAX_UNWRITTEN_MESSAGES = 4 * MAX_BATCH_MESSAGES

/** Most batches staged in a row while writes never catch up before staging waits for them (see the file comment). */
export const TRIM_EVERY_BATCHES = 16

/** One message waiting in a group commit, with its caller's promise. */
export interface Pending {
  msg: AnySignedMessage
  now: number
  /** Settles once the batch is durable (or refused: see the durability rule). */
  resolve(result: ValidationResult): void
  reject(err: unknown): void
  /** Told the verdict once the batch is staged, before it is durable (see the durability rule). */
  verdict?(result: ValidationResult): void
  /** performance.now() at submission, when timings are taken. */
  queuedAt?: number
}

/** A batch staged in memory: its verdicts, and the store batch that makes it durable (null: none). */
interface Staged {
  results: ValidationResult[]
  write: EngineWrite | null
  changes: Changes
}

/** Thrown to the callers of a batch staged after one whose write failed (it was never written). */
export class EarlierWriteFailed extends Error {
  constructor(cause: unknown) {
    super('not written: an earlier group commit failed to write, so this one was dropped; submit it again', {
      cause,
    })
    this.name = 'EarlierWriteFailed'
  }
}

/** A staged batch waiting for (or in) a write, with its callers. */
interface Unwritten {
  items: Pending[]
  staged: Staged
}

/** The staging queue, the writer and the group commit still taking messages (see the file comment). */
export class GroupCommit {
  readonly #s: EngineState
  readonly #after: AfterCommit
  readonly #timings: IngestTimings | undefined
  /** Staging and exclusive work, one at a time. */
  #queue: Promise<unknown> = Promise.resolve()
  /** Staged batches not yet handed to the writer, oldest first. */
  #staged: Unwritten[] = []
  /** Messages staged and not yet durable (waiting or being written). */
  #unwritten = 0
  /** The write in flight (settles, never rejects), or null. */
  #writing: Promise<void> | null = null
  /** The failed write's error until memory has been rebuilt from the store. */
  #failure: { err: unknown } | null = null
  /** Batches staged since memory last equalled the store. */
  #sinceSettled = 0
  /** The group commit still taking messages (scheduled, not yet staged), or null. */
  #open: Pending[] | null = null

  constructor(s: EngineState, after: AfterCommit, timings?: IngestTimings) {
    this.#s = s
    this.#after = after
    this.#timings = timings
  }

  /** Runs `fn` alone, after every batch staged before it is written (memory equals the store). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#serial(async () => {
      await this.#settle()
      return fn()
    })
  }

  /** Adds a message to the open group commit, scheduling a new one when none is open or it is full. */
  enqueue(p: Pending): void {
    let batch = this.#open
    if (batch === null || batch.length >= MAX_BATCH_MESSAGES) {
      const items: Pending[] = []
      batch = items
      void this.#serial(() => this.#runBatch(items))
      this.#open = items
    }
    if (this.#timings?.active) p.queuedAt = performance.now()
    batch.push(p)
  }

  /** Queues `fn` behind the staging and exclusive work before it; closes the open group commit. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    // Whatever is scheduled after this runs after it: close the open group commit.
    this.#open = null
    const run = this.#queue.then(fn, fn)
    this.#queue = run.catch(() => undefined)
    return run
  }

  /** Waits until every staged batch is written, then rebuilds memory if a write failed. */
  async #settle(): Promise<void> {
    while (this.#writing !== null) await this.#writing
    this.#sinceSettled = 0
    if (this.#failure === null) return
    await reloadMemory(this.#s)
    this.#failure = null
  }

  /** Stages one group commit, tells its callers their verdicts, and hands it to the writer. */
  async #runBatch(items: Pending[]): Promise<void> {
    if (this.#open === items) this.#open = null
    // No await between the last check and staging: a write that fails meanwhile is seen here.
    for (;;) {
      if (this.#failure !== null || this.#sinceSettled >= TRIM_EVERY_BATCHES) {
        await this.#settle()
        trimResident(this.#s)
      }
      if (this.#unwritten < MAX_UNWRITTEN_MESSAGES || this.#writing === null) break
      await this.#writing
    }
    const timings = this.#timings?.active ? this.#timings : undefined
    if (timings !== undefined) {
      const start = performance.now()
      for (const p of items) if (p.queuedAt !== undefined) timings.emit('commit-wait', start - p.queuedAt)
    }
    let staged: Staged
    try {
      staged = stageBatch(this.#s, items, timings)
    } catch (err) {
      // Memory may hold part of the batch: rebuild it from the store before anything else.
      this.#failure = { err }
      for (const p of items) p.reject(err)
      this.#serial(() => this.#settle()).catch(() => undefined)
      return
    }
    this.#sinceSettled++
    for (let i = 0; i < items.length; i++) {
      try {
        items[i]!.verdict?.(staged.results[i]!)
      } catch {
        // A listener's failure is its own: the batch is staged and will be written.
      }
    }
    this.#staged.push({ items, staged })
    this.#unwritten += items.length
    this.#write()
  }

  /** Starts writing every staged batch as one store batch, unless a write is in flight. */
  #write(): void {
    if (this.#writing !== null || this.#staged.length === 0) return
    const group = this.#staged
    this.#staged = []
    // #writeGroup settles every caller itself (afterWrite never throws): #writing never rejects.
    this.#writing = this.#writeGroup(group)
      .catch(() => undefined)
      .finally(() => {
        this.#writing = null
        this.#write()
      })
  }

  /** Writes staged batches as one store batch, then settles their callers in staging order. */
  async #writeGroup(group: Unwritten[]): Promise<void> {
    const writes = group.flatMap((u) => (u.staged.write === null ? [] : [u.staged.write]))
    const timings = this.#timings?.active ? this.#timings : undefined
    const start = timings === undefined ? 0 : performance.now()
    try {
      if (writes.length > 0) await this.#s.store.applyWrite(mergeWrites(writes))
    } catch (err) {
      // Memory ran ahead of the store: the batches staged since were staged on top of this one and
      // are refused too; memory is rebuilt from the store before any caller hears of it. Staging
      // waits meanwhile (#settle waits for this write); a failed rebuild is tried again there.
      this.#failure = { err }
      const later = this.#staged
      this.#staged = []
      await reloadMemory(this.#s).then(
        () => {
          this.#failure = null
        },
        () => undefined,
      )
      this.#refuse(group, err)
      this.#refuse(later, new EarlierWriteFailed(err))
      return
    }
    // Durable: nothing after this point may fail the messages in it. A task's stored derivation
    // matches memory unless a batch staged after the group derived it again.
    const later = new Set<TaskState>()
    for (const u of this.#staged) for (const t of u.staged.changes.tasks) later.add(t)
    for (const { staged } of group)
      if (staged.write !== null)
        markStored(
          this.#s,
          [...staged.changes.tasks].filter((t) => !later.has(t)),
          staged.write.state !== undefined,
        )
    for (let g = 0; g < group.length; g++) {
      const { items, staged } = group[g]!
      // Memory equals the store when nothing was staged behind the group (checked right before
      // afterWrite trims: an earlier afterWrite may have let staging run).
      const settled = g === group.length - 1 && this.#staged.length === 0
      if (settled) this.#sinceSettled = 0
      if (staged.write !== null)
        await afterWrite(this.#s, this.#after, staged.changes, settled).catch(() => {
          // afterWrite reports its own failures; the batch is durable whatever happens after it.
        })
      this.#unwritten -= items.length
      for (let i = 0; i < items.length; i++) items[i]!.resolve(staged.results[i]!)
    }
    if (writes.length > 0)
      timings?.emit(
        'write',
        performance.now() - start,
        writes.reduce((n, w) => n + w.messages.length, 0),
      )
  }

  /** Fails the callers of batches that were not written. */
  #refuse(group: readonly Unwritten[], err: unknown): void {
    for (const { items } of group) {
      this.#unwritten -= items.length
      for (const p of items) p.reject(err)
    }
  }
}

/**
 * Stages one group commit in memory: validates each message against the state plus the accepted
 * messages before it, derives every touched task once, and builds the ONE atomic store batch.
 */
function stageBatch(s: EngineState, items: readonly Pending[], timings?: IngestTimings): Staged {
  let at = timings === undefined ? 0 : performance.now()
  /** Emits the time since the previous stage ended. */
  const lap = (stage: 'validate' | 'derive', messages: number): void => {
    if (timings === undefined) return
    const end = performance.now()
    timings.emit(stage, end - at, messages)
    at = end
  }
  const results: ValidationResult[] = []
  const changes = newChanges()
  const dirty = new Set<string>()
  const logged: LoggedMessage[] = []
  // DESIGN §5.8: scopes take messages by rank; recalled parents come back; the batch settles.
  const scoped = new ScopeBatch(s, changes, dirty, logged)
  for (const { msg, now } of items) {
    const result = scoped.validate(msg, now)
    results.push(result)
    if (result.verdict === Verdict.Accept) scoped.take(msg, now)
  }
  scoped.settle(
    items.map((p) => p.msg),
    results,
  )
  lap('validate', items.length)
  if (logged.length === 0) return { results, write: null, changes }
  for (const h of refreshEpochs(s)) dirty.add(h)
  rederive(s, dirty, changes, true)
  const write = prepareWrite(s, changes, logged)
  lap('derive', logged.length)
  return { results, write, changes }
}
