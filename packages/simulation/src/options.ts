/** Simulation options, their defaults and the simulated clock's constants. */
import type { CheckpointVoteBody } from '@aimesh/protocol'
import type { SimulationSeed } from './prng.js'

/** What one checkpoint names (DESIGN §5.6): a CheckpointVote body without time, round and profile. */
export type CheckpointContent = Omit<CheckpointVoteBody, 'timestamp' | 'round' | 'profileId'>

/**
 * The checkpoint a node computes for epoch n ≥ 1 (DESIGN §5.6), or null to let the simulator draw
 * one. Called once per epoch, after every valid message authored before that checkpoint's cut has
 * been yielded: an engine fed each yielded message answers with `engine.checkpointProposal(n)`, so
 * the votes carry the real trust digest and validator set and certify what nodes compute.
 */
export type CheckpointSource = (epoch: number) => CheckpointContent | null

/** Miner behaviours: honest work, or one of the fraud patterns of DESIGN §6. */
export const MINER_BEHAVIOURS = ['honest', 'duplicate', 'near-duplicate', 'fast'] as const
export type MinerBehaviour = (typeof MINER_BEHAVIOURS)[number]
export type DishonestMinerBehaviour = Exclude<MinerBehaviour, 'honest'>

/** Validator behaviours: honest scoring, or collusion / equivocation (DESIGN §6). */
export const VALIDATOR_BEHAVIOURS = ['honest', 'colluding', 'equivocating'] as const
export type ValidatorBehaviour = (typeof VALIDATOR_BEHAVIOURS)[number]
export type DishonestValidatorBehaviour = Exclude<ValidatorBehaviour, 'honest'>

/** Invalid or adversarial messages a simulation can add for negative tests. */
export const INVALID_KINDS = [
  'bad-signature',
  'wrong-phase',
  'self-validation',
  'publisher-validation',
  'commit-reveal-mismatch',
  'unknown-task',
  'far-future',
] as const
export type InvalidKind = (typeof INVALID_KINDS)[number]

/** Default genesis time: a fixed instant, so default workloads never depend on the wall clock. */
export const DEFAULT_GENESIS_TIME = 1_700_000_000_000
export const DEFAULT_NETWORK = 'simnet'
/** Profiles are all signed within this span after genesis, before the first task. */
export const PROFILE_WINDOW_MS = 60_000
/** Default gap between consecutive task publications; jitter stays below it so publish times increase. */
export const TASK_SPACING_MS = 30_000
/** Default length of each task phase (commit, reveal, validation, challenge) on the simulated clock. */
export const PHASE_MS = 600_000
/** Shortest phase the simulator accepts: room for the edge margins and a copier after its source. */
export const MIN_PHASE_MS = 10_000
/** The engine's default dispute voting window (genesis disputeVoteWindowMs): a day. */
export const DISPUTE_VOTE_WINDOW_MS = 86_400_000
/**
 * Distance kept from every deadline. The engine may compare with `<` or `<=`; a second of
 * slack means a generated timestamp is inside its window under either reading.
 */
export const EDGE_MARGIN_MS = 1_000
/**
 * Honest first answers finish this long before their deadline, leaving room for copiers after them
 * (at most; a quarter of a shorter answer phase, see followerRoom).
 */
export const FOLLOWER_ROOM_MS = 60_000
/** The far-future invalid message is dated this long after its task's challenge deadline. */
export const FAR_FUTURE_MS = 365 * 86_400_000

/** Lengths of a task's phases (DESIGN §5.3): each deadline is the previous one plus its phase. */
export interface PhaseDurations {
  /** Publication → commit deadline (commit–reveal tasks only). */
  commit: number
  /** Commit deadline (or publication) → submission deadline: the reveal / answer window. */
  reveal: number
  /** Submission deadline → validation deadline: scores. */
  validation: number
  /** Validation deadline → challenge deadline: disputes and alerts. */
  challenge: number
}

