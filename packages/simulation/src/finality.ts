/**
 * Finality on the simulated clock (DESIGN §5.4–§5.6): every validator of a task's epoch votes for
 * the outcome root over the task's answers and its counted validators' scores in round 0 or 1, and
 * during each epoch the current validators vote for the next epoch's checkpoint. The simulator
 * imports only protocol, so it keeps its own view of the validator sets: the genesis list for epoch
 * 0, then what its own certified checkpoints name (honest validators at a weight drawn per epoch),
 * so set changes are exercised. With a checkpoint source (options.checkpoints, e.g. an engine fed
 * the workload as it is generated) the votes carry what that node computes instead — the real
 * trust digest, fold root and next set — so they certify the checkpoint nodes derive. One
 * dishonest validator also votes a checkpoint nobody else signs: a vote that never counts.
 */
import {
  foldRoot,
  MessageKind,
  outcomeIds,
  outcomeRoot,
  type SignedMessage,
  toHex,
  trustTableDigest,
} from '@aimesh/protocol'
import { type Actor, signAs } from './actors.js'
import type { Submission } from './answers.js'
import { type WireBytes, wire } from './bytes.js'
import { type CheckpointContent, EDGE_MARGIN_MS, type ResolvedOptions } from './options.js'
import type { Rng } from './prng.js'
import type { TaskPlan } from './tasks.js'

/** Genesis weight of a pre-trusted validator: milli-trust at the default pre-trusted score 0.9. */
export const GENESIS_WEIGHT = 900
/** Weights the simulator's checkpoints draw for honest validators (milli-trust above the 0.6 gate). */
const CHECKPOINT_WEIGHTS: readonly [number, number] = [700, 1000]

/** Share of consensus votes cast in round 1 instead of round 0. */
const LATE_VOTE_CHANCE = 0.25

/** A certified outcome the simulator voted, for its checkpoints' fold roots. */
interface Certified {
  taskId: Uint8Array
  root: Uint8Array
  finalAt: number
}

/** The simulator's view of epochs: sets it certified and the outcomes it voted. */
export class SimEpochs {
  /** Validator set per epoch it fixed, from epoch 0 (the genesis list). */
  readonly #sets = new Map<number, { actor: Actor; weight: number }[]>()
  readonly #certified: Certified[] = []
  /** The next epoch whose checkpoint is still to be voted. */
  #next = 1

  /** Every actor by hex key: a checkpoint source may name any account with enough trust. */
  readonly #actors: Map<string, Actor>

