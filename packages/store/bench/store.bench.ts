/**
 * Store benchmarks, against raw `level` batches of the same bytes:
 * - store.write: applyMessage as the engine calls it, handing over the previous version of each
 *   record it already holds (`previous: null` for new ones), so the store skips that read;
 * - store.write.unhinted: applyMessage for a caller that knows nothing, so the store reads every
 *   previous version itself for the index diff;
 * plus cached and uncached point reads, and leaderboard / status index queries at 100k records.
 */
import { randomBytes, randomInt } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MinerRecord, SubmissionRecord, TaskRecord, TaskStatus, ValidationRecord } from '@aimesh/protocol'
import { Level } from 'level'
import { openColumns } from '../src/columns.js'
import { type MessageWrite, type RecordPut, StateStore } from '../src/index.js'
import { indexKeys } from '../src/indexes.js'
import { key } from '../src/keys.js'
import { RECORD_KINDS } from '../src/records.js'

type Report = (figure: { name: string; value: number; unit: string; baseline?: number }) => void

/** Messages per write measurement (each: log entry, task, submission, validation, indexes). */
const WRITE_MESSAGES = 5_000
/** Untimed messages each write contender gets first (JIT, LevelDB memtable and log warm-up). */
const WRITE_WARMUP = 500
/**
 * The write contenders run in alternating slices of WRITE_MESSAGES / WRITE_ROUNDS messages (in a
 * rotating order), so drift in a shared machine's load hits the baseline and the store alike.
 */
const WRITE_ROUNDS = 10
/** Point reads per read measurement. */
const READS = 20_000
/** Records behind the index queries (DESIGN §9: queries at 100k records). */
const INDEX_RECORDS = 100_000
/** Queries per index measurement. */
const QUERIES = 300

const EMPTY = new Uint8Array(0)
const STATUSES = Object.values(TaskStatus).filter((v): v is TaskStatus => typeof v === 'string')
const id = (): Uint8Array<ArrayBuffer> => new Uint8Array(randomBytes(32))

function syntheticWrite(): MessageWrite {
  const m = id()
  const s = id()
  const account = id()
  return {
    message: {
      id: m,
      bytes: new Uint8Array(randomBytes(250)),
      kind: 1,
      signer: account,
      timestamp: 1,
      taskId: m,
    },
    puts: [
      {
        type: 'task',
        record: {
          ...TaskRecord.decode(EMPTY),
          id: m,
          publisher: account,
          status: TaskStatus.PUBLISHED,
          challengeDeadline: 5,
        },
      },
      { type: 'submission', record: { ...SubmissionRecord.decode(EMPTY), id: s, taskId: m, miner: account } },
      {
        type: 'validation',
        record: {
          ...ValidationRecord.decode(EMPTY),
          id: id(),
          taskId: m,
          submissionId: s,
          validator: account,
          score: 70,
        },
      },
    ],
  }
}

/** The exact root-level ops applyMessage writes for a first-time message (same prefixes, keys, values). */
function rawOps(
  prefix: ReturnType<typeof openColumns>['prefix'],
  w: MessageWrite,
): { type: 'put'; key: Uint8Array; value: Uint8Array }[] {
  const m = w.message!
  const ops = [
    { type: 'put' as const, key: key(prefix.messages, m.id), value: m.bytes },
    { type: 'put' as const, key: key(prefix.taskMessages, m.taskId, m.id), value: EMPTY },
  ]
  for (const p of w.puts) {
    const kind = RECORD_KINDS[p.type]
    for (const ik of indexKeys(p.type, p.record as never))
      ops.push({ type: 'put', key: key(prefix.indexes, ik), value: EMPTY })
    ops.push({
      type: 'put',
      key: key(prefix[kind.column], kind.key(p.record as never)),
      value: kind.encode(p.record as never),
    })
  }
  return ops
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now()
  await fn()
  return (performance.now() - start) / 1000
}

