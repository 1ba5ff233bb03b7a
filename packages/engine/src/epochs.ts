/**
 * Epochs and validator sets (DESIGN §5.4) and checkpoint certification (DESIGN §5.6).
 *
 * Time is cut into epochs of `epochMs` from genesis. Epoch 0's validator set is the genesis list;
 * epoch n ≥ 1's is the one named by the checkpoint for n certified during epoch n−1 (votes for one
 * checkpoint digest from validators of epoch n−1 holding ≥ the threshold of its total weight); an
 * epoch whose checkpoint is not certified keeps the previous set. The chain is a pure function of
 * the held CheckpointVotes and genesis: a checkpoint's content is data its voters signed, never
 * something this node re-derives, so the sets do not depend on arrival order or the clock.
 */
import {
  type CheckpointVoteBody,
  checkpointDigestHex,
  type MessageKind,
  type SignedMessage,
} from '@aimesh/protocol'
import type { Genesis } from './genesis.js'
import { hex } from './ids.js'
import { validatorWeight } from './rules/index.js'

type Vote = SignedMessage<MessageKind.CheckpointVote>

/** The epoch an author time falls in (times before genesis belong to epoch 0). */
export function epochOf(genesis: Genesis, time: number): number {
  return Math.max(0, Math.floor((time - genesis.genesisTime) / genesis.params.epochMs))
}

/** First instant of an epoch. */
export function epochStart(genesis: Genesis, epoch: number): number {
  return genesis.genesisTime + epoch * genesis.params.epochMs
}

/** When votes for the checkpoint of epoch n (≥ 1) may start: epoch n−1's start + checkpointDelayMs. */
export function checkpointCut(genesis: Genesis, epoch: number): number {
  return epochStart(genesis, epoch - 1) + genesis.params.checkpointDelayMs
}

/** A vote round: ⌊(time − from) / roundMs⌋ (DESIGN §5.5), negative before `from`. */
export function roundAt(genesis: Genesis, from: number, time: number): number {
  return Math.floor((time - from) / genesis.params.roundMs)
}

/** An epoch's validators with their integer weights. */
export interface ValidatorSet {
  epoch: number
  /** Weight per validator (hex key), all > 0. */
  weights: ReadonlyMap<string, number>
  /** Sum of the weights: what certificates are measured against. */
  total: number
  /** Digest of the checkpoint that fixed it (hex), or null for the genesis set. */
  checkpoint: string | null
}

/** Content of one checkpoint (a CheckpointVote body without time, round and profile). */
export type CheckpointContent = Pick<
  CheckpointVoteBody,
  'epoch' | 'foldRoot' | 'foldedTasks' | 'trustDigest' | 'validators'
>

/** One checkpoint digest with the votes held for it. */
export interface CheckpointStatus {
  epoch: number
  digest: string
  content: CheckpointContent
  /** Counted voters (validators of epoch − 1) with their smallest vote id, sorted by voter. */
  voters: { voter: string; voteId: string; round: number }[]
  /** Their weight, against `total` of epoch − 1's set. */
  weight: number
  total: number
  certified: boolean
  /** The round whose votes first reached the threshold (when certified), else -1. */
  certifiedRound: number
  /** True for the certified checkpoint that fixes its epoch's set. */
  winner: boolean
}

/** The genesis validator set: pre-trusted validators at their genesis weight. */
export function genesisSet(genesis: Genesis): ValidatorSet {
  const w = validatorWeight(genesis.params.preTrustedScore, true)
  const weights = new Map(genesis.preTrustedValidators.map((v) => [v, w]))
  return { epoch: 0, weights, total: w * weights.size, checkpoint: null }
}

function setOfContent(epoch: number, content: CheckpointContent, digest: string): ValidatorSet {
  const weights = new Map(content.validators.map((v) => [hex(v.account), v.weight]))
  let total = 0
  for (const w of weights.values()) total += w
  return { epoch, weights, total, checkpoint: digest }
}

/** True when `weight` of `total` reaches the genesis threshold with enough voters. */
function reaches(genesis: Genesis, weight: number, total: number, voters: number): boolean {
  const p = genesis.params
  return total > 0 && voters >= p.certificateMinVoters && weight * 10_000 >= p.certificateThresholdBps * total
}

/** The validator sets of every epoch and the status of every checkpoint, from the held votes. */
export class EpochChain {
  /** Sets in force from an epoch on, ascending by epoch (the first is the genesis set). */
  readonly #changes: ValidatorSet[]
  readonly #checkpoints: Map<number, CheckpointStatus[]>

