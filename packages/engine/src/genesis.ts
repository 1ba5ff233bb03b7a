/**
 * The genesis of a network (DESIGN §4): its id, start time, pre-trusted validators and the rule
 * parameters every node must share. Two nodes with different genesis hashes never talk.
 */
import { assertNetworkId, sha256, toHex } from '@aimesh/protocol'
import type { RewardSplit } from './rules/index.js'
import { DEFAULT_REWARD_SPLIT, PASS_SCORE } from './rules/index.js'

/** Rule parameters fixed at genesis; defaults in DEFAULT_GENESIS_PARAMS. */
export interface GenesisParams {
  /** Reward split in basis points; must sum to 10,000 (DESIGN §6: 65/15/15/5). */
  rewardSplit: RewardSplit
  /** Lowest consensus score a winner may have (DESIGN §6: 60). */
  passScore: number
  /**
   * Share of the epoch's total validator weight a certificate needs, in bps (DESIGN §5.5: ⅔). Also
   * the share of epoch e+1's weight that certifies a checkpoint (DESIGN §5.6). At ⅔ or more, two
   * certificates that do not nest share signers holding at least a third of the weight.
   */
  certificateThresholdBps: number
  /** Fewest distinct voters in a certificate (DESIGN §5.4: at least two). */
  certificateMinVoters: number
  /** Trust given to genesis pre-trusted validators at genesis time (≥ 0.7 so they can sit on panels). */
  preTrustedScore: number
  /** A message stamped more than this ahead of our clock is IGNOREd (DESIGN §5.3). */
  clockSkewMs: number
  /** How long after the challenge deadline a dispute panel may still vote. */
  disputeVoteWindowMs: number
  /**
   * How long after the dispute voting deadline (challenge deadline + disputeVoteWindowMs) consensus
   * votes, reward claims and fraud alerts about a task are still accepted (DESIGN: limits everywhere).
   */
  settlementWindowMs: number
  /** Longest a task may run from publication to its challenge deadline. */
  maxTaskDurationMs: number
  /** Recipient of the network share of rewards (hex account). */
  networkAccount: string
  /**
   * Length of an epoch (DESIGN §5.4): a day on a real network, seconds on a testnet. Epoch e covers
   * author times [genesisTime + e·epochMs, genesisTime + (e+1)·epochMs); a task belongs to the epoch
   * of its publish time.
   */
  epochMs: number
  /** How far into epoch e+1 validators wait before signing the checkpoint for epoch e+2 (DESIGN §5.6). */
  checkpointDelayMs: number
  /** Most validators in an epoch's set (DESIGN §5.6: the top accounts by trust); at most 256 (the wire limit). */
  maxValidators: number
  /**
   * Length of one vote round (DESIGN §5.5): a ConsensusVote's round is ⌊(time − validation
   * deadline) / roundMs⌋, a CheckpointVote's ⌊(time − (epoch start + checkpointDelayMs)) / roundMs⌋.
   */
  roundMs: number
  /**
   * Rounds in which a ConsensusVote may be cast; a vote in a later round is REJECTed, and a task's
   * outcome is final once validation deadline + maxRounds·roundMs has passed (DESIGN §5.5).
   */
  maxRounds: number
  /** Tasks one account may publish per hour of author time (DESIGN §5.8 scope quota). */
  maxTasksPerHour: number
  /** Profiles one account may sign per hour of author time (DESIGN §5.8 scope quota). */
  maxProfilesPerHour: number
  /** Leading zero bits of proof of work a MinerProfile carries (DESIGN §5.9); 0 on testnets. */
  profileWorkBits: number
}

/** A network's genesis (the node package loads it from a file). */
export interface Genesis {
  /** Network id, as in topic names and signing tags. */
  networkId: string
  /** Unix ms; nothing authored before it is valid. */
  genesisTime: number
  /** Hex ed25519 keys of validators whose scores count from the start (DESIGN §6). */
  preTrustedValidators: string[]
  params: GenesisParams
}

/** One day in ms, for the window defaults. */
const DAY = 86_400_000

/** Defaults for every parameter (DESIGN §6). */
export const DEFAULT_GENESIS_PARAMS: GenesisParams = {
  rewardSplit: { ...DEFAULT_REWARD_SPLIT },
  passScore: PASS_SCORE,
  // ⅔ (DESIGN §5.5) rounded down to whole basis points, so two of three equal validators certify;
  // two certificates then share signers holding at least 33.3 % of the weight.
  certificateThresholdBps: 6_666,
  certificateMinVoters: 2,
  preTrustedScore: 0.9,
  // 15 s covers NTP-synchronised clocks with room for gossip latency.
  clockSkewMs: 15_000,
  disputeVoteWindowMs: DAY,
  // A month leaves an offline miner time to claim and a late validator time to vote, yet bounds a task's log.
  settlementWindowMs: 30 * DAY,
  maxTaskDurationMs: 90 * DAY,
  networkAccount: '0'.repeat(64),
  epochMs: DAY,
  // A quarter of the epoch: certified tasks of the previous epoch have settled by then.
  checkpointDelayMs: DAY / 4,
  // Enough validators that a third colluding is costly, few enough that every vote set stays small.
  maxValidators: 64,
  // Ten minutes lets a validator sync the union its peers hold before voting again.
  roundMs: 600_000,
  // Eight rounds (80 minutes) bound the votes one validator can store per task.
  maxRounds: 8,
  // One task a minute on average is far above any honest publisher and bounds a flood.
  maxTasksPerHour: 60,
  // A profile changes rarely; two an hour lets an operator correct a mistake.
  maxProfilesPerHour: 2,
  // About a second of one core with sha256 (2^20 hashes), so accounts cost compute.
  profileWorkBits: 20,
}

