/**
 * When a joining node stops waiting for statuses (sync/checkpoint-join.ts checkpointCandidates): as
 * soon as enough peers answered, or every bootstrap dial settled and every connected peer answered;
 * never for a peer whose dial failed. The wait given is far longer than the test's timeout, so a
 * wait that ran to it fails the test; the number of looks at the peers is checked too.
 */
import type { Status } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import type { ReqRespClient } from '../../src/reqresp/client.js'
import type { PeerStatus } from '../../src/reqresp/service.js'
import { type CheckpointJoinComponents, checkpointCandidates } from '../../src/sync/checkpoint-join.js'

const NEVER_MS = 3_600_000

function statusAt(epoch: number | null): PeerStatus {
  const status = {
    genesisHash: new Uint8Array(32),
    messageRoot: new Uint8Array(32),
    messages: 0,
    tasks: 0,
    clock: 0,
    ...(epoch === null ? {} : { checkpoint: { epoch, id: new Uint8Array(32) } }),
  } as Status
  return { status, at: 0 }
}

/** Components whose peers, statuses and dials follow `script(look)`, `look` counting the looks. */
function scripted(
  script: (look: number) => { peers: string[]; statuses: [string, number | null][]; dials: number },
) {
  let looks = 0
  let now = script(0)
  const c: CheckpointJoinComponents = {
    client: {} as ReqRespClient,
    // Each look at the peers starts with their statuses (the order checkpointCandidates reads in).
    statuses: () => {
      now = script(++looks)
      return new Map(now.statuses.map(([p, e]) => [p, statusAt(e)]))
    },
    peers: () => now.peers,
    dialsInFlight: () => now.dials,
    rank: (ids) => [...ids],
    reporter: null,
  }
  return { c, looks: () => looks }
}

describe('waiting for checkpoint candidates', () => {
  it('stops once every bootstrap dial failed', async () => {
    const s = scripted((look) => ({ peers: [], statuses: [], dials: look < 3 ? 2 : 0 }))
    expect(await checkpointCandidates(s.c, { waitMs: NEVER_MS, expectPeers: 2 })).toEqual([])
    expect(s.looks()).toBe(3)
  })

  it('takes the peer that answered when the other dial failed', async () => {
    const s = scripted((look) => ({
      peers: look < 2 ? [] : ['up'],
      statuses: look < 4 ? [] : [['up', 3]],
      dials: look < 5 ? 1 : 0,
    }))
    expect(await checkpointCandidates(s.c, { waitMs: NEVER_MS, expectPeers: 2 })).toEqual(['up'])
    expect(s.looks()).toBe(5)
  })

  it('waits for a connected peer to answer, and stops once enough answered', async () => {
    // Dials settled early, but the peer connected has not sent its status until the fourth look.
    const s = scripted((look) => ({
      peers: ['a'],
      statuses: look < 4 ? [] : [['a', 1]],
      dials: 0,
    }))
    expect(await checkpointCandidates(s.c, { waitMs: NEVER_MS, expectPeers: 1 })).toEqual(['a'])
    expect(s.looks()).toBe(4)

    // Two answers expected and given while a third dial is still in flight: latest epoch first.
    const e = scripted(() => ({
      peers: ['old', 'new', 'none'],
      statuses: [
        ['old', 1],
        ['new', 2],
        ['none', null],
      ],
      dials: 1,
    }))
    expect(await checkpointCandidates(e.c, { waitMs: NEVER_MS, expectPeers: 2 })).toEqual(['new', 'old'])
    expect(e.looks()).toBe(1)
  })
})