  constructor(
    readonly genesis: Genesis,
    votes: Iterable<Vote>,
  ) {
    const byEpoch = new Map<number, Vote[]>()
    for (const v of votes) {
      const list = byEpoch.get(v.body.epoch)
      if (list === undefined) byEpoch.set(v.body.epoch, [v])
      else list.push(v)
    }
    this.#changes = [genesisSet(genesis)]
    this.#checkpoints = new Map()
    for (const epoch of [...byEpoch.keys()].sort((a, b) => a - b)) {
      const voters = this.setOf(epoch - 1)
      const statuses = certify(genesis, byEpoch.get(epoch)!, voters)
      this.#checkpoints.set(epoch, statuses)
      const winner = statuses.find((s) => s.winner)
      if (winner !== undefined) this.#changes.push(setOfContent(epoch, winner.content, winner.digest))
    }
  }

  /** The validator set of an epoch. */
  setOf(epoch: number): ValidatorSet {
    let lo = 0
    let hi = this.#changes.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.#changes[mid]!.epoch <= epoch) lo = mid
      else hi = mid - 1
    }
    const set = this.#changes[lo]!
    return set.epoch === epoch ? set : { ...set, epoch }
  }

  /** Checkpoints voted for an epoch (certified or not), sorted by digest. */
  checkpointsOf(epoch: number): readonly CheckpointStatus[] {
    return this.#checkpoints.get(epoch) ?? []
  }

  /** Every epoch some checkpoint vote names, ascending. */
  votedEpochs(): number[] {
    return [...this.#checkpoints.keys()].sort((a, b) => a - b)
  }

  /** The certified checkpoint that fixed an epoch's set, if any. */
  certifiedOf(epoch: number): CheckpointStatus | undefined {
    return this.checkpointsOf(epoch).find((s) => s.winner)
  }

  /** Every epoch whose checkpoint is certified, ascending (what account bases are folded at, DESIGN §5.12). */
  certifiedEpochs(): number[] {
    return this.#changes.filter((s) => s.checkpoint !== null).map((s) => s.epoch)
  }

  /** The latest epoch below `epoch` whose checkpoint is certified, or 0 (genesis). */
  lastCertifiedBefore(epoch: number): number {
    let best = 0
    for (const s of this.#changes) if (s.epoch < epoch && s.checkpoint !== null) best = s.epoch
    return best
  }

  /**
   * One string per epoch boundary where the set changes: equal for two chains exactly when every
   * epoch has the same set (what re-derivation compares, and part of the derived digest).
   */
  fingerprint(): string[] {
    return this.#changes.map((s) => `${s.epoch}:${s.checkpoint ?? 'genesis'}`)
  }
}

/**
 * Groups one epoch's votes by checkpoint digest and finds the certified ones: votes from validators
 * of the previous epoch's set holding ≥ the threshold of its weight. Of several, the winner is the
 * one certified in the latest round (the later view), then the heavier, then the smaller digest.
 */
function certify(genesis: Genesis, votes: readonly Vote[], voters: ValidatorSet): CheckpointStatus[] {
  const byDigest = new Map<
    string,
    { content: CheckpointContent; of: Map<string, { id: string; round: number }> }
  >()
  for (const v of votes) {
    const digest = checkpointDigestHex(v.body)
    let entry = byDigest.get(digest)
    if (entry === undefined) {
      entry = { content: v.body, of: new Map() }
      byDigest.set(digest, entry)
    }
    const voter = hex(v.signer)
    if (!voters.weights.has(voter)) continue
    const id = hex(v.id)
    const prior = entry.of.get(voter)
    if (prior === undefined || v.body.round < prior.round || (v.body.round === prior.round && id < prior.id))
      entry.of.set(voter, { id, round: v.body.round })
  }
  const out: CheckpointStatus[] = []
  for (const digest of [...byDigest.keys()].sort()) {
    const { content, of } = byDigest.get(digest)!
    const list = [...of.entries()]
      .map(([voter, x]) => ({ voter, voteId: x.id, round: x.round }))
      .sort((a, b) => (a.voter < b.voter ? -1 : 1))
    let weight = 0
    for (const x of list) weight += voters.weights.get(x.voter)!
    let certifiedRound = -1
    if (reaches(genesis, weight, voters.total, list.length)) {
      let acc = 0
      let n = 0
      for (const x of [...list].sort((a, b) => a.round - b.round)) {
        acc += voters.weights.get(x.voter)!
        n++
        if (reaches(genesis, acc, voters.total, n)) {
          certifiedRound = x.round
          break
        }
      }
    }
    out.push({
      epoch: content.epoch,
      digest,
      content,
      voters: list,
      weight,
      total: voters.total,
      certified: certifiedRound >= 0,
      certifiedRound,
      winner: false,
    })
  }
  const certified = out.filter((s) => s.certified)
  certified.sort(
    (a, b) => b.certifiedRound - a.certifiedRound || b.weight - a.weight || (a.digest < b.digest ? -1 : 1),
  )
  if (certified[0] !== undefined) certified[0].winner = true
  return out
}