/** Builds a genesis with defaults for whatever is not given. */
export function createGenesis(
  init: Partial<Omit<Genesis, 'params'>> & { params?: Partial<GenesisParams> } = {},
): Genesis {
  const genesis: Genesis = {
    networkId: init.networkId ?? 'devnet',
    genesisTime: init.genesisTime ?? 1_700_000_000_000,
    preTrustedValidators: [...(init.preTrustedValidators ?? [])].map((k) => k.toLowerCase()).sort(),
    params: { ...DEFAULT_GENESIS_PARAMS, ...init.params },
  }
  assertGenesis(genesis)
  return genesis
}

/** Throws a RangeError naming the first invalid field of a genesis. */
export function assertGenesis(g: Genesis): void {
  const p = g.params
  // The id goes into every topic and protocol name (DESIGN §4), so it must fit their alphabet.
  try {
    assertNetworkId(g.networkId)
  } catch (err) {
    throw new RangeError(`networkId: ${(err as Error).message}`)
  }
  if (!Number.isSafeInteger(g.genesisTime) || g.genesisTime <= 0)
    throw new RangeError('genesisTime must be unix ms')
  for (const k of g.preTrustedValidators) {
    if (!/^[0-9a-f]{64}$/.test(k)) throw new RangeError(`pre-trusted validator ${k} is not a hex ed25519 key`)
  }
  const s = p.rewardSplit
  if (s.winnersBps + s.participantsBps + s.validatorsBps + s.networkBps !== 10_000) {
    throw new RangeError('params.rewardSplit must sum to 10000 bps')
  }
  if (p.passScore < 0 || p.passScore > 100) throw new RangeError('params.passScore must be 0..100')
  if (p.certificateThresholdBps <= 5_000 || p.certificateThresholdBps > 10_000) {
    // At or below half, two disjoint certificates could both form.
    throw new RangeError('params.certificateThresholdBps must be in (5000, 10000]')
  }
  // DESIGN §5.4: a certificate needs matching votes from at least two validators.
  if (!Number.isSafeInteger(p.certificateMinVoters) || p.certificateMinVoters < 2)
    throw new RangeError('params.certificateMinVoters must be an integer ≥ 2')
  if (p.preTrustedScore < 0 || p.preTrustedScore > 1)
    throw new RangeError('params.preTrustedScore must be 0..1')
  if (
    p.clockSkewMs < 0 ||
    p.disputeVoteWindowMs <= 0 ||
    p.maxTaskDurationMs <= 0 ||
    !(p.settlementWindowMs > 0)
  ) {
    throw new RangeError('params windows must be positive')
  }
  if (!/^[0-9a-f]{64}$/.test(p.networkAccount)) throw new RangeError('params.networkAccount must be hex')
  const positiveInts: (keyof GenesisParams)[] = [
    'epochMs',
    'roundMs',
    'maxRounds',
    'maxValidators',
    'maxTasksPerHour',
    'maxProfilesPerHour',
  ]
  for (const k of positiveInts) {
    const v = p[k]
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0)
      throw new RangeError(`params.${k} must be a positive integer`)
  }
  if (
    !Number.isSafeInteger(p.checkpointDelayMs) ||
    p.checkpointDelayMs < 0 ||
    p.checkpointDelayMs >= p.epochMs
  )
    throw new RangeError('params.checkpointDelayMs must be an integer in [0, epochMs)')
  // A CheckpointVote names at most 256 validators (messages.proto limit).
  if (p.maxValidators > 256) throw new RangeError('params.maxValidators must be at most 256')
  if (!Number.isSafeInteger(p.profileWorkBits) || p.profileWorkBits < 0 || p.profileWorkBits > 32)
    throw new RangeError('params.profileWorkBits must be an integer in [0, 32]')
}

/**
 * Canonical JSON: object keys sorted at every depth, arrays in order, bigints as decimal strings, so
 * the same genesis hashes the same whatever order its file or its builder wrote the keys in.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'bigint') return JSON.stringify(value.toString())
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** sha256 of the canonical JSON of a genesis: what the status handshake compares. */
export function genesisHash(g: Genesis): string {
  const canonical = canonicalJson({
    networkId: g.networkId,
    genesisTime: g.genesisTime,
    preTrustedValidators: [...g.preTrustedValidators].sort(),
    params: g.params,
  })
  return toHex(sha256(new TextEncoder().encode(canonical)))
}
