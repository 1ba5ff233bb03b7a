/**
 * The penalty of an overflowed scope (DESIGN §5.8: quota + 1 held proves equivocation and the signer
 * is penalized), as records and account events: a flagged EQUIVOCATION fraud analysis naming the held
 * messages, one trust failure, a reputation adjustment and one more equivocation in the signer's
 * behaviour pattern. Task scopes book it in their task's derivation (voiding.ts); the scopes that
 * belong to no task — profiles (account, hour) and checkpoint votes (validator, epoch, round), filed
 * under the zero task — book it on their own (`accountScopePenalty`, engine/account-scope-penalties.ts),
 * as a contribution keyed by the scope that the account folds place like a task's (DESIGN §5.12).
 * Everything here is a function of the scope's held messages only.
 */
import { type FraudAnalysis, FraudKind, sha256 } from '@aimesh/protocol'
import { unhex, ZERO_TASK_ID } from '../ids.js'
import type { Scope } from '../scopes.js'
import { FRAUD_KIND_NUMBER } from './mapping.js'
import { type Contribution, emptyContribution } from './task/contributions.js'

/**
 * Reputation taken per overflowed scope: ten times what one poor answer costs (−10, DESIGN §6), as
 * an equivocation is a deliberate fault, not a weak answer.
 */
export const OVERFLOW_REPUTATION_PENALTY = 100

/** Most evidence ids a fraud analysis or alert names (FraudAlertBody.evidenceIds limit). */
export const MAX_EVIDENCE = 32

const SCOPE_SUBJECT_TAG = new TextEncoder().encode('aimesh/scope-overflow/1')

/**
 * The fraud subject id of an overflowed scope: sha256("aimesh/scope-overflow/1" ‖ scope key, UTF-8).
 * Score scopes use the score-equivocation subject instead (voiding.ts), so both name one finding.
 */
export function overflowSubjectId(scopeKey: string): Uint8Array<ArrayBuffer> {
  return sha256(SCOPE_SUBJECT_TAG, new TextEncoder().encode(scopeKey)) as Uint8Array<ArrayBuffer>
}

/** The event id of an overflow's trust and reputation events (unique per scope, so per account). */
export function overflowEventId(scopeKey: string): string {
  return `scope:${scopeKey}`
}

/** The flagged EQUIVOCATION analysis of an overflowed scope. */
export function overflowAnalysis(
  subjectId: Uint8Array,
  taskId: Uint8Array,
  signer: string,
  heldIds: readonly string[],
  analyzedAt: number,
): FraudAnalysis {
  return {
    subjectId: subjectId as Uint8Array<ArrayBuffer>,
    taskId: taskId as Uint8Array<ArrayBuffer>,
    account: unhex(signer),
    signals: [
      {
        kind: FRAUD_KIND_NUMBER[FraudKind.EQUIVOCATION],
        valueBps: 10_000,
        evidenceIds: heldIds.slice(0, MAX_EVIDENCE).map(unhex),
      },
    ],
    riskBps: 10_000,
    flagged: true,
    analyzedAt,
  }
}

/**
 * Adds an overflow's account events to a contribution: a trust failure and the reputation penalty at
 * `time`, one equivocation behind the behaviour pattern as of `at`.
 */
export function addOverflowEvents(
  c: Contribution,
  scopeKey: string,
  signer: string,
  time: number,
  at: number,
): void {
  const id = overflowEventId(scopeKey)
  c.trust.push({ id, account: signer, time, kind: 'failure' })
  c.reputation.push({ id, account: signer, time, kind: 'adjustment', delta: -OVERFLOW_REPUTATION_PENALTY })
  c.equivocations += 1
  c.behaviourAt = Math.max(c.behaviourAt, at)
}

/** What an overflowed scope of no task books: its record and the signer's contribution. */
export interface AccountScopePenalty {
  readonly signer: string
  /** When the penalty applies: the latest author time among the scope's held messages. */
  readonly at: number
  readonly record: FraudAnalysis
  readonly contribution: Contribution
}

/** A held message as the penalty reads it (a body, or a pruned message's stub). */
export interface HeldAuthor {
  readonly signer: Uint8Array
  readonly body: { readonly timestamp: number }
}

/**
 * The penalty of an overflowed scope that belongs to no task, or null when it holds at most its
 * quota. `held` are its held ids ascending, `messages` the held messages (same order). It applies at
 * the latest author time among them: the moment the signer's own clock says the proof was complete,
 * a function of the held set alone (its task-less record names the zero task).
 */
export function accountScopePenalty(
  scope: Scope,
  held: readonly string[],
  messages: readonly HeldAuthor[],
  signer: string,
): AccountScopePenalty | null {
  if (held.length <= scope.quota || messages.length !== held.length) return null
  let at = Number.NEGATIVE_INFINITY
  for (const m of messages) at = Math.max(at, m.body.timestamp)
  const record = overflowAnalysis(overflowSubjectId(scope.key), ZERO_TASK_ID, signer, held, at)
  const contribution = emptyContribution()
  addOverflowEvents(contribution, scope.key, signer, at, at)
  return { signer, at, record, contribution }
}
