/**
 * The `checkpoint` row over in-memory stream pairs (DESIGN §4, §5.6): a server holding no certified
 * checkpoint answers RESOURCE_UNAVAILABLE without a penalty; one holding a state streams it in signed
 * chunks of at most checkpointChunkEntries entries, the first naming the cut, and the client writes
 * exactly those records to a state file; an entry naming no exported column is refused and costs
 * the server `low`.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CHECKPOINT_FORMAT, type CheckpointHeader } from '@aimesh/engine'
import { REQRESP_LIMITS, ResultCode, toHex } from '@aimesh/protocol'
import { readStateFile, type StateRecord } from '@aimesh/store'
import { afterEach, describe, expect, it } from 'vitest'
import type { CheckpointSource } from '../../src/ports.js'
import { downloadCheckpoint } from '../../src/reqresp/checkpoint-chunks.js'
import { isReqRespError } from '../../src/reqresp/errors.js'
import { engineWith, makeRig, makeWorld } from './pair.js'

const world = makeWorld()
const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

const header: CheckpointHeader = {
  format: CHECKPOINT_FORMAT,
  networkId: world.genesis.networkId,
  epoch: 3,
  digest: 'ab'.repeat(32),
  foldRoot: 'cd'.repeat(32),
  trustDigest: 'ef'.repeat(32),
  stateRoot: '01'.repeat(32),
  messages: 600,
}

function records(n: number, column: string = 'messages'): StateRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    column: column as StateRecord['column'],
    key: Uint8Array.of(i >> 8, i & 0xff),
    value: new Uint8Array(100).fill(i & 0xff),
  }))
}

function source(list: StateRecord[] | null): CheckpointSource {
  return {
    latest: () => (list === null ? undefined : { epoch: header.epoch, id: new Uint8Array(32) }),
    export: () => {
      if (list === null) return undefined
      async function* all() {
        yield* list!
      }
      return { header, records: all() }
    },
  }
}

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'aimesh-checkpoint-row-'))
  dirs.push(dir)
  return join(dir, 'state')
}

describe('checkpoint row', () => {
  it('answers RESOURCE_UNAVAILABLE without a penalty when no checkpoint is certified', async () => {
    const rig = await makeRig(world, await engineWith(world), { checkpoints: source(null) })
    try {
      await rig.client.requestAll(rig.serverPeer, 'checkpoint', { epoch: 0 })
      throw new Error('request succeeded')
    } catch (err) {
      if (!isReqRespError(err)) throw err
      expect(err.code).toBe('REMOTE_ERROR')
      expect(err.result).toBe(ResultCode.RESOURCE_UNAVAILABLE)
    }
    expect(rig.clientReports.reports).toEqual([])
    expect(rig.serverReports.reports).toEqual([])
  })

  it('streams the state in chunks of bounded entries and the client writes it whole', async () => {
    const list = records(600)
    const rig = await makeRig(world, await engineWith(world), { checkpoints: source(list) })
    const chunks = await rig.client.requestAll(rig.serverPeer, 'checkpoint', { epoch: 0 })
    expect(chunks.length).toBe(Math.ceil(600 / REQRESP_LIMITS.checkpointChunkEntries))
    expect(chunks[0]!.info?.epoch).toBe(3)
    expect(chunks.slice(1).every((c) => c.info === undefined)).toBe(true)
    expect(chunks.every((c) => c.entries.length <= REQRESP_LIMITS.checkpointChunkEntries)).toBe(true)

    const path = await tempFile()
    const got = await downloadCheckpoint(rig.client, rig.serverPeer, world.genesis.networkId, path)
    expect(got).toEqual({ header, records: 600 })
    const file = await readStateFile(path)
    expect(file.header).toEqual(header)
    const back: string[] = []
    for await (const r of file.records) back.push(`${r.column}:${toHex(r.key)}:${toHex(r.value)}`)
    expect(back).toEqual(list.map((r) => `${r.column}:${toHex(r.key)}:${toHex(r.value)}`))
  })

  it('refuses an entry of a column a state export does not have, and penalizes the server', async () => {
    const rig = await makeRig(world, await engineWith(world), { checkpoints: source(records(3, 'trust')) })
    const path = await tempFile()
    try {
      await downloadCheckpoint(rig.client, rig.serverPeer, world.genesis.networkId, path, {
        reporter: rig.clientReports,
      })
      throw new Error('download succeeded')
    } catch (err) {
      if (!isReqRespError(err)) throw err
      expect(err.code).toBe('MALFORMED_RESPONSE')
    }
    expect(rig.clientReports.reports).toEqual([
      { peer: rig.serverPeer.toString(), action: 'low', code: 'reqresp/checkpoint/MALFORMED_RESPONSE' },
    ])
  })
})
