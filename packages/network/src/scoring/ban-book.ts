/**
 * Peer bans (DESIGN §8): persisted in the network's LevelDB so they survive a restart of either
 * side, enforced by the connection gater (which reads them synchronously), listed and lifted
 * through the node's API. An expired ban is removed when it is next looked at.
 */
import type { LevelDatastore } from 'datastore-level'
import { PeerTable } from '../host/peer-table.js'

/** One ban as stored and listed. */
export interface Ban {
  peerId: string
  /** Unix ms the ban started and ends. */
  since: number
  until: number
  /** The code of the action that crossed the ban threshold, or 'manual'. */
  reason: string
}

type StoredBan = Omit<Ban, 'peerId'>

/** Table name inside the network's LevelDB. */
const TABLE = 'aimesh-bans'

/** The persisted ban list (see the file comment). */
export class BanBook {
  readonly #table: PeerTable<StoredBan>
  readonly #now: () => number

  private constructor(table: PeerTable<StoredBan>, now: () => number) {
    this.#table = table
    this.#now = now
  }

  /** Opens the ban list stored in `datastore`. */
  static async open(datastore: LevelDatastore, now: () => number = Date.now): Promise<BanBook> {
    return new BanBook(await PeerTable.open<StoredBan>(datastore, TABLE), now)
  }

  /** True while the peer is banned (synchronous: the gater asks on every connection). */
  isBanned(peerId: string): boolean {
    const ban = this.#table.get(peerId)
    if (ban === undefined) return false
    if (ban.until > this.#now()) return true
    void this.#table.delete(peerId).catch(() => undefined)
    return false
  }

  /** The ban on a peer, if one holds. */
  get(peerId: string): Ban | undefined {
    return this.isBanned(peerId) ? { peerId, ...this.#table.get(peerId)! } : undefined
  }

  /** Bans a peer for `durationMs` (extending, never shortening, a ban that holds). */
  async ban(peerId: string, durationMs: number, reason: string): Promise<Ban> {
    const now = this.#now()
    const held = this.get(peerId)
    const entry: StoredBan = {
      since: held?.since ?? now,
      until: Math.max(held?.until ?? 0, now + durationMs),
      reason,
    }
    await this.#table.put(peerId, entry)
    return { peerId, ...entry }
  }

  /** Lifts a ban; false when the peer was not banned. */
  async unban(peerId: string): Promise<boolean> {
    const held = this.isBanned(peerId)
    await this.#table.delete(peerId)
    return held
  }

  /** Every ban that holds now, soonest to end first. */
  list(): Ban[] {
    const out: Ban[] = []
    for (const [peerId] of [...this.#table.entries()]) {
      const ban = this.get(peerId)
      if (ban !== undefined) out.push(ban)
    }
    return out.sort((a, b) => a.until - b.until)
  }
}