/** Runs every store figure. */
export async function run(report: Report): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'aimesh-store-bench-'))
  try {
    const warmup = Array.from({ length: WRITE_WARMUP }, syntheticWrite)
    const writes = Array.from({ length: WRITE_MESSAGES }, syntheticWrite)
    // What a caller holding its records in memory (the engine) can pass: every record is new.
    const hinted = (w: MessageWrite): MessageWrite => ({
      ...w,
      puts: w.puts.map((p) => ({ ...p, previous: null }) as RecordPut),
    })

    // Baseline: raw level, one batch per message, the same bytes (ops, keys, values) as applyMessage
    // writes, prepared before timing. Same Level options, default (non-sync) writes, same warm-up.
    const raw = new Level<Uint8Array, Uint8Array>(join(root, 'raw'), {
      keyEncoding: 'view',
      valueEncoding: 'view',
    })
    await raw.open()
    const prefix = openColumns(raw).prefix
    const rawWarmup = warmup.map((w) => rawOps(prefix, w))
    const rawBatches = writes.map((w) => rawOps(prefix, w))
    const store = await StateStore.open(join(root, 'store'), { metrics: null })
    const hintStore = await StateStore.open(join(root, 'store-hinted'), { metrics: null })
    const hintedWarmup = warmup.map(hinted)
    const hintedWrites = writes.map(hinted)

    for (const ops of rawWarmup) await raw.batch(ops)
    for (const w of warmup) await store.applyMessage(w)
    for (const w of hintedWarmup) await hintStore.applyMessage(w)

    // Production path: applyMessage without hints (previous versions read from LevelDB on a cache miss).
    const contenders = [
      { seconds: 0, run: (i: number) => raw.batch(rawBatches[i]!) },
      { seconds: 0, run: (i: number) => store.applyMessage(writes[i]!) },
      { seconds: 0, run: (i: number) => hintStore.applyMessage(hintedWrites[i]!) },
    ]
    const slice = WRITE_MESSAGES / WRITE_ROUNDS
    for (let round = 0; round < WRITE_ROUNDS; round++) {
      for (let c = 0; c < contenders.length; c++) {
        const contender = contenders[(round + c) % contenders.length]!
        contender.seconds += await timed(async () => {
          for (let i = round * slice; i < (round + 1) * slice; i++) await contender.run(i)
        })
      }
    }
    await raw.close()
    await hintStore.close()
    const [rawSeconds, storeSeconds, hintedSeconds] = contenders.map((c) => c.seconds) as [
      number,
      number,
      number,
    ]
    report({
      name: 'store.write',
      value: WRITE_MESSAGES / hintedSeconds,
      unit: 'msg/s',
      baseline: WRITE_MESSAGES / rawSeconds,
    })
    report({
      name: 'store.write.unhinted',
      value: WRITE_MESSAGES / storeSeconds,
      unit: 'msg/s',
      baseline: WRITE_MESSAGES / rawSeconds,
    })

    const taskIds = writes.map((w) => w.message!.id)
    const cachedSeconds = await timed(async () => {
      for (let i = 0; i < READS; i++) await store.tasks.get(taskIds[randomInt(taskIds.length)]!)
    })
    report({ name: 'store.read.cached', value: READS / cachedSeconds, unit: 'reads/s' })
    await store.close()

    const cold = await StateStore.open(join(root, 'store'), { metrics: null, cacheSize: 0 })
    const uncachedSeconds = await timed(async () => {
      for (let i = 0; i < READS; i++) await cold.tasks.get(taskIds[randomInt(taskIds.length)]!)
    })
    report({ name: 'store.read.uncached', value: READS / uncachedSeconds, unit: 'reads/s' })
    await cold.close()

    const big = await StateStore.open(join(root, 'big'), { metrics: null, cacheSize: 1_000 })
    for (let i = 0; i < INDEX_RECORDS; i += 1_000) {
      const puts: RecordPut[] = []
      for (let j = 0; j < 1_000; j++) {
        puts.push({
          type: 'miner',
          record: { ...MinerRecord.decode(EMPTY), account: id(), reputation: randomInt(10_001) },
        })
        puts.push({
          type: 'task',
          record: {
            ...TaskRecord.decode(EMPTY),
            id: id(),
            publisher: id(),
            status: STATUSES[randomInt(STATUSES.length)]!,
          },
        })
      }
      await big.batch(puts)
    }
    const topSeconds = await timed(async () => {
      for (let i = 0; i < QUERIES; i++) await big.miners.topByReputation(100)
    })
    report({ name: 'store.index.top100', value: QUERIES / topSeconds, unit: 'queries/s' })
    const statusSeconds = await timed(async () => {
      for (let i = 0; i < QUERIES; i++)
        await big.tasks.listByStatus(STATUSES[i % STATUSES.length]!, { limit: 100 })
    })
    report({ name: 'store.index.byStatus', value: QUERIES / statusSeconds, unit: 'queries/s' })
    await big.close()
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}
