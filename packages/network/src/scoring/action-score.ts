/**
 * The short-term peer score (DESIGN §8, after Lodestar's PeerRpcScoreStore): typed peer actions
 * move a score on −100…100; at ≤ −20 the peer is disconnected, at ≤ −50 banned for 30 minutes,
 * and the score decays toward zero with a 10-minute half-life (frozen while a ban holds). It is
 * gossipsub's application score and the connection gater's input. Pure bookkeeping: the caller
 * acts on the returned decision.
 */
import type { PeerAction } from '../ports.js'

/** Score bounds. */
export const MIN_SCORE = -100
export const MAX_SCORE = 100
/** At or below: disconnect (Lodestar's MIN_SCORE_BEFORE_DISCONNECT). */
export const DISCONNECT_THRESHOLD = -20
/** At or below: ban (Lodestar's MIN_SCORE_BEFORE_BAN). */
export const BAN_THRESHOLD = -50
/** How long a ban holds (Lodestar: 30 minutes). */
export const BAN_DURATION_MS = 30 * 60_000
/** Half-life of the decay toward zero (Lodestar: 10 minutes). */
export const HALF_LIFE_MS = 10 * 60_000
/** Below this magnitude a decayed score is dropped from the table (bounds memory). */
const FORGET_BELOW = 0.05

/** Score change per action (Lodestar's PeerAction table); fatal goes straight to the ban threshold. */
export const ACTION_DELTA: Readonly<Record<PeerAction, number>> = {
  fatal: BAN_THRESHOLD - MAX_SCORE,
  low: -10,
  mid: -5,
  high: -1,
}

/** What the caller must do after an action. */
export type ScoreDecision = 'none' | 'disconnect' | 'ban'

interface Entry {
  score: number
  /** When `score` was last brought up to date. */
  at: number
}

/** The short-term score of every peer that has one (see the file comment). */
export class ActionScores {
  readonly #entries = new Map<string, Entry>()
  readonly #now: () => number

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  /** The peer's current score (0 for a peer never reported). */
  score(peerId: string): number {
    const e = this.#entries.get(peerId)
    if (e === undefined) return 0
    this.#decay(peerId, e)
    return e.score
  }

  /**
   * Applies an action and says whether the peer must now be disconnected or banned. A liveness
   * action (a timeout) never takes the score to the ban threshold: it may disconnect, and only
   * another fault can ban (DESIGN §8).
   */
  apply(peerId: string, action: PeerAction, liveness = false): ScoreDecision {
    const e = this.#entries.get(peerId) ?? { score: 0, at: this.#now() }
    this.#decay(peerId, e)
    const floor = liveness ? Math.min(e.score, BAN_THRESHOLD + 1) : MIN_SCORE
    e.score =
      action === 'fatal' && !liveness
        ? Math.min(e.score, BAN_THRESHOLD)
        : Math.max(floor, e.score + ACTION_DELTA[action])
    this.#entries.set(peerId, e)
    if (e.score <= BAN_THRESHOLD) return 'ban'
    if (e.score <= DISCONNECT_THRESHOLD) return 'disconnect'
    return 'none'
  }

  /** Holds the score where it is until `until` (a ban), then lets it decay. */
  freeze(peerId: string, until: number): void {
    const e = this.#entries.get(peerId) ?? { score: BAN_THRESHOLD, at: until }
    e.at = Math.max(e.at, until)
    this.#entries.set(peerId, e)
  }

  /** Forgets a peer's score (a ban lifted by hand starts it afresh). */
  reset(peerId: string): void {
    this.#entries.delete(peerId)
  }

  /** Every peer with a non-zero score. */
  entries(): Array<[string, number]> {
    return [...this.#entries.keys()].map((id) => [id, this.score(id)] as [string, number])
  }

  #decay(peerId: string, e: Entry): void {
    const now = this.#now()
    if (now <= e.at) return
    e.score *= 0.5 ** ((now - e.at) / HALF_LIFE_MS)
    e.at = now
    if (Math.abs(e.score) < FORGET_BELOW) this.#entries.delete(peerId)
  }
}
