/**
 * Fraud alerts on the simulated clock (DESIGN §6, §5.11): an honest validator announces what it can
 * prove from the evidence alone — an exact copy of an earlier answer by another miner, and two
 * different scores by one validator for one answer. Each alert names its evidence by id (the
 * messages come earlier in the stream) and is authored in the challenge window.
 */
import { FraudKind, fromHex, MessageKind, type SignedMessage } from '@aimesh/protocol'
import { type Actor, signAs } from './actors.js'
import type { Submission } from './answers.js'
import { wire } from './bytes.js'
import type { ResolvedOptions } from './options.js'
import type { Rng } from './prng.js'
import { type TaskPlan, timeInside } from './tasks.js'
import type { EquivocationTruth } from './validations.js'

/** The answer and, on a commit–reveal task, the commit that times it (what alert validation reads). */
function answerEvidence(s: Submission): Uint8Array[] {
  return s.commit === undefined ? [s.id] : [s.id, s.commit.id]
}

/** Alerts for the task's exact copies and equivocations, signed by `signer` (none without one). */
export function fraudAlerts(
  o: ResolvedOptions,
  plan: TaskPlan,
  submissions: readonly Submission[],
  equivocations: readonly EquivocationTruth[],
  signer: Actor | undefined,
  rng: Rng,
): SignedMessage<MessageKind.FraudAlert>[] {
  if (signer === undefined) return []
  const sign = (subject: Uint8Array, fraudKind: FraudKind, evidence: readonly Uint8Array[]) =>
    signAs(
      o,
      MessageKind.FraudAlert,
      {
        timestamp: timeInside(rng, plan.body.validationDeadline, plan.body.challengeDeadline),
        taskId: plan.taskId,
        subject: wire(subject),
        fraudKind,
        evidenceIds: evidence.map(wire),
        evidence: [],
        riskBps: 10_000,
      },
      signer,
    )
  const out: SignedMessage<MessageKind.FraudAlert>[] = []
  for (const s of submissions) {
    if (s.pattern !== 'duplicate' || s.copiedFrom === undefined) continue
    const source = submissions[s.copiedFrom]
    if (source === undefined || s.miner === signer) continue
    out.push(
      sign(s.miner.key.publicKey, FraudKind.DUPLICATE_ANSWER, [
        ...answerEvidence(source),
        ...answerEvidence(s),
      ]),
    )
  }
  const seen = new Set<string>()
  for (const e of equivocations) {
    // One alert per (subject, kind) in a task: its scope (DESIGN §5.8).
    if (seen.has(e.validator) || e.validator === signer.hex) continue
    seen.add(e.validator)
    out.push(sign(fromHex(e.validator), FraudKind.EQUIVOCATION, e.messageIds.map(fromHex)))
  }
  return out.sort((a, b) => a.body.timestamp - b.body.timestamp)
}
