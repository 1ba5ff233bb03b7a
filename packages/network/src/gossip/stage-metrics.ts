/**
 * Gossip latency by stage (DESIGN §8 metrics, §9 gossip latency): the engine's ingest stage timings
 * (decode and signature check, wait for a group commit, validate, derive, write) kept as histograms
 * beside the pipeline's own (queue wait, ingest, receive to verdict), so the node's metrics say
 * where a message's time goes.
 */
import type { MetricsSink, NetworkEngine } from '../ports.js'

/** Histogram names the gossip path observes (milliseconds unless named otherwise). */
export const StageMetric = {
  /** Receive → validation start (the per-topic queue). */
  QUEUE_WAIT: 'gossip_queue_wait_ms',
  /** The engine's ingest call, start to verdict. */
  INGEST: 'gossip_ingest_ms',
  /** Receive → ACCEPT reported (the whole local delay of a relayed message). */
  VALIDATION: 'gossip_validation_ms',
  /** An engine ingest stage, labelled by stage. */
  ENGINE_STAGE: 'engine_ingest_stage_ms',
  /** Messages per group commit. */
  COMMIT_MESSAGES: 'engine_commit_messages',
} as const

/** Records the engine's ingest stage timings into `metrics`; returns unsubscribe (a no-op when the engine has none). */
export function watchIngestTimings(engine: NetworkEngine, metrics: MetricsSink): () => void {
  if (engine.onIngestTiming === undefined) return () => {}
  return engine.onIngestTiming((t) => {
    metrics.observe(StageMetric.ENGINE_STAGE, t.ms, { stage: t.stage })
    if (t.stage === 'write' && t.messages !== undefined)
      metrics.observe(StageMetric.COMMIT_MESSAGES, t.messages)
  })
}
