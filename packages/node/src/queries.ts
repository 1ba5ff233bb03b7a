/**
 * The node's queries (DESIGN §1, docs/api.md): JSON-ready views over what the engine derived —
 * tasks with submissions, validations, consensus, outcome state and rewards; miners, leaderboard,
 * unclaimed rewards, disputes, the validator set and both roots.
 */
import {
  type Engine,
  genesisHash,
  getMiner,
  getRewardDistribution,
  getTask,
  listDisputes,
  listSubmissions,
  listValidations,
  trustOf,
} from '@aimesh/engine'
import { DisputeRecord, fromHex, MinerRecord, type TaskRecord, TaskType, toHex } from '@aimesh/protocol'
import { NodeError } from './errors.js'
import { type Json, toJson } from './json.js'
import { outcomeOf } from './outcome.js'

const TASK_TYPES: string[] = (Object.values(TaskType) as unknown[]).filter(
  (v): v is string => typeof v === 'string',
)
const HEX64 = /^[0-9a-f]{64}$/

/** Filters of the task list. */
export interface TaskFilter {
  status?: string
  type?: string
  publisher?: string
  limit?: number
}

/** The summary of one task in lists. */
export function taskSummary(r: TaskRecord): Record<string, Json> {
  return {
    id: toHex(r.id),
    title: r.title,
    publisher: toHex(r.publisher),
    taskType: TASK_TYPES[r.taskType] ?? String(r.taskType),
    status: r.status,
    reward: r.reward.toString(),
    publishedAt: r.publishedAt,
    commitDeadline: r.commitDeadline,
    submissionDeadline: r.submissionDeadline,
    validationDeadline: r.validationDeadline,
    challengeDeadline: r.challengeDeadline,
    submissions: r.submissionCount,
    validations: r.validationCount,
    certified: r.certifiedRoot.length > 0,
  }
}

/** See the file comment. */
export class NodeQueries {
  constructor(readonly engine: () => Engine) {}

  /** The message-set root and the derived-records digest (DESIGN §5.13). */
  roots(): { stateRoot: string; derivedDigest: string } {
    const engine = this.engine()
    return { stateRoot: toHex(engine.stateRoot()), derivedDigest: derivedDigest(engine) }
  }

  /** One task with everything derived about it; NOT_FOUND when not held. */
  task(taskId: string): Record<string, Json> {
    const engine = this.engine()
    const id = checkId(taskId, 'taskId')
    const record = getTask(engine, id)
    if (record === undefined) throw new NodeError('NOT_FOUND', `no task ${taskId} is held here`, 'taskId')
    const publish = engine.state.task(taskId)?.publish ?? undefined
    const records = listSubmissions(engine, id)
    const submissions = records.map((s) => ({
      ...(toJson(s) as Record<string, Json>),
      validations: listValidations(engine, id, s.id).map((v) => toJson(v)),
    }))
    const consensus = records.map((s) => ({
      submissionId: toHex(s.id),
      reached: s.consensusReached,
      score: s.consensusScore,
      confidenceBps: s.confidenceBps,
      median: s.medianScore,
      flagged: s.flagged,
      rank: s.rank,
    }))
    const rewards = getRewardDistribution(engine, id)
    return {
      ...taskSummary(record),
      description: publish?.body.description ?? '',
      difficulty: publish?.body.difficulty ?? null,
      details: toJson(publish?.body.details ?? {}),
      verification: toJson(publish?.body.verification ?? {}),
      inputHash:
        publish === undefined || publish.body.inputHash.length === 0 ? null : toHex(publish.body.inputHash),
      maxSubmissions: publish?.body.maxSubmissions ?? 0,
      digest: toHex(record.digest),
      messages: record.messageCount,
      transitions: toJson(record.transitions),
      submissions,
      consensus,
      outcome: toJson(outcomeOf(engine, taskId) ?? null),
      rewards: rewards === undefined ? null : toJson(rewards),
      disputes: listDisputes(engine, id).map((d) => toJson(d)),
    }
  }

  /** Tasks filtered by status, type and publisher, newest first. */
  tasks(filter: TaskFilter = {}): Record<string, Json>[] {
    const engine = this.engine()
    const out: TaskRecord[] = []
    for (const t of engine.state.tasks()) {
      if (t.publish === null) continue
      const r = getTask(engine, t.id)
      if (r === undefined) continue
      if (filter.status !== undefined && r.status !== filter.status) continue
      if (filter.type !== undefined && TASK_TYPES[r.taskType] !== filter.type) continue
      if (filter.publisher !== undefined && toHex(r.publisher) !== filter.publisher) continue
      out.push(r)
    }
    out.sort((a, b) => b.publishedAt - a.publishedAt || (toHex(a.id) < toHex(b.id) ? -1 : 1))
    return out.slice(0, filter.limit ?? 100).map(taskSummary)
  }

