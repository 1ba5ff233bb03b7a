/**
 * One message per scope (DESIGN §5.8): the scope table. Each kind names the fields that make its
 * scope — always the signer plus immutable body fields, never anything derived — and its quota. A
 * node holds at most quota + 1 messages of one scope (holding.ts); quota + 1 held is the proof that
 * the signer equivocated (voiding.ts).
 */
import { type AnySignedMessage, MessageKind, type SignedMessage } from '@aimesh/protocol'
import type { GenesisParams } from './genesis.js'
import { hex } from './ids.js'

/** One hour of author time: the window of the per-account quotas (tasks, profiles). */
export const SCOPE_HOUR_MS = 3_600_000

/** A message's scope: a key naming kind, signer and the scope fields, and how many it may hold. */
export interface Scope {
  /** `tag:signer:field:…` (hex ids, decimal numbers): equal keys = one scope. */
  readonly key: string
  /** Messages the signer may have in it; quota + 1 held means it overflowed. */
  readonly quota: number
}

type Msg<K extends MessageKind> = SignedMessage<K>

/** How one kind's scope is made: a short tag, the scope fields after the signer, and the quota. */
interface ScopeRule<K extends MessageKind> {
  tag: string
  fields(msg: Msg<K>): readonly (string | number)[]
  quota(params: GenesisParams): number
}

const one = (): number => 1
const hourOf = (ts: number): number => Math.floor(ts / SCOPE_HOUR_MS)

/**
 * The table (DESIGN §5.8). Kinds DESIGN does not list:
 * - CheckpointVote (validator, epoch, round): like a ConsensusVote, one vote per round of one
 *   checkpoint; the epoch named (e+2) stands for the checkpoint, the round for the retry.
 * - MinerProfile and TaskPublished (account, hour of author time) with the genesis quotas: the
 *   only kinds an account can sign without naming a parent it does not control.
 */
export const SCOPE_TABLE: { readonly [K in MessageKind]: ScopeRule<K> } = {
  [MessageKind.TaskPublished]: {
    tag: 'task',
    fields: (m) => [hourOf(m.body.timestamp)],
    quota: (p) => p.maxTasksPerHour,
  },
  [MessageKind.TaskCancelled]: { tag: 'cancel', fields: (m) => [hex(m.body.taskId)], quota: one },
  [MessageKind.MinerProfile]: {
    tag: 'profile',
    fields: (m) => [hourOf(m.body.timestamp)],
    quota: (p) => p.maxProfilesPerHour,
  },
  [MessageKind.AnswerCommitted]: { tag: 'commit', fields: (m) => [hex(m.body.taskId)], quota: one },
  [MessageKind.AnswerRevealed]: { tag: 'reveal', fields: (m) => [hex(m.body.taskId)], quota: one },
  [MessageKind.ValidationScored]: { tag: 'score', fields: (m) => [hex(m.body.submissionId)], quota: one },
  [MessageKind.ConsensusVote]: {
    tag: 'vote',
    fields: (m) => [hex(m.body.taskId), m.body.round],
    quota: one,
  },
  [MessageKind.FraudAlert]: {
    tag: 'alert',
    fields: (m) => [hex(m.body.taskId), hex(m.body.subject), m.body.fraudKind],
    quota: one,
  },
  [MessageKind.DisputeOpened]: { tag: 'dispute', fields: (m) => [hex(m.body.taskId)], quota: one },
  [MessageKind.DisputeVote]: { tag: 'dispute-vote', fields: (m) => [hex(m.body.disputeId)], quota: one },
  [MessageKind.RewardClaimed]: {
    tag: 'claim',
    fields: (m) => [hex(m.body.taskId), hex(m.body.outcomeRoot)],
    quota: one,
  },
  [MessageKind.CheckpointVote]: {
    tag: 'checkpoint-vote',
    fields: (m) => [m.body.epoch, m.body.round],
    quota: one,
  },
}

/** The scope of a message under the genesis parameters. */
export function scopeOf(msg: AnySignedMessage, params: GenesisParams): Scope {
  const rule = SCOPE_TABLE[msg.kind] as ScopeRule<MessageKind>
  const fields = rule.fields(msg as Msg<MessageKind>)
  return { key: [rule.tag, hex(msg.signer), ...fields].join(':'), quota: rule.quota(params) }
}

/** The scope tag of a key (its kind's short name). */
export function scopeTag(key: string): string {
  return key.slice(0, key.indexOf(':'))
}
