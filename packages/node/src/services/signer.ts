/**
 * Who signs (DESIGN §5.11): the engine signs nothing; this service does, for the validator
 * accounts the node holds. After a task's validation deadline each epoch validator casts the
 * ConsensusVote the engine computes, and again in the next round while nothing certifies; during
 * an epoch, after the checkpoint delay, each casts the CheckpointVote the engine computes, again
 * each round while that checkpoint is not certified. Of the engine's fraud findings (derived, so
 * they survive a restart) the validator ranked first for (task, subject) signs the alert at once;
 * the one ranked k-th only after k × alertDelayMs without an alert, so a finding is announced once,
 * not N times.
 *
 * Incremental: the service never scans every task. A task is looked at when the engine re-derives
 * it (its changed-task events) and when one of its duties falls due (a due-time queue: validation
 * deadline, each round's start, a lower-ranked alert's turn); at most MAX_TASKS_PER_TICK per tick.
 */
import type { Engine } from '@aimesh/engine'
import { MessageKind, toHex } from '@aimesh/protocol'
import type { NodeActions } from '../actions.js'
import { DueQueue } from '../due-queue.js'
import { consensusVoteDuty, nextCheckpointAt, nextVoteAt } from '../duties.js'
import { isNodeError } from '../errors.js'
import type { Keystore, KeystoreAccount } from '../keystore/keystore.js'
import type { EngineService } from './engine.js'
import { type BaseComponents, every, type Service } from './service.js'

/** Components of the signer service. */
export interface SignerComponents extends BaseComponents {
  engine: EngineService
  actions: NodeActions
  keystore: Keystore
}

/** Most tasks one tick looks at (the rest wait for the next tick, earliest due first). */
export const MAX_TASKS_PER_TICK = 128

/** Tasks whose unannounced findings' first-seen times are kept at most (the oldest go first). */
const MAX_FINDING_TASKS = 10_000

/** See the file comment. */
export class SignerService implements Service {
  readonly name = 'signer'
  readonly #c: SignerComponents
  readonly #intervalMs: number
  readonly #alertDelayMs: number
  /** Tasks with a duty to look at, by when. */
  readonly #queue = new DueQueue()
  /** When the checkpoint vote is next looked at. */
  #checkpointDue = Number.NEGATIVE_INFINITY
  /**
   * Per task, when this node first saw each unannounced finding (`subject:kind`); the delay for
   * lower ranks runs from it.
   */
  readonly #seen = new Map<string, Map<string, number>>()
  #unsubscribe: (() => void) | null = null
  #loop: ReturnType<typeof every> | null = null

  constructor(components: SignerComponents, init: { intervalMs: number; alertDelayMs: number }) {
    this.#c = components
    this.#intervalMs = init.intervalMs
    this.#alertDelayMs = init.alertDelayMs
  }