  constructor(
    readonly o: ResolvedOptions,
    readonly validators: readonly Actor[],
    actors: readonly Actor[] = validators,
  ) {
    this.#actors = new Map(actors.map((a) => [a.hex, a]))
    this.#sets.set(
      0,
      validators.filter((v) => v.preTrusted).map((actor) => ({ actor, weight: GENESIS_WEIGHT })),
    )
  }

  epochOf(time: number): number {
    return Math.max(0, Math.floor((time - this.o.genesisTime) / this.o.epochMs))
  }

  epochStart(epoch: number): number {
    return this.o.genesisTime + epoch * this.o.epochMs
  }

  /** When votes for epoch n's checkpoint start: epoch n−1's start + checkpointDelayMs. */
  cut(epoch: number): number {
    return this.epochStart(epoch - 1) + this.o.checkpointDelayMs
  }

  /** The set of an epoch: the latest one fixed at or before it. */
  setOf(epoch: number): { actor: Actor; weight: number }[] {
    for (let e = epoch; e >= 0; e--) {
      const set = this.#sets.get(e)
      if (set !== undefined) return set
    }
    return []
  }

  /**
   * Every validator of the task's epoch votes in round 0 (or, late, 1) for the root over the task's answers and
   * its set members' scores. Returns the votes and the root (what claims name).
   */
  consensusVotes(
    plan: TaskPlan,
    submissions: readonly Submission[],
    scores: readonly SignedMessage<MessageKind.ValidationScored>[],
    rng: Rng,
  ): { votes: SignedMessage<MessageKind.ConsensusVote>[]; root: WireBytes } {
    const set = this.setOf(this.epochOf(plan.body.timestamp))
    const members = new Set(set.map((s) => s.actor.hex))
    const answers = submissions.map((s) => s.idHex)
    const counted = scores.filter((m) => members.has(toHex(m.signer))).map((m) => toHex(m.id))
    const root = wire(outcomeRoot(plan.taskId, answers, counted))
    const included = outcomeIds(answers, counted).map((id) => wire(Uint8Array.from(Buffer.from(id, 'hex'))))
    const vd = plan.body.validationDeadline
    const votes = set.map(({ actor }) => {
      // Some validators are late and vote in round 1 (same root): certificates form in either round.
      const round = this.o.maxRounds > 1 && rng.chance(LATE_VOTE_CHANCE) ? 1 : 0
      const from = vd + round * this.o.roundMs
      const timestamp = rng.int(from + EDGE_MARGIN_MS, from + this.o.roundMs - EDGE_MARGIN_MS)
      return signAs(
        this.o,
        MessageKind.ConsensusVote,
        {
          timestamp,
          taskId: plan.taskId,
          round,
          outcomeRoot: root,
          messageCount: included.length,
          includedIds: included,
        },
        actor,
      )
    })
    if (votes.length > 0)
      this.#certified.push({ taskId: plan.taskId, root, finalAt: vd + this.o.maxRounds * this.o.roundMs })
    return { votes, root }
  }

  /**
   * The checkpoint votes whose cut is at or before `time`, in epoch order: each epoch's set votes
   * for the next set in round 0, which certifies it. Call before planning a task published at or
   * after `time`, so its epoch's set is known.
   */
  checkpointVotesUntil(time: number, rng: Rng): SignedMessage<MessageKind.CheckpointVote>[] {
    const out: SignedMessage<MessageKind.CheckpointVote>[] = []
    while (this.nextCut() <= time) out.push(...this.nextCheckpointVotes(rng))
    return out
  }

  /** The cut of the next checkpoint still to be voted. */
  nextCut(): number {
    return this.cut(this.#next)
  }

  /**
   * The votes for the next checkpoint (authored from its cut on, before the next cut). With a
   * checkpoint source, call it only once every message authored before the cut was handed on.
   */
  nextCheckpointVotes(rng: Rng): SignedMessage<MessageKind.CheckpointVote>[] {
    const out: SignedMessage<MessageKind.CheckpointVote>[] = []
    const epoch = this.#next++
    const cut = this.cut(epoch)
    const voters = this.setOf(epoch - 1)
    const next = this.validators
      .filter((v) => v.honest)
      .map((actor) => ({ actor, weight: rng.int(CHECKPOINT_WEIGHTS[0], CHECKPOINT_WEIGHTS[1]) }))
    const previousCut = epoch === 1 ? Number.NEGATIVE_INFINITY : this.cut(epoch - 1)
    const folded = this.#certified.filter((c) => c.finalAt > previousCut && c.finalAt <= cut)
    const drawn = checkpointContent(epoch, next, folded)
    const given = this.o.checkpoints?.(epoch) ?? null
    const content = given ?? drawn
    const nextSet = given === null ? next : given.validators.map((v) => this.#member(v.account, v.weight))
    const end = Math.min(cut + this.o.roundMs, this.epochStart(epoch)) - EDGE_MARGIN_MS
    const sign = (actor: Actor, body: CheckpointContent) =>
      signAs(
        this.o,
        MessageKind.CheckpointVote,
        { ...body, timestamp: rng.int(cut + EDGE_MARGIN_MS, end), round: 0 },
        actor,
      )
    for (const { actor } of voters) out.push(sign(actor, content))
    // A dishonest validator outside the set names itself: its vote is held and never counts.
    const outsider = this.validators.find((v) => !v.honest)
    if (outsider !== undefined)
      out.push(sign(outsider, checkpointContent(epoch, [{ actor: outsider, weight: 1000 }], [])))
    if (voters.length > 0) this.#sets.set(epoch, nextSet)
    return out
  }

  /** The actor a checkpoint names, with its weight. */
  #member(account: Uint8Array, weight: number): { actor: Actor; weight: number } {
    const actor = this.#actors.get(toHex(account))
    if (actor === undefined)
      throw new Error(`the checkpoint source names ${toHex(account)}, no actor of this cast`)
    return { actor, weight }
  }
}

/** The message digest a drawn checkpoint names for every folded task (see checkpointContent). */
const NO_DIGEST = new Uint8Array(32)

function checkpointContent(
  epoch: number,
  set: readonly { actor: Actor; weight: number }[],
  folded: readonly Certified[],
): CheckpointContent {
  const sorted = [...set].sort((a, b) => (a.actor.hex < b.actor.hex ? -1 : 1))
  return {
    epoch,
    // Nor does it track what each node holds of a task: it names no message digest (32 zero bytes);
    // a checkpoint source (options.checkpoints) gives what the engine computes.
    foldRoot: wire(
      foldRoot(folded.map((c) => ({ taskId: c.taskId, outcomeRoot: c.root, messageDigest: NO_DIGEST }))),
    ),
    foldedTasks: folded.length,
    // The simulator does not compute trust: it hashes the weights it names as its trust table.
    trustDigest: wire(
      trustTableDigest(sorted.map((s) => ({ account: s.actor.key.publicKey, trustPpm: s.weight * 1000 }))),
    ),
    validators: sorted.map((s) => ({ account: wire(s.actor.key.publicKey), weight: s.weight })),
  }
}
