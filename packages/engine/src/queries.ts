/** Read-side queries over derived state: records, specialization matching, expected validators (DESIGN §6). */
import {
  BehaviourPattern,
  DisputeRecord,
  type Finality,
  MinerRecord,
  RewardDistribution,
  SubmissionRecord,
  TaskRecord,
  ValidationRecord,
} from '@aimesh/protocol'
import {
  DIFFICULTY_OF_NUMBER,
  DIFFICULTY_RULE,
  TASK_TYPE_OF_NUMBER,
  TASK_TYPE_RULE,
} from './derive/mapping.js'
import type { Engine } from './engine.js'
import { hex, unhex } from './ids.js'
import {
  DIFFICULTIES,
  expectedValidatorsAt,
  type MatchCandidate,
  type MinerCandidate,
  rankCandidates,
  rankEligibleValidators,
} from './rules/index.js'

/** The derived task record. */
export function getTask(engine: Engine, taskId: Uint8Array): TaskRecord | undefined {
  const r = engine.state.task(hex(taskId))?.records.get(`task:${hex(taskId)}`)
  return r === undefined ? undefined : TaskRecord.decode(r.bytes)
}

/** The task's counted submissions. */
export function listSubmissions(engine: Engine, taskId: Uint8Array): SubmissionRecord[] {
  const t = engine.state.task(hex(taskId))
  if (t === undefined) return []
  return [...t.records.entries()]
    .filter(([k]) => k.startsWith('submission:'))
    .map(([, r]) => SubmissionRecord.decode(r.bytes))
}

/** Validation records of one submission. */
export function listValidations(
  engine: Engine,
  taskId: Uint8Array,
  submissionId: Uint8Array,
): ValidationRecord[] {
  const t = engine.state.task(hex(taskId))
  if (t === undefined) return []
  const sub = hex(submissionId)
  return [...t.records.entries()]
    .filter(([k]) => k.startsWith('validation:'))
    .map(([, r]) => ValidationRecord.decode(r.bytes))
    .filter((v) => hex(v.submissionId) === sub)
}

/**
 * The outcome this node holds for a task (DESIGN §5.5): the root a ConsensusVote names and the ids
 * it covers (includedIds, sorted) — the certified set once a certificate won, else every accepted
 * answer and its counted scores held — with how settled it is (provisional, certified, final) and
 * the round its certificate reached the threshold (-1 without one). Undefined for an unknown task.
 */
export function taskOutcome(
  engine: Engine,
  taskId: Uint8Array,
):
  | {
      root: Uint8Array
      includedIds: Uint8Array[]
      finality: Finality
      certifiedRound: number
      finalAt: number
    }
  | undefined {
  const derived = engine.state.task(hex(taskId))?.derived
  if (derived === null || derived === undefined) return undefined
  return {
    root: derived.outcomeRoot,
    includedIds: derived.outcomeIds.map(unhex),
    finality: derived.finality,
    certifiedRound: derived.winner?.round ?? -1,
    finalAt: derived.finalAt,
  }
}

/** The task's reward distribution once completed. */
export function getRewardDistribution(engine: Engine, taskId: Uint8Array): RewardDistribution | undefined {
  const r = engine.state.task(hex(taskId))?.records.get(`reward:${hex(taskId)}`)
  return r === undefined ? undefined : RewardDistribution.decode(r.bytes)
}

/** Disputes of a task. */
export function listDisputes(engine: Engine, taskId: Uint8Array): DisputeRecord[] {
  const t = engine.state.task(hex(taskId))
  if (t === undefined) return []
  return [...t.records.entries()]
    .filter(([k]) => k.startsWith('dispute:'))
    .map(([, r]) => DisputeRecord.decode(r.bytes))
}

/*
 * Time in queries: stored records are clock-independent, so reputation and trust there are as of
 * each account's last event. Queries read them at a query time `at` (default: the engine clock):
 * reputation and trust decay (1 %/day toward their baselines, DESIGN §6) from the last event up to
 * `at`, so an idle account drifts back even when no new event is derived.
 */

/** An account's miner record (profile, stats), its reputation decayed to `at` (default: the engine clock). */
export function getMiner(
  engine: Engine,
  account: Uint8Array,
  at: number = engine.clock,
): MinerRecord | undefined {
  const bytes = engine.state.minerRecordBytes(hex(account))
  if (bytes === undefined) return undefined
  const record = MinerRecord.decode(bytes)
  record.reputation = engine.state.book.reputationAt(hex(account), at)
  return record
}