export interface SimulationOptions {
  /** Same seed, same options → the same messages byte for byte. Default 1. */
  seed?: SimulationSeed
  /** Network id used in every signature's domain tag. Default 'simnet'. */
  network?: string
  /** Start of the simulated clock (unix ms). Default 1_700_000_000_000. */
  genesisTime?: number
  /** Number of publisher accounts. Default 3. */
  publishers?: number
  /** Number of miner accounts. Default 10. */
  miners?: number
  /** Number of validator accounts (at least 2: peer review needs two). Default 7. */
  validators?: number
  /** Share of miners that cheat, rounded. Default 0.3 (one of each pattern with 10 miners). */
  dishonestMinerFraction?: number
  /** Share of validators that cheat, rounded; keep it a minority. Default 0.3 (2 of 7: one of each). */
  dishonestValidatorFraction?: number
  /** Cheating patterns handed out round-robin to dishonest miners. Default all three. */
  dishonestMinerBehaviours?: readonly DishonestMinerBehaviour[]
  /** Cheating patterns handed out round-robin to dishonest validators. Default both. */
  dishonestValidatorBehaviours?: readonly DishonestValidatorBehaviour[]
  /** Honest validators named as pre-trusted in genesis. Default: all honest validators. */
  preTrustedValidators?: number
  /** Phase lengths of every task (ms, each ≥ MIN_PHASE_MS). Default PHASE_MS each. */
  phases?: Partial<PhaseDurations>
  /** Gap between task publications (ms). Default TASK_SPACING_MS (30 s). */
  taskSpacingMs?: number
  /**
   * Genesis dispute voting window after the challenge deadline (DESIGN §6); dispute votes fall
   * inside it. Default a day (the engine's default).
   */
  disputeVoteWindowMs?: number
  /** Number of tasks; `Infinity` with `generateWorkload` for open-ended runs. Default 20. */
  tasks?: number
  /** Stop after this many valid messages (streaming bound). Default unbounded. */
  maxMessages?: number
  /** Answers per task, [min, max], capped by the number of miners. Default [3, 6]. */
  minersPerTask?: readonly [number, number]
  /** Validators scoring each task beyond its required reviewers, [min, max]. Default [0, 2]. */
  extraReviewers?: readonly [number, number]
  /** Share of tasks using commit–reveal. Default 0.5. */
  commitRevealFraction?: number
  /** Share of tasks cancelled by their publisher before any answer. Default 0.1. */
  cancelFraction?: number
  /** Share of answered tasks with a dispute in the challenge window. Default 0.15. */
  disputeFraction?: number
  /** Share of answered tasks with a reward claim after the challenge deadline. Default 0.5. */
  claimFraction?: number
  /** Standard deviation of honest validators' scores around the true quality. Default 4. */
  validatorNoise?: number
  /** Chance an equivocating validator double-scores a submission (the first is forced). Default 0.5. */
  equivocationRate?: number
  /** Invalid messages to add, each kind `invalidPerKind` times. Default none. */
  invalid?: readonly InvalidKind[]
  /** How many of each invalid kind. Default 1. */
  invalidPerKind?: number
  /**
   * Genesis epoch length (DESIGN §5.4). Default 10 minutes, so a default run spans epochs and its
   * checkpoint votes change the validator sets.
   */
  epochMs?: number
  /** Genesis delay before checkpoint votes inside an epoch (DESIGN §5.6). Default 2 minutes. */
  checkpointDelayMs?: number
  /** Genesis vote round length (DESIGN §5.5). Default PHASE_MS (the engine's default too). */
  roundMs?: number
  /** Genesis vote rounds per task (DESIGN §5.5). Default 8 (the engine's default). */
  maxRounds?: number
  /**
   * Proof-of-work bits every profile carries (genesis profileWorkBits, DESIGN §5.9); the genesis
   * the simulation describes asks for the same. Default 0 (a testnet).
   */
  profileWorkBits?: number
  /**
   * Where checkpoint contents come from. Default null: the simulator draws the next set itself (its
   * honest validators at random weights) and hashes those weights as its trust table, a stand-in a
   * node would not compute.
   */
  checkpoints?: CheckpointSource | null
}

/** Options with every default filled in. */
export type ResolvedOptions = Required<Omit<SimulationOptions, 'phases'>> & { phases: PhaseDurations }

/** How long honest first answers stay clear of their deadline: FOLLOWER_ROOM_MS, or a quarter of a short phase. */
export function followerRoom(o: ResolvedOptions): number {
  const first = Math.min(o.phases.reveal, o.phases.commit)
  return Math.min(FOLLOWER_ROOM_MS, Math.floor(first / 4))
}

