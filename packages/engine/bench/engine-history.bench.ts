/**
 * Engine cost against history (DESIGN §9, §5.12): the three figures that show whether a node can
 * live with a long message log. They run engine.ingest's workload and harness (sync chunks of
 * SYNC_CHUNK through `ingestMany`, signatures checked by a VerifyPool, a real LevelDB in a temp
 * dir) at a size of HISTORY messages held (100k; AIMESH_BENCH_HISTORY overrides it, e.g. 20000
 * for a shorter run). A throwaway engine ingests WARMUP messages first, so the first window measures
 * the engine rather than the JIT. Progress goes to stderr.
 * - engine.ingest.history: messages per second for the WINDOW messages ingested once HISTORY are
 *   held; baseline = the same engine's rate for its first WINDOW (goal ratio ≥ 0.8: flat in history);
 * - engine.open: seconds for `Engine.open` over the store just written (HISTORY + WINDOW messages),
 *   reopened; baseline = seconds for one raw iteration of its message log on that store; ratio =
 *   baseline / value (goal ≥ 0.25, i.e. open within 4× one scan);
 * - engine.heap: heap bytes per held message after that open, after full GCs (heapUsed with the
 *   opened engine and its store minus heapUsed once both are released, over the messages held; the
 *   array buffer bytes held besides, outside the V8 heap, are printed with the progress); baseline
 *   500 bytes; ratio = 500 / value (goal ≥ 1). GC is `globalThis.gc` when node runs with
 *   --expose-gc, otherwise the same function obtained at runtime (v8 flag + vm context).
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { BenchReport } from '@aimesh/protocol/testing'
import { StateStore } from '@aimesh/store'
import { type Engine, VerifyPool } from '../src/index.js'
import {
  accepted,
  MESSAGES_PER_TASK,
  openBenchEngine,
  rate,
  SYNC_CHUNK,
  withTempDir,
  workload,
} from './engine.bench.js'

/** Messages held before the measured window (DESIGN §9: "with 100k messages held"). */
const HISTORY = 100_000
/** Messages in each measured ingest window (the first ones, and those after HISTORY). */
const WINDOW = 5_000
/** Environment variable that overrides HISTORY for a shorter (or longer) run. */
const HISTORY_ENV = 'AIMESH_BENCH_HISTORY'
/** Heap bytes per held message the design allows (DESIGN §9). */
const HEAP_GOAL_BYTES = 500
/** Messages between two progress lines while history is being built. */
const PROGRESS_EVERY = 10_000
/** Messages a throwaway engine ingests first, to warm the JIT and the verify pool. */
const WARMUP = 2_000

function historySize(): number {
  const raw = process.env[HISTORY_ENV]
  if (raw === undefined || raw === '') return HISTORY
  const n = Number(raw)
  if (!Number.isInteger(n) || n < WINDOW) {
    throw new Error(`${HISTORY_ENV} must be a whole number of messages ≥ ${WINDOW}; got "${raw}"`)
  }
  return n
}

function progress(line: string): void {
  process.stderr.write(`engine-history: ${line}\n`)
}

/** A full garbage collection: node's own `gc` if exposed, else enabled at runtime. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc
  if (typeof exposed === 'function') return exposed
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

/** Heap used and array buffer bytes (typed arrays' backing stores, outside the heap) after GC. */
function heapAfterGc(gc: () => void): { heap: number; buffers: number } {
  // Twice: the first pass can leave objects that only become garbage once finalizers ran.
  gc()
  gc()
  const m = process.memoryUsage()
  return { heap: m.heapUsed, buffers: m.arrayBuffers }
}

/** Signed envelopes for `count` messages in task order (the message objects are dropped). */
function envelopes(count: number): { genesis: ReturnType<typeof workload>['genesis']; bytes: Uint8Array[] } {
  const { messages, genesis } = workload(Math.ceil(count / MESSAGES_PER_TASK))
  return { genesis, bytes: messages.slice(0, count).map((m) => m.bytes) }
}