  /** A miner's record with reputation and trust now; NOT_FOUND when unknown. */
  miner(account: string): Record<string, Json> {
    const engine = this.engine()
    const key = checkId(account, 'account')
    const m = getMiner(engine, key)
    if (m === undefined) throw new NodeError('NOT_FOUND', `no account ${account} is known here`, 'account')
    return { ...(toJson(m) as Record<string, Json>), trust: trustOf(engine, key) }
  }

  /** The best accounts by reputation now. */
  leaderboard(limit = 20): Record<string, Json>[] {
    const engine = this.engine()
    const rows: { account: string; reputation: number; record: MinerRecord }[] = []
    for (const account of engine.state.minerAccounts()) {
      const bytes = engine.state.minerRecordBytes(account)
      if (bytes === undefined) continue
      rows.push({
        account,
        reputation: engine.state.book.reputationAt(account, engine.clock),
        record: MinerRecord.decode(bytes),
      })
    }
    rows.sort((a, b) => b.reputation - a.reputation || (a.account < b.account ? -1 : 1))
    return rows.slice(0, limit).map((r, i) => ({
      rank: i + 1,
      account: r.account,
      name: r.record.name,
      reputation: r.reputation,
      submissions: r.record.submissions,
      wins: r.record.wins,
      validations: r.record.validations,
      earned: r.record.earned.toString(),
      trust: trustOf(engine, fromHex(r.account)),
    }))
  }

  /** Unclaimed reward entries of an account, by task. */
  unclaimed(account: string): Record<string, Json>[] {
    const engine = this.engine()
    checkId(account, 'account')
    const out: Record<string, Json>[] = []
    for (const t of engine.state.tasks()) {
      if (t.publish === null) continue
      const d = getRewardDistribution(engine, t.id)
      if (d === undefined) continue
      for (const e of d.entries) {
        if (e.claimed || toHex(e.recipient) !== account) continue
        out.push({
          taskId: t.hex,
          amount: e.amount.toString(),
          role: e.role,
          outcome: toJson(outcomeOf(engine, t.hex) ?? null),
        })
      }
    }
    return out
  }

  /** Disputes (of one task, or every held one; `pending` only when asked). */
  disputes(filter: { taskId?: string; status?: string } = {}): Record<string, Json>[] {
    const engine = this.engine()
    const tasks =
      filter.taskId === undefined
        ? [...engine.state.tasks()]
        : [engine.state.task(filter.taskId)].filter((t) => t !== undefined)
    if (filter.taskId !== undefined && tasks.length === 0)
      throw new NodeError('NOT_FOUND', `no task ${filter.taskId} is held here`, 'task')
    const out: Record<string, Json>[] = []
    for (const t of tasks) {
      for (const [k, r] of t.records) {
        if (!k.startsWith('dispute:')) continue
        const d = DisputeRecord.decode(r.bytes)
        if (filter.status !== undefined && d.status !== filter.status) continue
        out.push(toJson(d) as Record<string, Json>)
      }
    }
    return out
  }

  /** The validator set of an epoch (default: the current one) with integer weights (DESIGN §5.4). */
  validatorSet(epoch?: number): {
    epoch: number
    total: number
    checkpoint: string | null
    validators: { account: string; weight: number }[]
  } {
    const engine = this.engine()
    const set = engine.validatorSet(epoch ?? engine.epochAt())
    const validators = [...set.weights.entries()]
      .map(([account, weight]) => ({ account, weight }))
      .sort((x, y) => y.weight - x.weight || (x.account < y.account ? -1 : 1))
    return { epoch: set.epoch, total: set.total, checkpoint: set.checkpoint, validators }
  }

  /** Every checkpoint voted for, by epoch, with its voters, weight and whether it certified (DESIGN §5.6). */
  checkpoints(): Record<string, Json>[] {
    const engine = this.engine()
    const out: Record<string, Json>[] = []
    for (const epoch of engine.checkpointEpochs())
      for (const c of engine.checkpoints(epoch)) out.push(toJson(c) as Record<string, Json>)
    return out
  }

  /** Status summary (docs/api.md GET /status), without the peer id (the node adds it). */
  status(): Record<string, Json> {
    const engine = this.engine()
    let tasks = 0
    for (const t of engine.state.tasks()) if (t.publish !== null) tasks++
    return {
      networkId: engine.genesis.networkId,
      genesisHash: genesisHash(engine.genesis),
      ...this.roots(),
      messages: engine.messageCount,
      tasks,
      clock: engine.clock,
      epoch: Math.max(
        0,
        Math.floor((engine.clock - engine.genesis.genesisTime) / engine.genesis.params.epochMs),
      ),
    }
  }
}

/** The engine's digest of every derived record (DESIGN §5.13), hex: equal digests mean equal outcomes. */
export function derivedDigest(engine: Engine): string {
  return toHex(engine.derivedDigest())
}

function checkId(value: string, field: string): Uint8Array {
  if (!HEX64.test(value))
    throw new NodeError('BAD_INPUT', `${field} must be 64 lowercase hex characters`, field)
  return fromHex(value)
}
