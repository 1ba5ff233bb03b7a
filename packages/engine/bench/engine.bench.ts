/**
 * Engine throughput (DESIGN §9). Every figure persists to a real LevelDB and resolves each message
 * only once its batch is durable; the workload is 300 tasks × (publish, 4 answers, 16 scores) sent in
 * task order, as task-sync streams them. The ingest figures' baseline is the raw single-core
 * node:crypto ed25519 verify rate measured in the same run (goal ratio ≥ 0.6).
 * - engine.apply: validated messages applied and persisted per second, signatures already checked,
 *   one at a time (each awaited before the next: no group commit possible, the worst case);
 * - engine.ingest: decode + verify + validate + apply + persist per second for envelopes arriving
 *   as sync chunks of SYNC_CHUNK (one `ingestMany` per req/resp chunk, awaited before the next),
 *   signature checks shared with a VerifyPool (one thread per spare core, as a node runs it);
 * - engine.ingest.gossip: the same envelopes as a gossip stream — GOSSIP_IN_FLIGHT `ingest` calls
 *   outstanding at once (gossipsub validates messages asynchronously and concurrently), so the
 *   messages that arrive while a write is in flight share the next group commit; with the pool;
 * - engine.ingest.onecore: engine.ingest's sync chunks with every check on the calling thread;
 * - engine.ingest.serial: one `ingest` at a time, each awaited (a single peer trickling messages).
 */
import { createPublicKey, verify } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type AnySignedMessage, concatBytes, domainTag, Verdict } from '@aimesh/protocol'
import { StateStore } from '@aimesh/store'
import { Engine, LevelEngineStore, VerifyPool } from '../src/index.js'
import {
  account,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
  withProfiles,
} from '../test/helpers/builders.js'

type Report = (f: { name: string; value: number; unit: string; baseline?: number }) => void

/** Envelopes per task-sync response chunk (as the sync protocol streams them). */
export const SYNC_CHUNK = 256
/** Gossip messages being validated at once (gossipsub's asynchronous validation queue). */
const GOSSIP_IN_FLIGHT = 64

const TASKS = 300
const MINERS = 4
const VALIDATORS = 4
/** Messages the workload holds per task: the publish, one answer per miner, one score per pair. */
export const MESSAGES_PER_TASK = 1 + MINERS + VALIDATORS * MINERS

/** The bench workload: its signers' profiles, then `tasks` tasks × (publish, 4 answers, 16 scores). */
export function workload(tasks: number = TASKS): {
  messages: AnySignedMessage[]
  genesis: ReturnType<typeof testGenesis>
} {
  const validators = Array.from({ length: VALIDATORS }, (_, i) => account(`bv${i}`))
  const miners = Array.from({ length: MINERS }, (_, i) => account(`bm${i}`))
  const publisher = account('bp')
  const messages: AnySignedMessage[] = []
  for (let i = 0; i < tasks; i++) {
    const at = T0 + i * SEC
    const task = publishTask(publisher, { at, nonce: i })
    messages.push(task)
    const reveals = miners.map((m, j) =>
      revealAnswer(m, task, `answer ${i} by ${j}: ${'lorem ipsum '.repeat(20)}`, at + 60 * SEC + j),
    )
    messages.push(...reveals)
    for (const [vi, v] of validators.entries()) {
      for (const [ri, r] of reveals.entries()) {
        messages.push(
          scoreAnswer(
            v,
            task,
            r,
            60 + ((vi * 7 + ri * 13) % 30),
            task.body.submissionDeadline + vi * 10 + ri,
          ),
        )
      }
    }
  }
  // The signers' profiles first: every message names one (admission, DESIGN §5.9). One publisher
  // publishes a task a second: the hourly task quota (DESIGN §5.8) is raised to hold them all.
  return {
    messages: withProfiles(messages),
    genesis: testGenesis(validators, { maxTasksPerHour: Math.max(60, tasks) }),
  }
}

/** Runs `fn` with a fresh temp dir and removes the dir afterwards, whatever happens. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'aimesh-engine-bench-'))
  try {
    return await fn(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The bench engine over `store`: the bench genesis, a fixed clock far past every message. */
