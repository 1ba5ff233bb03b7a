/**
 * Starting from a certified checkpoint over the network (DESIGN §5.6, issue 9 item 5), real nodes on
 * 127.0.0.1: A holds a history whose tasks a checkpoint certifies (its validators' votes) and prunes
 * the folded bodies; B replays A's history through sync and holds one vote more. A fresh node C,
 * joining with an empty store, asks T first (a peer whose status names a newer checkpoint and whose
 * state is tampered): T is refused and banned; C takes A's state, verified against the certificate,
 * then syncs only what came after from B. A, B and C end with the same state root and derived
 * digest, and C holds fewer bodies than B.
 */

import { join } from 'node:path'
import { type Engine, latestCertifiedEpoch, prunableMessageIds } from '@aimesh/engine'
import { toHex } from '@aimesh/protocol'
import type { StateStore } from '@aimesh/store'
import { afterEach, describe, expect, it } from 'vitest'
import { foldingCheckpoint } from '../../../test/helpers/checkpoint.js'
import { type CheckpointSource, createNetwork, engineCheckpoints, joiningEngine } from '../src/index.js'
import { makeWorkload, type TestNode, Testnet, waitFor } from './helpers/testnet.js'

let net: Testnet | null = null
afterEach(async () => {
  await net?.stopAll()
  net = null
})

/** A source that serves `inner`'s state with one message body altered, and names a newer checkpoint. */
function tampered(inner: CheckpointSource): CheckpointSource {
  return {
    latest() {
      const l = inner.latest()
      return l === undefined ? undefined : { epoch: l.epoch + 1, id: l.id }
    },
    export(epoch) {
      const state = inner.export(epoch === 0 ? 0 : epoch - 1)
      if (state === undefined) return undefined
      async function* altered() {
        let done = false
        for await (const r of state!.records) {
          if (!done && r.column === 'messages' && r.value.length > 40) {
            const value = Uint8Array.from(r.value)
            value[value.length - 1]! ^= 0xff
            done = true
            yield { ...r, value }
          } else yield r
        }
      }
      return { header: state.header, records: altered() }
    },
  }
}

function roots(n: TestNode) {
  return { root: toHex(n.engine.stateRoot()), derived: toHex(n.engine.derivedDigest()) }
}

describe('start from a certified checkpoint over the network', () => {
  it('imports a verified state from an honest peer after refusing a tampered one, then syncs the rest', async () => {
    const w = makeWorkload({ seed: 31, tasks: 16 })
    const g = w.genesis
    // Every node's wall clock: after the history, then after the checkpoint (set below).
    let now = w.now
    net = new Testnet(w)
    const quiet = { sync: { antiEntropyMs: 0, syncOnStatus: false } }
    const serving = (engine: Engine, store: StateStore) =>
      engineCheckpoints(
        () => engine,
        () => store,
      )

    // A: the history and a checkpoint certified by its validators' votes (all but one).
    const a = await net.startNode({ now: () => now, init: quiet, checkpoints: serving })
    await a.engine.ingestMany(w.envelopes, now)
    const { epoch, votes, ...later } = await foldingCheckpoint(a.engine, w)
    now = later.now
    expect(votes.length).toBeGreaterThan(1)
    const [extra, ...certifying] = [...votes].reverse()
    await a.engine.ingestMany(
      certifying.map((v) => v.bytes),
      now,
    )
    await a.engine.advance(now)
    expect(latestCertifiedEpoch(a.engine)).toBe(epoch)

    // B replays A's whole history through sync, then gets the vote A lacks (what comes after).
    const b = await net.startNode({ now: () => now, init: quiet })
    await net.connect(b, a)
    await waitFor(() => b.network.reqresp.statuses().has(a.network.peerId), { what: 'B–A handshake' })
    await b.network.sync.sync([a.network.peerId])
    expect(b.engine.messageCount).toBe(a.engine.messageCount)
    await b.engine.ingestMany([extra!.bytes], now)

    // A cuts its history at the checkpoint.
    const prunable = prunableMessageIds(a.engine).length
    expect(prunable).toBeGreaterThan(0)
    expect(await a.engine.pruneFolded()).toBe(prunable)

    // T names a newer checkpoint than A and serves A's state with one envelope altered.
    const t = await net.startNode({
      now: () => now,
      init: quiet,
      checkpoints: () => tampered(serving(a.engine, a.store)),
    })

    // C joins: a joining network over an empty store, bootstrapping to T and A.
    const cState = join(await net.tempDir('aimesh-net-state-'), 'data')
    const cNet = await net.tempDir('aimesh-net-p2p-')
    const joining = createNetwork(
      { engine: joiningEngine(g) },
      {
        dataDir: cNet,
        listen: ['/ip4/127.0.0.1/tcp/0'],
        loopback: true,
        now: () => now,
        joining: true,
        bootstrap: [t.network.multiaddrs[0]!, a.network.multiaddrs[0]!],
      },
    )
    let result: Awaited<ReturnType<typeof joining.joinFromCheckpoint>>
    try {
      await joining.start()
      result = await joining.joinFromCheckpoint({
        genesis: g,
        target: cState,
        expectPeers: 2,
        waitMs: 30_000,
        now: () => now,
      })
    } finally {
      await joining.stop()
    }
    expect(result.refused.map((r) => ({ peer: r.peer, code: r.code }))).toEqual([
      { peer: t.network.peerId, code: 'BAD_MESSAGE' },
    ])
    expect(result.peer).toBe(a.network.peerId)
    expect(result.header?.epoch).toBe(epoch)
    expect(result.foldedTasks).toBeGreaterThan(0)

    // C runs on the imported store: T stays banned, C holds what A held and syncs only B's vote.
    const c = await net.startNode({ stateDir: cState, netDir: cNet, now: () => now, init: quiet })
    expect(c.network.bans().map((x) => x.peerId)).toContain(t.network.peerId)
    expect(roots(c)).toEqual(roots(a))
    await net.connect(c, b)
    await waitFor(() => c.network.reqresp.statuses().has(b.network.peerId), { what: 'C–B handshake' })
    const synced = await c.network.sync.sync([b.network.peerId])
    expect(synced).toMatchObject({ tasks: 1, accepted: 1, failedTasks: 0 })
    await net.connect(a, b)
    await waitFor(() => a.network.reqresp.statuses().has(b.network.peerId), { what: 'A–B handshake' })
    await a.network.sync.sync([b.network.peerId])

    const expected = roots(b)
    expect(roots(a)).toEqual(expected)
    expect(roots(c)).toEqual(expected)
    expect(await c.store.count('messages')).toBeLessThan(await b.store.count('messages'))
  }, 180_000)
})
