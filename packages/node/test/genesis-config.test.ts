/** Genesis files and config (DESIGN §4, issue: errors name the field and why). */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { genesisHash } from '@aimesh/engine'
import { afterEach, describe, expect, it } from 'vitest'
import {
  genesisToFile,
  loadConfig,
  loadGenesisFile,
  makeGenesis,
  type NodeError,
  parseGenesis,
  writeGenesisFile,
} from '../src/index.js'
import { tempDir } from './helpers/home.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function dir() {
  const t = await tempDir('aimesh-cfg-')
  cleanups.push(t.cleanup)
  return t.dir
}

function fails(fn: () => unknown): NodeError {
  try {
    fn()
  } catch (err) {
    return err as NodeError
  }
  throw new Error('expected an error')
}

describe('genesis file', () => {
  const base = genesisToFile(makeGenesis({ networkId: 'gtest', genesisTime: 1_700_000_000_000 }).genesis)

  it('round-trips through a file with the engine hash, whatever the key order', async () => {
    const path = join(await dir(), 'genesis.json')
    const made = makeGenesis({
      networkId: 'gtest',
      genesisTime: 1_700_000_000_000,
      preTrustedValidators: ['AB'.repeat(32)],
    })
    const hash = await writeGenesisFile(path, made.genesis)
    const loaded = await loadGenesisFile(path)
    expect(loaded.hash).toBe(hash)
    expect(loaded.hash).toBe(genesisHash(made.genesis))
    expect(loaded.genesis.preTrustedValidators).toEqual(['ab'.repeat(32)])
    const reordered = Object.fromEntries(Object.entries(genesisToFile(made.genesis)).reverse())
    expect(parseGenesis(reordered).hash).toBe(hash)
  })

  it.each([
    [{ networkId: 'Bad Id!' }, 'networkId'],
    [{ genesisTime: -5 }, 'genesisTime'],
    [{ genesisTime: 1.5 }, 'genesisTime'],
    [{ preTrustedValidators: ['xyz'] }, 'preTrustedValidators[0]'],
    [{ params: { roundMs: 'soon' } }, 'params.roundMs'],
    [{ params: { roundMz: 5 } }, 'params'],
    [{ params: { maxRounds: 0 } }, 'params.maxRounds'],
    [
      { params: { rewardSplit: { winnersBps: 1, participantsBps: 1, validatorsBps: 1, networkBps: 1 } } },
      'params.rewardSplit',
    ],
    [{ format: 'other' }, 'format'],
    [{ extra: true }, '(root)'],
  ])('names the field of %j', (patch, field) => {
    const err = fails(() =>
      parseGenesis({
        ...base,
        ...patch,
        params: { ...base.params, ...(patch as { params?: object }).params },
      }),
    )
    expect(err.code).toBe('GENESIS_INVALID')
    expect(err.field).toBe(field)
    expect(err.message).toContain(field === '(root)' ? 'extra' : field.split('[')[0]!)
  })

  it('says what to do when the file is missing or not JSON', async () => {
    const d = await dir()
    await expect(loadGenesisFile(join(d, 'none.json'))).rejects.toThrow(/aimesh init/)
    await writeFile(join(d, 'bad.json'), '{ nope')
    await expect(loadGenesisFile(join(d, 'bad.json'))).rejects.toThrow(/not valid JSON/)
  })
})

describe('config', () => {
  it('layers defaults < file < environment < options', async () => {
    const home = await dir()
    await writeFile(
      join(home, 'config.json'),
      JSON.stringify({
        api: { port: 9001, host: '127.0.0.2' },
        backup: { keep: 3 },
        log: { level: 'debug' },
      }),
    )
    const c = await loadConfig({
      env: {
        AIMESH_HOME: home,
        AIMESH_API_PORT: '9002',
        AIMESH_BOOTSTRAP: '/ip4/1.2.3.4/tcp/1,/ip4/5.6.7.8/tcp/2',
      },
      options: { log: { level: 'warn' } },
    })
    expect(c.home).toBe(home)
    expect(c.api).toEqual({ enabled: true, host: '127.0.0.2', port: 9002 })
    expect(c.backup.keep).toBe(3)
    expect(c.log.level).toBe('warn')
    expect(c.network.bootstrap).toEqual(['/ip4/1.2.3.4/tcp/1', '/ip4/5.6.7.8/tcp/2'])
    expect(c.clock.intervalMs).toBe(1_000)
    expect(c.dataDir).toBe(join(home, 'data'))
  })

  it('starts an empty data dir from a checkpoint unless told never to', async () => {
    const home = await dir()
    const byDefault = await loadConfig({ env: { AIMESH_HOME: home } })
    expect(byDefault.sync).toEqual({ fromCheckpoint: 'auto', checkpointWaitMs: 10_000 })
    const never = await loadConfig({
      env: { AIMESH_HOME: home, AIMESH_FROM_CHECKPOINT: 'never', AIMESH_CHECKPOINT_WAIT_MS: '500' },
    })
    expect(never.sync).toEqual({ fromCheckpoint: 'never', checkpointWaitMs: 500 })
    const wrong = await loadConfig({ env: { AIMESH_HOME: home, AIMESH_FROM_CHECKPOINT: 'sometimes' } }).catch(
      (e: NodeError) => e,
    )
    expect(wrong).toMatchObject({ code: 'CONFIG_INVALID', field: 'sync.fromCheckpoint' })
    expect((wrong as Error).message).toContain('AIMESH_FROM_CHECKPOINT')
  })

  it('names the field, and the variable that set it', async () => {
    const home = await dir()
    await expect(loadConfig({ env: {}, options: { home, api: { port: 70_000 } } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      field: 'api.port',
    })
    const fromEnv = await loadConfig({ env: { AIMESH_HOME: home, AIMESH_API_PORT: 'eighty' } }).catch(
      (e: NodeError) => e,
    )
    expect(fromEnv).toMatchObject({ code: 'CONFIG_INVALID', field: 'api.port' })
    expect((fromEnv as Error).message).toContain('AIMESH_API_PORT')
    await writeFile(join(home, 'config.json'), JSON.stringify({ backup: { kepp: 3 } }))
    const typo = await loadConfig({ env: { AIMESH_HOME: home } }).catch((e: NodeError) => e)
    expect(typo).toMatchObject({ code: 'CONFIG_INVALID', field: 'backup' })
    expect((typo as Error).message).toContain('kepp')
    await writeFile(join(home, 'config.json'), '{ broken')
    await expect(loadConfig({ env: { AIMESH_HOME: home } })).rejects.toThrow(/not valid JSON/)
  })
})
