/** Reward distributions (one per task) with the unclaimed-by-recipient index. */
import { bytesEqual, type RewardDistribution, type RewardEntry } from '@aimesh/protocol'
import type { StoreCore } from '../core.js'
import { StoreError } from '../errors.js'
import { checkId, hex, ID_LENGTH } from '../keys.js'
import { type ListOptions, scanIndex } from './scan.js'

/** An unclaimed entry: which task's distribution, which entry, and the entry. */
export interface UnclaimedReward {
  taskId: Uint8Array<ArrayBuffer>
  index: number
  entry: RewardEntry
}

/** Rewards repository. */
export class RewardRepository {
  readonly #core: StoreCore

  constructor(core: StoreCore) {
    this.#core = core
  }

  /** Inserts or replaces a task's distribution. */
  store(distribution: RewardDistribution): Promise<void> {
    return this.#core.commit({ puts: [{ type: 'reward', record: distribution }] })
  }

  /** A task's distribution, or undefined. */
  get(taskId: Uint8Array): Promise<RewardDistribution | undefined> {
    return this.#core.readRecord('reward', checkId(taskId, 'task id'))
  }

  /** Unclaimed entries for a recipient, by task id. */
  async listUnclaimed(recipient: Uint8Array, options?: ListOptions): Promise<UnclaimedReward[]> {
    const keys = await scanIndex(this.#core, 'unclaimedReward', [checkId(recipient, 'recipient')], options)
    const out: UnclaimedReward[] = []
    for (const k of keys) {
      // tag(1) ‖ recipient(32) ‖ taskId(32) ‖ entry index (u16)
      const taskId = new Uint8Array(k.subarray(1 + ID_LENGTH, 1 + 2 * ID_LENGTH))
      const index = (k[1 + 2 * ID_LENGTH]! << 8) | k[2 + 2 * ID_LENGTH]!
      const d = await this.#core.readRecord('reward', taskId)
      const entry = d?.entries[index]
      if (entry !== undefined) out.push({ taskId, index, entry })
    }
    return out
  }

  /**
   * Marks every unclaimed entry of `recipient` in a task's distribution as claimed (by `claimId`);
   * returns how many were marked. NOT_FOUND if the task has no distribution.
   */
  markClaimed(taskId: Uint8Array, recipient: Uint8Array, claimId?: Uint8Array): Promise<number> {
    return this.#core.mutex.run(async () => {
      const d = await this.#core.readRecord('reward', checkId(taskId, 'task id'))
      if (d === undefined)
        throw new StoreError('NOT_FOUND', `task ${hex(taskId)} has no reward distribution yet`)
      let marked = 0
      const entries = d.entries.map((e) => {
        if (e.claimed || !bytesEqual(e.recipient, recipient)) return e
        marked++
        return { ...e, claimed: true, claimId: new Uint8Array(claimId ?? new Uint8Array(0)) }
      })
      if (marked > 0) await this.#core.commitLocked({ puts: [{ type: 'reward', record: { ...d, entries } }] })
      return marked
    })
  }
}
