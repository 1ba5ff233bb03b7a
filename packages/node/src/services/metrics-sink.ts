/**
 * The network's MetricsSink over the node's prom-client registry: counters, gauges and histograms
 * made on first use under `aimesh_network_<name>`, with the label names of that first use (a later
 * call with other labels is dropped rather than thrown: metrics never fail the caller).
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

type Labels = Readonly<Record<string, string>>

/** See the file comment. */
export class PromMetricsSink {
  readonly #registry: Registry
  readonly #counters = new Map<string, Counter<string>>()
  readonly #gauges = new Map<string, Gauge<string>>()
  readonly #histograms = new Map<string, Histogram<string>>()

  constructor(registry: Registry) {
    this.#registry = registry
  }

  increment(name: string, labels: Labels = {}, value = 1): void {
    this.#safe(() => this.#get(this.#counters, name, labels, (o) => new Counter(o)).inc(labels, value))
  }

  set(name: string, value: number, labels: Labels = {}): void {
    this.#safe(() => this.#get(this.#gauges, name, labels, (o) => new Gauge(o)).set(labels, value))
  }

  observe(name: string, value: number, labels: Labels = {}): void {
    this.#safe(() =>
      this.#get(this.#histograms, name, labels, (o) => new Histogram(o)).observe(labels, value),
    )
  }

  #get<M>(
    map: Map<string, M>,
    name: string,
    labels: Labels,
    make: (o: { name: string; help: string; labelNames: string[]; registers: Registry[] }) => M,
  ): M {
    let m = map.get(name)
    if (m === undefined) {
      const full = `aimesh_network_${name.replace(/[^a-zA-Z0-9_]/g, '_')}`
      m = make({
        name: full,
        help: `network ${name}`,
        labelNames: Object.keys(labels),
        registers: [this.#registry],
      })
      map.set(name, m)
    }
    return m
  }

  #safe(fn: () => void): void {
    try {
      fn()
    } catch {
      // A label set the metric was not made with: drop the observation (see the file comment).
    }
  }
}
