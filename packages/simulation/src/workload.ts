/** The workload: actors' profiles, then every task's messages in causal order, as a stream or a whole. */
import { type AnySignedMessage, MessageKind, type SignedMessage, toHex } from '@aimesh/protocol'
import { type Actor, type ActorRole, type Behaviour, type Cast, createCast } from './actors.js'
import { type AdversaryScene, type InvalidMessage, makeInvalid } from './adversarial.js'
import { fraudAlerts } from './alerts.js'
import { planSubmissions, selectMiners, signSubmissions, submissionAnswerHash } from './answers.js'
import { SimEpochs } from './finality.js'
import {
  type InvalidKind,
  type MinerBehaviour,
  type ResolvedOptions,
  resolveOptions,
  type SimulationOptions,
} from './options.js'
import { claimReward, openDispute, voteOnDispute } from './outcomes.js'
import { Rng } from './prng.js'
import { cancelTask, earliestPublishTime, publishTask } from './tasks.js'
import { type EquivocationTruth, scoreTask, selectPanel } from './validations.js'

/** What a genesis file needs from a simulation (DESIGN §4). */
export interface SimulationGenesis {
  readonly network: string
  readonly genesisTime: number
  readonly preTrustedValidators: readonly Uint8Array[]
  /** The same facts shaped as the engine's genesis init (hex keys), ready for `createGenesis`. */
  readonly init: {
    networkId: string
    genesisTime: number
    preTrustedValidators: string[]
    /**
     * The parameters the workload depends on: the epoch and round parameters its votes follow
     * (DESIGN §5.4–§5.6) and the profiles' proof of work (DESIGN §5.9).
     */
    params: {
      epochMs: number
      checkpointDelayMs: number
      roundMs: number
      maxRounds: number
      profileWorkBits: number
      disputeVoteWindowMs: number
    }
  }
}

/** Hidden facts about one submission, for checking what the engine derives. */
export interface SubmissionTruth {
  readonly submissionId: string
  readonly taskId: string
  readonly miner: string
  readonly trueQuality: number
  readonly pattern: MinerBehaviour
  /** Submission id of the answer this one copies (duplicate or near-duplicate). */
  readonly copiedFrom: string | undefined
  readonly answerHash: Uint8Array
  readonly commitId: string | undefined
  /** First answer message time minus workStartedAt: what a speed check sees. */
  readonly workMs: number
}

export interface ActorTruth {
  readonly role: ActorRole
  readonly behaviour: Behaviour
  readonly honest: boolean
  readonly preTrusted: boolean
  /** For colluding validators: the miner they favour. */
  readonly favours: string | undefined
}

export interface TaskTruth {
  readonly taskId: string
  readonly index: number
  readonly publisher: string
  readonly commitReveal: boolean
  readonly cancelled: boolean
  readonly submissions: readonly string[]
  readonly validators: readonly string[]
  readonly disputed: boolean
  readonly claimed: boolean
}

/** One step of the stream: a valid message, an invalid one, or a ground-truth fact. */
export type WorkloadEvent =
  | { readonly type: 'message'; readonly message: AnySignedMessage }
  | { readonly type: 'invalid'; readonly invalid: InvalidMessage }
  | { readonly type: 'submission'; readonly truth: SubmissionTruth }
  | { readonly type: 'equivocation'; readonly truth: EquivocationTruth }
  | { readonly type: 'task'; readonly truth: TaskTruth }
  /** No valid message still to come is authored before `time` (what author-time order needs). */
  | { readonly type: 'horizon'; readonly time: number }

export interface GroundTruth {
  readonly actors: Map<string, ActorTruth>
  readonly submissions: Map<string, SubmissionTruth>
  readonly tasks: Map<string, TaskTruth>
  readonly equivocations: EquivocationTruth[]
}

/** A whole simulation held in memory. */
export interface Simulation {
  readonly options: ResolvedOptions
  readonly genesis: SimulationGenesis
  readonly actors: readonly Actor[]
  readonly cast: Cast
  /** Every valid message, parents before children. */
  readonly messages: AnySignedMessage[]
  /**
   * Valid messages per task, keyed by task id hex (profiles and checkpoint votes belong to no task;
   * dispute votes to their dispute's task).
   */
  readonly byTask: Map<string, AnySignedMessage[]>
  readonly invalid: InvalidMessage[]
  readonly groundTruth: GroundTruth
  /** First and last author time among valid messages. */
  readonly clock: { readonly start: number; readonly end: number }
}

