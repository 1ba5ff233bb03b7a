/**
 * The recall (DESIGN §5.8, §5.10): valid messages a full scope dropped (IGNORE SCOPE_FULL, or
 * evicted with what named them), kept in memory — never stored, never part of the held set — so
 * that a later message naming one as a parent brings it back in the same batch instead of waiting
 * for a parent no peer will offer again. That is how a node that saw a participant's flood before
 * the votes of a certificate still ends holding what the certificate names (the votes endorse it,
 * engine/scope-endorsement.ts), the same set as a node that saw them in the other order.
 *
 * Bounded (oldest dropped first): a flood larger than the bound can push out what a certificate
 * names; then the network's parent fetch re-offers it (it lands here again) and anti-entropy is the
 * backstop, as for anything the pending buffer drops.
 */
import { type AnySignedMessage, MessageKind } from '@aimesh/protocol'
import { parentIds } from '../holding.js'
import { hex } from '../ids.js'
import type { EngineState } from './state.js'

/** Most messages recalled: more than one scope flood of thousands. */
export const RECALL_CAP = 16_384
/** Most envelope bytes recalled (envelopes reach 256 KiB: the count alone would not bound memory). */
export const RECALL_BYTES = 32 * 1024 * 1024

/** Dropped messages by id, oldest first, with the recalled messages naming each. */
export class ScopeRecall {
  readonly #byId = new Map<string, AnySignedMessage>()
  #bytes = 0
  readonly #children = new Map<string, Set<string>>()
  /** Recalled consensus votes per `task:root`: a new vote for a root raises their endorsement. */
  readonly #votes = new Map<string, Set<string>>()

  get size(): number {
    return this.#byId.size
  }

  /** Keeps a dropped message (again: it becomes the newest), dropping the oldest beyond the cap. */
  keep(msg: AnySignedMessage): void {
    const id = hex(msg.id)
    this.#forget(id)
    this.#byId.set(id, msg)
    this.#bytes += msg.bytes.length
    for (const p of parentIds(msg)) link(this.#children, p, id)
    const vote = voteKey(msg)
    if (vote !== null) link(this.#votes, vote, id)
    while (this.#byId.size > RECALL_CAP || this.#bytes > RECALL_BYTES)
      this.#forget(this.#byId.keys().next().value as string)
  }

  /** A recalled message by id. */
  get(idHex: string): AnySignedMessage | undefined {
    return this.#byId.get(idHex)
  }

  /** Recalled messages naming `idHex`, in id order. */
  childrenOf(idHex: string): string[] {
    return [...(this.#children.get(idHex) ?? [])].sort()
  }

  /** Takes a message out of the recall (it is being held again). */
  take(idHex: string): void {
    this.#forget(idHex)
  }

  #forget(idHex: string): void {
    const msg = this.#byId.get(idHex)
    if (msg === undefined) return
    this.#byId.delete(idHex)
    this.#bytes -= msg.bytes.length
    for (const p of parentIds(msg)) unlink(this.#children, p, idHex)
    const vote = voteKey(msg)
    if (vote !== null) unlink(this.#votes, vote, idHex)
  }

  /** Recalled votes for the same task and root as `vote`, in id order. */
  votesLike(vote: AnySignedMessage): string[] {
    const key = voteKey(vote)
    return key === null ? [] : [...(this.#votes.get(key) ?? [])].sort()
  }
}

function voteKey(msg: AnySignedMessage): string | null {
  return msg.kind === MessageKind.ConsensusVote
    ? `${hex(msg.body.taskId)}:${hex(msg.body.outcomeRoot)}`
    : null
}

function link(index: Map<string, Set<string>>, key: string, id: string): void {
  let set = index.get(key)
  if (set === undefined) {
    set = new Set()
    index.set(key, set)
  }
  set.add(id)
}

function unlink(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key)
  set?.delete(id)
  if (set?.size === 0) index.delete(key)
}

const recalls = new WeakMap<EngineState, ScopeRecall>()

/** The engine's recall (made on first use; memory only). */
export function recallOf(s: EngineState): ScopeRecall {
  let r = recalls.get(s)
  if (r === undefined) {
    r = new ScopeRecall()
    recalls.set(s, r)
  }
  return r
}
