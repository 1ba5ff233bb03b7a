/**
 * @aimesh/simulation: a deterministic, signed workload of publishers, miners and validators (honest
 * and not) producing every message kind, for tests, benchmarks and testnet bots. Same seed and
 * options → same bytes. `createSimulation` holds a whole run in memory (causal order),
 * `generateWorkload` / `workloadEvents` stream it, and `createTimeline` hands it out by author time
 * (`until(now)`) to drive live nodes.
 */
export {
  type Actor,
  type ActorRole,
  type Behaviour,
  type Cast,
  createCast,
  profileBody,
  SIM_DIFFICULTIES,
  SIM_TASK_TYPES,
  signAs,
} from './actors.js'
export { type InvalidMessage, withBadSignature } from './adversarial.js'
export { MIN_PLAUSIBLE_WORK_MS, nearDuplicate } from './answers.js'
export {
  type CheckpointContent,
  type CheckpointSource,
  DEFAULT_GENESIS_TIME,
  DEFAULT_NETWORK,
  DISPUTE_VOTE_WINDOW_MS,
  type DishonestMinerBehaviour,
  type DishonestValidatorBehaviour,
  EDGE_MARGIN_MS,
  FAR_FUTURE_MS,
  INVALID_KINDS,
  type InvalidKind,
  MIN_PHASE_MS,
  MINER_BEHAVIOURS,
  type MinerBehaviour,
  PHASE_MS,
  type PhaseDurations,
  type ResolvedOptions,
  resolveOptions,
  type SimulationOptions,
  TASK_SPACING_MS,
  VALIDATOR_BEHAVIOURS,
  type ValidatorBehaviour,
} from './options.js'
export { messageParents, shuffle, shuffleCausal } from './order.js'
export { deriveSeed, Rng, type SimulationSeed } from './prng.js'
export { createTimeline, SimulationTimeline } from './timeline.js'
export type { EquivocationTruth } from './validations.js'
export {
  type ActorTruth,
  createSimulation,
  type GroundTruth,
  generateWorkload,
  type Simulation,
  type SimulationGenesis,
  type SimulationRun,
  type SubmissionTruth,
  startSimulation,
  type TaskTruth,
  taskOf,
  type WorkloadEvent,
  workloadEvents,
} from './workload.js'