/** Genesis facts of a cast. */
export function genesisOf(o: ResolvedOptions, cast: Cast): SimulationGenesis {
  const trusted = cast.validators.filter((v) => v.preTrusted)
  return {
    network: o.network,
    genesisTime: o.genesisTime,
    preTrustedValidators: trusted.map((v) => v.key.publicKey),
    init: {
      networkId: o.network,
      genesisTime: o.genesisTime,
      preTrustedValidators: trusted.map((v) => v.hex),
      params: {
        epochMs: o.epochMs,
        checkpointDelayMs: o.checkpointDelayMs,
        roundMs: o.roundMs,
        maxRounds: o.maxRounds,
        profileWorkBits: o.profileWorkBits,
        disputeVoteWindowMs: o.disputeVoteWindowMs,
      },
    },
  }
}

/** Hidden facts about each actor. */
export function actorTruths(cast: Cast): Map<string, ActorTruth> {
  return new Map(
    cast.all.map((a) => [
      a.hex,
      {
        role: a.role,
        behaviour: a.behaviour,
        honest: a.honest,
        preTrusted: a.preTrusted,
        favours: a.behaviour === 'colluding' ? cast.favoured?.hex : undefined,
      },
    ]),
  )
}

interface State {
  readonly o: ResolvedOptions
  readonly cast: Cast
  /** Dishonest actors that have not shown their pattern yet: they get seated first. */
  readonly pendingMiners: Set<Actor>
  readonly pendingValidators: Set<Actor>
  readonly invalidLeft: Map<InvalidKind, number>
  readonly validatorsByHex: Map<string, Actor>
  /** Validator sets per epoch and the outcomes voted (DESIGN §5.4–§5.6). */
  readonly epochs: SimEpochs
}

function* taskEvents(s: State, index: number): Generator<WorkloadEvent> {
  const { o, cast } = s
  const rng = new Rng(o.seed, `task/${index}`)
  const plan = publishTask(o, cast.publishers, index, rng)
  const taskId = toHex(plan.taskId)
  yield { type: 'message', message: plan.message }
  const truth = {
    taskId,
    index,
    publisher: plan.publisher.hex,
    commitReveal: plan.commitReveal,
  }
  if (rng.chance(o.cancelFraction)) {
    yield { type: 'message', message: cancelTask(o, plan, rng) }
    yield {
      type: 'task',
      truth: { ...truth, cancelled: true, submissions: [], validators: [], disputed: false, claimed: false },
    }
    return
  }
  const chosen = selectMiners(o, cast.miners, s.pendingMiners, plan, rng)
  const submissions = signSubmissions(o, plan, planSubmissions(o, plan, chosen, rng))
  for (const sub of submissions) if (sub.pattern !== 'honest') s.pendingMiners.delete(sub.miner)
  const commits = submissions.flatMap((x) => (x.commit === undefined ? [] : [x.commit]))
  for (const c of commits.sort((a, b) => a.body.timestamp - b.body.timestamp))
    yield { type: 'message', message: c }
  for (const sub of [...submissions].sort((a, b) => a.revealAt - b.revealAt)) {
    yield { type: 'message', message: sub.reveal }
    const firstAt = sub.commit?.body.timestamp ?? sub.revealAt
    const source = sub.copiedFrom === undefined ? undefined : submissions[sub.copiedFrom]
    yield {
      type: 'submission',
      truth: {
        submissionId: sub.idHex,
        taskId,
        miner: sub.miner.hex,
        trueQuality: sub.trueQuality,
        pattern: sub.pattern,
        copiedFrom: source?.idHex,
        answerHash: submissionAnswerHash(sub),
        commitId: sub.commit === undefined ? undefined : toHex(sub.commit.id),
        workMs: firstAt - sub.workStartedAt,
      },
    }
  }
  const panel = selectPanel(o, cast.validators, s.pendingValidators, plan, rng)
  const scored = scoreTask(o, plan, panel, submissions, cast.favoured, s.pendingValidators, rng)
  for (const m of scored.messages) yield { type: 'message', message: m }
  for (const e of scored.equivocations) yield { type: 'equivocation', truth: e }
  // Every validator of the task's epoch votes for the outcome in round 0 (its own stream, so the
  // draws below are the same with or without votes).
  const { votes, root } = s.epochs.consensusVotes(
    plan,
    submissions,
    scored.messages,
    new Rng(o.seed, `votes/${index}`),
  )
  for (const v of votes) yield { type: 'message', message: v }
  // An honest validator announces the exact copies and equivocations it can prove (own stream).
  const alertRng = new Rng(o.seed, `alerts/${index}`)
  const honest = cast.validators.filter((v) => v.honest)
  const announcer = honest.length === 0 ? undefined : alertRng.pick(honest)
  for (const a of fraudAlerts(o, plan, submissions, scored.equivocations, announcer, alertRng))
    yield { type: 'message', message: a }
  const dispute = rng.chance(o.disputeFraction)
    ? openDispute(o, plan, submissions, scored.messages, s.validatorsByHex, rng)
    : undefined
  if (dispute !== undefined) {
    yield { type: 'message', message: dispute }
    const voteRng = new Rng(o.seed, `dispute-votes/${index}`)
    for (const v of voteOnDispute(o, plan, dispute, cast.validators, voteRng))
      yield { type: 'message', message: v }
  }
  const claimed = rng.chance(o.claimFraction)
  if (claimed) yield { type: 'message', message: claimReward(o, plan, submissions, rng, root) }
  yield {
    type: 'task',
    truth: {
      ...truth,
      cancelled: false,
      submissions: submissions.map((x) => x.idHex),
      validators: panel.map((v) => v.hex),
      disputed: dispute !== undefined,
      claimed,
    },
  }
  // Invalid messages draw from their own streams, so asking for them leaves valid work unchanged
  // (apart from the valid setup commit a commit–reveal mismatch needs).
  const scene: AdversaryScene = { plan, submissions, validators: cast.validators, miners: cast.miners }
  for (const [kind, left] of s.invalidLeft) {
    if (left <= 0) continue
    const bad = makeInvalid(o, kind, scene, new Rng(o.seed, `invalid/${index}/${kind}`))
    if (bad === undefined) continue
    s.invalidLeft.set(kind, left - 1)
    for (const m of bad.setup) yield { type: 'message', message: m }
    yield { type: 'invalid', invalid: bad }
  }
}

