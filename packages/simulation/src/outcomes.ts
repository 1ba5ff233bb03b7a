/** After validation: disputes in the challenge window and reward claims after it. */

import { bytesEqual, DisputeType, MessageKind, type SignedMessage, TaskType, toHex } from '@aimesh/protocol'
import { type Actor, signAs } from './actors.js'
import type { Submission } from './answers.js'
import { type WireBytes, wire } from './bytes.js'
import { EDGE_MARGIN_MS, type ResolvedOptions } from './options.js'
import type { Rng } from './prng.js'
import { type TaskPlan, timeInside } from './tasks.js'

/** Default reward split of DESIGN §6, in basis points. */
const WINNERS_BPS = 6_500n
const PARTICIPANTS_BPS = 1_500n
const TOTAL_BPS = 10_000n
/** Pass score and winner rank weights of DESIGN §6 (1.0 / 0.6 / 0.4, as tenths). */
const PASS_SCORE = 60
const RANK_WEIGHTS = [10n, 6n, 4n]
/** Evidence lists are capped at 32 ids by the protocol. */
const MAX_EVIDENCE = 32

/**
 * A dispute with evidence: plagiarism against a copier if the task has one, else validation
 * accuracy against a dishonest validator, else a quality complaint by the weakest answer's miner.
 */
export function openDispute(
  o: ResolvedOptions,
  plan: TaskPlan,
  submissions: readonly Submission[],
  validations: readonly SignedMessage<MessageKind.ValidationScored>[],
  validatorsByHex: ReadonlyMap<string, Actor>,
  rng: Rng,
): SignedMessage<MessageKind.DisputeOpened> | undefined {
  const timestamp = timeInside(rng, plan.body.validationDeadline, plan.body.challengeDeadline)
  const sign = (
    opener: Actor,
    disputeType: DisputeType,
    accused: Uint8Array,
    evidence: readonly Uint8Array[],
    text: string,
  ) =>
    signAs(
      o,
      MessageKind.DisputeOpened,
      {
        timestamp,
        taskId: plan.taskId,
        disputeType,
        accused: wire(accused),
        evidenceIds: evidence.slice(0, MAX_EVIDENCE).map(wire),
        description: text,
      },
      opener,
    )
  const copy = submissions.find((s) => s.copiedFrom !== undefined)
  const source = copy?.copiedFrom === undefined ? undefined : submissions[copy.copiedFrom]
  if (copy !== undefined && source !== undefined) {
    return sign(
      source.miner,
      DisputeType.PLAGIARISM,
      copy.miner.key.publicKey,
      [source.id, copy.id],
      'this answer copies mine',
    )
  }
  const bySigner = (v: Actor) => validations.filter((m) => bytesEqual(m.signer, v.key.publicKey))
  for (const m of validations) {
    const validator = validatorsByHex.get(toHex(m.signer))
    if (validator === undefined || validator.honest) continue
    const target = submissions.find((s) => bytesEqual(s.id, m.body.submissionId))
    if (target === undefined) continue
    return sign(
      target.miner,
      DisputeType.VALIDATION_ACCURACY,
      validator.key.publicKey,
      bySigner(validator).map((x) => x.id),
      'scores are far from the other reviewers',
    )
  }
  const weakest = [...submissions].sort((a, b) => a.trueQuality - b.trueQuality)[0]
  if (weakest === undefined) return undefined
  const lowest = validations
    .filter((m) => bytesEqual(m.body.submissionId, weakest.id))
    .sort((a, b) => a.body.score - b.body.score)[0]
  if (lowest === undefined) return undefined
  return sign(weakest.miner, DisputeType.QUALITY_ASSESSMENT, lowest.signer, [lowest.id], 'score too low')
}

/**
 * The top winner's claim, or the publisher's refund when no answer qualifies. The amount is an
 * estimate from hidden quality (the engine computes the real split from consensus); tests that
 * need exact amounts must compute them with the engine's reward rule. It names `root`, the outcome
 * the task's validators voted (DESIGN §5.5).
 */
export function claimReward(
  o: ResolvedOptions,
  plan: TaskPlan,
  submissions: readonly Submission[],
  rng: Rng,
  root: WireBytes,
): SignedMessage<MessageKind.RewardClaimed> {
  const reward = plan.body.reward
  const eligible = submissions
    .filter((s) => s.pattern === 'honest' && s.trueQuality >= PASS_SCORE)
    .sort((a, b) => b.trueQuality - a.trueQuality || a.revealAt - b.revealAt)
  const maxWinners =
    plan.body.taskType === TaskType.SECURITY_AUDIT
      ? 1
      : Math.max(1, Math.min(2, Math.floor(submissions.length / 4)))
  const winners = eligible.slice(0, maxWinners)
  const top = winners[0]
  const timestamp = rng.int(
    plan.body.challengeDeadline + EDGE_MARGIN_MS,
    plan.body.challengeDeadline + o.phases.challenge - EDGE_MARGIN_MS,
  )
  let claimant: Actor
  let amount: bigint
  if (top === undefined) {
    claimant = plan.publisher
    amount = (reward * (WINNERS_BPS + PARTICIPANTS_BPS)) / TOTAL_BPS
  } else {
    claimant = top.miner
    const weights = RANK_WEIGHTS.slice(0, winners.length)
    const total = weights.reduce((a, b) => a + b, 0n)
    amount = (reward * WINNERS_BPS * (RANK_WEIGHTS[0] ?? 1n)) / (TOTAL_BPS * total)
  }
  return signAs(
    o,
    MessageKind.RewardClaimed,
    { timestamp, taskId: plan.taskId, amount: amount > 0n ? amount : 1n, outcomeRoot: root },
    claimant,
  )
}

/** Most panel votes the simulator casts on one dispute (the engine's panel is derived from trust). */
const MAX_DISPUTE_VOTES = 5

/**
 * Votes on a dispute by honest validators that are not parties to it (DESIGN §6: panels are
 * uninvolved), between its opening and the voting deadline (challenge deadline +
 * disputeVoteWindowMs), within one challenge phase of the opening. Plagiarism and accuracy
 * complaints are upheld, quality complaints dismissed. Which votes count (the derived panel) is
 * the engine's call.
 */
export function voteOnDispute(
  o: ResolvedOptions,
  plan: TaskPlan,
  dispute: SignedMessage<MessageKind.DisputeOpened>,
  validators: readonly Actor[],
  rng: Rng,
): SignedMessage<MessageKind.DisputeVote>[] {
  const parties = [dispute.signer, dispute.body.accused, plan.publisher.key.publicKey]
  const voters = rng
    .shuffle(validators.filter((v) => v.honest && !parties.some((p) => bytesEqual(p, v.key.publicKey))))
    .slice(0, MAX_DISPUTE_VOTES)
  const uphold = dispute.body.disputeType !== DisputeType.QUALITY_ASSESSMENT
  const opened = dispute.body.timestamp
  const deadline = Math.min(plan.body.challengeDeadline + o.disputeVoteWindowMs, opened + o.phases.challenge)
  return voters
    .map((voter) =>
      signAs(
        o,
        MessageKind.DisputeVote,
        {
          timestamp: timeInside(rng, opened, deadline),
          disputeId: wire(dispute.id),
          uphold,
          reason: uphold ? 'the evidence shows it' : 'the score is within the panel’s range',
        },
        voter,
      ),
    )
    .sort((a, b) => a.body.timestamp - b.body.timestamp)
}
