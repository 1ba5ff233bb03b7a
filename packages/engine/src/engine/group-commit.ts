/**
 * Group commit (DESIGN §7, §9 ingest): messages submitted while a write is in flight share one
 * atomic store batch. Each is validated against the state plus the accepted messages before it, in
 * call order; every touched task is derived once per batch. Writes never overlap: deadline moves
 * and repair run in the same queue.
 */
import { type AnySignedMessage, Verdict } from '@aimesh/protocol'
import type { ValidationResult } from '../errors.js'
import type { LoggedMessage } from '../store-port.js'
import type { AfterCommit } from './after-commit.js'
import { commit } from './commit.js'
import { refreshEpochs } from './epoch-refresh.js'
import { rederive } from './rederive.js'
import { ScopeBatch } from './scope-batch.js'
import { type EngineState, newChanges } from './state.js'

/**
 * Most messages one group commit takes (DESIGN §9 ingest): large enough to amortise derivation and
 * the LevelDB write over a sync chunk or a gossip burst, small enough that one batch's latency
 * (about 1 ms per 10 messages on a laptop) stays far below gossip timeouts.
 */
export const MAX_BATCH_MESSAGES = 512

/** One message waiting in a group commit, with its caller's promise. */
export interface Pending {
  msg: AnySignedMessage
  now: number
  resolve(result: ValidationResult): void
  reject(err: unknown): void
}

/** The write queue and the group commit still taking messages (see the file comment). */
export class GroupCommit {
  readonly #s: EngineState
  readonly #after: AfterCommit
  #queue: Promise<unknown> = Promise.resolve()
  /** The group commit still taking messages (scheduled, not yet started), or null. */
  #open: Pending[] | null = null

  constructor(s: EngineState, after: AfterCommit) {
    this.#s = s
    this.#after = after
  }

  /** Runs `fn` after every write scheduled before it, alone. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    // Whatever is scheduled after this runs after it: close the open group commit.
    this.#open = null
    const run = this.#queue.then(fn, fn)
    this.#queue = run.catch(() => undefined)
    return run
  }

  /** Adds a message to the open group commit, scheduling a new one when none is open or it is full. */
  enqueue(p: Pending): void {
    let batch = this.#open
    if (batch === null || batch.length >= MAX_BATCH_MESSAGES) {
      const items: Pending[] = []
      batch = items
      void this.exclusive(() => this.#runBatch(items))
      this.#open = items
    }
    batch.push(p)
  }

  /** Runs one group commit and settles its callers' promises. */
  async #runBatch(items: Pending[]): Promise<void> {
    if (this.#open === items) this.#open = null
    try {
      const results = await applyBatch(this.#s, this.#after, items)
      for (let i = 0; i < items.length; i++) items[i]!.resolve(results[i]!)
    } catch (err) {
      for (const p of items) p.reject(err)
    }
  }
}

/**
 * One group commit: validates each message against the state plus the accepted messages before
 * it, derives every touched task once, and writes everything as ONE atomic store batch.
 */
async function applyBatch(
  s: EngineState,
  after: AfterCommit,
  items: readonly Pending[],
): Promise<ValidationResult[]> {
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
  if (logged.length === 0) return results
  for (const h of refreshEpochs(s)) dirty.add(h)
  rederive(s, dirty, changes, true)
  await commit(s, after, changes, logged)
  return results
}
