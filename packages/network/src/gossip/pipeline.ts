/**
 * The gossip pipeline (DESIGN §4, §8; STYLE: one wrapper): every gossipsub message goes
 * topic check → size check → engine (`ingest`: decode, schema, signature, rules) → verdict, and one
 * wrapper turns the verdict into gossipsub's ACCEPT / IGNORE / REJECT, a peer action and a metric
 * per topic, verdict and code. Signatures are checked in one place only: the engine's ingest.
 * A message IGNOREd for a missing parent is handed to the parent waiter with its verdict held back
 * (DESIGN §5.10). Validation is asynchronous and bounded by the per-topic queues. An ACCEPT is
 * reported once the engine has validated the message and queued its store batch, not after the
 * LevelDB write (the engine's durability rule, engine/group-commit.ts). Each stage is timed
 * (stage-metrics.ts).
 */
import type { ValidationResult } from '@aimesh/engine'
import type { GossipTopicName } from '@aimesh/protocol'
import { LIMITS, Verdict } from '@aimesh/protocol'
import type { GossipDelivery, GossipRouter } from '../host/host.js'
import { TopicValidatorResult } from '../host/host.js'
import type { Logger, MetricsSink, NetworkEngine, PeerAction, PeerReporter } from '../ports.js'
import { isHeldEnvelope } from './held-envelope.js'
import { StageMetric } from './stage-metrics.js'
import type { GossipTopics } from './topics.js'
import { ValidationQueue } from './validation-queue.js'

/** A gossip message in the pipeline. */
export interface GossipJob {
  readonly msgId: string
  readonly from: string
  readonly topic: GossipTopicName
  readonly data: Uint8Array
  /** performance.now() when gossipsub handed it over (gossip windows and queue timings). */
  readonly receivedAt: number
}

/** A verdict as the pipeline reports it. */
export interface GossipOutcome {
  verdict: Verdict
  code: string
}

/** Pipeline codes that are not the engine's. */
export const PipelineCode = {
  WRONG_TOPIC: 'WRONG_TOPIC',
  TOO_LARGE: 'TOO_LARGE',
  QUEUE_FULL: 'QUEUE_FULL',
  INTERNAL: 'INTERNAL',
  ACCEPTED: 'OK',
  /** Accepted after its parents arrived, past gossipsub's window (pushed with replicate). */
  ACCEPTED_LATE: 'OK_LATE',
  /** Already held byte for byte (came by sync or a parent fetch): valid, forwarded, not new. */
  HELD: 'HELD',
} as const

/** Gossipsub's verdict for each of ours. */
const ACCEPTANCE: Readonly<Record<Verdict, TopicValidatorResult>> = {
  [Verdict.Accept]: TopicValidatorResult.Accept,
  [Verdict.Ignore]: TopicValidatorResult.Ignore,
  [Verdict.Reject]: TopicValidatorResult.Reject,
}

/**
 * The peer action for a REJECT, by code (DESIGN §8). What no honest relay forwards (a broken
 * signature, bytes that do not decode, a kind on the wrong topic) costs `low`; a rule broken by a
 * well-formed message costs `mid` (every honest node judges it the same, but one such message is
 * less clearly an attack). IGNORE costs nothing: it may be valid later or merely redundant.
 */
const REJECT_ACTION: Readonly<Record<string, PeerAction>> = {
  BAD_SIGNATURE: 'low',
  MALFORMED: 'low',
  NON_CANONICAL: 'low',
  UNKNOWN_KIND: 'low',
  TOO_LARGE: 'low',
  WRONG_TOPIC: 'low',
  EVIDENCE_INVALID: 'low',
}
const DEFAULT_REJECT_ACTION: PeerAction = 'mid'

/** Decides what to do with a message IGNOREd for a missing parent (the pending buffer). */
export interface ParentWaiter {
  /**
   * Offered every IGNORE; returns true when it holds the message (its verdict is then reported
   * later through `GossipPipeline.settle`), false to report the IGNORE now.
   */
  offer(
    job: GossipJob,
    result: { code: string; missing?: readonly Uint8Array[]; taskId?: Uint8Array },
  ): boolean
  /** Told after every ACCEPT: a held message's parent may have arrived. */
  parentArrived?(): void
}

