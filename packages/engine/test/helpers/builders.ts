/** Small builders that sign valid messages for engine tests (signMessage + accountFromSeed). */
import {
  type AccountKey,
  type AnySignedMessage,
  accountFromSeed,
  answerCommitment,
  type BodyOf,
  Difficulty,
  DisputeType,
  FraudKind,
  fromHex,
  MessageKind,
  type SignedMessage,
  sha256,
  signMessage,
  TaskType,
  toHex,
  VerificationType,
} from '@aimesh/protocol'
import {
  createGenesis,
  DEFAULT_GENESIS_PARAMS,
  Engine,
  type EngineOptions,
  type FraudAlertDraft,
  type Genesis,
  type GenesisParams,
  outcomeIds,
  outcomeRoot,
} from '../../src/index.js'

export const NET = 'enginetest'
/** Genesis time of test networks. */
export const T0 = 1_700_000_000_000
const SEC = 1_000

type Bytes = Uint8Array<ArrayBuffer>
const b = (u: Uint8Array): Bytes => u as Bytes

/** A deterministic account from a label (its test profile is known to withProfiles). */
export function account(label: string): AccountKey {
  const key = accountFromSeed(sha256(new TextEncoder().encode(`account:${label}`)))
  profileOf(key)
  return key
}

/**
 * A test genesis with these pre-trusted validators and parameters other than the defaults
 * (profiles need no proof of work in tests unless asked).
 */
export function testGenesis(preTrusted: AccountKey[] = [], params: Partial<GenesisParams> = {}): Genesis {
  return createGenesis({
    networkId: NET,
    genesisTime: T0,
    preTrustedValidators: preTrusted.map((k) => toHex(k.publicKey)),
    params: { profileWorkBits: 0, ...params },
  })
}

const profiles = new Map<string, SignedMessage<MessageKind.MinerProfile>>()

/**
 * The account's test profile (a plain publisher, authored just after genesis; a test's own later profile takes effect over it): what every other builder
 * names as `profileId` (DESIGN §5.9 admission), so an engine must hold it first (withProfiles).
 */
export function profileOf(key: AccountKey): SignedMessage<MessageKind.MinerProfile> {
  const k = toHex(key.publicKey)
  let p = profiles.get(k)
  if (p === undefined) {
    p = signMessage(
      NET,
      MessageKind.MinerProfile,
      {
        timestamp: T0 + 1,
        publisher: true,
        miner: false,
        validator: false,
        specializations: [],
        capacity: 4,
        name: 'test',
        workNonce: new Uint8Array(0),
      },
      key,
    )
    profiles.set(k, p)
    signers.set(k, key)
  }
  return p
}

/** Every test profile made so far (one per account built with `account`). */
export function knownProfiles(): SignedMessage<MessageKind.MinerProfile>[] {
  return [...profiles.values()]
}

/**
 * Opens an engine holding every test account's profile (the admission parents, DESIGN §5.9), as a
 * node that synced the account messages first.
 */
export async function openTestEngine(opts: EngineOptions): Promise<Engine> {
  const engine = await Engine.open(opts)
  const results = await engine.submitManyVerified(knownProfiles(), T0 + 2)
  for (const r of results)
    if (r.verdict === 'REJECT') throw new Error(`a test profile was rejected: ${JSON.stringify(r)}`)
  return engine
}

/** Signs a body (an engine-computed vote, say) as `key`, naming the key's test profile. */
export function signWithProfile<K extends MessageKind>(
  key: AccountKey,
  kind: K,
  body: Omit<BodyOf[K], 'profileId'>,
): SignedMessage<K> {
  return signMessage(NET, kind, { ...body, profileId: pid(key) } as BodyOf[K], key)
}

/** Keys of every account a builder has signed for. */
const signers = new Map<string, AccountKey>()

/** The profile id a builder names for the signer. */
function pid(key: AccountKey): Bytes {
  return b(profileOf(key).id)
}

/**
 * The test profiles of the signers of `msgs` (each once, not already among them), then `msgs`: the
 * admission parents (DESIGN §5.9) first, as a node receives them by sync.
 */
export function withProfiles<M extends AnySignedMessage>(msgs: readonly M[]): AnySignedMessage[] {
  const have = new Set(msgs.map((m) => toHex(m.id)))
  const out: AnySignedMessage[] = []
  for (const m of msgs) {
    const key = signers.get(toHex(m.signer))
    if (key === undefined) continue
    const p = profileOf(key)
    if (!have.has(toHex(p.id))) {
      have.add(toHex(p.id))
      out.push(p)
    }
  }
  return [...out, ...msgs]
}

/** Deadlines of a test task published at `at`. */
export function deadlines(at: number, commitReveal: boolean) {
  return {
    commitDeadline: commitReveal ? at + 120 * SEC : 0,
    submissionDeadline: at + 240 * SEC,
    validationDeadline: at + 360 * SEC,
    challengeDeadline: at + 480 * SEC,
  }
}

