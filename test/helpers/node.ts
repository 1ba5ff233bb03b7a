/**
 * A node's persistent core for cross-package tests: a simulation workload as envelope bytes, an
 * engine over a real LevelDB StateStore, delivery in sync-sized chunks or one by one in any order,
 * and dumps for byte-for-byte comparison.
 */

import {
  createGenesis,
  Engine,
  type Genesis,
  LevelEngineStore,
  type ValidationResult,
  waitsForParent,
} from '@aimesh/engine'
import { MemoryEngineStore } from '@aimesh/engine/testing'
import { type AnySignedMessage, toHex, Verdict } from '@aimesh/protocol'
import {
  createSimulation,
  type Simulation,
  type SimulationOptions,
  startSimulation,
} from '@aimesh/simulation'
import { StateStore } from '@aimesh/store'

/** Envelopes per `ingestMany` call: a sync chunk (well under the engine's 512-message group commit). */
export const SYNC_CHUNK = 64

/** Most re-delivery passes for messages IGNOREd while their parents are missing (sync retries). */
export const MAX_REDELIVERY_PASSES = 60

/** A simulation with what a node needs to ingest it. */
export interface Workload {
  readonly sim: Simulation
  readonly genesis: Genesis
  /** Every valid envelope, parents before children. */
  readonly envelopes: Uint8Array[]
  /** The wall clock the node runs at: just after the last message, so nothing valid is ahead of it. */
  readonly now: number
  /** The engine clock while ingesting: genesis time, so no deadline has passed yet. */
  readonly startClock: number
}

/** Builds a deterministic workload (same options → same bytes). */
export function makeWorkload(options: SimulationOptions): Workload {
  const sim = createSimulation(options)
  return {
    sim,
    genesis: createGenesis(sim.genesis.init),
    envelopes: sim.messages.map((m) => m.bytes),
    now: sim.clock.end + 1_000,
    startClock: sim.genesis.genesisTime,
  }
}

/**
 * Like makeWorkload, but every checkpoint the simulation votes is what a node computes (DESIGN §5.6):
 * an in-memory engine ingests each message as it is generated and answers the simulator's
 * checkpoint questions with its own proposal (real trust digest, fold root and validator set).
 */
export async function makeCertifiedWorkload(options: SimulationOptions): Promise<Workload> {
  let source: Engine | undefined
  const run = startSimulation({ ...options, checkpoints: (epoch) => source!.checkpointProposal(epoch) })
  const genesis = createGenesis(run.genesis.init)
  const wallClock = Number.MAX_SAFE_INTEGER
  source = await Engine.open({
    store: new MemoryEngineStore(),
    genesis,
    clock: genesis.genesisTime,
    now: () => wallClock,
  })
  for (const event of run.events) {
    if (event.type !== 'message') continue
    const r = await source.submitVerified(event.message, wallClock)
    if (r.verdict !== Verdict.Accept)
      throw new Error(`the checkpoint source refused a message: ${JSON.stringify(r)}`)
  }
  const sim = run.result()
  return {
    sim,
    genesis,
    envelopes: sim.messages.map((m) => m.bytes),
    now: sim.clock.end + 1_000,
    startClock: sim.genesis.genesisTime,
  }
}

/** The workload the crash test's child regenerates from its seed (a few thousand messages). */
export function crashWorkloadOptions(seed: number): SimulationOptions {
  return { seed, tasks: 110 }
}

/**
 * Envelopes per `ingestMany` in the crash test's writer. One call is one group commit (it is far
 * below the engine's 512-message batch), so each chunk must be logged whole or not at all.
 */
export const CRASH_CHUNK = 48

/** The writer's chunks: fixed slices of the workload, so parent and child agree on them. */
export function chunksOf<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size))
  return out
}

/** An engine over a LevelDB StateStore in `dir`. */
export interface LevelNode {
  readonly dir: string
  readonly store: StateStore
  readonly port: LevelEngineStore
  readonly engine: Engine
  close(): Promise<void>
}

