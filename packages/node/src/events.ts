/**
 * The node's typed events (DESIGN §1 embedding): what an embedder subscribes to and what the API's
 * `/events` stream forwards. One map from event name to payload; a listener that throws is logged
 * and never breaks the node.
 */

/** Where a message entered this node. */
export type MessageSource = 'local' | 'api' | 'gossip' | 'sync'

/** Outcome states of a task (DESIGN §5.5). */
export type OutcomeState = 'provisional' | 'certified' | 'final'

/** Event name → payload. Names are also the SSE event names. */
export interface NodeEventMap {
  /** A signed message was accepted and is durable. */
  accepted: { id: string; kind: string; signer: string; taskId: string; source: MessageSource }
  /** A task moved to another lifecycle status. */
  'task-status': { taskId: string; from: string | null; to: string; at: number }
  /** A task's outcome became certified or final. */
  finalized: { taskId: string; state: Exclude<OutcomeState, 'provisional'>; root: string }
  /** The engine flagged fraud (and this node may sign the alert). */
  fraud: { taskId: string; subject: string; fraudKind: string; riskBps: number }
  /** A peer was banned. */
  'peer-banned': { peerId: string; reason: string; until: number | null }
  /** Sync from peers made progress. */
  sync: { done: number; total: number; peer: string | null }
}

export type NodeEventName = keyof NodeEventMap

type Listener<K extends NodeEventName> = (payload: NodeEventMap[K]) => void

/** A small typed emitter. */
export class NodeEvents {
  readonly #listeners = new Map<NodeEventName, Set<Listener<NodeEventName>>>()
  readonly #onListenerError: (err: unknown, event: NodeEventName) => void

  constructor(onListenerError: (err: unknown, event: NodeEventName) => void = () => {}) {
    this.#onListenerError = onListenerError
  }

  /** Subscribes; returns the unsubscribe function. */
  on<K extends NodeEventName>(event: K, listener: Listener<K>): () => void {
    let set = this.#listeners.get(event)
    if (set === undefined) {
      set = new Set()
      this.#listeners.set(event, set)
    }
    set.add(listener as Listener<NodeEventName>)
    return () => set.delete(listener as Listener<NodeEventName>)
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  onAny(listener: <K extends NodeEventName>(event: K, payload: NodeEventMap[K]) => void): () => void {
    const offs = EVENT_NAMES.map((name) => this.on(name, (p) => listener(name, p)))
    return () => {
      for (const off of offs) off()
    }
  }

  /** Tells every listener of `event`. */
  emit<K extends NodeEventName>(event: K, payload: NodeEventMap[K]): void {
    for (const l of this.#listeners.get(event) ?? []) {
      try {
        ;(l as Listener<K>)(payload)
      } catch (err) {
        this.#onListenerError(err, event)
      }
    }
  }
}

/** Every event name. */
export const EVENT_NAMES: readonly NodeEventName[] = [
  'accepted',
  'task-status',
  'finalized',
  'fraud',
  'peer-banned',
  'sync',
]
