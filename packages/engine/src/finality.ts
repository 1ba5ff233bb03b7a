/**
 * Finality (DESIGN §5.5). After the validation deadline each validator of the task's epoch votes,
 * round by round, for the outcome root it computed, naming the answers and counted scores the root
 * covers (`includedIds`); validation REJECTs a vote whose listed set does not hash to its root, so
 * a root stands for one set.
 *
 * A certificate is the votes for one root from ≥ `minVoters` distinct validators of the epoch
 * holding ≥ `thresholdBps` of the epoch's TOTAL weight (never only of the weight the root names:
 * two colluders cannot certify a root naming only their own scores). Honest validators' sets only
 * grow between rounds, so certificates normally nest. Two certificates whose sets do not nest are
 * fraud evidence against every validator that signed both (CONFLICTING_CERTIFICATE; at ⅔ that is at
 * least a third of the weight).
 *
 * The winner is decided by author time, never by arrival (DESIGN §5.5: a final outcome does not
 * change because of anything learned later; later evidence only penalizes signers). Certificates
 * are taken in the order they reached the threshold (the author time of the vote that completed
 * them): the first becomes the winner, and a later one replaces it only when its set contains the
 * winner's (the later round's superset). A later certificate that does not nest changes nothing
 * but the conflict evidence. Certificates completed at the same instant that do not nest leave no
 * winner until a later certificate contains them all. Everything here is a function of the vote
 * set, so it does not depend on arrival order.
 */
import { outcomeIds, outcomeRoot } from '@aimesh/protocol'
import { hex } from './ids.js'

export { outcomeIds, outcomeRoot }

/** One vote as finality sees it. */
export interface VoteInput {
  id: string
  voter: string
  round: number
  /** Author time of the vote (unix ms). */
  at: number
  root: string
  /** The ids the root covers, sorted ascending (hex). */
  included: readonly string[]
}

/** A certificate: the votes for one root that reach the threshold. */
export interface Certificate {
  root: string
  /** The ids its root covers, sorted. */
  included: readonly string[]
  /** Counted voters, sorted. */
  voters: string[]
  /** For each counted voter, its smallest vote id for this root. */
  voteOf: Map<string, string>
  /** The round whose votes first reached the threshold (voters counted at their earliest round). */
  round: number
  /** Author time at which its votes first reached the threshold (voters counted at their earliest vote). */
  reachedAt: number
}

/** Two certificates that do not nest, and a validator that signed both. */
export interface CertificateConflict {
  voter: string
  roots: [string, string]
  /** The voter's vote for each root (its smallest id for it), sorted. */
  evidence: [string, string]
}

/** What finality found over a task's votes. */
export interface FinalityResult {
  /** Every certificate, sorted by root. */
  certificates: Certificate[]
  /** The certificate that won by author time (see the file header), or null. */
  winner: Certificate | null
  conflicts: CertificateConflict[]
}

/** True when one sorted id list contains the other. */
export function nests(a: readonly string[], b: readonly string[]): boolean {
  return isSubset(a, b) || isSubset(b, a)
}

/** True when every id of sorted `small` is in sorted `big`. */
export function isSubset(small: readonly string[], big: readonly string[]): boolean {
  if (small.length > big.length) return false
  let j = 0
  for (const x of small) {
    while (j < big.length && big[j]! < x) j++
    if (j === big.length || big[j] !== x) return false
    j++
  }
  return true
}

/**
 * Finds the certificates among `votes`: `weights` is the epoch's validator set (weight > 0 each); a
 * vote counts when its voter is in it, and a root is certified by ≥ thresholdBps of the set's total.
 */