/** Opens the store in `dir` (creating it) and an engine over it at `clock`. */
export async function openNode(dir: string, w: Workload, clock: number = w.startClock): Promise<LevelNode> {
  const store = await StateStore.open(dir)
  try {
    const port = new LevelEngineStore(store)
    const engine = await Engine.open({ store: port, genesis: w.genesis, clock, now: () => w.now })
    return { dir, store, port, engine, close: () => store.close() }
  } catch (err) {
    await store.close()
    throw err
  }
}

/** Ingests envelopes with `ingestMany`, `chunk` at a time (one sync response each); results in order. */
export async function ingestChunks(
  engine: Engine,
  envelopes: readonly Uint8Array[],
  now: number,
  chunk = SYNC_CHUNK,
): Promise<ValidationResult[]> {
  const out: ValidationResult[] = []
  for (let i = 0; i < envelopes.length; i += chunk)
    out.push(...(await engine.ingestMany(envelopes.slice(i, i + chunk), now)))
  return out
}

/**
 * Ingests envelopes one at a time in the given order, re-delivering those IGNOREd for a missing
 * parent in later passes (as sync would) until every one is accepted. Fails on a REJECT or any other
 * IGNORE (a valid message must not depend on arrival order), or when a pass makes no progress.
 */
export async function ingestOneByOne(
  engine: Engine,
  envelopes: readonly Uint8Array[],
  now: number,
): Promise<{ passes: number; redelivered: number }> {
  let pending = [...envelopes]
  let redelivered = 0
  for (let pass = 1; pass <= MAX_REDELIVERY_PASSES; pass++) {
    const retry: Uint8Array[] = []
    for (const bytes of pending) {
      const r = await engine.ingest(bytes, now)
      if (r.verdict === Verdict.Accept) continue
      if (waitsForParent(r)) retry.push(bytes)
      else throw new Error(`valid envelope got ${r.verdict} ${r.code}: ${r.reason}`)
    }
    if (retry.length === 0) return { passes: pass, redelivered }
    if (retry.length === pending.length) throw new Error(`${retry.length} envelopes stay IGNOREd`)
    redelivered += retry.length
    pending = retry
  }
  throw new Error(`still ${pending.length} envelopes pending after ${MAX_REDELIVERY_PASSES} passes`)
}

/** One past the latest deadline of any task the engine holds: advancing there settles everything. */
export function pastEveryDeadline(engine: Engine): number {
  let latest = engine.clock
  for (const t of engine.state.tasks())
    for (const d of t.derived?.deadlines ?? []) latest = Math.max(latest, d)
  return latest + 1
}

/** A map of bytes as sorted `key → hex`, for readable equality failures. */
export function hexEntries(m: Map<string, Uint8Array>): Record<string, string> {
  return Object.fromEntries(
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, toHex(v)]),
  )
}

/** Everything that must match between two nodes holding the same messages: root, records, store columns. */
export async function nodeState(node: { engine: Engine; port: LevelEngineStore }): Promise<{
  root: string
  records: Record<string, string>
  stored: Record<string, string>
}> {
  return {
    root: toHex(node.engine.stateRoot()),
    records: hexEntries(node.engine.dumpRecords()),
    stored: hexEntries(await node.port.dumpRecords()),
  }
}

/** Ids (hex) of every message in the store's log. */
export async function loggedIds(store: StateStore): Promise<Set<string>> {
  const ids = new Set<string>()
  for await (const m of store.iterateMessages()) ids.add(toHex(m.id))
  return ids
}

/** Hex id of a message. */
export function idOf(m: AnySignedMessage): string {
  return toHex(m.id)
}

/** Mulberry32: a small seeded PRNG so a failing run can be replayed from its printed seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An integer in [min, max] from `rnd`. */
export function randInt(rnd: () => number, min: number, max: number): number {
  return min + Math.floor(rnd() * (max - min + 1))
}

/** The seed for a test's random choices: AIMESH_TEST_SEED when set (to replay), else fresh. */
export function testSeed(): number {
  const fromEnv = Number(process.env.AIMESH_TEST_SEED)
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 1 + Math.floor(Math.random() * 2 ** 31)
}
