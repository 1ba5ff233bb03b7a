/**
 * What a validator should sign now (DESIGN §5.11): the engine signs nothing, the node does, and it
 * asks here which ConsensusVote (DESIGN §5.5) or CheckpointVote (DESIGN §5.6) a validator account
 * it holds should cast, so nobody types a root. Also the checkpoint content this node computes for
 * an epoch, and the fraud findings no alert has announced yet with who signs first (DESIGN §5.11).
 */
import {
  type CheckpointVoteBody,
  type ConsensusVoteBody,
  checkpointDigestHex,
  MessageKind,
  trustTableDigest,
} from '@aimesh/protocol'
import type { FraudAlertDraft } from './derive/task.js'
import { foldOf } from './engine/fold-seal.js'
import type { EngineReadModel } from './engine.js'
import { type CheckpointContent, checkpointCut, epochOf, epochStart, roundAt } from './epochs.js'
import { hex, unhex } from './ids.js'
import { meetsThreshold, rankByHash, WEIGHT_PER_TRUST } from './rules/index.js'

type Bytes = Uint8Array<ArrayBuffer>

/** Trust is hashed in parts per million: integers, so every node hashes the same table. */
const PPM = 1_000_000

/**
 * The ConsensusVote `validator` (hex) should cast for a task at `now`, or null when it should cast
 * none: the task is unknown, its validation deadline has not passed or its last round has, the
 * validator is not in the task's epoch set, a certificate already won, or it already voted in this
 * round or for this root. The root is this node's outcome over every answer and counted score it
 * holds (an honest validator never leaves out what it holds, DESIGN §5.5). The signer adds the
 * admission field (profileId, DESIGN §5.9).
 */
export function consensusVoteFor(
  state: EngineReadModel,
  validator: string,
  taskId: Uint8Array,
  now: number,
): Omit<ConsensusVoteBody, 'profileId'> | null {
  const t = state.task(hex(taskId))
  const derived = t?.derived
  if (t === undefined || t.publish === null || derived === null || derived === undefined) return null
  const g = state.genesis
  const vd = t.publish.body.validationDeadline
  if (now < vd) return null
  const round = roundAt(g, vd, now)
  if (round >= g.params.maxRounds) return null
  if (!state.epochs.setOf(epochOf(g, t.publish.body.timestamp)).weights.has(validator)) return null
  if (derived.winner !== null) return null
  const root = hex(derived.outcomeRoot)
  for (const m of t.messages) {
    if (m.kind !== MessageKind.ConsensusVote || hex(m.signer) !== validator) continue
    if (m.body.round === round || hex(m.body.outcomeRoot) === root) return null
  }
  return {
    timestamp: now,
    taskId: t.id as Bytes,
    round,
    outcomeRoot: derived.outcomeRoot as Bytes,
    messageCount: derived.outcomeIds.length,
    includedIds: derived.outcomeIds.map(unhex),
  }
}

/**
 * The checkpoint this node computes for epoch n ≥ 1 (DESIGN §5.6), as of its cut (epoch n−1's start
 * + checkpointDelayMs): the certified tasks whose last round closed after the previous certified
 * checkpoint's cut and by this one (as a fold root over each one's outcome root and covered set,
 * engine/fold-seal.ts), the trust table at the cut, and epoch n's set —
 * accounts with trust ≥ 0.6, the top maxValidators by trust (then key), weight = milli-trust. With
 * nobody at 0.6 it names epoch n−1's set again, so the network never votes itself empty.
 */
