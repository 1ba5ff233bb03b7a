/** Dispute records with the pending and task→disputes indexes. */
import type { DisputeRecord, DisputeStatus } from '@aimesh/protocol'
import type { StoreCore } from '../core.js'
import { StoreError } from '../errors.js'
import { checkId, hex } from '../keys.js'
import { type ListOptions, scanIds } from './scan.js'

/** Disputes repository. */
export class DisputeRepository {
  readonly #core: StoreCore

  constructor(core: StoreCore) {
    this.#core = core
  }

  /** Inserts or replaces a dispute. */
  store(dispute: DisputeRecord): Promise<void> {
    return this.#core.commit({ puts: [{ type: 'dispute', record: dispute }] })
  }

  /** The dispute, or undefined. */
  get(id: Uint8Array): Promise<DisputeRecord | undefined> {
    return this.#core.readRecord('dispute', checkId(id, 'dispute id'))
  }

  /** Sets a dispute's status (and its resolution time when not pending); NOT_FOUND if unknown. */
  updateStatus(id: Uint8Array, status: DisputeStatus, resolvedAt?: number): Promise<void> {
    return this.#core.mutex.run(async () => {
      const d = await this.#core.readRecord('dispute', checkId(id, 'dispute id'))
      if (d === undefined) throw new StoreError('NOT_FOUND', `dispute ${hex(id)} is not in the store`)
      const next: DisputeRecord = { ...d, status, resolvedAt: resolvedAt ?? d.resolvedAt }
      await this.#core.commitLocked({ puts: [{ type: 'dispute', record: next }] })
    })
  }

  /** Ids of disputes still pending a decision. */
  listPending(options?: ListOptions): Promise<Uint8Array<ArrayBuffer>[]> {
    return scanIds(this.#core, 'pendingDispute', [], options)
  }

  /** Ids of disputes about a task. */
  listForTask(taskId: Uint8Array, options?: ListOptions): Promise<Uint8Array<ArrayBuffer>[]> {
    return scanIds(this.#core, 'taskDisputes', [checkId(taskId, 'task id')], options)
  }
}
