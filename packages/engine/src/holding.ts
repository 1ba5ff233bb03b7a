/**
 * Which messages a node holds per scope (DESIGN §5.8). A scope holds at most quota + 1 messages: a
 * message beyond is IGNOREd with SCOPE_FULL (and so neither stored nor forwarded); a message that
 * ranks before the last held one takes its place, and the engine evicts that one — with every held
 * message that names it as a parent, since a node that never held it could not have admitted them
 * — from the log, indexes and derived state in the same batch. Counting reads only held messages
 * (DESIGN §5.7), never derived state.
 *
 * The rank: messages endorsed by held consensus votes of counted validators come first, the weight
 * of the root's supporters deciding (engine/scope-endorsement.ts), then the lowest ids. So what a
 * certificate names, and its parents, outranks a flood racing it, and a flood nobody voted for keeps
 * its lowest ids. Endorsement is read from held, immutable votes, so the held set is a function of
 * the messages seen: a message dropped before the votes naming it came is recalled with them
 * (engine/scope-recall.ts) and the batch settles each scope back to quota + 1
 * (engine/scope-batch.ts).
 */
import { type AnySignedMessage, MessageKind } from '@aimesh/protocol'
import { IgnoreCode, ignore } from './errors.js'
import type { GenesisParams } from './genesis.js'
import { hex } from './ids.js'
import { type Scope, scopeOf } from './scopes.js'
import { insertSorted } from './state-root.js'

/** The ids a message names as parents (hex): evicting one of them evicts the message too. */
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

/** True when (rank a, id a) comes before (rank b, id b): higher endorsement first, then lower id. */
function before(rankA: number, idA: string, rankB: number, idB: string): boolean {
  return rankA !== rankB ? rankA > rankB : idA < idB
}

/** The held id that comes last in rank order. */
function lastInRank(held: readonly string[], rank: (id: string) => number): { id: string; rank: number } {
  let last = { id: held[0]!, rank: rank(held[0]!) }
  for (let i = 1; i < held.length; i++) {
    const id = held[i]!
    const r = rank(id)
    if (!before(r, id, last.rank, last.id)) last = { id, rank: r }
  }
  return last
}

/** Per-scope held ids and parent references (see the file comment). */
export class ScopeHolding {
  /** Held ids per scope key, ascending. */
  readonly #held = new Map<string, string[]>()
  /** The scope of each held id. */
  readonly #scopeOfId = new Map<string, Scope>()
  /** Held messages naming an id as a parent, by that id. */
  readonly #children = new Map<string, Set<string>>()
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
   * last held one in rank order, when `msg` ranks before it). Throws IGNORE SCOPE_FULL when `msg`
   * ranks after every held one. `rank` gives a held id's endorsement, `own` the newcomer's (read
   * only when the scope is full).
   */
  admission(
    msg: AnySignedMessage,
    idHex: string,
    rank: (id: string) => number,
    own: () => number = () => 0,
  ): string | null {
    const scope = this.scopeOf(msg)
    const held = this.#held.get(scope.key)
    if (held === undefined || held.length < scope.quota + 1) return null
    const last = lastInRank(held, rank)
    if (before(own(), idHex, last.rank, last.id)) return last.id
    return ignore(
      IgnoreCode.SCOPE_FULL,
      `scope ${scope.key.slice(0, 48)}… already holds ${held.length} messages that rank before it (quota ${scope.quota})`,
    )
  }

  /** Held ids of a scope beyond quota + 1 in rank order (what the batch drops to settle it). */
  excess(key: string, rank: (id: string) => number): string[] {
    const held = this.#held.get(key)
    if (held === undefined) return []
    const scope = this.#scopeOfId.get(held[0]!)!
    if (held.length <= scope.quota + 1) return []
    const ranked = held.map((id) => ({ id, rank: rank(id) }))
    ranked.sort((a, b) => (before(a.rank, a.id, b.rank, b.id) ? -1 : 1))
    return ranked.slice(scope.quota + 1).map((r) => r.id)
  }

  /** Records a held message. */
  add(msg: AnySignedMessage, idHex: string): void {
    this.addIndexed(idHex, this.scopeOf(msg), parentIds(msg))
  }

  /** Records a held message from its stored scope and parents (engine/scope-index.ts), body unread. */
  addIndexed(idHex: string, scope: Scope, parents: readonly string[]): void {
    if (this.#scopeOfId.has(idHex)) return
    let held = this.#held.get(scope.key)
    if (held === undefined) {
      held = []
      this.#held.set(scope.key, held)
    }
    insertSorted(held, idHex)
    this.#scopeOfId.set(idHex, scope)
    for (const p of parents) {
      let set = this.#children.get(p)
      if (set === undefined) {
        set = new Set()
        this.#children.set(p, set)
      }
      set.add(idHex)
    }
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
      const set = this.#children.get(p)
      set?.delete(idHex)
      if (set?.size === 0) this.#children.delete(p)
    }
  }

  /** Held messages naming `idHex` as a parent, directly or through others, children before parents. */
  descendants(idHex: string): string[] {
    const out: string[] = []
    const seen = new Set<string>([idHex])
    const visit = (id: string): void => {
      for (const child of this.#children.get(id) ?? []) {
        if (seen.has(child)) continue
        seen.add(child)
        visit(child)
        out.push(child)
      }
    }
    visit(idHex)
    return out
  }

  /** Held messages naming `idHex` as a parent. */
  childrenOf(idHex: string): Iterable<string> {
    return this.#children.get(idHex) ?? []
  }

  /** True when `idHex` or a held message descending from it satisfies `test`. */
  someDescendant(idHex: string, test: (id: string) => boolean): boolean {
    if (test(idHex)) return true
    const seen = new Set<string>([idHex])
    const stack = [idHex]
    while (stack.length > 0) {
      for (const child of this.#children.get(stack.pop()!) ?? []) {
        if (seen.has(child)) continue
        if (test(child)) return true
        seen.add(child)
        stack.push(child)
      }
    }
    return false
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
