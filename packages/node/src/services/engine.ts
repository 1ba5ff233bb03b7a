/**
 * The engine service: opens the engine over the store, and is the one door every message goes
 * through — signed here, from the API, gossip or sync. It counts messages in flight so stop can
 * drain (no accepted message lost), tells listeners what was accepted, and watches the status and
 * outcome state of the tasks the engine re-derives to emit `task-status` and `finalized`.
 */

import type { Genesis } from '@aimesh/engine'
import { Engine, getTask, LevelEngineStore, type ValidationResult } from '@aimesh/engine'
import { type AnySignedMessage, decodeEnvelope, MessageKind, toHex, Verdict } from '@aimesh/protocol'
import type { StateStore } from '@aimesh/store'
import { Counter, type Registry } from 'prom-client'
import { NodeError } from '../errors.js'
import type { MessageSource, NodeEvents, OutcomeState } from '../events.js'
import { outcomeOf } from '../outcome.js'
import { taskHexOf } from '../task-ids.js'
import type { BaseComponents, Service } from './service.js'

/** Components the engine service needs. */
export interface EngineComponents extends BaseComponents {
  store: () => StateStore
  events: NodeEvents
  genesis: Genesis
}

/** Called with every accepted message, once durable. */
export type AcceptedListener = (msg: AnySignedMessage, source: MessageSource) => void

/**
 * Called with a local message (source `local` or `api`) as soon as the engine accepts it: validated
 * and its write queued, before it is durable (the engine's durability rule, group-commit.ts). The
 * node gossips it then, so its own LevelDB write never delays the wire; a refused message is never
 * told, and a failed write still rejects the caller.
 */
export type LocalVerdictListener = (msg: AnySignedMessage, source: MessageSource) => void

/** Sources whose messages are this node's own (or its API's), gossiped by it. */
const LOCAL_SOURCES: ReadonlySet<MessageSource> = new Set(['local', 'api'])

/** See the file comment. */
export class EngineService implements Service {
  readonly name = 'engine'
  readonly #c: EngineComponents
  #engine: Engine | null = null
  #accepting = false
  readonly #inflight = new Set<Promise<unknown>>()
  readonly #acceptedListeners = new Set<AcceptedListener>()
  readonly #localVerdictListeners = new Set<LocalVerdictListener>()
  readonly #status = new Map<string, string>()
  readonly #outcome = new Map<string, OutcomeState>()
  #verdicts: Counter<'source' | 'verdict'> | null = null

  constructor(components: EngineComponents) {
    this.#c = components
    if (components.metrics !== null) this.#verdicts = verdictCounter(components.metrics)
  }