function* unboundedEvents(o: ResolvedOptions, cast: Cast): Generator<WorkloadEvent> {
  for (const actor of cast.all) yield { type: 'message', message: actor.profile }
  const state: State = {
    o,
    cast,
    pendingMiners: new Set(cast.miners.filter((m) => !m.honest)),
    pendingValidators: new Set(cast.validators.filter((v) => !v.honest)),
    invalidLeft: new Map(o.invalid.map((k) => [k, o.invalidPerKind])),
    validatorsByHex: new Map(cast.validators.map((v) => [v.hex, v])),
    epochs: new SimEpochs(o, cast.validators, cast.all),
  }
  for (let i = 0; i < o.tasks; i++) {
    // Checkpoints whose cut precedes this task's earliest publish time come first, so the task's
    // epoch set is known when its votes are signed.
    const earliest = earliestPublishTime(o, i)
    const rng = new Rng(o.seed, `checkpoints/${i}`)
    while (state.epochs.nextCut() <= earliest) {
      // Everything still to come is authored at or after this cut (the source may be asked next).
      yield { type: 'horizon', time: state.epochs.nextCut() }
      for (const m of state.epochs.nextCheckpointVotes(rng)) yield { type: 'message', message: m }
    }
    yield { type: 'horizon', time: Math.min(earliest, state.epochs.nextCut()) }
    yield* taskEvents(state, i)
  }
}

/** Events with at most `maxMessages` valid messages: the stream every entry point reads. */
export function* boundedEvents(o: ResolvedOptions, cast: Cast): Generator<WorkloadEvent> {
  let count = 0
  for (const event of unboundedEvents(o, cast)) {
    if (event.type === 'message') {
      if (count >= o.maxMessages) return
      count++
    }
    yield event
  }
}

/**
 * The full event stream: valid messages in causal order, interleaved with ground-truth facts
 * and invalid messages. Holds one task's state at a time, so memory stays bounded on long runs.
 * Stops before the message that would exceed `maxMessages` valid messages.
 */
