/**
 * What a node keeps of a message whose body it pruned at a certified checkpoint (DESIGN §5.6): a
 * stub holding exactly what any later message's verdict reads of it as a parent (DESIGN §5.7:
 * validity reads the message, its immutable parents and genesis), what its scope is made of
 * (DESIGN §5.8) and the ids it names as parents (eviction follows them). A pruned node's verdict
 * on a late message is therefore the verdict of a node that kept every body, so both hold the same
 * message set; the message's effect on the final, folded task is nil on both (DESIGN §5.5).
 *
 * Validation reads held parents only through `Parent` (validate/view.ts): a full message is a
 * Parent as it is, and a stub is the same picked fields, so a rule that read anything a stub lacks
 * would not compile. Alert proofs that compare answers (duplicate, near-duplicate) read an answer's
 * hash and shingle sketch (`AnswerFacts`), which a reveal's stub keeps instead of its text.
 *
 * Audit of what validate/ reads of a held parent, by kind (the STUB_FIELDS rows cover it):
 * - MinerProfile (admission): kind, signer. TaskPublished: kept whole (never pruned).
 * - AnswerCommitted (a reveal opens it; an alert times an answer by it): signer, taskId,
 *   commitment, timestamp.
 * - AnswerRevealed (a score, a vote, dispute and alert evidence): signer, taskId; alert proofs also
 *   its author time (its commitId's commit) and AnswerFacts.
 * - ValidationScored (a vote, evidence of equivocation and collusion): signer, taskId,
 *   submissionId, score.
 * - DisputeOpened (a dispute vote): signer, taskId, accused, timestamp.
 * - Any kind as dispute evidence: kind and task (taskId, or the id of a TaskPublished).
 * Scope fields add round, subject, fraudKind, disputeId, outcomeRoot, epoch; parent ids add
 * profileId, commitId, includedIds, evidenceIds.
 */
import { deserialize, serialize } from 'node:v8'
import { type AnySignedMessage, answerHash, type BodyOf, MessageKind } from '@aimesh/protocol'
import { type ShingleSketch, shingleSketch } from './rules/index.js'

/** Format of a stored stub; another value does not decode. */
const FORMAT = 1

/** The body fields a stub keeps, per kind (see the audit in the file comment). */
export const STUB_FIELDS = {
  [MessageKind.TaskPublished]: ['timestamp', 'profileId'],
  [MessageKind.TaskCancelled]: ['timestamp', 'profileId', 'taskId'],
  [MessageKind.MinerProfile]: ['timestamp'],
  [MessageKind.AnswerCommitted]: ['timestamp', 'profileId', 'taskId', 'commitment'],
  [MessageKind.AnswerRevealed]: ['timestamp', 'profileId', 'taskId', 'commitId'],
  [MessageKind.ValidationScored]: ['timestamp', 'profileId', 'taskId', 'submissionId', 'score'],
  [MessageKind.ConsensusVote]: [
    'timestamp',
    'profileId',
    'taskId',
    'round',
    'outcomeRoot',
    'messageCount',
    'includedIds',
  ],
  [MessageKind.FraudAlert]: ['timestamp', 'profileId', 'taskId', 'subject', 'fraudKind', 'evidenceIds'],
  [MessageKind.DisputeOpened]: ['timestamp', 'profileId', 'taskId', 'accused', 'evidenceIds'],
  [MessageKind.DisputeVote]: ['timestamp', 'profileId', 'disputeId'],
  [MessageKind.RewardClaimed]: ['timestamp', 'profileId', 'taskId', 'outcomeRoot'],
  [MessageKind.CheckpointVote]: ['timestamp', 'profileId', 'epoch', 'round'],
} as const satisfies { readonly [K in MessageKind]: readonly (keyof BodyOf[K])[] }

type StubFields = typeof STUB_FIELDS

/** What validation may read of a held parent of kind K: a full message is one as it is. */
export interface ParentOf<K extends MessageKind> {
  readonly kind: K
  readonly id: Uint8Array
  readonly signer: Uint8Array
  readonly body: Pick<BodyOf[K], Extract<StubFields[K][number], keyof BodyOf[K]>>
}

/** What validation may read of any held parent (see the file comment). */
export type Parent = { [K in MessageKind]: ParentOf<K> }[MessageKind]

/** What alert proofs compare of an answer (DESIGN §6 duplicate and near-duplicate). */
export interface AnswerFacts {
  /** answerHash of the answer text. */
  readonly hash: Uint8Array
  /** Its shingle sketch (rules/similarity.ts): similarity reads only this. */
  readonly sketch: ShingleSketch
}

/** A pruned message's stub: its Parent, plus AnswerFacts for an answer. */
export interface Stub {
  readonly parent: Parent
  readonly answer?: AnswerFacts
}

interface StoredStub {
  f: number
  kind: MessageKind
  id: Uint8Array
  signer: Uint8Array
  body: Record<string, unknown>
  answer?: { hash: Uint8Array; sketch: Uint32Array }
}

/** The AnswerFacts of an answer text. */
export function answerFacts(answer: string): AnswerFacts {
  return { hash: answerHash(answer), sketch: shingleSketch(answer) }
}

/** The stub of a message: the picked fields of its kind's row (and an answer's facts). */
export function stubOf(msg: AnySignedMessage): Stub {
  const body: Record<string, unknown> = {}
  const fields: readonly string[] = STUB_FIELDS[msg.kind]
  for (const f of fields) body[f] = (msg.body as unknown as Record<string, unknown>)[f]
  // The row for the message's own kind picked these fields: TypeScript cannot correlate the two.
  const parent = { kind: msg.kind, id: msg.id, signer: msg.signer, body } as unknown as Parent
  if (msg.kind !== MessageKind.AnswerRevealed) return { parent }
  return { parent, answer: answerFacts(msg.body.answer) }
}

/**
 * A field value with its bytes copied out: a decoded body's byte fields are views of the whole
 * envelope, which serialize would write whole.
 */
function own(v: unknown): unknown {
  if (v instanceof Uint8Array) return v.slice()
  if (Array.isArray(v)) return v.map(own)
  return v
}

/** The stored bytes of a message's stub. */
export function encodeStub(msg: AnySignedMessage): Uint8Array {
  const { parent, answer } = stubOf(msg)
  const body: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(parent.body)) body[k] = own(v)
  const value: StoredStub = {
    f: FORMAT,
    kind: parent.kind,
    id: parent.id.slice(),
    signer: parent.signer.slice(),
    body,
  }
  if (answer !== undefined) value.answer = { hash: answer.hash, sketch: answer.sketch }
  return serialize(value)
}

/** A stored stub, or undefined when it is of another format or does not decode. */
export function decodeStub(bytes: Uint8Array): Stub | undefined {
  let v: StoredStub
  try {
    v = deserialize(bytes) as StoredStub
  } catch {
    return undefined
  }
  if (v?.f !== FORMAT || typeof v.kind !== 'number' || !(v.id instanceof Uint8Array)) return undefined
  // Written by encodeStub from a message of this kind (see stubOf).
  const parent = { kind: v.kind, id: v.id, signer: v.signer, body: v.body } as unknown as Parent
  return v.answer === undefined ? { parent } : { parent, answer: v.answer }
}