/**
 * An account's behavioural pattern (DESIGN §6 fraud signals over all its tasks): counted answers,
 * duplicate/near-duplicate and too-fast ones, scores far above consensus, equivocations and its mean
 * work time. Undefined when the account has none of these.
 */
export function getBehaviour(engine: Engine, account: Uint8Array): BehaviourPattern | undefined {
  const bytes = engine.state.behaviourRecordBytes(hex(account))
  return bytes === undefined ? undefined : BehaviourPattern.decode(bytes)
}

/** An account's trust at time `at` (default: the engine clock): events up to `at`, decayed to `at`. */
export function trustOf(engine: Engine, account: Uint8Array, at: number = engine.clock): number {
  return engine.state.book.trustAt(hex(account), at)
}

/**
 * Miners ranked for a task by specialization match (DESIGN §6), above 0.3; reputation is read at
 * `at` (default: the engine clock), decayed like getMiner's.
 */
export function matchMiners(engine: Engine, taskId: Uint8Array, at: number = engine.clock): MatchCandidate[] {
  const task = engine.state.task(hex(taskId))?.publish
  if (!task) return []
  const candidates: MinerCandidate[] = []
  for (const account of engine.state.minerAccounts()) {
    const bytes = engine.state.minerRecordBytes(account)
    if (bytes === undefined) continue
    const m = MinerRecord.decode(bytes)
    if ((m.roles & 2) === 0) continue
    const proficiency: MinerCandidate['proficiency'] = {}
    let best = 0
    for (const s of m.specializations) {
      const type = TASK_TYPE_OF_NUMBER[s.taskType] ?? 'general'
      ;(proficiency as Record<string, number>)[type] = s.proficiency / 100
      if (type === TASK_TYPE_RULE[task.body.taskType]) best = s.maxDifficulty
    }
    const active = countActive(engine, account)
    candidates.push({
      account,
      proficiency,
      difficulty: DIFFICULTY_OF_NUMBER[best] ?? DIFFICULTIES[0],
      reputation: engine.state.book.reputationAt(account, at),
      successRate: m.submissions === 0 ? 0 : m.wins / m.submissions,
      availability: m.capacity === 0 ? 0 : Math.max(0, 1 - active / m.capacity),
    })
  }
  return rankCandidates(
    { taskType: TASK_TYPE_RULE[task.body.taskType], difficulty: DIFFICULTY_RULE[task.body.difficulty] },
    candidates,
  )
}

function countActive(engine: Engine, account: string): number {
  let n = 0
  for (const t of engine.state.tasks()) {
    const c = t.derived?.contributions.get(account)
    if (c !== undefined && c.submissions > 0 && t.derived?.status !== 'COMPLETED') n++
  }
  return n
}

/**
 * The validators expected to score a task at `now` (DESIGN §6 failover): eligible validators
 * (trust-gated in the task's snapshot, or pre-trusted) ranked by hash, the first `required`, with
 * silent ones replaced after half the validation window.
 */
export function expectedValidatorsFor(
  engine: Engine,
  taskId: Uint8Array,
  now: number = engine.clock,
): string[] {
  const t = engine.state.task(hex(taskId))
  const task = t?.publish
  if (!t || !task) return []
  const at = task.body.timestamp - 1
  const book = engine.state.book
  const accounts = new Set([...engine.genesis.preTrustedValidators, ...book.trustAccounts()])
  for (const a of engine.state.minerAccounts()) {
    const bytes = engine.state.minerRecordBytes(a)
    if (bytes !== undefined && (MinerRecord.decode(bytes).roles & 4) !== 0) accounts.add(a)
  }
  const miners = [...(t.derived?.contributions.entries() ?? [])]
    .filter(([, c]) => c.submissions > 0)
    .map(([a]) => a)
  const list = rankEligibleValidators(
    { id: t.hex, publisher: hex(task.signer), miners },
    [...accounts].map((account) => ({
      account,
      trust: book.trustAt(account, at),
      preTrusted: book.isPreTrusted(account),
    })),
  )
  const scored = new Set(listSubmissionsScoredBy(engine, taskId))
  const required = getTask(engine, taskId)?.requiredReviewers ?? 2
  return expectedValidatorsAt(
    list,
    scored,
    task.body.submissionDeadline,
    task.body.validationDeadline,
    now,
    required,
  )
}

function listSubmissionsScoredBy(engine: Engine, taskId: Uint8Array): string[] {
  const t = engine.state.task(hex(taskId))
  if (t === undefined) return []
  return [...t.records.entries()]
    .filter(([k]) => k.startsWith('validation:'))
    .map(([, r]) => hex(ValidationRecord.decode(r.bytes).validator))
}
