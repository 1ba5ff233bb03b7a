/** Miner records with the specialization index and the reputation leaderboard. */
import type { MinerRecord } from '@aimesh/protocol'
import type { StoreCore } from '../core.js'
import { StoreError } from '../errors.js'
import { REPUTATION_MAX } from '../indexes.js'
import { checkId, hex, readU32, u32 } from '../keys.js'
import { type ListOptions, scanIds, scanIndex, trailingId } from './scan.js'

/** One leaderboard row. */
export interface ReputationEntry {
  account: Uint8Array<ArrayBuffer>
  reputation: number
}

/** Miners repository. */
export class MinerRepository {
  readonly #core: StoreCore

  constructor(core: StoreCore) {
    this.#core = core
  }

  /** Inserts or replaces a miner (indexes follow). */
  store(miner: MinerRecord): Promise<void> {
    return this.#core.commit({ puts: [{ type: 'miner', record: miner }] })
  }

  /** Several miners in one batch. */
  batchStore(miners: MinerRecord[]): Promise<void> {
    return this.#core.commit({ puts: miners.map((record) => ({ type: 'miner' as const, record })) })
  }

  /** The miner, or undefined. */
  get(account: Uint8Array): Promise<MinerRecord | undefined> {
    return this.#core.readRecord('miner', checkId(account, 'miner account'))
  }

  /** Sets a miner's reputation (0..10,000); NOT_FOUND if the miner is unknown. */
  updateReputation(account: Uint8Array, reputation: number): Promise<void> {
    return this.#core.mutex.run(async () => {
      const miner = await this.#core.readRecord('miner', checkId(account, 'miner account'))
      if (miner === undefined)
        throw new StoreError(
          'NOT_FOUND',
          `miner ${hex(account)} is not in the store; store its profile first`,
        )
      await this.#core.commitLocked({ puts: [{ type: 'miner', record: { ...miner, reputation } }] })
    })
  }

  /** Accounts that list `taskType` among their specializations. */
  listBySpecialization(taskType: number, options?: ListOptions): Promise<Uint8Array<ArrayBuffer>[]> {
    return scanIds(this.#core, 'specialization', [u32(taskType)], options)
  }

  /** The `limit` best accounts by reputation (ties by account bytes), best first. */
  async topByReputation(limit: number): Promise<ReputationEntry[]> {
    const keys = await scanIndex(this.#core, 'reputation', [], { limit })
    return keys.map((k) => ({ account: trailingId(k), reputation: REPUTATION_MAX - readU32(k, 1) }))
  }
}
