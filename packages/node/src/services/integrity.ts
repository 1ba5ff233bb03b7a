/**
 * The periodic integrity check (DESIGN §7): walks every record and index entry on a timer and
 * keeps the last report for /health. A failed check is logged loudly; `aimesh repair` rebuilds.
 */
import type { IntegrityReport, StateStore } from '@aimesh/store'
import { type BaseComponents, every, type Service } from './service.js'

/** The last check, as /health shows it. */
export interface IntegrityStatus {
  at: number
  ok: boolean
  records: number
  problems: number
}

/** See the file comment. */
export class IntegrityService implements Service {
  readonly name = 'integrity'
  readonly #c: BaseComponents & { store: () => StateStore }
  readonly #intervalMs: number
  #loop: ReturnType<typeof every> | null = null
  #last: IntegrityStatus | null = null

  constructor(components: BaseComponents & { store: () => StateStore }, init: { intervalMs: number }) {
    this.#c = components
    this.#intervalMs = init.intervalMs
  }

  /** The last check's result, or null before the first. */
  get last(): IntegrityStatus | null {
    return this.#last
  }

  async start(): Promise<void> {
    if (this.#intervalMs === 0) return
    this.#loop = every(
      this.#intervalMs,
      this.#c.signal,
      async () => void (await this.check()),
      (err) => this.#c.logger.warn({ err }, 'integrity check failed to run'),
    )
  }

  async stop(): Promise<void> {
    await this.#loop?.idle()
  }

  /** Runs a check now. */
  async check(): Promise<IntegrityReport> {
    const report = await this.#c.store().checkIntegrity()
    const problems = report.missing.length + report.dangling.length + report.badRecords.length
    this.#last = { at: this.#c.clock.now(), ok: report.ok, records: report.records, problems }
    if (!report.ok)
      this.#c.logger.error({ problems }, 'store integrity check found problems; run `aimesh repair`')
    return report
  }
}