export function* workloadEvents(options: SimulationOptions = {}): Generator<WorkloadEvent> {
  const o = resolveOptions(options)
  yield* boundedEvents(o, createCast(o))
}

/** The valid messages only, streamed in causal order (benchmarks, long runs, bots). */
export function* generateWorkload(options: SimulationOptions = {}): Generator<AnySignedMessage> {
  for (const event of workloadEvents(options)) if (event.type === 'message') yield event.message
}

/** A simulation run step by step: pull `events`, then read `result()` for the whole. */
export interface SimulationRun {
  /** The genesis facts, known before any event is pulled (to open an engine that answers checkpoints). */
  readonly genesis: SimulationGenesis
  /**
   * The event stream. The caller may await between pulls: a checkpoint source (options.checkpoints)
   * is called during a pull and sees whatever the caller did with the messages pulled before.
   */
  readonly events: Generator<WorkloadEvent>
  /** The simulation of every event pulled so far. */
  result(): Simulation
}

/** Starts a simulation whose events the caller pulls (e.g. feeding an engine that answers checkpoints). */
export function startSimulation(options: SimulationOptions = {}): SimulationRun {
  const o = resolveOptions(options)
  if (o.tasks === Number.POSITIVE_INFINITY && o.maxMessages === Number.POSITIVE_INFINITY) {
    throw new RangeError(
      'a whole simulation needs a finite tasks or maxMessages; use generateWorkload to stream',
    )
  }
  const cast = createCast(o)
  const messages: AnySignedMessage[] = []
  const byTask = new Map<string, AnySignedMessage[]>()
  const invalid: InvalidMessage[] = []
  const groundTruth: GroundTruth = {
    actors: actorTruths(cast),
    submissions: new Map(),
    tasks: new Map(),
    equivocations: [],
  }
  let start = Number.POSITIVE_INFINITY
  let end = Number.NEGATIVE_INFINITY
  const disputeTask = new Map<string, string>()
  const record = (event: WorkloadEvent): void => {
    switch (event.type) {
      case 'message': {
        const m = event.message
        messages.push(m)
        start = Math.min(start, m.body.timestamp)
        end = Math.max(end, m.body.timestamp)
        // A dispute vote names its dispute, not the task: it belongs to the dispute's task.
        const taskId =
          m.kind === MessageKind.DisputeVote ? disputeTask.get(toHex(m.body.disputeId)) : taskOf(m)
        if (m.kind === MessageKind.DisputeOpened) disputeTask.set(toHex(m.id), toHex(m.body.taskId))
        if (taskId !== undefined) {
          const list = byTask.get(taskId)
          if (list === undefined) byTask.set(taskId, [m])
          else list.push(m)
        }
        break
      }
      case 'invalid':
        invalid.push(event.invalid)
        break
      case 'submission':
        groundTruth.submissions.set(event.truth.submissionId, event.truth)
        break
      case 'equivocation':
        groundTruth.equivocations.push(event.truth)
        break
      case 'task':
        groundTruth.tasks.set(event.truth.taskId, event.truth)
        break
    }
  }
  function* events(): Generator<WorkloadEvent> {
    for (const event of boundedEvents(o, cast)) {
      record(event)
      yield event
    }
  }
  return {
    genesis: genesisOf(o, cast),
    events: events(),
    result: () => ({
      options: o,
      genesis: genesisOf(o, cast),
      actors: cast.all,
      cast,
      messages,
      byTask,
      invalid,
      groundTruth,
      clock: messages.length === 0 ? { start: o.genesisTime, end: o.genesisTime } : { start, end },
    }),
  }
}

/** Runs a whole simulation in memory: messages, per-task index, invalid messages and ground truth. */
export function createSimulation(options: SimulationOptions = {}): Simulation {
  const run = startSimulation(options)
  for (const _ of run.events) {
    // pulling every event records it
  }
  return run.result()
}

/** The task a message belongs to, as hex: its own id for TaskPublished, else its taskId field. */
export function taskOf(m: SignedMessage): string | undefined {
  if (m.kind === MessageKind.TaskPublished) return toHex(m.id)
  const body = m.body as { taskId?: Uint8Array }
  return body.taskId === undefined ? undefined : toHex(body.taskId)
}
