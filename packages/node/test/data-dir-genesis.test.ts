/**
 * A data dir belongs to one network (DESIGN §1, §7): the first start writes its genesis hash, and a
 * node given another genesis over the same data dir refuses to start with GENESIS_MISMATCH naming
 * both hashes and what to do; the data dir is left as it was.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createNode,
  DATA_DIR_GENESIS_FILE,
  GenesisMismatchError,
  makeGenesis,
  TESTNET_PARAMS,
} from '../src/index.js'
import { TestClock, tempDir, testHome, testNode } from './helpers/home.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('a data dir made with another genesis', () => {
  it('is refused with both hashes and what to do', async () => {
    const { dir, cleanup } = await tempDir()
    cleanups.push(cleanup)
    const clock = new TestClock(Date.now())
    const home = await testHome(dir, clock.t)
    const first = await testNode(dir, clock)
    await first.start()
    const stateRoot = first.queries.roots().stateRoot
    await first.stop()
    const stored = (await readFile(join(home.config.dataDir, DATA_DIR_GENESIS_FILE), 'utf8')).trim()
    expect(stored).toBe(home.genesis.hash)

    // The same data dir, another network.
    const other = makeGenesis({ networkId: 'othernet', genesisTime: clock.t, params: TESTNET_PARAMS })
    const wrong = await testNode(dir, clock)
    const refused = await testNodeWith(dir, clock, other.genesis).then((n) =>
      n.start().then(
        () => null,
        (e: unknown) => e,
      ),
    )
    expect(refused).toBeInstanceOf(GenesisMismatchError)
    const e = refused as GenesisMismatchError
    expect(e.code).toBe('GENESIS_MISMATCH')
    expect(e.mismatch).toEqual({ dataDir: home.config.dataDir, stored: home.genesis.hash, given: other.hash })
    expect(e.message).toContain(home.genesis.hash)
    expect(e.message).toContain(other.hash)
    expect(e.message).toMatch(/empty data dir/)

    // Nothing was changed: the right genesis still opens the same state.
    await wrong.start()
    expect(wrong.queries.roots().stateRoot).toBe(stateRoot)
    await wrong.stop()
  })
})

async function testNodeWith(
  dir: string,
  clock: TestClock,
  genesis: ReturnType<typeof makeGenesis>['genesis'],
) {
  return createNode({
    home: dir,
    env: {},
    network: false,
    clock,
    genesis,
    config: { api: { enabled: false }, log: { level: 'silent' }, backup: { intervalMs: 0 } },
  })
}
