/** Task records, their status transitions and the task indexes (status, type, publisher, active, expiry). */
import type { TaskRecord, TaskStatus, TaskTransition } from '@aimesh/protocol'
import type { StoreCore } from '../core.js'
import { StoreError } from '../errors.js'
import { indexPrefix, statusByte } from '../indexes.js'
import { checkId, hex, prefixRange, u32, u64 } from '../keys.js'
import type { RecordPut } from '../message-write.js'
import { decodeStoredRecord } from '../records.js'
import { type ListOptions, scanIds, trailingId } from './scan.js'

/** A status change: when, why, and (optionally) the message that caused it. */
export interface StatusChange {
  at: number
  trigger: string
  triggerId?: Uint8Array
}

/** One entry of a batch status update. */
export interface StatusUpdate extends StatusChange {
  id: Uint8Array
  status: TaskStatus
}

/** Tasks repository. */
export class TaskRepository {
  readonly #core: StoreCore

  constructor(core: StoreCore) {
    this.#core = core
  }

  /** Inserts or replaces a task (indexes follow). */
  store(task: TaskRecord): Promise<void> {
    return this.#core.commit({ puts: [{ type: 'task', record: task }] })
  }

  /** The task, or undefined. */
  get(id: Uint8Array): Promise<TaskRecord | undefined> {
    return this.#core.readRecord('task', checkId(id, 'task id'))
  }

  /** Sets a task's status and records the transition, in one batch; NOT_FOUND if the task is unknown. */
  async updateStatus(id: Uint8Array, status: TaskStatus, change: StatusChange): Promise<void> {
    await this.batchUpdateStatuses([{ id, status, ...change }])
  }

  /** Several status changes (each with its transition) in one batch; NOT_FOUND if any task is unknown. */
  batchUpdateStatuses(updates: StatusUpdate[]): Promise<void> {
    return this.#core.mutex.run(async () => {
      const puts: RecordPut[] = []
      const latest = new Map<string, TaskRecord>()
      for (const u of updates) {
        const k = hex(checkId(u.id, 'task id'))
        const task = latest.get(k) ?? (await this.#core.readRecord('task', u.id))
        if (task === undefined)
          throw new StoreError(
            'NOT_FOUND',
            `task ${k} is not in the store; sync it before changing its status`,
          )
        const next: TaskRecord = { ...task, status: u.status, statusChangedAt: u.at }
        latest.set(k, next)
        const transition: TaskTransition = {
          taskId: task.id,
          from: task.status,
          to: u.status,
          at: u.at,
          triggerId: new Uint8Array(u.triggerId ?? new Uint8Array(0)),
          trigger: u.trigger,
        }
        puts.push({ type: 'task', record: next }, { type: 'transition', record: transition })
      }
      await this.#core.commitLocked({ puts })
    })
  }

  /** Recorded transitions of a task, oldest first. */
  async transitions(taskId: Uint8Array): Promise<TaskTransition[]> {
    const entries = await this.#core.entries('transitions', prefixRange(checkId(taskId, 'task id')))
    return entries.map(([k, v]) => decodeStoredRecord('transition', k, v))
  }

  /** Ids of tasks that are still live (published … under validation, or disputed). */
  listActive(options?: ListOptions): Promise<Uint8Array<ArrayBuffer>[]> {
    return scanIds(this.#core, 'activeTask', [], options)
  }

  /** Ids of tasks in `status`, in id order. */
  listByStatus(status: TaskStatus, options?: ListOptions): Promise<Uint8Array<ArrayBuffer>[]> {
    return scanIds(this.#core, 'taskStatus', [statusByte(status)], options)
  }

  /** Ids of tasks of a task type. */
  listByType(taskType: number, options?: ListOptions): Promise<Uint8Array<ArrayBuffer>[]> {
    return scanIds(this.#core, 'taskType', [u32(taskType)], options)
  }

  /** Ids of tasks published by an account. */
  listByPublisher(publisher: Uint8Array, options?: ListOptions): Promise<Uint8Array<ArrayBuffer>[]> {
    return scanIds(this.#core, 'taskPublisher', [checkId(publisher, 'publisher')], options)
  }

  /** Ids of tasks whose challenge deadline is before `before` (unix ms), earliest first. */
  async listExpiringBefore(before: number, options?: ListOptions): Promise<Uint8Array<ArrayBuffer>[]> {
    const range = { gte: indexPrefix('expiry'), lt: indexPrefix('expiry', u64(before)) }
    const keys = await this.#core.keys(
      'indexes',
      options?.limit === undefined ? range : { ...range, limit: options.limit },
    )
    return keys.map(trailingId)
  }
}