  /** The open engine (throws before start). */
  get engine(): Engine {
    if (this.#engine === null) throw new NodeError('NOT_RUNNING', 'the node is not running; start it first')
    return this.#engine
  }

  /** True between start and the beginning of stop. */
  get accepting(): boolean {
    return this.#accepting
  }

  async start(): Promise<void> {
    const store = this.#c.store()
    this.#engine = await Engine.open({
      store: new LevelEngineStore(store),
      genesis: this.#c.genesis,
      now: () => this.#c.clock.now(),
      clock: this.#c.clock.now(),
      onError: (err, source) => this.#c.logger.warn({ err, source }, 'engine post-commit failure'),
    })
    this.#engine.onFraudAlert((a) => {
      this.#c.events.emit('fraud', {
        taskId: toHex(a.taskId),
        subject: toHex(a.subject),
        fraudKind: a.fraudKind,
        riskBps: a.riskBps,
      })
    })
    for (const t of this.#engine.state.tasks()) this.#watch(t.hex, false)
    // From now on only re-derived tasks can have moved (messages or deadlines): watch just those.
    this.#engine.onTasksChanged((hexes) => {
      for (const h of hexes) this.#watch(h, true)
    })
    this.#accepting = true
    this.#c.logger.info(
      { messages: this.#engine.messageCount, stateRoot: toHex(this.#engine.stateRoot()) },
      'engine open',
    )
  }

  /** Stops taking messages and waits for every one in flight to be durable. */
  async drain(): Promise<void> {
    this.#accepting = false
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight])
  }

  async stop(): Promise<void> {
    await this.drain()
    this.#engine = null
  }

  /** Subscribes to accepted messages; returns unsubscribe. */
  onAccepted(listener: AcceptedListener): () => void {
    this.#acceptedListeners.add(listener)
    return () => this.#acceptedListeners.delete(listener)
  }

  /** Subscribes to local messages at their verdict, before the write (see LocalVerdictListener). */
  onLocalVerdict(listener: LocalVerdictListener): () => void {
    this.#localVerdictListeners.add(listener)
    return () => this.#localVerdictListeners.delete(listener)
  }

  /**
   * Validates and applies a decoded, signed message (this node's own, or the API's): read again
   * from its envelope bytes and its signature verified, as `Engine.submit` does. Resolves once
   * durable; local-verdict listeners hear it at its verdict.
   */
  submit(msg: AnySignedMessage, source: MessageSource): Promise<ValidationResult> {
    return this.#track(async () => {
      const result = await this.engine.ingest(
        msg.bytes,
        undefined,
        this.#verdictFor(() => msg, source),
      )
      this.#after(msg, result, source)
      return result
    })
  }

  /**
   * Decodes, verifies and applies untrusted envelope bytes (gossip, sync, the API's pre-signed).
   * Resolves once durable; `verdict` (the gossip pipeline's) hears the verdict before the write.
   */
  ingest(
    bytes: Uint8Array,
    source: MessageSource,
    verdict?: (result: ValidationResult) => void,
  ): Promise<ValidationResult> {
    return this.#track(async () => {
      const engine = this.engine
      const local = this.#verdictFor(() => decodeEnvelope(engine.genesis.networkId, bytes), source)
      const onVerdict =
        local === undefined
          ? verdict
          : (r: ValidationResult) => {
              verdict?.(r)
              local(r)
            }
      const result = await engine.ingest(bytes, undefined, onVerdict)
      if (result.verdict === Verdict.Accept) {
        // Accepted means newly held (a duplicate is IGNOREd): look the decoded message up by id.
        const msg = decodeHeld(engine, bytes)
        if (msg !== undefined) this.#after(msg, result, source)
      } else this.#count(source, result)
      return result
    })
  }

  /** Moves the engine clock and reports status and outcome changes. */
  advance(now: number): Promise<void> {
    return this.#track(async () => {
      await this.engine.advance(now)
    })
  }

  /** The verdict callback telling local-verdict listeners of an accepted local message, if any listen. */
  #verdictFor(
    message: () => AnySignedMessage,
    source: MessageSource,
  ): ((result: ValidationResult) => void) | undefined {
    if (!LOCAL_SOURCES.has(source) || this.#localVerdictListeners.size === 0) return undefined
    return (result) => {
      if (result.verdict !== Verdict.Accept) return
      const msg = message()
      for (const l of this.#localVerdictListeners) {
        try {
          l(msg, source)
        } catch (err) {
          this.#c.logger.warn({ err }, 'local-verdict listener failed')
        }
      }
    }
  }

  #track<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.#accepting)
      return Promise.reject(new NodeError('NOT_RUNNING', 'the node is stopping or stopped'))
    const p = fn()
    this.#inflight.add(p)
    const done = () => this.#inflight.delete(p)
    p.then(done, done)
    return p
  }

  #count(source: MessageSource, result: ValidationResult): void {
    this.#verdicts?.inc({ source, verdict: result.verdict })
  }

  #after(msg: AnySignedMessage, result: ValidationResult, source: MessageSource): void {
    this.#count(source, result)
    if (result.verdict !== Verdict.Accept) return
    const engine = this.engine
    const taskId = taskHexOf(engine, msg)
    this.#c.events.emit('accepted', {
      id: toHex(msg.id),
      kind: MessageKind[msg.kind],
      signer: toHex(msg.signer),
      taskId,
      source,
    })
    for (const l of this.#acceptedListeners) {
      try {
        l(msg, source)
      } catch (err) {
        this.#c.logger.warn({ err }, 'accepted-message listener failed')
      }
    }
    this.#watch(taskId, true)
  }

  /** Emits task-status / finalized when a task's status or outcome state moved. */
  #watch(taskHex: string, emit: boolean): void {
    const engine = this.#engine
    if (engine === null) return
    const t = engine.state.task(taskHex)
    if (t?.publish === null || t?.publish === undefined) return
    const record = getTask(engine, t.id)
    if (record === undefined) return
    const before = this.#status.get(taskHex) ?? null
    if (before !== record.status) {
      this.#status.set(taskHex, record.status)
      if (emit)
        this.#c.events.emit('task-status', {
          taskId: taskHex,
          from: before,
          to: record.status,
          at: engine.clock,
        })
    }
    const outcome = outcomeOf(engine, taskHex)
    if (outcome === undefined) return
    const was = this.#outcome.get(taskHex) ?? 'provisional'
    if (was !== outcome.state) {
      this.#outcome.set(taskHex, outcome.state)
      if (emit && outcome.state !== 'provisional')
        this.#c.events.emit('finalized', { taskId: taskHex, state: outcome.state, root: outcome.root })
    }
  }
}

/** The held message whose envelope is exactly `bytes` (what ingest just accepted). */
function decodeHeld(engine: Engine, bytes: Uint8Array): AnySignedMessage | undefined {
  try {
    const msg = decodeEnvelope(engine.genesis.networkId, bytes)
    return engine.getMessage(msg.id)
  } catch {
    return undefined
  }
}

function verdictCounter(registry: Registry): Counter<'source' | 'verdict'> {
  return new Counter({
    name: 'aimesh_node_messages_total',
    help: 'Messages offered to the engine, by source and verdict',
    labelNames: ['source', 'verdict'],
    registers: [registry],
  })
}
