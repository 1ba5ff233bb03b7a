/**
 * Periodic snapshots (DESIGN §7 metrics column): network metrics (task, submission, validation,
 * miner and validator counts) and performance figures (messages applied per second, heap) stored
 * through the store, so a node's history of its own load can be read back.
 */
import { getTask } from '@aimesh/engine'
import { MinerRecord, TaskStatus } from '@aimesh/protocol'
import type { StateStore } from '@aimesh/store'
import type { EngineService } from './engine.js'
import { type BaseComponents, every, type Service } from './service.js'

/** Components of the snapshot service. */
export interface SnapshotComponents extends BaseComponents {
  engine: EngineService
  store: () => StateStore
}

const ACTIVE = new Set<string>([
  TaskStatus.PUBLISHED,
  TaskStatus.IN_PROGRESS,
  TaskStatus.ANSWERS_SUBMITTED,
  TaskStatus.UNDER_VALIDATION,
  TaskStatus.DISPUTED,
])

/** See the file comment. */
export class SnapshotService implements Service {
  readonly name = 'snapshots'
  readonly #c: SnapshotComponents
  readonly #intervalMs: number
  #loop: ReturnType<typeof every> | null = null
  #last: { at: number; messages: number } | null = null

  constructor(components: SnapshotComponents, init: { intervalMs: number }) {
    this.#c = components
    this.#intervalMs = init.intervalMs
  }

  async start(): Promise<void> {
    if (this.#intervalMs === 0) return
    this.#loop = every(
      this.#intervalMs,
      this.#c.signal,
      () => this.snapshot(),
      (err) => this.#c.logger.warn({ err }, 'snapshot failed'),
    )
  }

  async stop(): Promise<void> {
    await this.#loop?.idle()
  }

  /** Takes one snapshot now. */
  async snapshot(): Promise<void> {
    const engine = this.#c.engine.engine
    const store = this.#c.store()
    const at = this.#c.clock.now()
    let tasks = 0
    let active = 0
    let completed = 0
    let submissions = 0
    let validations = 0
    for (const t of engine.state.tasks()) {
      if (t.publish === null) continue
      const r = getTask(engine, t.id)
      if (r === undefined) continue
      tasks++
      if (ACTIVE.has(r.status)) active++
      if (r.status === TaskStatus.COMPLETED) completed++
      submissions += r.submissionCount
      validations += r.validationCount
    }
    let miners = 0
    let validators = 0
    for (const a of engine.state.minerAccounts()) {
      const bytes = engine.state.minerRecordBytes(a)
      if (bytes === undefined) continue
      const m = MinerRecord.decode(bytes)
      if ((m.roles & 2) !== 0) miners++
      if ((m.roles & 4) !== 0) validators++
    }
    const flagged = (await store.fraud.listFlagged({ limit: 100_000 })).length
    await store.snapshots.storeNetworkMetrics({
      at,
      tasks,
      activeTasks: active,
      submissions,
      validations,
      miners,
      validators,
      completed,
      flagged,
    })
    const messages = engine.messageCount
    if (this.#last !== null && at > this.#last.at) {
      const rate = ((messages - this.#last.messages) * 1000) / (at - this.#last.at)
      await store.snapshots.storePerformance({
        at,
        name: 'messages_applied_rate',
        value: rate,
        unit: 'msg/s',
      })
    }
    await store.snapshots.storePerformance({
      at,
      name: 'heap_used',
      value: process.memoryUsage().heapUsed,
      unit: 'bytes',
    })
    this.#last = { at, messages }
  }
}
