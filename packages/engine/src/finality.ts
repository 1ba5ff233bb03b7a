/**
 * Finality (DESIGN §5.4). After the validation deadline each validator that scored a task votes
 * for the outcome root it computed. A certificate is a set of matching votes for one root from
 * distinct validators holding ≥ 60 % of the counted weight named in that root, at least two.
 *
 * A node can only weigh a root whose content it can reproduce, so the engine certifies its own
 * outcome root; votes for other roots are kept as evidence. A validator that signs two different
 * roots in one round has signed into two non-nesting certificates: that pair is fraud evidence
 * (CONFLICTING_CERTIFICATE) and neither vote counts.
 */
import { sha256 } from '@aimesh/protocol'
import { hex, unhex } from './ids.js'

const OUTCOME_TAG = new TextEncoder().encode('aimesh/outcome/1')

/** The outcome root: sha256 over the task id, its accepted answer ids and its counted score ids, each sorted. */
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

/** One vote as finality sees it. */
export interface VoteInput {
  id: string
  voter: string
  round: number
  root: string
}

/** What a certificate check found. */
export interface CertificateResult {
  /** The first round (lowest) in which `root` is certified, or null. */
  round: number | null
  /** Voters (sorted) of the certifying round. */
  voters: string[]
  /** Pairs of vote ids by one voter for two different roots in one round (fraud evidence). */
  conflicts: { voter: string; round: number; evidence: [string, string] }[]
}

/**
 * Checks whether `root` is certified by `votes` given each validator's counted weight: matching
 * votes from distinct voters with weight > 0 holding ≥ thresholdBps of the total weight, at least
 * minVoters. A voter with two roots in one round counts for neither; independent of vote order.
 */
export function verifyCertificate(
  votes: readonly VoteInput[],
  weights: ReadonlyMap<string, number>,
  root: string,
  thresholdBps: number,
  minVoters: number,
): CertificateResult {
  const total = [...weights.values()].reduce((a, w) => a + w, 0)
  const byRound = new Map<number, Map<string, VoteInput[]>>()
  for (const v of votes) {
    const round = byRound.get(v.round) ?? new Map<string, VoteInput[]>()
    const list = round.get(v.voter) ?? []
    list.push(v)
    round.set(v.voter, list)
    byRound.set(v.round, round)
  }
  const conflicts: CertificateResult['conflicts'] = []
  let certified: { round: number; voters: string[] } | null = null
  for (const round of [...byRound.keys()].sort((a, b) => a - b)) {
    let weight = 0
    const voters: string[] = []
    for (const [voter, list] of [...byRound.get(round)!.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const roots = new Set(list.map((v) => v.root))
      if (roots.size > 1) {
        const sorted = [...list].sort((a, b) => (a.id < b.id ? -1 : 1))
        const first = sorted[0]!
        const other = sorted.find((v) => v.root !== first.root)!
        conflicts.push({ voter, round, evidence: [first.id, other.id] })
        continue
      }
      const w = weights.get(voter) ?? 0
      if (list[0]!.root === root && w > 0) {
        weight += w
        voters.push(voter)
      }
    }
    if (
      certified === null &&
      total > 0 &&
      voters.length >= minVoters &&
      weight * 10_000 >= thresholdBps * total
    ) {
      certified = { round, voters }
    }
  }
  return { round: certified?.round ?? null, voters: certified?.voters ?? [], conflicts }
}

/** Hex of a root, for comparing with vote bodies. */
export const rootHex = hex
