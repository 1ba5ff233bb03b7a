/**
 * Overflow is equivocation (DESIGN §5.8): a scope holding quota + 1 messages proves its signer
 * signed more than it may, so all of the signer's messages in that scope are void — filtered out of
 * the task's message set before derivation — and the signer is penalized. Except inside a certified
 * outcome (DESIGN §5.5): the answers, scores and votes of the winning certificate keep their effect
 * (an overflow learned later only penalizes). Everything here is a function of the held set, so
 * voiding and penalties are the same on every node holding it, whatever the arrival order.
 *
 * The penalty, once per overflowed scope, goes through the existing rules (scope-penalty.ts): a
 * flagged EQUIVOCATION fraud analysis naming the held messages, a trust failure and a reputation
 * adjustment at the task's validation deadline, and one more equivocation in the signer's behaviour
 * pattern. Scopes of no task (profiles, checkpoint votes) are penalized outside any task derivation
 * (engine/account-scope-penalties.ts). For every
 * overflowed scope whose held messages fit in one alert (quota + 1 ≤ 8 envelopes: every kind but the
 * hourly task quota) it also asks the node to sign an EQUIVOCATION FraudAlert naming them; the
 * node carries their envelopes and any node checks the proof from them (validate/fraud-alert.ts).
 */
import {
  type AnySignedMessage,
  Finality,
  FraudKind,
  MessageKind,
  type SignedMessage,
  sha256,
  TaskStatus,
} from '@aimesh/protocol'
import { findCertificates } from '../finality.js'
import { hex, unhex } from '../ids.js'
import type { Scope } from '../scopes.js'
import { scopeTag } from '../scopes.js'
import { addOverflowEvents, MAX_EVIDENCE, overflowAnalysis, overflowSubjectId } from './scope-penalty.js'
import { emptyContribution } from './task/contributions.js'
import { type DerivedTask, deriveTask, type TaskContext } from './task.js'

/** What voiding reads from the engine's held set (holding.ts). */
export interface ScopeLookup {
  /** The scope of a held id when it overflowed (holds more than its quota), else null. */
  overflowedAt(idHex: string): Scope | null
  /** Held ids of a scope, ascending. */
  held(key: string): readonly string[]
  /** A held message by id. */
  message(idHex: string): AnySignedMessage | undefined
}

/** Most evidence envelopes one alert carries (FraudAlertBody.evidence limit, docs/protocol.md). */
const MAX_CARRIED = 8

/**
 * Derives a task from its held messages with overflowed scopes voided and their signers penalized
 * (see the file comment): the entry point of derivation.
 */
export function deriveTaskScoped(
  publish: SignedMessage<MessageKind.TaskPublished>,
  messages: readonly AnySignedMessage[],
  ctx: TaskContext,
  scopes: ScopeLookup,
): DerivedTask {
  const taskHex = hex(publish.id)
  const overflowed = new Map<string, Scope>()
  const voided = new Set<string>()
  for (const m of messages) {
    const id = hex(m.id)
    const scope = scopes.overflowedAt(id)
    if (scope === null) continue
    overflowed.set(scope.key, scope)
    voided.add(id)
  }
  const publishScope = scopes.overflowedAt(taskHex)
  if (voided.size === 0 && publishScope === null) return deriveTask(publish, messages, ctx)

  // Inside a certified outcome nothing is void: the winning certificate's set and its votes.
  const certified = certifiedIds(publish, messages, ctx)
  for (const id of certified) voided.delete(id)
  const penalties = [...overflowed.values()]
  // A task-per-hour overflow is booked once, by the scope's lowest task.
  if (publishScope !== null && scopes.held(publishScope.key)[0] === taskHex) penalties.push(publishScope)

  const derived =
    publishScope !== null && certified.size === 0
      ? voidTask(publish, ctx)
      : deriveTask(
          publish,
          messages.filter((m) => !voided.has(hex(m.id))),
          ctx,
        )
  for (const scope of penalties.sort((a, b) => (a.key < b.key ? -1 : 1)))
    penalize(derived, publish, scope, scopes)
  return derived
}

