/**
 * Which messages a node holds per scope (DESIGN §5.8). A scope holds at most quota + 1 messages,
 * the lowest ids winning: a message beyond is IGNOREd with SCOPE_FULL (and so neither stored nor
 * forwarded); a message with a lower id than the highest held one takes its place, and the engine
 * evicts that one from the log, indexes and derived state in the same batch. Counting reads only
 * held messages of the same signer and scope (DESIGN §5.7), never derived state.
 *
 * Two exceptions keep what others built on: a held message that another held message names as a
 * parent (a score a vote covers, an answer a score rates, a task others answered, a profile its
 * signer's messages name) is never evicted, nor is a vote for its task's certified root (the
 * engine's `pinned`): evicting them would take their children, and a certified outcome, with them.
 * When every held message above the newcomer is such a message, the newcomer is IGNOREd. The held
 * set is then a function of everything seen unless a flooder races its own messages that others
 * are about to build on; anti-entropy re-offers what one node holds and another dropped.
 */
import { type AnySignedMessage, MessageKind } from '@aimesh/protocol'
import { IgnoreCode, ignore } from './errors.js'
import type { GenesisParams } from './genesis.js'
import { hex } from './ids.js'
import { type Scope, scopeOf } from './scopes.js'
import { insertSorted } from './state-root.js'

/** The ids a message names as parents (hex): what must not be evicted while it is held. */
export function parentIds(msg: AnySignedMessage): string[] {
  const out: string[] = []
  const body = msg.body as unknown as Record<string, unknown>
  for (const field of ['taskId', 'profileId', 'commitId', 'submissionId', 'disputeId'] as const) {
    const v = body[field]
    if (v instanceof Uint8Array && v.length > 0) out.push(hex(v))
  }
  if (msg.kind === MessageKind.ConsensusVote) for (const id of msg.body.includedIds) out.push(hex(id))
  if (msg.kind === MessageKind.DisputeOpened || msg.kind === MessageKind.FraudAlert)
    for (const id of msg.body.evidenceIds) out.push(hex(id))
  return out
}

/** Per-scope held ids and parent references (see the file comment). */
export class ScopeHolding {
  /** Held ids per scope key, ascending. */
  readonly #held = new Map<string, string[]>()
  /** The scope of each held id. */
  readonly #scopeOfId = new Map<string, Scope>()
  /** How many held messages name an id as a parent. */
  readonly #refs = new Map<string, number>()
  readonly #params: GenesisParams

  constructor(params: GenesisParams) {
    this.#params = params
  }

  /** The scope of a message (kind, signer, scope fields) and its quota. */
  scopeOf(msg: AnySignedMessage): Scope {
    return scopeOf(msg, this.#params)
  }

  /**
   * What taking `msg` costs: null when its scope has room, else the held id to evict for it (the
   * highest evictable one above it). Throws IGNORE SCOPE_FULL when there is none.
   */
  admission(msg: AnySignedMessage, idHex: string, pinned: (id: string) => boolean): string | null {
    const scope = this.scopeOf(msg)
    const held = this.#held.get(scope.key)
    if (held === undefined || held.length < scope.quota + 1) return null
    for (let i = held.length - 1; i >= 0; i--) {
      const id = held[i]!
      if (id <= idHex) break
      if ((this.#refs.get(id) ?? 0) === 0 && !pinned(id)) return id
    }
    return ignore(
      IgnoreCode.SCOPE_FULL,
      `scope ${scope.key.slice(0, 48)}… already holds ${held.length} messages with lower ids (quota ${scope.quota})`,
    )
  }

  /** Records a held message. */
  add(msg: AnySignedMessage, idHex: string): void {
    const scope = this.scopeOf(msg)
    let held = this.#held.get(scope.key)
    if (held === undefined) {
      held = []
      this.#held.set(scope.key, held)
    }
    insertSorted(held, idHex)
    this.#scopeOfId.set(idHex, scope)
    for (const p of parentIds(msg)) this.#refs.set(p, (this.#refs.get(p) ?? 0) + 1)
  }

  /** Forgets an evicted message. */
  remove(msg: AnySignedMessage, idHex: string): void {
    const scope = this.#scopeOfId.get(idHex)
    if (scope === undefined) return
    this.#scopeOfId.delete(idHex)
    const held = this.#held.get(scope.key)
    if (held !== undefined) {
      const at = held.indexOf(idHex)
      if (at >= 0) held.splice(at, 1)
      if (held.length === 0) this.#held.delete(scope.key)
    }
    for (const p of parentIds(msg)) {
      const n = (this.#refs.get(p) ?? 0) - 1
      if (n <= 0) this.#refs.delete(p)
      else this.#refs.set(p, n)
    }
  }

  /** The scope of a held id. */
  scopeOfId(idHex: string): Scope | undefined {
    return this.#scopeOfId.get(idHex)
  }

  /** Held ids of a scope, ascending. */
  held(key: string): readonly string[] {
    return this.#held.get(key) ?? []
  }

  /** True when the scope of a held id holds more than its quota: the signer equivocated. */
  overflowedAt(idHex: string): Scope | null {
    const scope = this.#scopeOfId.get(idHex)
    if (scope === undefined) return null
    return (this.#held.get(scope.key)?.length ?? 0) > scope.quota ? scope : null
  }

  /** Every overflowed scope with its held ids (for tests and queries). */
  overflowed(): { scope: Scope; ids: readonly string[] }[] {
    const out: { scope: Scope; ids: readonly string[] }[] = []
    for (const ids of this.#held.values()) {
      const scope = this.#scopeOfId.get(ids[0]!)!
      if (ids.length > scope.quota) out.push({ scope, ids })
    }
    return out
  }
}
