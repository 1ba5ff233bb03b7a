/** Simulated accounts: publishers, miners and validators, honest or not, with their profiles. */
import {
  type AccountKey,
  accountFromSeed,
  type BodyOf,
  Difficulty,
  MessageKind,
  type MinerProfileBody,
  type SignedMessage,
  type Specialization,
  signMessage,
  solveProfileWork,
  TaskType,
  toHex,
} from '@aimesh/protocol'
import { wire } from './bytes.js'
import {
  type MinerBehaviour,
  PROFILE_WINDOW_MS,
  type ResolvedOptions,
  type ValidatorBehaviour,
} from './options.js'
import { deriveSeed, Rng } from './prng.js'

/** The six task types in wire order (DESIGN §4); task i has type i mod 6. */
export const SIM_TASK_TYPES: readonly TaskType[] = [
  TaskType.CODE_ANALYSIS,
  TaskType.SECURITY_AUDIT,
  TaskType.DATA_ANALYSIS,
  TaskType.ALGORITHM_OPTIMIZATION,
  TaskType.LOGIC_REASONING,
  TaskType.GENERAL,
]

/** Difficulties in increasing order; the index is the level used in arithmetic. */
export const SIM_DIFFICULTIES: readonly Difficulty[] = [
  Difficulty.BEGINNER,
  Difficulty.INTERMEDIATE,
  Difficulty.ADVANCED,
  Difficulty.EXPERT,
]

export type ActorRole = 'publisher' | 'miner' | 'validator'
export type Behaviour = MinerBehaviour | ValidatorBehaviour

/** One simulated account. Roles are disjoint, so honest work can never self-validate. */
export interface Actor {
  /** Index within its role. */
  readonly index: number
  readonly name: string
  readonly role: ActorRole
  readonly behaviour: Behaviour
  readonly honest: boolean
  readonly key: AccountKey
  /** Public key as lowercase hex: the key of every ground-truth map. */
  readonly hex: string
  readonly specializations: readonly Specialization[]
  readonly capacity: number
  /** Named in genesis as a pre-trusted validator. */
  readonly preTrusted: boolean
  /**
   * The actor's MinerProfile (with its proof of work), signed within the profile window after
   * genesis: every other message it signs names it (`profileId`, DESIGN §5.9 admission).
   */
  readonly profile: SignedMessage<MessageKind.MinerProfile>
}

/** An actor before its profile is signed. */
type Unprofiled = Omit<Actor, 'profile'>

/** Everything about the cast of a simulation. */
export interface Cast {
  readonly publishers: readonly Actor[]
  readonly miners: readonly Actor[]
  readonly validators: readonly Actor[]
  readonly all: readonly Actor[]
  /** The miner colluding validators favour (a dishonest miner when there is one). */
  readonly favoured: Actor | undefined
}

function specializations(rng: Rng, role: ActorRole): Specialization[] {
  if (role === 'publisher') return []
  const count = rng.int(2, 4)
  return rng
    .shuffle(SIM_TASK_TYPES)
    .slice(0, count)
    .sort((a, b) => SIM_TASK_TYPES.indexOf(a) - SIM_TASK_TYPES.indexOf(b))
    .map((taskType) => ({
      taskType,
      proficiency: rng.int(50, 95),
      maxDifficulty: rng.pick(SIM_DIFFICULTIES),
    }))
}

function makeActors(
  o: ResolvedOptions,
  role: ActorRole,
  count: number,
  dishonest: number,
  behaviours: readonly Behaviour[],
): Unprofiled[] {
  const actors: Unprofiled[] = []
  let trusted = 0
  for (let i = 0; i < count; i++) {
    const rng = new Rng(o.seed, `actor/${role}/${i}`)
    // Dishonest actors take the last indices, so growing a count keeps earlier actors' roles.
    const isHonest = i < count - dishonest
    const behaviour: Behaviour = isHonest
      ? 'honest'
      : (behaviours[(i - (count - dishonest)) % behaviours.length] ?? 'honest')
    const key = accountFromSeed(deriveSeed(o.seed, `key/${role}/${i}`))
    const preTrusted = role === 'validator' && isHonest && trusted < o.preTrustedValidators
    if (preTrusted) trusted++
    actors.push({
      index: i,
      name: `${role}-${i}`,
      role,
      behaviour,
      honest: isHonest,
      key,
      hex: toHex(key.publicKey),
      specializations: specializations(rng, role),
      capacity: rng.int(1, 8),
      preTrusted,
    })
  }
  return actors
}