  get #engine(): Engine {
    return this.#c.engine.engine
  }

  /** Tasks waiting for a look (diagnostics, tests). */
  get pending(): number {
    return this.#queue.size
  }

  async start(): Promise<void> {
    const engine = this.#engine
    // Re-derived tasks are looked at on the next tick; the rest only when a duty falls due.
    this.#unsubscribe = engine.onTasksChanged((hexes) => {
      const now = this.#c.clock.now()
      for (const h of hexes) this.#queue.schedule(h, now)
    })
    // Once at start: every task, so duties owed across a restart are found again.
    const now = this.#c.clock.now()
    for (const t of engine.state.tasks()) if (t.publish !== null) this.#queue.schedule(t.hex, now)
    this.#loop = every(
      this.#intervalMs,
      this.#c.signal,
      () => this.tick(),
      (err) => this.#c.logger.warn({ err }, 'signer tick failed'),
    )
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.()
    this.#unsubscribe = null
    await this.#loop?.idle()
  }

  /** One pass over what is due: the checkpoint vote, then at most MAX_TASKS_PER_TICK tasks. */
  async tick(): Promise<void> {
    const accounts = this.#c.keystore.accounts()
    if (accounts.length === 0) return
    const now = this.#c.clock.now()
    if (now >= this.#checkpointDue) {
      await this.#checkpoints(accounts, now)
      this.#checkpointDue = nextCheckpointAt(this.#engine, now)
    }
    for (const h of this.#queue.takeDue(now, MAX_TASKS_PER_TICK)) {
      const voteAt = await this.#votes(h, accounts, now)
      const alertAt = await this.#alerts(h, now)
      const next = Math.min(voteAt ?? Number.POSITIVE_INFINITY, alertAt ?? Number.POSITIVE_INFINITY)
      if (next !== Number.POSITIVE_INFINITY) this.#queue.schedule(h, next)
    }
  }

  async #sign(what: string, fn: () => Promise<unknown>, context: object): Promise<boolean> {
    try {
      await fn()
      this.#c.logger.debug(context, `${what} signed`)
      return true
    } catch (err) {
      if (isNodeError(err, 'NOT_RUNNING')) throw err
      this.#c.logger.warn({ err, ...context }, `${what} refused`)
      return false
    }
  }

  /** Casts the task's owed consensus votes; returns when it next owes one (or undefined). */
  async #votes(taskHex: string, accounts: KeystoreAccount[], now: number): Promise<number | undefined> {
    const engine = this.#engine
    for (const a of accounts) {
      const duty = consensusVoteDuty(engine, taskHex, a.publicKey, now)
      if ('reason' in duty) continue
      await this.#sign(
        'consensus vote',
        () => this.#c.actions.sign(a, MessageKind.ConsensusVote, duty.body),
        {
          taskId: taskHex,
          round: duty.round,
          account: a.name,
        },
      )
    }
    return nextVoteAt(
      engine,
      taskHex,
      accounts.map((a) => a.publicKey),
      now,
    )
  }

  async #checkpoints(accounts: KeystoreAccount[], now: number): Promise<void> {
    const engine = this.#engine
    for (const a of accounts) {
      const body = engine.checkpointVoteFor(a.publicKey, now)
      if (body === null) continue
      await this.#sign('checkpoint vote', () => this.#c.actions.sign(a, MessageKind.CheckpointVote, body), {
        epoch: body.epoch,
        round: body.round,
        account: a.name,
      })
    }
  }

  /**
   * Signs the task's unannounced findings whose turn came for a held validator; returns when the
   * next held validator's turn comes (or undefined).
   */
  async #alerts(taskHex: string, now: number): Promise<number | undefined> {
    const engine = this.#engine
    const seen = this.#seen.get(taskHex) ?? new Map<string, number>()
    const live = new Set<string>()
    let next: number | undefined
    for (const { alert, signers } of engine.unsignedFindings([taskHex])) {
      const key = `${toHex(alert.subject)}:${alert.fraudKind}`
      live.add(key)
      let seenAt = seen.get(key)
      if (seenAt === undefined) {
        seenAt = now
        seen.set(key, now)
      }
      for (let rank = 0; rank < signers.length; rank++) {
        const a = this.#c.keystore.byPublicKey(signers[rank]!)
        if (a === undefined) continue
        const due = seenAt + rank * this.#alertDelayMs
        // Later ranks come later still: wait for this one's turn.
        if (now < due) {
          next = Math.min(next ?? due, due)
          break
        }
        const evidence = alert.evidenceIds
          .slice(0, 8)
          .map((id) => engine.getMessage(id)?.bytes)
          .filter((b): b is Uint8Array<ArrayBuffer> => b !== undefined)
        const signed = await this.#sign(
          'fraud alert',
          () =>
            this.#c.actions.sign(a, MessageKind.FraudAlert, {
              timestamp: now,
              taskId: alert.taskId as Uint8Array<ArrayBuffer>,
              subject: alert.subject as Uint8Array<ArrayBuffer>,
              fraudKind: alert.fraudKind,
              evidenceIds: alert.evidenceIds as Uint8Array<ArrayBuffer>[],
              evidence,
              riskBps: alert.riskBps,
            }),
          { taskId: taskHex, subject: toHex(alert.subject), rank, account: a.name },
        )
        // Signed: the alert re-derives the task, which asks again. Refused: try again later.
        if (!signed) next = Math.min(next ?? now + this.#alertDelayMs, now + this.#alertDelayMs)
        break
      }
    }
    for (const key of [...seen.keys()]) if (!live.has(key)) seen.delete(key)
    this.#seen.delete(taskHex)
    if (seen.size > 0) {
      this.#seen.set(taskHex, seen)
      if (this.#seen.size > MAX_FINDING_TASKS) this.#seen.delete(this.#seen.keys().next().value!)
    }
    return next
  }
}