/** Lets pending callbacks (store and pool shutdown) run, so what they held can be collected. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 200))
}

type Genesis = ReturnType<typeof workload>['genesis']

/** Ingests `log` as sync chunks into an engine over `dir`, reporting engine.ingest.history. */
async function ingestHistory(
  dir: string,
  genesis: Genesis,
  log: readonly Uint8Array[],
  held: number,
  pool: VerifyPool,
  report: BenchReport,
): Promise<void> {
  const store = await StateStore.open(dir)
  try {
    const engine = await openBenchEngine(store, genesis, pool)
    const ingest = (from: number, to: number) =>
      rate(to - from, async () => {
        for (let i = from; i < to; i += SYNC_CHUNK) {
          accepted(await engine.ingestMany(log.slice(i, Math.min(i + SYNC_CHUNK, to))))
        }
      })
    const first = await ingest(0, WINDOW)
    progress(`first ${WINDOW}: ${first.toFixed(0)} msg/s`)
    for (let at = WINDOW; at < held; at += PROGRESS_EVERY) {
      const to = Math.min(at + PROGRESS_EVERY, held)
      progress(`held ${to}: ${(await ingest(at, to)).toFixed(0)} msg/s`)
    }
    const late = await ingest(held, log.length)
    progress(`${log.length - held} with ${held} held: ${late.toFixed(0)} msg/s`)
    report({ name: 'engine.ingest.history', value: late, unit: 'msg/s', baseline: first })
  } finally {
    await store.close()
  }
}

/**
 * Reopens the store at `dir`, reports engine.open against one raw scan of the log, and returns the
 * heap after GC while the engine is open with the number of messages it holds.
 */
async function openHistory(
  dir: string,
  genesis: Genesis,
  gc: () => void,
  report: BenchReport,
): Promise<{ heap: { heap: number; buffers: number }; held: number }> {
  const store = await StateStore.open(dir)
  try {
    let scanned = 0
    const scanStart = performance.now()
    for await (const _ of store.iterateMessages()) scanned++
    const scanSeconds = (performance.now() - scanStart) / 1_000
    progress(`raw scan of ${scanned} logged messages: ${scanSeconds.toFixed(2)} s`)

    const openStart = performance.now()
    const engine: Engine = await openBenchEngine(store, genesis)
    const openSeconds = (performance.now() - openStart) / 1_000
    progress(`Engine.open over ${scanned} messages: ${openSeconds.toFixed(2)} s`)
    report({ name: 'engine.open', value: openSeconds, unit: 's', baseline: scanSeconds, lowerIsBetter: true })

    const heap = heapAfterGc(gc)
    // Read after the heap was measured, so the engine is still reachable when the GC runs.
    return { heap, held: engine.messageCount }
  } finally {
    await store.close()
  }
}

/** Runs the history figures. */
export async function run(report: BenchReport): Promise<void> {
  const held = historySize()
  const gc = collector()
  const total = held + WINDOW
  progress(`signing ${total} messages (${HISTORY_ENV}=${held})`)
  const built = envelopes(total)
  const { genesis } = built

  const pool = new VerifyPool()
  try {
    // Warm the JIT and the pool's workers on a throwaway engine, so the first window measures the
    // engine rather than compilation.
    await withTempDir(async (dir) => {
      const store = await StateStore.open(dir)
      try {
        const engine = await openBenchEngine(store, genesis, pool)
        for (let i = 0; i < WARMUP; i += SYNC_CHUNK) {
          accepted(await engine.ingestMany(built.bytes.slice(i, Math.min(i + SYNC_CHUNK, WARMUP))))
        }
      } finally {
        await store.close()
      }
    })
    await withTempDir(async (dir) => {
      await ingestHistory(dir, genesis, built.bytes, held, pool, report)
      built.bytes = [] // only the reopened engine's state should be on the heap below
      await pool.close()
      const open = await openHistory(dir, genesis, gc, report)
      await settle()
      // What the engine and its store held: the heap with them open minus the heap once released.
      const released = heapAfterGc(gc)
      const perMessage = (open.heap.heap - released.heap) / open.held
      const buffers = (open.heap.buffers - released.buffers) / open.held
      progress(`heap held by the engine over ${open.held} messages: ${perMessage.toFixed(0)} B/msg`)
      // Typed arrays' contents (the id index, packed ids) live outside the V8 heap: shown beside it.
      progress(`array buffers held besides: ${buffers.toFixed(0)} B/msg`)
      report({
        name: 'engine.heap',
        value: perMessage,
        unit: 'B/msg',
        baseline: HEAP_GOAL_BYTES,
        lowerIsBetter: true,
      })
    })
  } finally {
    await pool.close()
  }
}