/** Builds the cast from options: keys come from seeds derived from the simulation seed. */
export function createCast(o: ResolvedOptions): Cast {
  const publishers = makeActors(o, 'publisher', o.publishers, 0, ['honest'])
  const dishonestMiners = Math.min(o.miners, Math.round(o.miners * o.dishonestMinerFraction))
  const miners = makeActors(o, 'miner', o.miners, dishonestMiners, o.dishonestMinerBehaviours)
  const dishonestValidators = Math.min(o.validators, Math.round(o.validators * o.dishonestValidatorFraction))
  const validators = makeActors(
    o,
    'validator',
    o.validators,
    dishonestValidators,
    o.dishonestValidatorBehaviours,
  )
  // Profiles are signed in cast order (publishers, miners, validators), one per 10 ms slot.
  let position = 0
  const profiled = (xs: Unprofiled[]): Actor[] =>
    xs.map((a) => ({ ...a, profile: profileMessage(o, a, position++) }))
  const [p, m, v] = [profiled(publishers), profiled(miners), profiled(validators)]
  const favoured = m.find((x) => !x.honest) ?? m[0]
  return { publishers: p, miners: m, validators: v, all: [...p, ...m, ...v], favoured }
}

/** The actor's MinerProfile body at `timestamp`, with its proof of work (empty for 0 bits). */
export function profileBody(
  actor: Unprofiled,
  timestamp: number,
  workNonce = new Uint8Array(0),
): MinerProfileBody {
  return {
    timestamp,
    publisher: actor.role === 'publisher',
    miner: actor.role === 'miner',
    validator: actor.role === 'validator',
    specializations: [...actor.specializations],
    capacity: actor.capacity,
    name: actor.name,
    workNonce,
  }
}

/** The actor's MinerProfile, signed within the profile window after genesis (one per 10 ms slot). */
function profileMessage(
  o: ResolvedOptions,
  actor: Unprofiled,
  position: number,
): SignedMessage<MessageKind.MinerProfile> {
  const timestamp = o.genesisTime + 1 + ((position * 10) % (PROFILE_WINDOW_MS - 1))
  const work = solveProfileWork(o.network, actor.key.publicKey, o.profileWorkBits)
  return signMessage(
    o.network,
    MessageKind.MinerProfile,
    profileBody(actor, timestamp, wire(work)),
    actor.key,
  )
}

/** The actor's proficiency for a task type (30 when it has no specialization for it). */
export function proficiencyFor(actor: Actor, taskType: TaskType): { proficiency: number; maxLevel: number } {
  const s = actor.specializations.find((x) => x.taskType === taskType)
  if (s === undefined) return { proficiency: 30, maxLevel: 0 }
  return { proficiency: s.proficiency, maxLevel: SIM_DIFFICULTIES.indexOf(s.maxDifficulty) }
}

/**
 * Signs a body as the actor on the simulation's network, naming the actor's profile (`profileId`,
 * DESIGN §5.9) on every kind but a profile.
 */
export function signAs<K extends MessageKind>(
  o: ResolvedOptions,
  kind: K,
  body: Omit<BodyOf[K], 'profileId'>,
  actor: Actor,
): SignedMessage<K> {
  const full = kind === MessageKind.MinerProfile ? body : { ...body, profileId: wire(actor.profile.id) }
  return signMessage(o.network, kind, full as BodyOf[K], actor.key)
}
