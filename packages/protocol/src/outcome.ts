/**
 * The roots validators sign (DESIGN §5.5, §5.6): a task's outcome root (what a ConsensusVote and a
 * RewardClaimed name), a checkpoint's fold root over certified tasks, its trust-table digest and
 * the checkpoint digest that votes for one checkpoint share. They are part of the wire protocol: a
 * client computes them byte for byte as here, so they live beside the message schemas.
 */
import { compareBytes, fromHex, sha256, toHex } from './bytes.js'
import type { CheckpointVoteBody } from './generated/messages.js'

const enc = new TextEncoder()
const OUTCOME_TAG = enc.encode('aimesh/outcome/1')
const FOLD_TAG = enc.encode('aimesh/fold/2')
const TRUST_TAG = enc.encode('aimesh/trust-table/1')
const CHECKPOINT_TAG = enc.encode('aimesh/checkpoint/1')

/** A uint32 big-endian. */
function u32(n: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, n)
  return out
}

/**
 * The outcome root of a task: sha256('aimesh/outcome/1' ‖ task id ‖ 0x00 ‖ answer ids sorted ‖
 * 0x01 ‖ score ids sorted), over its answers and its counted validators' scores (hex ids).
 */
export function outcomeRoot(
  taskId: Uint8Array,
  answerIds: readonly string[],
  scoreIds: readonly string[],
): Uint8Array {
  const parts: Uint8Array[] = [OUTCOME_TAG, taskId]
  parts.push(new Uint8Array([0]), ...[...answerIds].sort().map(fromHex))
  parts.push(new Uint8Array([1]), ...[...scoreIds].sort().map(fromHex))
  return sha256(...parts)
}

/** The ids an outcome covers (answers and scores together), sorted ascending: a vote's includedIds. */
export function outcomeIds(answerIds: readonly string[], scoreIds: readonly string[]): string[] {
  return [...new Set([...answerIds, ...scoreIds])].sort()
}

/**
 * A certified task folded into a checkpoint: its id, winning outcome root and the digest of the
 * message set it is folded with (its covered set: every message of the task authored at or before
 * the checkpoint's cut, as the voter holds it), sha256 over those ids sorted ascending, 32 bytes each
 * (the DESIGN §5.2 task digest of that subset). A folded task derives from that set only.
 */
export interface FoldedTask {
  taskId: Uint8Array
  outcomeRoot: Uint8Array
  messageDigest: Uint8Array
}

/**
 * sha256('aimesh/fold/2' ‖ (task id ‖ outcome root ‖ message digest) sorted by task id): a
 * checkpoint's foldRoot.
 */
export function foldRoot(tasks: readonly FoldedTask[]): Uint8Array {
  const sorted = [...tasks].sort((a, b) => compareBytes(a.taskId, b.taskId))
  return sha256(FOLD_TAG, ...sorted.flatMap((t) => [t.taskId, t.outcomeRoot, t.messageDigest]))
}

/** One account's trust in a trust table, in parts per million (integers, so every node hashes the same). */
export interface TrustEntry {
  account: Uint8Array
  trustPpm: number
}

/** sha256('aimesh/trust-table/1' ‖ (account ‖ u32 trust ppm) sorted by account): a checkpoint's trustDigest. */
export function trustTableDigest(entries: readonly TrustEntry[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => compareBytes(a.account, b.account))
  return sha256(TRUST_TAG, ...sorted.flatMap((e) => [e.account, u32(e.trustPpm)]))
}

/**
 * What votes for one checkpoint share: sha256('aimesh/checkpoint/1' ‖ u32 epoch ‖ foldRoot ‖
 * u32 foldedTasks ‖ trustDigest ‖ (account ‖ u32 weight)…). The round and timestamp are left out,
 * so votes cast in different rounds for the same content certify together.
 */
export function checkpointDigest(
  body: Pick<CheckpointVoteBody, 'epoch' | 'foldRoot' | 'foldedTasks' | 'trustDigest' | 'validators'>,
): Uint8Array {
  return sha256(
    CHECKPOINT_TAG,
    u32(body.epoch),
    body.foldRoot,
    u32(body.foldedTasks),
    body.trustDigest,
    ...body.validators.flatMap((v) => [v.account, u32(v.weight)]),
  )
}

/** Hex of a checkpoint digest, for maps keyed by checkpoint. */
export function checkpointDigestHex(
  body: Pick<CheckpointVoteBody, 'epoch' | 'foldRoot' | 'foldedTasks' | 'trustDigest' | 'validators'>,
): string {
  return toHex(checkpointDigest(body))
}
