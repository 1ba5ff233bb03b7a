/**
 * The long-term peer quality score (DESIGN §8, the seed's PeerScoring): reliability,
 * responsiveness and data quality in [0, 1], weighted 0.4 / 0.3 / 0.3, starting at 0.5 and
 * decaying 1 % a day; kept in the network's LevelDB so it outlives restarts. It ranks peers as
 * sync sources and decides which connections to keep; it never bans (that is the short-term
 * score's job). Rows are written in one batch per flush, not per event.
 */
import type { LevelDatastore } from 'datastore-level'
import { PeerTable } from '../host/peer-table.js'
import type { QualityEvent } from '../ports.js'

/** Weights of the three components (the seed's ScoringWeights). */
export const QUALITY_WEIGHTS = { reliability: 0.4, responsiveness: 0.3, dataQuality: 0.3 } as const
/** Decay per day (the seed's decay_rate). */
export const QUALITY_DECAY_PER_DAY = 0.01
/** A peer never seen starts here (the seed's PeerScore::new). */
export const QUALITY_BASELINE = 0.5
/** Most peers remembered; the least useful are forgotten first. */
export const MAX_QUALITY_ROWS = 10_000

type Component = keyof typeof QUALITY_WEIGHTS

/**
 * Each event's effect (the seed's record_* functions, plus the penalties it lacked): a useful
 * gossip message raises reliability, a duplicate lowers it; a helpful response raises
 * responsiveness and data quality; a timeout lowers responsiveness; bad data lowers data quality.
 */
export const QUALITY_EFFECT: Readonly<Record<QualityEvent, Partial<Record<Component, number>>>> = {
  useful: { reliability: 0.1 },
  duplicate: { reliability: -0.05 },
  'helpful-response': { responsiveness: 0.1, dataQuality: 0.05 },
  timeout: { responsiveness: -0.1 },
  'bad-data': { dataQuality: -0.2, reliability: -0.1 },
}

/** One peer's stored quality. */
export interface QualityRow {
  reliability: number
  responsiveness: number
  dataQuality: number
  /** Unix ms of the last update (decay runs from here). */
  at: number
  interactions: number
}

const TABLE = 'aimesh-peer-quality'
const DAY_MS = 86_400_000

/** The weighted overall score of a row. */
export function overallQuality(row: Pick<QualityRow, Component>): number {
  return (
    row.reliability * QUALITY_WEIGHTS.reliability +
    row.responsiveness * QUALITY_WEIGHTS.responsiveness +
    row.dataQuality * QUALITY_WEIGHTS.dataQuality
  )
}

/** The long-term score book (see the file comment). */
export class PeerQuality {
  readonly #table: PeerTable<QualityRow>
  readonly #now: () => number
  readonly #dirty = new Set<string>()

  private constructor(table: PeerTable<QualityRow>, now: () => number) {
    this.#table = table
    this.#now = now
  }

  /** Opens the quality table stored in `datastore`. */
  static async open(datastore: LevelDatastore, now: () => number = Date.now): Promise<PeerQuality> {
    return new PeerQuality(await PeerTable.open<QualityRow>(datastore, TABLE), now)
  }

  /** The peer's overall quality now (the baseline for a peer never seen). */
  score(peerId: string): number {
    const row = this.#table.get(peerId)
    return row === undefined ? QUALITY_BASELINE : overallQuality(this.#decayed(row))
  }

  /** The peer's components now, decayed. */
  get(peerId: string): QualityRow | undefined {
    const row = this.#table.get(peerId)
    return row === undefined ? undefined : this.#decayed(row)
  }

  /** Records an event (in memory; `flush` persists). */
  record(peerId: string, event: QualityEvent): void {
    const now = this.#now()
    const held = this.#table.get(peerId)
    const row: QualityRow =
      held === undefined
        ? {
            reliability: QUALITY_BASELINE,
            responsiveness: QUALITY_BASELINE,
            dataQuality: QUALITY_BASELINE,
            at: now,
            interactions: 0,
          }
        : this.#decayed(held)
    for (const [component, delta] of Object.entries(QUALITY_EFFECT[event]) as Array<[Component, number]>)
      row[component] = Math.min(1, Math.max(0, row[component] + delta))
    row.interactions++
    row.at = now
    // In memory now; the row reaches disk with the next flush.
    this.#table.stage(peerId, row)
    this.#dirty.add(peerId)
  }

  /** Peer ids ordered best first (ties: more interactions first). */
  rank(peerIds: Iterable<string>): string[] {
    return [...peerIds]
      .map((id) => ({ id, q: this.score(id), n: this.#table.get(id)?.interactions ?? 0 }))
      .sort((a, b) => b.q - a.q || b.n - a.n)
      .map((x) => x.id)
  }

  /** Writes every changed row in one batch, forgetting the worst rows beyond MAX_QUALITY_ROWS. */
  async flush(): Promise<void> {
    const puts = new Map<string, QualityRow>()
    for (const id of this.#dirty) {
      const row = this.#table.get(id)
      if (row !== undefined) puts.set(id, row)
    }
    this.#dirty.clear()
    const excess = this.#table.size - MAX_QUALITY_ROWS
    const deletes =
      excess > 0
        ? [...this.#table.entries()]
            .sort(([, a], [, b]) => overallQuality(a) - overallQuality(b) || a.at - b.at)
            .slice(0, excess)
            .map(([id]) => id)
        : []
    for (const id of deletes) puts.delete(id)
    await this.#table.write(puts, deletes)
  }

  #decayed(row: QualityRow): QualityRow {
    const days = Math.max(0, this.#now() - row.at) / DAY_MS
    const f = (1 - QUALITY_DECAY_PER_DAY) ** days
    return {
      reliability: row.reliability * f,
      responsiveness: row.responsiveness * f,
      dataQuality: row.dataQuality * f,
      at: row.at,
      interactions: row.interactions,
    }
  }
}