/** Fills defaults and checks ranges; throws RangeError on options that cannot produce valid work. */
export function resolveOptions(options: SimulationOptions = {}): ResolvedOptions {
  const o: ResolvedOptions = {
    seed: options.seed ?? 1,
    network: options.network ?? DEFAULT_NETWORK,
    genesisTime: options.genesisTime ?? DEFAULT_GENESIS_TIME,
    publishers: options.publishers ?? 3,
    miners: options.miners ?? 10,
    validators: options.validators ?? 7,
    dishonestMinerFraction: options.dishonestMinerFraction ?? 0.3,
    dishonestValidatorFraction: options.dishonestValidatorFraction ?? 0.3,
    dishonestMinerBehaviours: options.dishonestMinerBehaviours ?? ['duplicate', 'near-duplicate', 'fast'],
    dishonestValidatorBehaviours: options.dishonestValidatorBehaviours ?? ['colluding', 'equivocating'],
    preTrustedValidators: options.preTrustedValidators ?? Number.POSITIVE_INFINITY,
    phases: {
      commit: options.phases?.commit ?? PHASE_MS,
      reveal: options.phases?.reveal ?? PHASE_MS,
      validation: options.phases?.validation ?? PHASE_MS,
      challenge: options.phases?.challenge ?? PHASE_MS,
    },
    taskSpacingMs: options.taskSpacingMs ?? TASK_SPACING_MS,
    disputeVoteWindowMs: options.disputeVoteWindowMs ?? DISPUTE_VOTE_WINDOW_MS,
    tasks: options.tasks ?? 20,
    maxMessages: options.maxMessages ?? Number.POSITIVE_INFINITY,
    minersPerTask: options.minersPerTask ?? [3, 6],
    extraReviewers: options.extraReviewers ?? [0, 2],
    commitRevealFraction: options.commitRevealFraction ?? 0.5,
    cancelFraction: options.cancelFraction ?? 0.1,
    disputeFraction: options.disputeFraction ?? 0.15,
    claimFraction: options.claimFraction ?? 0.5,
    validatorNoise: options.validatorNoise ?? 4,
    equivocationRate: options.equivocationRate ?? 0.5,
    invalid: options.invalid ?? [],
    invalidPerKind: options.invalidPerKind ?? 1,
    epochMs: options.epochMs ?? 600_000,
    checkpointDelayMs: options.checkpointDelayMs ?? 120_000,
    roundMs: options.roundMs ?? PHASE_MS,
    maxRounds: options.maxRounds ?? 8,
    profileWorkBits: options.profileWorkBits ?? 0,
    checkpoints: options.checkpoints ?? null,
  }
  const count = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${v}`)
  }
  const fraction = (name: string, v: number) => {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${v}`)
  }
  count('publishers', o.publishers, 1)
  count('miners', o.miners, 1)
  count('validators', o.validators, 2)
  count('invalidPerKind', o.invalidPerKind, 0)
  count('profileWorkBits', o.profileWorkBits, 0)
  if (o.profileWorkBits > 24) throw new RangeError('profileWorkBits above 24 would take minutes per account')
  if (!(o.tasks === Number.POSITIVE_INFINITY || (Number.isInteger(o.tasks) && o.tasks >= 0)))
    throw new RangeError(`tasks must be a non-negative integer or Infinity, got ${o.tasks}`)
  if (
    !(o.maxMessages === Number.POSITIVE_INFINITY || (Number.isInteger(o.maxMessages) && o.maxMessages >= 0))
  )
    throw new RangeError(`maxMessages must be a non-negative integer or Infinity, got ${o.maxMessages}`)
  if (!Number.isSafeInteger(o.genesisTime) || o.genesisTime <= 0)
    throw new RangeError('genesisTime must be a positive unix time in ms')
  for (const [name, v] of [
    ['dishonestMinerFraction', o.dishonestMinerFraction],
    ['dishonestValidatorFraction', o.dishonestValidatorFraction],
    ['commitRevealFraction', o.commitRevealFraction],
    ['cancelFraction', o.cancelFraction],
    ['disputeFraction', o.disputeFraction],
    ['claimFraction', o.claimFraction],
    ['equivocationRate', o.equivocationRate],
  ] as const)
    fraction(name, v)
  const [minM, maxM] = o.minersPerTask
  if (!(Number.isInteger(minM) && Number.isInteger(maxM) && minM >= 1 && maxM >= minM))
    throw new RangeError('minersPerTask must be [min, max] with 1 ≤ min ≤ max')
  const [minX, maxX] = o.extraReviewers
  if (!(Number.isInteger(minX) && Number.isInteger(maxX) && minX >= 0 && maxX >= minX))
    throw new RangeError('extraReviewers must be [min, max] with 0 ≤ min ≤ max')
  for (const [name, v] of Object.entries(o.phases)) count(`phases.${name}`, v, MIN_PHASE_MS)
  count('taskSpacingMs', o.taskSpacingMs, 2)
  count('disputeVoteWindowMs', o.disputeVoteWindowMs, 2 * EDGE_MARGIN_MS + 1)
  count('epochMs', o.epochMs, 1)
  count('checkpointDelayMs', o.checkpointDelayMs, 0)
  count('roundMs', o.roundMs, 2 * EDGE_MARGIN_MS + 1)
  count('maxRounds', o.maxRounds, 1)
  // Checkpoint votes need room inside their epoch, and a task's epoch set must be voted before the
  // task is planned (its cut lies at least half a task spacing before the epoch starts).
  if (o.epochMs - o.checkpointDelayMs < Math.max(2 * EDGE_MARGIN_MS + 1, o.taskSpacingMs / 2))
    throw new RangeError('epochMs − checkpointDelayMs must leave at least half a task spacing')
  if (o.validatorNoise < 0) throw new RangeError('validatorNoise must be ≥ 0')
  if (o.dishonestMinerBehaviours.length === 0 || o.dishonestValidatorBehaviours.length === 0)
    throw new RangeError('dishonest behaviour lists must not be empty')
  return o
}
