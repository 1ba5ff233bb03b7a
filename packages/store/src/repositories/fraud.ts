/** Fraud analyses (with the flagged index) and behavioural patterns per account. */
import type { BehaviourPattern, FraudAnalysis } from '@aimesh/protocol'
import type { StoreCore } from '../core.js'
import { checkId } from '../keys.js'
import { type ListOptions, scanIds } from './scan.js'

/** Fraud repository. */
export class FraudRepository {
  readonly #core: StoreCore

  constructor(core: StoreCore) {
    this.#core = core
  }

  /** Inserts or replaces the analysis of a subject (usually a submission). */
  storeAnalysis(analysis: FraudAnalysis): Promise<void> {
    return this.#core.commit({ puts: [{ type: 'fraud', record: analysis }] })
  }

  /** The analysis of a subject, or undefined. */
  getAnalysis(subjectId: Uint8Array): Promise<FraudAnalysis | undefined> {
    return this.#core.readRecord('fraud', checkId(subjectId, 'fraud subject id'))
  }

  /** Subject ids whose analysis is flagged (risk ≥ threshold). */
  listFlagged(options?: ListOptions): Promise<Uint8Array<ArrayBuffer>[]> {
    return scanIds(this.#core, 'flagged', [], options)
  }

  /** Inserts or replaces an account's behavioural pattern. */
  storeBehaviour(pattern: BehaviourPattern): Promise<void> {
    return this.#core.commit({ puts: [{ type: 'behaviour', record: pattern }] })
  }

  /** An account's behavioural pattern, or undefined. */
  getBehaviour(account: Uint8Array): Promise<BehaviourPattern | undefined> {
    return this.#core.readRecord('behaviour', checkId(account, 'account'))
  }
}
