/**
 * Endorsement, the rank of held messages inside a scope (DESIGN §5.5, §5.8): a held consensus vote
 * of a counted validator of the task's epoch endorses itself and every message it names (its task,
 * the answers and scores it covers) and, through them, their parents (commits, profiles). A
 * message's endorsement is the largest support among the roots endorsing it, the support of a root
 * being the summed weight of the counted validators holding a vote for it. A certificate's set is
 * thus endorsed by at least the threshold, and outranks whatever its participants flood.
 *
 * Read only from held, immutable messages (the votes, their roots and named ids) and the epoch's
 * validator set, never from a derivation, so it is the same on every node holding the same votes,
 * whatever order they came in. Shadow voters (weight 0) endorse nothing.
 */
import { type AnySignedMessage, MessageKind, type SignedMessage } from '@aimesh/protocol'
import { epochOf } from '../epochs.js'
import { hex } from '../ids.js'
import { messageOf } from './bodies.js'
import type { EngineState } from './state.js'

type Vote = SignedMessage<MessageKind.ConsensusVote>

/**
 * Endorsements over one state as it stands (see the file comment); memoised, so build one per
 * decision: holding more votes changes the answers.
 */
export class Endorsement {
  readonly #s: EngineState
  /** Per task: the counted voters' weight per root. */
  readonly #support = new Map<string, Map<string, number>>()
  readonly #memo = new Map<string, number>()

  constructor(s: EngineState) {
    this.#s = s
  }

  /** The endorsement of a held message (0 when no counted vote reaches it). */
  of(idHex: string): number {
    const known = this.#memo.get(idHex)
    if (known !== undefined) return known
    // Held messages form a DAG (parents are held first): mark before descending, so a malformed
    // reference loop ends instead of recursing.
    this.#memo.set(idHex, 0)
    let best = this.#direct(idHex)
    for (const child of this.#s.scopes.childrenOf(idHex)) best = Math.max(best, this.of(child))
    this.#memo.set(idHex, best)
    return best
  }

  /** The endorsement a message not held yet would bring to itself (a counted vote; else 0). */
  ofNew(msg: AnySignedMessage): number {
    if (msg.kind !== MessageKind.ConsensusVote) return 0
    const task = this.#s.tasks.get(hex(msg.body.taskId))
    const weights = this.#weights(task?.publish?.body.timestamp)
    const own = weights?.get(hex(msg.signer)) ?? 0
    if (own === 0 || task === undefined) return 0
    const root = hex(msg.body.outcomeRoot)
    const voters = this.#voters(task.hex).get(root)
    return (this.#rootSupport(task.hex).get(root) ?? 0) + (voters?.has(hex(msg.signer)) ? 0 : own)
  }

  /** The support of the root a held counted vote names, else 0. */
  #direct(idHex: string): number {
    const held = this.#s.messages.get(idHex)
    if (held === undefined) return 0
    const msg = held.msg ?? messageOf(this.#s, idHex)
    if (msg?.kind !== MessageKind.ConsensusVote) return 0
    const task = this.#s.tasks.get(held.task)
    if (!this.#weights(task?.publish?.body.timestamp)?.get(hex(msg.signer))) return 0
    return this.#rootSupport(held.task).get(hex(msg.body.outcomeRoot)) ?? 0
  }

  #weights(publishedAt: number | undefined): ReadonlyMap<string, number> | undefined {
    if (publishedAt === undefined) return undefined
    return this.#s.epochs.setOf(epochOf(this.#s.genesis, publishedAt)).weights
  }

  readonly #votersMemo = new Map<string, Map<string, Set<string>>>()

  /** Counted voters per root over the task's held votes. */
  #voters(taskHex: string): Map<string, Set<string>> {
    let out = this.#votersMemo.get(taskHex)
    if (out !== undefined) return out
    out = new Map()
    this.#votersMemo.set(taskHex, out)
    const t = this.#s.tasks.get(taskHex)
    const weights = this.#weights(t?.publish?.body.timestamp)
    if (t === undefined || weights === undefined) return out
    for (const id of t.ids) {
      const msg = this.#s.messages.get(id)?.msg ?? messageOf(this.#s, id)
      if (msg?.kind !== MessageKind.ConsensusVote) continue
      const voter = hex((msg as Vote).signer)
      if (!weights.get(voter)) continue
      const root = hex((msg as Vote).body.outcomeRoot)
      let set = out.get(root)
      if (set === undefined) {
        set = new Set()
        out.set(root, set)
      }
      set.add(voter)
    }
    return out
  }

  /** The support of each root of a task (see the file comment). */
  #rootSupport(taskHex: string): Map<string, number> {
    let out = this.#support.get(taskHex)
    if (out !== undefined) return out
    out = new Map()
    this.#support.set(taskHex, out)
    const t = this.#s.tasks.get(taskHex)
    const weights = this.#weights(t?.publish?.body.timestamp)
    for (const [root, voters] of this.#voters(taskHex)) {
      let sum = 0
      for (const v of voters) sum += weights?.get(v) ?? 0
      out.set(root, sum)
    }
    return out
  }
}
