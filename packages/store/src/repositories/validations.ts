/** Validation records with the validator→validations and submission→validations indexes. */
import type { ValidationRecord } from '@aimesh/protocol'
import type { StoreCore } from '../core.js'
import { checkId } from '../keys.js'
import { type ListOptions, scanIds } from './scan.js'

/** Validations repository. */
export class ValidationRepository {
  readonly #core: StoreCore

  constructor(core: StoreCore) {
    this.#core = core
  }

  /** Inserts or replaces a validation. */
  store(validation: ValidationRecord): Promise<void> {
    return this.#core.commit({ puts: [{ type: 'validation', record: validation }] })
  }

  /** The validation, or undefined. */
  get(id: Uint8Array): Promise<ValidationRecord | undefined> {
    return this.#core.readRecord('validation', checkId(id, 'validation id'))
  }

  /** Ids of the validations of a submission. */
  listIdsForSubmission(submissionId: Uint8Array, options?: ListOptions): Promise<Uint8Array<ArrayBuffer>[]> {
    return scanIds(this.#core, 'submissionValidations', [checkId(submissionId, 'submission id')], options)
  }

  /** The validation records of a submission, in id order. */
  async listForSubmission(submissionId: Uint8Array, options?: ListOptions): Promise<ValidationRecord[]> {
    const ids = await this.listIdsForSubmission(submissionId, options)
    const out: ValidationRecord[] = []
    for (const id of ids) {
      const v = await this.#core.readRecord('validation', id)
      if (v !== undefined) out.push(v)
    }
    return out
  }

  /** Ids of a validator's validations. */
  listByValidator(validator: Uint8Array, options?: ListOptions): Promise<Uint8Array<ArrayBuffer>[]> {
    return scanIds(this.#core, 'validatorValidations', [checkId(validator, 'validator account')], options)
  }
}