export function findCertificates(
  votes: readonly VoteInput[],
  weights: ReadonlyMap<string, number>,
  thresholdBps: number,
  minVoters: number,
): FinalityResult {
  let total = 0
  for (const w of weights.values()) total += w
  const reaches = (weight: number, voters: number) =>
    total > 0 && voters >= minVoters && weight * 10_000 >= thresholdBps * total
  const byRoot = new Map<
    string,
    {
      included: readonly string[]
      voteOf: Map<string, string>
      roundOf: Map<string, number>
      atOf: Map<string, number>
    }
  >()
  for (const v of votes) {
    if (!weights.has(v.voter)) continue
    let entry = byRoot.get(v.root)
    if (entry === undefined) {
      entry = { included: v.included, voteOf: new Map(), roundOf: new Map(), atOf: new Map() }
      byRoot.set(v.root, entry)
    }
    const prior = entry.voteOf.get(v.voter)
    if (prior === undefined || v.id < prior) entry.voteOf.set(v.voter, v.id)
    const r = entry.roundOf.get(v.voter)
    if (r === undefined || v.round < r) entry.roundOf.set(v.voter, v.round)
    const at = entry.atOf.get(v.voter)
    if (at === undefined || v.at < at) entry.atOf.set(v.voter, v.at)
  }
  const certificates: Certificate[] = []
  for (const root of [...byRoot.keys()].sort()) {
    const { included, voteOf, roundOf, atOf } = byRoot.get(root)!
    const voters = [...voteOf.keys()].sort()
    let weight = 0
    for (const voter of voters) weight += weights.get(voter)!
    if (!reaches(weight, voters.length)) continue
    let round = 0
    let acc = 0
    let n = 0
    for (const voter of [...voters].sort((a, b) => roundOf.get(a)! - roundOf.get(b)!)) {
      acc += weights.get(voter)!
      n++
      round = roundOf.get(voter)!
      if (reaches(acc, n)) break
    }
    const reachedAt = reachTime(voters, atOf, weights, reaches)
    certificates.push({ root, included, voters, voteOf, round, reachedAt })
  }
  const conflicts: CertificateConflict[] = []
  for (let i = 0; i < certificates.length; i++) {
    for (let j = i + 1; j < certificates.length; j++) {
      const a = certificates[i]!
      const b = certificates[j]!
      if (nests(a.included, b.included)) continue
      for (const voter of a.voters) {
        const vb = b.voteOf.get(voter)
        if (vb === undefined) continue
        const va = a.voteOf.get(voter)!
        conflicts.push({ voter, roots: [a.root, b.root], evidence: va < vb ? [va, vb] : [vb, va] })
      }
    }
  }
  const winner = winnerByTime(certificates)
  return { certificates, winner, conflicts }
}

/** The author time at which `voters` (each at its earliest vote for the root) first reach the threshold. */
function reachTime(
  voters: readonly string[],
  atOf: ReadonlyMap<string, number>,
  weights: ReadonlyMap<string, number>,
  reaches: (weight: number, voters: number) => boolean,
): number {
  let acc = 0
  let n = 0
  let at = 0
  for (const voter of [...voters].sort((a, b) => atOf.get(a)! - atOf.get(b)!)) {
    acc += weights.get(voter)!
    n++
    at = atOf.get(voter)!
    if (reaches(acc, n)) break
  }
  return at
}

/** The certificate among `list` whose set contains every other's, or undefined. */
function containingAll(list: readonly Certificate[]): Certificate | undefined {
  return list.find((c) => list.every((o) => o === c || isSubset(o.included, c.included)))
}

/**
 * The winner by author time (DESIGN §5.5): certificates grouped by the instant they reached the
 * threshold, in time order. While there is no winner, the one containing every certificate so far
 * wins; once there is, only a later certificate containing the winner's set replaces it (of several
 * such at one instant, the one containing the others). A certificate that does not nest with the
 * winner never unseats it: it is only evidence against those who signed both.
 */
function winnerByTime(certificates: readonly Certificate[]): Certificate | null {
  const ordered = [...certificates].sort((a, b) => a.reachedAt - b.reachedAt || (a.root < b.root ? -1 : 1))
  const seen: Certificate[] = []
  let winner: Certificate | null = null
  for (let i = 0; i < ordered.length; ) {
    const at = ordered[i]!.reachedAt
    const group: Certificate[] = []
    for (; i < ordered.length && ordered[i]!.reachedAt === at; i++) group.push(ordered[i]!)
    seen.push(...group)
    if (winner === null) {
      winner = containingAll(seen) ?? null
      continue
    }
    const current: Certificate = winner
    const supersets = group.filter((c) => isSubset(current.included, c.included))
    winner = containingAll(supersets) ?? current
  }
  return winner
}

/** Hex of a root, for comparing with vote bodies. */
export const rootHex = hex
