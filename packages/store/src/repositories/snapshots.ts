/**
 * Network metrics and performance analytics snapshots in the `metrics` column:
 * `0x01 ‖ at` → NetworkMetrics, `0x02 ‖ at ‖ name` → PerformanceAnalytics, so time ranges are scans.
 */
import { NetworkMetrics, PerformanceAnalytics } from '@aimesh/protocol'
import type { StoreCore } from '../core.js'
import { key, prefixRange, u8, u64 } from '../keys.js'

const NETWORK = 0x01
const PERFORMANCE = 0x02
const utf8 = new TextEncoder()

/** Key of a network metrics snapshot. */
export function networkMetricsKey(at: number): Uint8Array {
  return key(u8(NETWORK), u64(at))
}

/** Key of a performance analytics snapshot. */
export function performanceKey(at: number, name: string): Uint8Array {
  return key(u8(PERFORMANCE), u64(at), utf8.encode(name))
}

/** Metrics snapshots repository. */
export class SnapshotRepository {
  readonly #core: StoreCore

  constructor(core: StoreCore) {
    this.#core = core
  }

  /** Stores a network metrics snapshot (one per timestamp). */
  storeNetworkMetrics(m: NetworkMetrics): Promise<void> {
    return this.#core.mutex.run(() =>
      this.#core.batch([
        { type: 'put', column: 'metrics', key: networkMetricsKey(m.at), value: NetworkMetrics.encode(m) },
      ]),
    )
  }

  /** The newest network metrics snapshot, or undefined. */
  async latestNetworkMetrics(): Promise<NetworkMetrics | undefined> {
    const [e] = await this.#core.entries('metrics', { ...prefixRange(u8(NETWORK)), reverse: true, limit: 1 })
    return e === undefined ? undefined : NetworkMetrics.decode(e[1])
  }

  /** Network metrics snapshots with `from ≤ at < to`, oldest first. */
  async networkMetricsRange(from: number, to: number): Promise<NetworkMetrics[]> {
    const e = await this.#core.entries('metrics', { gte: networkMetricsKey(from), lt: networkMetricsKey(to) })
    return e.map(([, v]) => NetworkMetrics.decode(v))
  }

  /** Stores a performance analytics snapshot (one per timestamp and name). */
  storePerformance(p: PerformanceAnalytics): Promise<void> {
    return this.#core.mutex.run(() =>
      this.#core.batch([
        {
          type: 'put',
          column: 'metrics',
          key: performanceKey(p.at, p.name),
          value: PerformanceAnalytics.encode(p),
        },
      ]),
    )
  }

  /** The newest performance snapshot (of `name`, if given), or undefined. */
  async latestPerformance(name?: string): Promise<PerformanceAnalytics | undefined> {
    if (name === undefined) {
      const [e] = await this.#core.entries('metrics', {
        ...prefixRange(u8(PERFORMANCE)),
        reverse: true,
        limit: 1,
      })
      return e === undefined ? undefined : PerformanceAnalytics.decode(e[1])
    }
    // Newest first, stopping at the first match; bounded by the snapshots that exist.
    const all = await this.#core.entries('metrics', { ...prefixRange(u8(PERFORMANCE)), reverse: true })
    for (const [, v] of all) {
      const p = PerformanceAnalytics.decode(v)
      if (p.name === name) return p
    }
    return undefined
  }

  /** Performance snapshots with `from ≤ at < to`, oldest first. */
  async performanceRange(from: number, to: number): Promise<PerformanceAnalytics[]> {
    const e = await this.#core.entries('metrics', {
      gte: key(u8(PERFORMANCE), u64(from)),
      lt: key(u8(PERFORMANCE), u64(to)),
    })
    return e.map(([, v]) => PerformanceAnalytics.decode(v))
  }

  /** Removes snapshots older than `before`; returns how many. */
  async deleteOlderThan(before: number): Promise<number> {
    return this.#core.mutex.run(async () => {
      const keys = [
        ...(await this.#core.keys('metrics', { gte: networkMetricsKey(0), lt: networkMetricsKey(before) })),
        ...(await this.#core.keys('metrics', {
          gte: key(u8(PERFORMANCE), u64(0)),
          lt: key(u8(PERFORMANCE), u64(before)),
        })),
      ]
      await this.#core.batch(keys.map((k) => ({ type: 'del' as const, column: 'metrics' as const, key: k })))
      return keys.length
    })
  }
}
