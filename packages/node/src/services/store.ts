/**
 * The store service (DESIGN §7): opens the LevelDB store in the data dir first and closes it last,
 * with the store's read/write/cache metrics in the node's prom-client registry.
 */
import { type ColumnName, StateStore, type StoreMetrics } from '@aimesh/store'
import { Counter, type Registry } from 'prom-client'
import type { BaseComponents, Service } from './service.js'

/** Store metrics as prom-client counters in the node's registry. */
export class PromStoreMetrics implements StoreMetrics {
  readonly #reads: Counter<'column'>
  readonly #readSeconds: Counter<'column'>
  readonly #writes: Counter<'column'>
  readonly #writeSeconds: Counter<'column'>
  readonly #cache: Counter<'column' | 'result'>

  constructor(registry: Registry) {
    const registers = [registry]
    this.#reads = new Counter({
      name: 'aimesh_store_reads_total',
      help: 'Store point reads and scans',
      labelNames: ['column'],
      registers,
    })
    this.#readSeconds = new Counter({
      name: 'aimesh_store_read_seconds_total',
      help: 'Time spent in store reads',
      labelNames: ['column'],
      registers,
    })
    this.#writes = new Counter({
      name: 'aimesh_store_write_ops_total',
      help: 'Puts and deletes written to the store',
      labelNames: ['column'],
      registers,
    })
    this.#writeSeconds = new Counter({
      name: 'aimesh_store_write_seconds_total',
      help: 'Time spent in store batches touching the column',
      labelNames: ['column'],
      registers,
    })
    this.#cache = new Counter({
      name: 'aimesh_store_cache_lookups_total',
      help: 'Store record cache lookups by result',
      labelNames: ['column', 'result'],
      registers,
    })
  }

  onRead(column: ColumnName, seconds: number): void {
    this.#reads.inc({ column })
    this.#readSeconds.inc({ column }, seconds)
  }

  onWrite(column: ColumnName, ops: number, seconds: number): void {
    this.#writes.inc({ column }, ops)
    this.#writeSeconds.inc({ column }, seconds)
  }

  onCache(column: ColumnName, hit: boolean): void {
    this.#cache.inc({ column, result: hit ? 'hit' : 'miss' })
  }
}

/** Opens and closes the store. */
export class StoreService implements Service {
  readonly name = 'store'
  readonly #c: BaseComponents
  readonly #dir: string
  #store: StateStore | null = null

  constructor(components: BaseComponents, init: { dataDir: string }) {
    this.#c = components
    this.#dir = init.dataDir
  }

  /** The open store (throws before start). */
  get store(): StateStore {
    if (this.#store === null) throw new Error('the store is not open')
    return this.#store
  }

  async start(): Promise<void> {
    const metrics = this.#c.metrics === null ? null : new PromStoreMetrics(this.#c.metrics)
    this.#store = await StateStore.open(this.#dir, { metrics })
    this.#c.logger.info({ dir: this.#dir, schema: await this.#store.schemaVersion() }, 'store open')
  }

  async stop(): Promise<void> {
    await this.#store?.close()
    this.#store = null
  }
}