export interface TaskOptions {
  at: number
  commitReveal?: boolean
  reward?: bigint
  maxSubmissions?: number
  requiredReviewers?: number
  taskType?: TaskType
  nonce?: number
}

/** A signed TaskPublished. */
export function publishTask(publisher: AccountKey, o: TaskOptions): SignedMessage<MessageKind.TaskPublished> {
  const body: BodyOf[MessageKind.TaskPublished] = {
    timestamp: o.at,
    profileId: pid(publisher),
    title: `task ${o.nonce ?? 0}`,
    description: 'find the bug',
    taskType: o.taskType ?? TaskType.GENERAL,
    details: { category: 'test', complexity: undefined },
    difficulty: Difficulty.BEGINNER,
    verification: {
      type: VerificationType.PEER_REVIEW,
      requiredReviewers: o.requiredReviewers ?? 2,
      threshold: 60,
      expertCount: 0,
      automaticWeight: 0,
      peerWeight: 0,
    },
    reward: o.reward ?? 1_000_000n,
    ...deadlines(o.at, o.commitReveal ?? false),
    maxSubmissions: o.maxSubmissions ?? 10,
    inputHash: new Uint8Array(0),
    nonce: new Uint8Array([(o.nonce ?? 0) & 0xff, ((o.nonce ?? 0) >> 8) & 0xff]),
  }
  if (o.taskType === TaskType.SECURITY_AUDIT) body.details = { scope: 'all' }
  return signMessage(NET, MessageKind.TaskPublished, body, publisher)
}

/** A signed TaskCancelled. */
export function cancelTask(publisher: AccountKey, task: SignedMessage, at: number) {
  return signMessage(
    NET,
    MessageKind.TaskCancelled,
    { timestamp: at, profileId: pid(publisher), taskId: b(task.id), reason: 'oops' },
    publisher,
  )
}

/** Salt a miner uses in tests. */
export function saltOf(miner: AccountKey, task: SignedMessage): Bytes {
  return sha256(miner.publicKey, task.id)
}

/** A signed AnswerCommitted for `answer`. */
export function commitAnswer(miner: AccountKey, task: SignedMessage, answer: string, at: number) {
  return signMessage(
    NET,
    MessageKind.AnswerCommitted,
    {
      timestamp: at,
      profileId: pid(miner),
      taskId: b(task.id),
      commitment: answerCommitment(answer, saltOf(miner, task), miner.publicKey) as Bytes,
    },
    miner,
  )
}

/** How a test reveal differs from the honest default. */
export interface RevealOptions {
  /** The commit it opens (commit–reveal); its id becomes commitId. */
  commit?: SignedMessage<MessageKind.AnswerCommitted>
  /** An explicit commitId (overrides `commit`); default for commit–reveal without a commit: an id nobody holds. */
  commitId?: Uint8Array
  /** An explicit salt; default saltOf(miner, task) for commit–reveal, empty otherwise. */
  salt?: Uint8Array
}

/** A signed AnswerRevealed (salted and naming its commit when the task uses commit–reveal). */
export function revealAnswer(
  miner: AccountKey,
  task: SignedMessage<MessageKind.TaskPublished>,
  answer: string,
  at: number,
  opts: RevealOptions = {},
) {
  const commitReveal = task.body.commitDeadline > 0
  const { salt, commit } = opts
  const unheld = sha256(new TextEncoder().encode('no such commit'), miner.publicKey, task.id)
  const commitId =
    opts.commitId ?? (commit !== undefined ? commit.id : commitReveal ? unheld : new Uint8Array(0))
  return signMessage(
    NET,
    MessageKind.AnswerRevealed,
    {
      timestamp: at,
      profileId: pid(miner),
      taskId: b(task.id),
      answer,
      salt: b(salt ?? (commitReveal ? saltOf(miner, task) : new Uint8Array(0))),
      workStartedAt: task.body.timestamp,
      commitId: b(commitId),
    },
    miner,
  )
}

/** A signed ValidationScored. */
export function scoreAnswer(
  validator: AccountKey,
  task: SignedMessage,
  submission: SignedMessage,
  score: number,
  at: number,
) {
  return signMessage(
    NET,
    MessageKind.ValidationScored,
    {
      timestamp: at,
      profileId: pid(validator),
      taskId: b(task.id),
      submissionId: b(submission.id),
      score,
      comment: '',
    },
    validator,
  )
}

/**
 * A signed ConsensusVote for the outcome covering exactly `included` (answers and scores of the
 * task): its root is the outcome root over them, its includedIds their sorted ids.
 */
