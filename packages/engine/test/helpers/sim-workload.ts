/**
 * Small simulated workloads (@aimesh/simulation) whose checkpoint votes carry what a node computes,
 * and what two engines must agree on (DESIGN §5.1, §5.13): for the stored-state and pruning suites.
 */
import { type AnySignedMessage, toHex, Verdict } from '@aimesh/protocol'
import { type Actor, type SimulationOptions, startSimulation } from '@aimesh/simulation'
import { createGenesis, Engine, type Genesis } from '../../src/index.js'
import { MemoryEngineStore } from '../../src/testing/index.js'

/** A small simulated workload whose checkpoint votes carry what a node computes. */
export interface SimWorkload {
  genesis: Genesis
  messages: AnySignedMessage[]
  start: number
  end: number
  now: number
  validators: readonly Actor[]
  /** Every actor (publishers, miners, validators), with its key and profile. */
  actors: readonly Actor[]
}

/** `overrides` replace the defaults below (phases, epochs, honesty), for suites that need them. */
export async function simWorkload(
  seed: number,
  tasks = 5,
  overrides: Partial<SimulationOptions> = {},
): Promise<SimWorkload> {
  let source: Engine | undefined
  const run = startSimulation({
    seed,
    tasks,
    miners: 5,
    validators: 4,
    publishers: 2,
    epochMs: 120_000,
    checkpointDelayMs: 30_000,
    ...overrides,
    checkpoints: (epoch) => source!.checkpointProposal(epoch),
  })
  const genesis = createGenesis(run.genesis.init)
  const wall = Number.MAX_SAFE_INTEGER
  source = await Engine.open({
    store: new MemoryEngineStore(),
    genesis,
    clock: genesis.genesisTime,
    now: () => wall,
  })
  for (const e of run.events) {
    if (e.type !== 'message') continue
    const r = await source.submitVerified(e.message, wall)
    if (r.verdict !== Verdict.Accept) throw new Error(`simulation message refused: ${JSON.stringify(r)}`)
  }
  const sim = run.result()
  return {
    genesis,
    messages: sim.messages,
    start: genesis.genesisTime,
    end: sim.clock.end,
    now: sim.clock.end + 1_000,
    validators: sim.cast.validators,
    actors: sim.cast.all,
  }
}

/** What two engines must agree on. */
export function fingerprint(e: Engine) {
  return {
    root: toHex(e.stateRoot()),
    derived: toHex(e.derivedDigest()),
    records: Object.fromEntries([...e.dumpRecords()].map(([k, v]) => [k, toHex(v)])),
    count: e.messageCount,
  }
}

/** Applies messages as a few group commits; every one must be accepted (or already held). */
export async function apply(e: Engine, msgs: readonly AnySignedMessage[], now: number): Promise<void> {
  for (let i = 0; i < msgs.length; i += 40) {
    const rs = await e.submitManyVerified(msgs.slice(i, i + 40), now)
    for (const r of rs)
      if (r.verdict !== Verdict.Accept && !(r.verdict === Verdict.Ignore && r.code === 'DUPLICATE'))
        throw new Error(`workload message not applied: ${JSON.stringify(r)}`)
  }
}