export function checkpointProposal(state: EngineReadModel, epoch: number): CheckpointContent {
  const g = state.genesis
  const cut = checkpointCut(g, epoch)
  const previous = state.epochs.lastCertifiedBefore(epoch)
  // The fold root commits to each folded task's covered set (engine/fold-seal.ts).
  const fold = foldOf(g, state.tasks(), epoch, previous)
  const members = fold?.members.length ?? 0
  const table = state.book.trustedAccountsAt(cut)
  const trustDigest = trustTableDigest(
    table.map((e) => ({ account: unhex(e.account), trustPpm: Math.round(e.trust * PPM) })),
  )
  let chosen = table
    .filter((e) => meetsThreshold(e.trust, 'verification'))
    .sort((a, b) => b.trust - a.trust || (a.account < b.account ? -1 : 1))
    .slice(0, g.params.maxValidators)
    .map((e) => ({ account: e.account, weight: Math.max(1, Math.round(e.trust * WEIGHT_PER_TRUST)) }))
  if (chosen.length === 0)
    chosen = [...state.epochs.setOf(epoch - 1).weights].map(([account, weight]) => ({ account, weight }))
  chosen.sort((a, b) => (a.account < b.account ? -1 : 1))
  return {
    epoch,
    // A fold it cannot tell (folded bodies pruned without their covered sets) names no root.
    foldRoot: (fold?.root ?? new Uint8Array(32)) as Bytes,
    foldedTasks: members,
    trustDigest: trustDigest as Bytes,
    validators: chosen.map((v) => ({ account: unhex(v.account), weight: v.weight })),
  }
}

/**
 * The CheckpointVote `validator` (hex) should cast at `now`, or null: before the cut of the next
 * epoch's checkpoint, when it is not in the current epoch's set, when that checkpoint is already
 * certified, or when it already voted in this round or for this content. The signer adds profileId.
 */
export function checkpointVoteFor(
  state: EngineReadModel,
  validator: string,
  now: number,
): Omit<CheckpointVoteBody, 'profileId'> | null {
  const g = state.genesis
  const epoch = epochOf(g, now) + 1
  const cut = checkpointCut(g, epoch)
  if (now < cut || now >= epochStart(g, epoch)) return null
  if (!state.epochs.setOf(epoch - 1).weights.has(validator)) return null
  if (state.epochs.certifiedOf(epoch) !== undefined) return null
  const content = checkpointProposal(state, epoch)
  const digest = checkpointDigestHex(content)
  const round = roundAt(g, cut, now)
  for (const v of state.checkpointVotes()) {
    if (v.body.epoch !== epoch || hex(v.signer) !== validator) continue
    if (v.body.round === round || checkpointDigestHex(v.body) === digest) return null
  }
  return { timestamp: now, round, ...content }
}

/** A fraud finding no held FraudAlert announces yet, with the validators ranked to sign it. */
export interface UnsignedFinding {
  alert: FraudAlertDraft
  /**
   * The task's epoch validators ranked by sha256(task id ‖ subject ‖ validator) (DESIGN §5.11): the
   * first signs; the next ones sign after a delay only if no alert has arrived by then.
   */
  signers: string[]
}

/**
 * Every finding derivation holds that no FraudAlert of its task announces yet (same subject and
 * kind), the first of each (subject, kind) only. Findings are derived from the message set, so
 * they survive a crash: after a restart the node asks here and signs what is still unannounced.
 * `only` (hex task ids) limits the look to those tasks, so a caller driven by changed tasks never
 * scans them all.
 */
export function unsignedFindings(state: EngineReadModel, only?: Iterable<string>): UnsignedFinding[] {
  const out: UnsignedFinding[] = []
  const tasks = only === undefined ? state.tasks() : [...only].map((h) => state.task(h))
  for (const t of tasks) {
    const d = t?.derived
    if (t === undefined || d === null || d === undefined || t.publish === null || d.alerts.length === 0)
      continue
    const announced = new Set<string>()
    for (const m of t.messages) {
      if (m.kind === MessageKind.FraudAlert) announced.add(`${hex(m.body.subject)}:${m.body.fraudKind}`)
    }
    const set = state.epochs.setOf(epochOf(state.genesis, t.publish.body.timestamp))
    for (const alert of d.alerts) {
      const subject = hex(alert.subject)
      // One alert per (task, subject, kind): a second would overflow the signer's alert scope and
      // void both (DESIGN §5.8), so only the first finding of each is offered.
      const key = `${subject}:${alert.fraudKind}`
      if (announced.has(key)) continue
      announced.add(key)
      out.push({ alert, signers: rankByHash(`${t.hex}${subject}`, set.weights.keys()) })
    }
  }
  return out
}