/** What the pipeline needs. */
export interface GossipPipelineComponents {
  engine: NetworkEngine
  router: GossipRouter
  topics: GossipTopics
  reporter: PeerReporter
  metrics: MetricsSink
  logger: Logger
}

export interface GossipPipelineInit {
  queueCapacity?: number
  maxInFlight?: number
  /** Wall clock for the engine's skew check. */
  now?: () => number
  /** Told about every message the engine accepted from gossip. */
  onAccepted?: (job: GossipJob) => void
}

/** The pipeline (see the file comment). */
export class GossipPipeline {
  readonly #c: GossipPipelineComponents
  readonly #now: () => number
  readonly #onAccepted: (job: GossipJob) => void
  readonly #queue: ValidationQueue<GossipTopicName, GossipJob>
  #waiter: ParentWaiter | null = null
  #started = false
  readonly #listener = (evt: CustomEvent<GossipDelivery>) => this.#receive(evt.detail)

  constructor(components: GossipPipelineComponents, init: GossipPipelineInit = {}) {
    this.#c = components
    this.#now = init.now ?? Date.now
    this.#onAccepted = init.onAccepted ?? (() => {})
    this.#queue = new ValidationQueue<GossipTopicName, GossipJob>({
      keys: components.topics.all().map((t) => components.topics.nameOf(t)!),
      capacity: init.queueCapacity,
      maxInFlight: init.maxInFlight,
      run: (job) => this.#validate(job),
      dropped: (_key, job) => this.settle(job, { verdict: Verdict.Ignore, code: PipelineCode.QUEUE_FULL }),
    })
  }

  /** Where IGNOREs for missing parents go (set once, before start). */
  setParentWaiter(waiter: ParentWaiter): void {
    this.#waiter = waiter
  }

  /** Subscribes to every topic and starts validating. */
  start(): void {
    if (this.#started) return
    this.#started = true
    this.#c.router.addEventListener('gossipsub:message', this.#listener)
    for (const topic of this.#c.topics.all()) this.#c.router.subscribe(topic)
  }

  /** Stops taking messages; waiting ones are IGNOREd, those in flight finish. */
  async stop(): Promise<void> {
    if (!this.#started) return
    this.#started = false
    this.#c.router.removeEventListener('gossipsub:message', this.#listener)
    await this.#queue.close()
  }

  /** Jobs waiting for validation on a topic. */
  queued(topic: GossipTopicName): number {
    return this.#queue.length(topic)
  }

  /**
   * Reports a verdict to gossipsub with its peer action and metric: the one place a gossip verdict
   * leaves the pipeline (also for verdicts the parent waiter held back).
   */
  settle(job: GossipJob, outcome: GossipOutcome): void {
    const { verdict, code } = outcome
    try {
      this.#c.router.reportMessageValidationResult(job.msgId, job.from, ACCEPTANCE[verdict])
    } catch (err) {
      this.#c.logger.debug({ err, msgId: job.msgId }, 'gossip verdict not reported')
    }
    if (verdict === Verdict.Reject)
      this.#c.reporter.report(job.from, REJECT_ACTION[code] ?? DEFAULT_REJECT_ACTION, code)
    this.#c.metrics.increment('gossip_messages_total', { topic: job.topic, verdict, code })
    if (code === 'DUPLICATE') this.#c.reporter.observe?.(job.from, 'duplicate')
    if (verdict === Verdict.Accept) {
      this.#c.reporter.observe?.(job.from, 'useful')
      this.#waiter?.parentArrived?.()
      this.#c.metrics.observe(StageMetric.VALIDATION, performance.now() - job.receivedAt, {
        topic: job.topic,
      })
      this.#onAccepted(job)
    }
  }

  #receive(delivery: GossipDelivery): void {
    const { msg, msgId, propagationSource } = delivery
    const topic = this.#c.topics.nameOf(msg.topic)
    const job: GossipJob = {
      msgId,
      from: propagationSource.toString(),
      topic: topic ?? 'task',
      data: msg.data,
      receivedAt: performance.now(),
    }
    // Gossipsub delivers only topics we subscribed to; anything else is not ours to relay.
    if (topic === undefined) this.settle(job, { verdict: Verdict.Reject, code: PipelineCode.WRONG_TOPIC })
    else this.#queue.push(topic, job)
  }

  /**
   * Validates one job. The verdict is reported as soon as the engine knows it: for an ACCEPT, once
   * the message is validated and its store batch is queued (the engine's durability rule,
   * engine/group-commit.ts), so relaying never waits for LevelDB. The job leaves the in-flight count
   * then too; the group commit bounds what is validated and not yet written.
   */
  async #validate(job: GossipJob): Promise<void> {
    const started = performance.now()
    this.#c.metrics.observe(StageMetric.QUEUE_WAIT, started - job.receivedAt, { topic: job.topic })
    const refused = this.#precheck(job)
    if (refused !== undefined) {
      this.#conclude(job, refused, {})
      return
    }
    await new Promise<void>((resolve) => {
      let concluded = false
      const conclude = (outcome: GossipOutcome, parents: Parents): void => {
        if (concluded) return
        concluded = true
        this.#c.metrics.observe(StageMetric.INGEST, performance.now() - started, { topic: job.topic })
        this.#conclude(job, outcome, parents)
        resolve()
      }
      const onResult = (result: ValidationResult): void =>
        conclude(this.#outcomeOf(job, result), result as Parents)
      const failed = (err: unknown): void => {
        if (concluded) {
          // Accepted and relayed, then not written: lost on this node only (anti-entropy restores it).
          this.#c.logger.warn({ err, topic: job.topic }, 'an accepted gossip message was not stored')
          return
        }
        // An unexpected exception is our fault or the engine's, never proof against the sender.
        this.#c.logger.warn({ err, topic: job.topic }, 'gossip validation failed unexpectedly')
        conclude({ verdict: Verdict.Ignore, code: PipelineCode.INTERNAL }, {})
      }
      try {
        this.#c.engine.ingest(job.data, this.#now(), onResult).then(onResult, failed)
      } catch (err) {
        failed(err)
      }
    })
  }

  /** The pipeline's own refusals, before the engine sees the bytes (size, topic), or undefined. */
  #precheck(job: GossipJob): GossipOutcome | undefined {
    if (job.data.length > LIMITS.envelopeBytes)
      return { verdict: Verdict.Reject, code: PipelineCode.TOO_LARGE }
    const expected = this.#c.topics.expectedName(job.data)
    if (expected !== undefined && expected !== job.topic)
      return { verdict: Verdict.Reject, code: PipelineCode.WRONG_TOPIC }
    return undefined
  }

  /** The pipeline's outcome for an engine verdict. */
  #outcomeOf(job: GossipJob, result: ValidationResult): GossipOutcome {
    if (result.verdict === Verdict.Accept) return { verdict: Verdict.Accept, code: PipelineCode.ACCEPTED }
    if (result.code === 'DUPLICATE' && isHeldEnvelope(this.#c.engine, job.data))
      return { verdict: Verdict.Accept, code: PipelineCode.HELD }
    return { verdict: result.verdict, code: result.code }
  }

  /** Hands an IGNORE for a missing parent to the waiter, or reports the outcome now. */
  #conclude(job: GossipJob, outcome: GossipOutcome, parents: Parents): void {
    if (
      outcome.verdict === Verdict.Ignore &&
      this.#waiter !== null &&
      this.#waiter.offer(job, { code: outcome.code, missing: parents.missing, taskId: parents.taskId })
    ) {
      this.#c.metrics.increment('gossip_held_total', { topic: job.topic, code: outcome.code })
      return
    }
    this.settle(job, outcome)
  }
}

/** The engine names the missing parents (and their task) when it knows them (DESIGN §5.10). */
interface Parents {
  missing?: readonly Uint8Array[]
  taskId?: Uint8Array
}