/** The ids of the winning certificate's set and of its votes, over every held vote (as derivation counts them). */
function certifiedIds(
  publish: SignedMessage<MessageKind.TaskPublished>,
  messages: readonly AnySignedMessage[],
  ctx: TaskContext,
): Set<string> {
  const vd = publish.body.validationDeadline
  const votes = messages.filter(
    (m): m is SignedMessage<MessageKind.ConsensusVote> =>
      m.kind === MessageKind.ConsensusVote && m.body.timestamp >= vd,
  )
  if (votes.length === 0) return new Set()
  const p = ctx.genesis.params
  const { winner } = findCertificates(
    votes.map((v) => ({
      id: hex(v.id),
      voter: hex(v.signer),
      round: v.body.round,
      at: v.body.timestamp,
      root: hex(v.body.outcomeRoot),
      included: v.body.includedIds.map(hex),
    })),
    ctx.validators.weights,
    p.certificateThresholdBps,
    p.certificateMinVoters,
  )
  if (winner === null) return new Set()
  const out = new Set(winner.included)
  for (const v of votes) if (hex(v.body.outcomeRoot) === winner.root) out.add(hex(v.id))
  // A certified answer keeps the commit that times it (derive/task.ts reads it for commit–reveal tasks).
  for (const m of messages)
    if (m.kind === MessageKind.AnswerRevealed && out.has(hex(m.id)) && m.body.commitId.length > 0)
      out.add(hex(m.body.commitId))
  return out
}

/** A void task: held (its id stays in the message set) but with no record and no effect. */
function voidTask(publish: SignedMessage<MessageKind.TaskPublished>, ctx: TaskContext): DerivedTask {
  return {
    status: TaskStatus.TASK_STATUS_UNSPECIFIED,
    puts: [],
    contributions: new Map(),
    alerts: [],
    dependsOn: new Set(),
    dependsOnAll: false,
    deadlines: [],
    outcomeRoot: sha256(publish.id),
    outcomeIds: [],
    finality: Finality.FINALITY_UNSPECIFIED,
    winner: null,
    finalAt: publish.body.validationDeadline + ctx.genesis.params.maxRounds * ctx.genesis.params.roundMs,
    consensus: new Map(),
  }
}

/** Adds one overflowed scope's penalty to a derivation (see the file comment). */
function penalize(
  derived: DerivedTask,
  publish: SignedMessage<MessageKind.TaskPublished>,
  scope: Scope,
  scopes: ScopeLookup,
): void {
  const held = scopes.held(scope.key)
  const msgs = held.map((id) => scopes.message(id)).filter((m): m is AnySignedMessage => m !== undefined)
  if (msgs.length === 0) return
  const signer = hex(msgs[0]!.signer)
  const at = Math.max(...msgs.map((m) => m.body.timestamp))
  const evidence = held.slice(0, MAX_EVIDENCE)
  const tag = scopeTag(scope.key)
  const score = tag === 'score' ? (msgs[0] as SignedMessage<MessageKind.ValidationScored>) : null
  // A score overflow keeps the subject id the score-equivocation analysis uses, so both name one finding.
  const subjectId =
    score !== null ? sha256(score.signer, score.body.submissionId) : overflowSubjectId(scope.key)
  const subjectHex = hex(subjectId)
  const taken = derived.puts.some((p) => p.type === 'fraud' && hex(p.record.subjectId) === subjectHex)
  if (!taken) {
    const record = overflowAnalysis(subjectId, publish.id, signer, held, at)
    derived.puts.push({ type: 'fraud', record })
    // The node signs an alert carrying the held messages (DESIGN §5.8: evidence travels inside
    // alerts), so a node that never saw the flood can check it: when they fit in one alert.
    if (held.length <= MAX_CARRIED) {
      derived.alerts.push({
        taskId: publish.id,
        subject: msgs[0]!.signer,
        fraudKind: FraudKind.EQUIVOCATION,
        evidenceIds: evidence.map(unhex),
        riskBps: 10_000,
      })
    }
  }
  const time = publish.body.validationDeadline
  let c = derived.contributions.get(signer)
  if (c === undefined) {
    c = emptyContribution()
    derived.contributions.set(signer, c)
  }
  addOverflowEvents(c, scope.key, signer, time, at)
}