export function voteRoot(
  validator: AccountKey,
  task: SignedMessage,
  included: readonly SignedMessage[],
  at: number,
  round?: number,
) {
  const answers = included.filter((m) => m.kind === MessageKind.AnswerRevealed).map((m) => toHex(m.id))
  const scores = included.filter((m) => m.kind === MessageKind.ValidationScored).map((m) => toHex(m.id))
  return voteIds(
    validator,
    task,
    outcomeRoot(task.id, answers, scores),
    outcomeIds(answers, scores),
    at,
    round,
  )
}

/** A signed ConsensusVote with an explicit root and covered ids (hex), e.g. from an engine's derived outcome. */
export function voteIds(
  validator: AccountKey,
  task: SignedMessage,
  root: Uint8Array,
  includedIds: readonly string[],
  at: number,
  round?: number,
) {
  const vd = (task as SignedMessage<MessageKind.TaskPublished>).body.validationDeadline
  return signMessage(
    NET,
    MessageKind.ConsensusVote,
    {
      timestamp: at,
      profileId: pid(validator),
      taskId: b(task.id),
      // Default: the round the vote's time falls in under the default genesis (DESIGN §5.5).
      round: round ?? Math.floor((at - vd) / DEFAULT_GENESIS_PARAMS.roundMs),
      outcomeRoot: b(root),
      messageCount: includedIds.length,
      includedIds: [...includedIds].sort().map((id) => b(fromHex(id))),
    },
    validator,
  )
}

/** The root a claim names when a test does not care which: no task's outcome has it. */
export const NO_ROOT: Bytes = sha256(new TextEncoder().encode('no outcome root'))

/** A signed RewardClaimed from the outcome `root` (DESIGN §5.5: it takes effect only if that root wins). */
export function claimReward(
  claimer: AccountKey,
  task: SignedMessage,
  amount: bigint,
  at: number,
  root: Uint8Array = NO_ROOT,
) {
  return signMessage(
    NET,
    MessageKind.RewardClaimed,
    { timestamp: at, profileId: pid(claimer), taskId: b(task.id), amount, outcomeRoot: b(root) },
    claimer,
  )
}

/** A signed DisputeOpened. */
export function openDispute(
  opener: AccountKey,
  task: SignedMessage,
  accused: AccountKey,
  at: number,
  evidence: SignedMessage[] = [],
) {
  return signMessage(
    NET,
    MessageKind.DisputeOpened,
    {
      timestamp: at,
      profileId: pid(opener),
      taskId: b(task.id),
      disputeType: DisputeType.VALIDATION_ACCURACY,
      accused: b(accused.publicKey),
      evidenceIds: evidence.map((e) => b(e.id)),
      description: 'scored far from everyone',
    },
    opener,
  )
}

/** A signed DisputeVote. */
export function voteDispute(voter: AccountKey, dispute: SignedMessage, uphold: boolean, at: number) {
  return signMessage(
    NET,
    MessageKind.DisputeVote,
    { timestamp: at, profileId: pid(voter), disputeId: b(dispute.id), uphold, reason: '' },
    voter,
  )
}

/** A signed FraudAlert. */
export function fraudAlert(
  sender: AccountKey,
  task: SignedMessage,
  subject: AccountKey,
  kind: FraudKind,
  evidence: SignedMessage[],
  at: number,
  carry = false,
) {
  return signMessage(
    NET,
    MessageKind.FraudAlert,
    {
      timestamp: at,
      profileId: pid(sender),
      taskId: b(task.id),
      subject: b(subject.publicKey),
      fraudKind: kind,
      evidenceIds: evidence.map((e) => b(e.id)),
      evidence: carry ? evidence.map((e) => b(e.bytes)) : [],
      riskBps: 10_000,
    },
    sender,
  )
}

/** The FraudAlert `sender` signs for one of the engine's findings (a FraudAlertDraft). */
export function alertFromDraft(
  sender: AccountKey,
  draft: Pick<FraudAlertDraft, 'taskId' | 'subject' | 'fraudKind' | 'evidenceIds' | 'riskBps'>,
  at: number,
): SignedMessage<MessageKind.FraudAlert> {
  return signMessage(
    NET,
    MessageKind.FraudAlert,
    {
      timestamp: at,
      profileId: pid(sender),
      taskId: b(draft.taskId),
      subject: b(draft.subject),
      fraudKind: draft.fraudKind,
      evidenceIds: draft.evidenceIds.map(b),
      evidence: [],
      riskBps: draft.riskBps,
    },
    sender,
  )
}

/** A signed MinerProfile. */
export function minerProfile(miner: AccountKey, at: number, validator = false) {
  return signMessage(
    NET,
    MessageKind.MinerProfile,
    {
      timestamp: at,
      publisher: false,
      miner: true,
      validator,
      specializations: [{ taskType: TaskType.GENERAL, proficiency: 80, maxDifficulty: Difficulty.BEGINNER }],
      capacity: 4,
      name: 'm',
      workNonce: new Uint8Array(0),
    },
    miner,
  )
}

export { FraudKind, SEC }