export function openBenchEngine(
  store: StateStore,
  genesis: ReturnType<typeof testGenesis>,
  verifyPool?: VerifyPool,
): Promise<Engine> {
  return Engine.open({
    store: new LevelEngineStore(store),
    genesis,
    clock: T0,
    now: () => T0 + 1e9,
    ...(verifyPool === undefined ? {} : { verifyPool }),
  })
}

/** Runs `fn` with a bench engine over a fresh LevelDB store in a temp dir, removed afterwards. */
export function withEngine<T>(
  genesis: ReturnType<typeof testGenesis>,
  fn: (e: Engine) => Promise<T>,
  verifyPool?: VerifyPool,
): Promise<T> {
  return withTempDir(async (dir) => {
    const store = await StateStore.open(dir)
    try {
      return await fn(await openBenchEngine(store, genesis, verifyPool))
    } finally {
      await store.close()
    }
  })
}

/** Raw node:crypto ed25519 verifications per second on one core, keys pre-parsed. */
function rawVerifyRate(messages: readonly AnySignedMessage[], network: string): number {
  const keys = new Map<string, ReturnType<typeof createPublicKey>>()
  const prepared = messages.slice(0, 2_000).map((m) => {
    const k = Buffer.from(m.signer).toString('hex')
    let key = keys.get(k)
    if (key === undefined) {
      key = createPublicKey({
        key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), m.signer]),
        format: 'der',
        type: 'spki',
      })
      keys.set(k, key)
    }
    return { key, data: concatBytes(domainTag(network, m.kind), m.bodyBytes), sig: m.signature }
  })
  let n = 0
  const start = performance.now()
  while (performance.now() - start < 1_000) {
    for (const p of prepared) if (verify(null, p.data, p.key, p.sig)) n++
  }
  return n / ((performance.now() - start) / 1_000)
}

export function accepted(results: readonly { verdict: Verdict }[]): void {
  for (const r of results) {
    if (r.verdict !== Verdict.Accept) throw new Error(`bench message not accepted: ${JSON.stringify(r)}`)
  }
}

/** Messages per second of `fn` over `n` messages. */
export async function rate(n: number, fn: () => Promise<void>): Promise<number> {
  const start = performance.now()
  await fn()
  return n / ((performance.now() - start) / 1_000)
}

/** Runs the engine benchmarks. */
export async function run(report: Report): Promise<void> {
  const { messages, genesis } = workload()
  const envelopes = messages.map((m) => m.bytes)
  const n = messages.length

  const applyRate = await withEngine(genesis, (engine) =>
    rate(n, async () => {
      for (const m of messages) accepted([await engine.submitVerified(m)])
    }),
  )
  report({ name: 'engine.apply', value: applyRate, unit: 'msg/s' })

  const baseline = rawVerifyRate(messages, genesis.networkId)

  const sync = (engine: Engine) =>
    rate(n, async () => {
      for (let i = 0; i < n; i += SYNC_CHUNK)
        accepted(await engine.ingestMany(envelopes.slice(i, i + SYNC_CHUNK)))
    })
  const gossip = (engine: Engine) =>
    rate(n, async () => {
      let next = 0
      const lane = async (): Promise<void> => {
        while (next < n) accepted([await engine.ingest(envelopes[next++]!)])
      }
      await Promise.all(Array.from({ length: GOSSIP_IN_FLIGHT }, lane))
    })
  const serial = (engine: Engine) =>
    rate(n, async () => {
      for (const bytes of envelopes) accepted([await engine.ingest(bytes)])
    })

  const pool = new VerifyPool()
  try {
    report({ name: 'engine.ingest', value: await withEngine(genesis, sync, pool), unit: 'msg/s', baseline })
    const gossipRate = await withEngine(genesis, gossip, pool)
    report({ name: 'engine.ingest.gossip', value: gossipRate, unit: 'msg/s', baseline })
  } finally {
    await pool.close()
  }
  const oneCore = await withEngine(genesis, sync)
  report({ name: 'engine.ingest.onecore', value: oneCore, unit: 'msg/s', baseline })
  report({ name: 'engine.ingest.serial', value: await withEngine(genesis, serial), unit: 'msg/s', baseline })
}
