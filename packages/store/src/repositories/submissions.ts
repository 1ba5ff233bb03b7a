/** Submission records with the task→submissions and miner→submissions indexes. */
import type { SubmissionRecord } from '@aimesh/protocol'
import type { StoreCore } from '../core.js'
import { StoreError } from '../errors.js'
import { checkId, hex } from '../keys.js'
import { type ListOptions, scanIds } from './scan.js'

/** The validation outcome fields of a submission. */
export type SubmissionValidation = Partial<
  Pick<
    SubmissionRecord,
    | 'validationCount'
    | 'consensusScore'
    | 'consensusReached'
    | 'confidenceBps'
    | 'medianScore'
    | 'flagged'
    | 'rank'
  >
>

/** Submissions repository. */
export class SubmissionRepository {
  readonly #core: StoreCore

  constructor(core: StoreCore) {
    this.#core = core
  }

  /** Inserts or replaces a submission. */
  store(submission: SubmissionRecord): Promise<void> {
    return this.#core.commit({ puts: [{ type: 'submission', record: submission }] })
  }

  /** Several submissions in one batch. */
  batchStore(submissions: SubmissionRecord[]): Promise<void> {
    return this.#core.commit({ puts: submissions.map((record) => ({ type: 'submission' as const, record })) })
  }

  /** The submission, or undefined. */
  get(id: Uint8Array): Promise<SubmissionRecord | undefined> {
    return this.#core.readRecord('submission', checkId(id, 'submission id'))
  }

  /** Ids of a task's submissions, in id order. */
  listForTask(taskId: Uint8Array, options?: ListOptions): Promise<Uint8Array<ArrayBuffer>[]> {
    return scanIds(this.#core, 'taskSubmissions', [checkId(taskId, 'task id')], options)
  }

  /** Ids of a miner's submissions, in id order. */
  listForMiner(miner: Uint8Array, options?: ListOptions): Promise<Uint8Array<ArrayBuffer>[]> {
    return scanIds(this.#core, 'minerSubmissions', [checkId(miner, 'miner account')], options)
  }

  /** Merges validation results into a submission; NOT_FOUND if it is unknown. */
  updateValidation(id: Uint8Array, validation: SubmissionValidation): Promise<void> {
    return this.#core.mutex.run(async () => {
      const s = await this.#core.readRecord('submission', checkId(id, 'submission id'))
      if (s === undefined) throw new StoreError('NOT_FOUND', `submission ${hex(id)} is not in the store`)
      await this.#core.commitLocked({ puts: [{ type: 'submission', record: { ...s, ...validation } }] })
    })
  }
}
