/**
 * Finality (DESIGN §5.4). After the validation deadline each validator that scored a task votes for
 * the outcome root it computed, naming the answers and scores the root covers (`includedIds`);
 * validation REJECTs a vote whose listed set does not hash to its root, so a root stands for one set.
 *
 * A certificate is the votes for one root from ≥ `minVoters` distinct validators holding
 * ≥ `thresholdBps` of the counted weight named in that root (the validators with a counted score in
 * its set). Honest validators' sets only grow between rounds, so certificates normally nest: the one
 * whose set contains every other's wins. Two certificates whose sets do not nest are fraud evidence
 * against every validator that signed both (CONFLICTING_CERTIFICATE); if no certificate contains all
 * the others there is no final outcome. Everything here is a function of the vote set (rounds are
 * informational), so it does not depend on arrival order.
 */
import { sha256 } from '@aimesh/protocol'
import { hex, unhex } from './ids.js'

const OUTCOME_TAG = new TextEncoder().encode('aimesh/outcome/1')

/**
 * The outcome root: sha256 over the task id, its accepted answer ids and the ids of their accepted
 * scores (counted or not: newcomers' zero-weight scores earn them trust, so they are part of the
 * outcome), each sorted.
 */
export function outcomeRoot(
  taskId: Uint8Array,
  submissionIds: readonly string[],
  validationIds: readonly string[],
): Uint8Array {
  const parts: Uint8Array[] = [OUTCOME_TAG, taskId]
  parts.push(new Uint8Array([0]), ...[...submissionIds].sort().map(unhex))
  parts.push(new Uint8Array([1]), ...[...validationIds].sort().map(unhex))
  return sha256(...parts)
}

/** The ids an outcome covers (answers and scores together), sorted ascending: a vote's includedIds. */
export function outcomeIds(submissionIds: readonly string[], validationIds: readonly string[]): string[] {
  return [...new Set([...submissionIds, ...validationIds])].sort()
}

/** One vote as finality sees it. */
export interface VoteInput {
  id: string
  voter: string
  round: number
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
  /** The certificate whose set contains every other's, or null (none, or no such certificate). */
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
 * Finds the certificates among `votes`. `named(included)` gives the validators named in a root's
 * set with their counted weight (> 0 only); a vote counts when its voter is named with weight > 0.
 */
export function findCertificates(
  votes: readonly VoteInput[],
  named: (included: readonly string[]) => ReadonlyMap<string, number>,
  thresholdBps: number,
  minVoters: number,
): FinalityResult {
  const byRoot = new Map<string, { included: readonly string[]; voteOf: Map<string, string> }>()
  for (const v of votes) {
    let entry = byRoot.get(v.root)
    if (entry === undefined) {
      entry = { included: v.included, voteOf: new Map() }
      byRoot.set(v.root, entry)
    }
    const prior = entry.voteOf.get(v.voter)
    if (prior === undefined || v.id < prior) entry.voteOf.set(v.voter, v.id)
  }
  const certificates: Certificate[] = []
  for (const root of [...byRoot.keys()].sort()) {
    const { included, voteOf } = byRoot.get(root)!
    const weights = named(included)
    let total = 0
    for (const w of weights.values()) total += w
    let weight = 0
    const voters: string[] = []
    for (const voter of [...voteOf.keys()].sort()) {
      const w = weights.get(voter) ?? 0
      if (w <= 0) continue
      weight += w
      voters.push(voter)
    }
    if (total > 0 && voters.length >= minVoters && weight * 10_000 >= thresholdBps * total) {
      const counted = new Map(voters.map((v) => [v, voteOf.get(v)!]))
      certificates.push({ root, included, voters, voteOf: counted })
    }
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
  const winner =
    certificates.find((c) => certificates.every((o) => o === c || isSubset(o.included, c.included))) ?? null
  return { certificates, winner, conflicts }
}

/** Hex of a root, for comparing with vote bodies. */
export const rootHex = hex
