/**
 * Ingesting what sync fetched (DESIGN §5.10): envelopes come task by task, sorted by id, not
 * parents first, so a message IGNOREd for a missing parent is kept and offered again once more
 * has landed. A message whose parent never arrives stays deferred (anti-entropy is the backstop);
 * nothing loops without bound.
 */
import type { ValidationResult } from '@aimesh/engine'
import { Envelope, MessageKind, toHex, Verdict } from '@aimesh/protocol'
import type { NetworkEngine } from '../ports.js'

/**
 * IGNORE codes that mean "a parent is not here yet". A result that names its missing parents
 * (`missing`) counts too, whatever its code.
 */
export const MISSING_PARENT_CODES: ReadonlySet<string> = new Set([
  'MISSING_PARENT',
  'UNKNOWN_TASK',
  'UNKNOWN_SUBMISSION',
  'UNKNOWN_COMMIT',
  'UNKNOWN_DISPUTE',
  'UNKNOWN_EVIDENCE',
  'UNKNOWN_PARTICIPANT',
  'UNKNOWN_SIGNER',
  'NOT_REPRODUCED',
])

/** Envelopes per ingestMany call: one engine group commit each (below its 512-message batch). */
export const INGEST_BATCH = 256

/**
 * The order in which kinds usually become valid: a kind's parents are of kinds earlier in the list
 * (profiles and tasks first, then commits, reveals, scores, votes, disputes, claims). task-sync
 * streams a task's envelopes by id; ingesting them in this order spares most re-deliveries, each of
 * which costs another decode and signature check. A table, so a new kind is a row.
 */
const KIND_RANK: Record<MessageKind, number> = {
  [MessageKind.MinerProfile]: 0,
  [MessageKind.TaskPublished]: 1,
  [MessageKind.TaskCancelled]: 2,
  [MessageKind.AnswerCommitted]: 3,
  [MessageKind.AnswerRevealed]: 4,
  [MessageKind.ValidationScored]: 5,
  [MessageKind.FraudAlert]: 6,
  [MessageKind.ConsensusVote]: 7,
  [MessageKind.CheckpointVote]: 8,
  [MessageKind.DisputeOpened]: 9,
  [MessageKind.DisputeVote]: 10,
  [MessageKind.RewardClaimed]: 11,
}
const UNKNOWN_RANK = 99

/** Envelopes in likely-parents-first order (stable; undecodable ones last, for the engine to refuse). */
export function parentsFirst(envelopes: readonly Uint8Array[]): Uint8Array[] {
  const ranked = envelopes.map((bytes, i) => {
    let rank = UNKNOWN_RANK
    try {
      rank = KIND_RANK[Envelope.decode(bytes).kind as MessageKind] ?? UNKNOWN_RANK
    } catch {
      // Left for the engine to refuse and count.
    }
    return { bytes, rank, i }
  })
  ranked.sort((a, b) => a.rank - b.rank || a.i - b.i)
  return ranked.map((r) => r.bytes)
}

/** True when a result says the message may be valid once a parent arrives. */
export function waitsForParent(r: ValidationResult): boolean {
  if (r.verdict !== Verdict.Ignore) return false
  return MISSING_PARENT_CODES.has(r.code) || (r as { missing?: unknown }).missing !== undefined
}

/** What one round of ingestion did. */
export interface IngestTally {
  accepted: number
  duplicates: number
  rejected: number
  ignored: number
}

export function emptyTally(): IngestTally {
  return { accepted: 0, duplicates: 0, rejected: 0, ignored: 0 }
}

/** Ingests envelopes, keeping those that wait for a parent in `deferred` for a later pass. */
export class SyncIngester {
  readonly tally: IngestTally = emptyTally()
  #deferred: Uint8Array[] = []
  /** Parent ids the engine named for deferred messages (hex → id), for fetching from the source. */
  #missing = new Map<string, Uint8Array>()

  constructor(
    readonly engine: NetworkEngine,
    readonly now: () => number,
  ) {}

  /** Messages still waiting for a parent. */
  get deferred(): number {
    return this.#deferred.length
  }

  /** Parents named by deferred messages that are still not held: what to ask the source for. */
  missingParents(): Uint8Array[] {
    for (const [key, id] of this.#missing) if (this.engine.hasMessage(id)) this.#missing.delete(key)
    return [...this.#missing.values()]
  }

  /** Ingests a batch; when it accepted anything, offers the deferred ones again. */
  async ingest(envelopes: readonly Uint8Array[]): Promise<number> {
    const accepted = await this.#pass(parentsFirst(envelopes))
    if (accepted > 0 && this.#deferred.length > 0) await this.settle()
    return accepted
  }

  /** Offers the deferred messages again until a pass accepts nothing (at most `maxPasses`). */
  async settle(maxPasses = 16): Promise<void> {
    for (let pass = 0; pass < maxPasses && this.#deferred.length > 0; pass++) {
      const again = this.#deferred
      this.#deferred = []
      if ((await this.#pass(again)) === 0) return
    }
  }

  async #pass(envelopes: readonly Uint8Array[]): Promise<number> {
    let accepted = 0
    for (let i = 0; i < envelopes.length; i += INGEST_BATCH) {
      const batch = envelopes.slice(i, i + INGEST_BATCH)
      const results = await this.engine.ingestMany(batch, this.now())
      results.forEach((r, j) => {
        if (r.verdict === Verdict.Accept) {
          accepted++
          this.tally.accepted++
        } else if (r.verdict === Verdict.Reject) this.tally.rejected++
        else if (r.code === 'DUPLICATE') this.tally.duplicates++
        else if (waitsForParent(r)) {
          this.#deferred.push(batch[j]!)
          for (const id of (r as { missing?: readonly Uint8Array[] }).missing ?? [])
            this.#missing.set(toHex(id), id)
        } else this.tally.ignored++
      })
    }
    return accepted
  }
}
