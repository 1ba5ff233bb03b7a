/**
 * Secondary indexes (DESIGN §7), all in the `indexes` column as empty-valued keys
 * `tag ‖ fields…`. Each is a pure function of one record, so the store can diff old → new
 * versions inside the same batch and `checkIntegrity()` can recompute them from the records.
 */
import { DisputeStatus, TaskStatus } from '@aimesh/protocol'
import { ID_LENGTH, key, u8, u16, u32, u64 } from './keys.js'
import { type RecordType, type RecordTypes, TASK_STATUS_CODE } from './records.js'

/** One-byte tag of each index; never reuse a retired tag. */
export const INDEX_TAG = {
  taskStatus: 0x01,
  taskType: 0x02,
  taskPublisher: 0x03,
  activeTask: 0x04,
  specialization: 0x05,
  reputation: 0x06,
  taskSubmissions: 0x07,
  minerSubmissions: 0x08,
  validatorValidations: 0x09,
  submissionValidations: 0x0a,
  flagged: 0x0b,
  unclaimedReward: 0x0c,
  pendingDispute: 0x0d,
  expiry: 0x0e,
  taskDisputes: 0x0f,
} as const

/** An index name. */
export type IndexName = keyof typeof INDEX_TAG

const NAME_OF_TAG = new Map<number, IndexName>(
  (Object.entries(INDEX_TAG) as [IndexName, number][]).map(([n, t]) => [t, n]),
)

/** The index a key belongs to, from its tag byte. */
export function indexNameOf(indexKey: Uint8Array): IndexName | undefined {
  return indexKey.length === 0 ? undefined : NAME_OF_TAG.get(indexKey[0]!)
}

/** Reputation is stored as MAX − reputation so a forward scan of the leaderboard is best-first. */
export const REPUTATION_MAX = 0xffffffff

/** Statuses of tasks that are still live (not completed, expired or cancelled). */
export const ACTIVE_STATUSES: ReadonlySet<TaskStatus> = new Set([
  TaskStatus.PUBLISHED,
  TaskStatus.IN_PROGRESS,
  TaskStatus.ANSWERS_SUBMITTED,
  TaskStatus.UNDER_VALIDATION,
  TaskStatus.DISPUTED,
])

/** The tag byte of each index as a key part, built once (indexPrefix runs a few times per record write). */
const TAG_BYTES = Object.fromEntries(
  (Object.entries(INDEX_TAG) as [IndexName, number][]).map(([n, t]) => [n, u8(t)]),
) as Readonly<Record<IndexName, Uint8Array>>

/** Prefix of one index (optionally narrowed by leading fields). */
export function indexPrefix(name: IndexName, ...fields: Uint8Array[]): Uint8Array {
  return key(TAG_BYTES[name], ...fields)
}

/** Status code as a key byte. */
export function statusByte(status: TaskStatus): Uint8Array {
  return u8(TASK_STATUS_CODE[status] ?? 0)
}

const isId = (b: Uint8Array): boolean => b.length === ID_LENGTH

type IndexFn<T> = (record: T) => Uint8Array[]

const INDEXERS: { readonly [K in RecordType]: IndexFn<RecordTypes[K]> } = {
  task: (t) => {
    const out = [
      indexPrefix('taskStatus', statusByte(t.status), t.id),
      indexPrefix('taskType', u32(t.taskType), t.id),
      indexPrefix('expiry', u64(t.challengeDeadline), t.id),
    ]
    if (isId(t.publisher)) out.push(indexPrefix('taskPublisher', t.publisher, t.id))
    if (ACTIVE_STATUSES.has(t.status)) out.push(indexPrefix('activeTask', t.id))
    return out
  },
  transition: () => [],
  miner: (m) => {
    const out = [indexPrefix('reputation', u32(REPUTATION_MAX - m.reputation), m.account)]
    // A miner listing the same task type twice still gets one entry: keys are a set.
    for (const s of m.specializations) out.push(indexPrefix('specialization', u32(s.taskType), m.account))
    return out
  },
  submission: (s) => {
    const out: Uint8Array[] = []
    if (isId(s.taskId)) out.push(indexPrefix('taskSubmissions', s.taskId, s.id))
    if (isId(s.miner)) out.push(indexPrefix('minerSubmissions', s.miner, s.id))
    return out
  },
  validation: (v) => {
    const out: Uint8Array[] = []
    if (isId(v.validator)) out.push(indexPrefix('validatorValidations', v.validator, v.id))
    if (isId(v.submissionId)) out.push(indexPrefix('submissionValidations', v.submissionId, v.id))
    return out
  },
  reward: (r) => {
    const out: Uint8Array[] = []
    r.entries.forEach((e, i) => {
      // Entries without an account (the network pool) cannot be claimed, so they are not indexed.
      if (!e.claimed && isId(e.recipient))
        out.push(indexPrefix('unclaimedReward', e.recipient, r.taskId, u16(i)))
    })
    return out
  },
  fraud: (f) => (f.flagged ? [indexPrefix('flagged', f.subjectId)] : []),
  behaviour: () => [],
  dispute: (d) => {
    const out: Uint8Array[] = []
    if (d.status === DisputeStatus.PENDING) out.push(indexPrefix('pendingDispute', d.id))
    if (isId(d.taskId)) out.push(indexPrefix('taskDisputes', d.taskId, d.id))
    return out
  },
}

/** Every index key a record contributes. */
export function indexKeys<K extends RecordType>(type: K, record: RecordTypes[K]): Uint8Array[] {
  return (INDEXERS[type] as IndexFn<RecordTypes[K]>)(record)
}
