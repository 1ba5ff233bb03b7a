/**
 * The peer scorer (DESIGN §8): implements PeerReporter for the gossip pipeline and the req/resp
 * side, keeps the short-term action score (gossipsub's application score, the gater's input) and
 * the persisted bans, and tells its owner when a peer must be disconnected or banned. The owner
 * (the network facade) does the hanging up, so this stays free of libp2p.
 */
import type { MetricsSink, PeerAction, PeerReporter, QualityEvent } from '../ports.js'
import { ActionScores, BAN_DURATION_MS, type ScoreDecision } from './action-score.js'
import type { Ban, BanBook } from './ban-book.js'
import type { PeerQuality } from './peer-quality.js'

/** Codes that are liveness (a slow or gone peer), not misbehaviour: never a ban on their own. */
const LIVENESS_CODE = /(TIMEOUT|DIAL_FAILED|UNEXPECTED_EOF)$/

/** What the owner does when a score crosses a threshold. */
export interface ScoreEnforcer {
  disconnect(peerId: string, code: string): void
  banned(ban: Ban): void
}

/** The scorer (see the file comment). */
export class PeerScorer implements PeerReporter {
  readonly scores: ActionScores
  readonly #bans: BanBook
  readonly quality: PeerQuality
  readonly #metrics: MetricsSink
  readonly #enforcer: ScoreEnforcer
  readonly #onError: (err: unknown) => void

  constructor(init: {
    bans: BanBook
    quality: PeerQuality
    metrics: MetricsSink
    enforcer: ScoreEnforcer
    now?: () => number
    onError?: (err: unknown) => void
  }) {
    this.scores = new ActionScores(init.now)
    this.#bans = init.bans
    this.quality = init.quality
    this.#metrics = init.metrics
    this.#enforcer = init.enforcer
    this.#onError = init.onError ?? (() => {})
  }

  /** Moves a peer's score; disconnects or bans it when a threshold is crossed. */
  report(peerId: string, action: PeerAction, code: string): void {
    this.#metrics.increment('peer_actions_total', { action, code })
    const liveness = LIVENESS_CODE.test(code)
    this.quality.record(peerId, liveness ? 'timeout' : 'bad-data')
    const decision: ScoreDecision = this.scores.apply(peerId, action, liveness)
    if (decision === 'ban') {
      if (this.#bans.isBanned(peerId)) return
      this.ban(peerId, BAN_DURATION_MS, code).catch(this.#onError)
    } else if (decision === 'disconnect') {
      this.#enforcer.disconnect(peerId, code)
    }
  }

  /** Records a long-term quality event. */
  observe(peerId: string, event: QualityEvent): void {
    this.quality.record(peerId, event)
  }

  /** The application score gossipsub adds to a peer's score. */
  appScore(peerId: string): number {
    return this.scores.score(peerId)
  }

  /** Bans a peer (persisted), freezes its score for the ban and has it hung up. */
  async ban(peerId: string, durationMs: number, reason: string): Promise<Ban> {
    const ban = await this.#bans.ban(peerId, durationMs, reason)
    this.scores.freeze(peerId, ban.until)
    this.#metrics.increment('peer_bans_total', { reason })
    this.#enforcer.banned(ban)
    return ban
  }

  /** Lifts a ban and forgets the score that led to it. */
  async unban(peerId: string): Promise<boolean> {
    this.scores.reset(peerId)
    return this.#bans.unban(peerId)
  }

  /** Bans that hold now. */
  bans(): Ban[] {
    return this.#bans.list()
  }

  isBanned(peerId: string): boolean {
    return this.#bans.isBanned(peerId)
  }
}
