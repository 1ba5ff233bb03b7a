/**
 * The clock service (DESIGN §5.3): moves the engine clock to the wall clock on a timer, so
 * deadline-driven changes (phases closing, rewards computed, outcomes becoming final) happen
 * without a message, and reveals the node's own auto-reveal commits once their commit window closes.
 */
import type { NodeActions } from '../actions.js'
import { isNodeError } from '../errors.js'
import type { PendingReveals } from '../reveals.js'
import type { EngineService } from './engine.js'
import { type BaseComponents, every, type Service } from './service.js'

/** Components of the clock service. */
export interface ClockComponents extends BaseComponents {
  engine: EngineService
  actions: NodeActions
  reveals: PendingReveals
}

/** See the file comment. */
export class ClockService implements Service {
  readonly name = 'clock'
  readonly #c: ClockComponents
  readonly #intervalMs: number
  #loop: ReturnType<typeof every> | null = null

  constructor(components: ClockComponents, init: { intervalMs: number }) {
    this.#c = components
    this.#intervalMs = init.intervalMs
  }

  async start(): Promise<void> {
    this.#loop = every(
      this.#intervalMs,
      this.#c.signal,
      () => this.tick(),
      (err) => this.#c.logger.warn({ err }, 'clock tick failed'),
    )
  }

  async stop(): Promise<void> {
    await this.#loop?.idle()
  }

  /** One tick: advance the engine, then reveal what is due. */
  async tick(): Promise<void> {
    const now = this.#c.clock.now()
    await this.#c.engine.advance(now)
    await this.#revealDue(now)
  }

  async #revealDue(now: number): Promise<void> {
    const engine = this.#c.engine.engine
    for (const r of this.#c.reveals.list()) {
      if (!r.auto || r.commitId === '') continue
      const task = engine.state.task(r.taskId)?.publish
      if (task === null || task === undefined || now < task.body.commitDeadline) continue
      if (now >= task.body.submissionDeadline) {
        this.#c.logger.warn(
          { taskId: r.taskId, account: r.account },
          'reveal window closed before the reveal',
        )
        await this.#c.reveals.remove(r.taskId, r.account)
        continue
      }
      try {
        await this.#c.actions.reveal(r.account, r.taskId)
      } catch (err) {
        if (isNodeError(err, 'NOT_RUNNING')) return
        this.#c.logger.warn({ err, taskId: r.taskId }, 'automatic reveal failed')
        if (isNodeError(err, 'REFUSED') && err.verdictCode !== 'UNKNOWN_COMMIT')
          await this.#c.reveals.remove(r.taskId, r.account)
      }
    }
  }
}
