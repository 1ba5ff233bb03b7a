/**
 * Where an ingest spends its time (DESIGN §9 ingest and gossip latency): the intake and the group
 * commit tell listeners how long each stage took, so the node can keep them as histograms and a
 * benchmark can say where a message's latency goes. Nothing is measured while nobody listens.
 *
 * Stages (milliseconds):
 * - `open`: decoding an envelope and checking its signature (per envelope, or per pool batch);
 * - `commit-wait`: from a message's submission to its group commit starting (per message);
 * - `validate`: validating and indexing a group commit's messages (per batch);
 * - `derive`: epoch refresh and re-deriving the touched tasks (per batch);
 * - `write`: building the store batch, the LevelDB write and the after-commit hooks (per batch).
 * Per batch, `messages` is the number of messages it took.
 */

/** A stage of the ingest path (see the file comment). */
export type IngestStage = 'open' | 'commit-wait' | 'validate' | 'derive' | 'write'

/** One timing: the stage, how long it took, and for a batch stage how many messages it held. */
export interface IngestTiming {
  stage: IngestStage
  ms: number
  messages?: number
}

/** The engine's timing listeners (see the file comment). */
export class IngestTimings {
  readonly #listeners = new Set<(t: IngestTiming) => void>()

  /** True when someone listens: callers skip taking times otherwise. */
  get active(): boolean {
    return this.#listeners.size > 0
  }

  /** Subscribes; returns unsubscribe. */
  on(listener: (t: IngestTiming) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Tells every listener; a throwing listener is skipped (timings never fail an ingest). */
  emit(stage: IngestStage, ms: number, messages?: number): void {
    const t: IngestTiming = messages === undefined ? { stage, ms } : { stage, ms, messages }
    for (const l of this.#listeners) {
      try {
        l(t)
      } catch {
        // Metrics are best effort.
      }
    }
  }
}
