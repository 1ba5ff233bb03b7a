/**
 * What happens once a write is durable: new fraud alerts go to listeners (the node signs and
 * gossips them) and derived trust is mirrored into the trust store. Neither may fail the messages
 * that caused them; failures are counted and told to `onError`.
 */
import type { AccountBook } from '../derive/accounts.js'
import type { FraudAlertDraft } from '../derive/task.js'
import { mirrorTrust, type TrustSink } from '../trust-mirror.js'

/**
 * Where a reported failure came from (see EngineOptions.onError): a post-commit failure, or
 * 'stored-state' when `open` found stored derived state it could not use and derived it again.
 */
export type EngineErrorSource = 'fraud-alert-listener' | 'change-listener' | 'trust-sink' | 'stored-state'

/** Alert listeners, the trust mirror and the failure counters (see the file comment). */
export class AfterCommit {
  readonly #alertListeners = new Set<(alert: FraudAlertDraft) => void>()
  readonly #trustSink: TrustSink | undefined
  readonly #onError: ((err: unknown, source: EngineErrorSource) => void) | undefined
  readonly #changeListeners = new Set<(taskHexes: readonly string[]) => void>()
  readonly #failures: Record<EngineErrorSource, number> = {
    'fraud-alert-listener': 0,
    'change-listener': 0,
    'trust-sink': 0,
    'stored-state': 0,
  }

  constructor(
    trustSink: TrustSink | undefined,
    onError: ((err: unknown, source: EngineErrorSource) => void) | undefined,
  ) {
    this.#trustSink = trustSink
    this.#onError = onError
  }

  /** Post-commit failures so far, by source. */
  get failures(): Readonly<Record<EngineErrorSource, number>> {
    return { ...this.#failures }
  }

  /** Subscribes to fraud alerts; returns unsubscribe. */
  onFraudAlert(listener: (alert: FraudAlertDraft) => void): () => void {
    this.#alertListeners.add(listener)
    return () => this.#alertListeners.delete(listener)
  }

  /**
   * Subscribes to re-derived tasks (hex ids), told once per durable batch or clock advance: what a
   * caller watching task state (the node's duties, its status events) looks at again, instead of
   * scanning every task. Returns unsubscribe.
   */
  onTasksChanged(listener: (taskHexes: readonly string[]) => void): () => void {
    this.#changeListeners.add(listener)
    return () => this.#changeListeners.delete(listener)
  }

  /** Tells onTasksChanged listeners (a throwing one is counted and reported, never fails the batch). */
  tellChanged(tasks: ReadonlySet<{ readonly hex: string }>): void {
    if (tasks.size === 0 || this.#changeListeners.size === 0) return
    const list = [...tasks].map((t) => t.hex)
    for (const l of this.#changeListeners) {
      try {
        l(list)
      } catch (err) {
        this.report(err, 'change-listener')
      }
    }
  }

  /** Tells listeners about the batch's new alerts, then mirrors the touched accounts' trust. */
  async run(
    alerts: readonly FraudAlertDraft[],
    book: AccountBook,
    accounts: Iterable<string>,
    tasks: ReadonlySet<{ readonly hex: string }> = new Set(),
  ): Promise<void> {
    for (const alert of alerts) {
      for (const l of this.#alertListeners) {
        try {
          l(alert)
        } catch (err) {
          this.report(err, 'fraud-alert-listener')
        }
      }
    }
    this.tellChanged(tasks)
    if (this.#trustSink !== undefined) await this.#mirrorTrust(book, accounts)
  }

  /** Counts a failure and tells `onError` (which may not throw either). */
  report(err: unknown, source: EngineErrorSource): void {
    this.#failures[source]++
    try {
      this.#onError?.(err, source)
    } catch {
      // A broken error hook must not fail a committed batch; the counter still moved.
    }
  }

  async #mirrorTrust(book: AccountBook, accounts: Iterable<string>): Promise<void> {
    try {
      await mirrorTrust(this.#trustSink!, book, accounts)
    } catch (err) {
      // The trust mirror is derived and rebuilt by repair; a failed mirror write never fails a
      // message, but it is counted and reported.
      this.report(err, 'trust-sink')
    }
  }
}
