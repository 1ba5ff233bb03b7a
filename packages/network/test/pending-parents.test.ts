/**
 * Unit tests of the pending buffer (DESIGN §5.10) over a fake engine and fetcher: a held verdict is
 * reported once the parent lands, late children are pushed with their parents, the per-peer and
 * total caps hold, and nothing is held without a fetcher.
 */
import type { ValidationResult } from '@aimesh/engine'
import { Verdict } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { PendingParents } from '../src/gossip/pending-parents.js'
import type { GossipJob, GossipOutcome } from '../src/gossip/pipeline.js'
import { type NetworkEngine, nullMetrics, type ParentFetcher, silentLogger } from '../src/ports.js'

const PARENT_ID = new Uint8Array(32).fill(7)
const PARENT = new Uint8Array([1, 2, 3])

function setup(opts: { windowMs?: number; maxPerPeer?: number; maxTotal?: number; fetcher?: boolean } = {}) {
  let parentHeld = false
  const settled: Array<[string, GossipOutcome]> = []
  const pushed: Array<[string, Uint8Array[]]> = []
  const missing: ValidationResult = {
    verdict: Verdict.Ignore,
    code: 'MISSING_PARENT',
    reason: 'parent',
    missing: [PARENT_ID],
  } as ValidationResult
  const engine = {
    genesis: { networkId: 'testnet' },
    ingest: async () => (parentHeld ? { verdict: Verdict.Accept } : missing),
    ingestMany: async (envs: Uint8Array[]) => {
      parentHeld = true
      return envs.map(() => ({ verdict: Verdict.Accept }))
    },
    getMessage: () => (parentHeld ? { bytes: PARENT } : undefined),
  } as unknown as NetworkEngine
  const fetcher: ParentFetcher = {
    fetchParents: async () => [PARENT],
    replicate: async (peer, envs) => {
      pushed.push([peer, [...envs]])
    },
  }
  const pending = new PendingParents(
    {
      engine,
      fetcher: () => (opts.fetcher === false ? null : fetcher),
      settle: (job, outcome) => settled.push([job.msgId, outcome]),
      peers: () => ['peer-a', 'peer-b'],
      metrics: nullMetrics,
      logger: silentLogger,
    },
    {
      networkId: 'testnet',
      gossipWindowMs: opts.windowMs ?? 60_000,
      maxPerPeer: opts.maxPerPeer,
      maxTotal: opts.maxTotal,
    },
  )
  const job = (msgId: string, from = 'peer-a'): GossipJob => ({
    msgId,
    from,
    topic: 'validation',
    data: new Uint8Array([9, msgId.length]),
    receivedAt: performance.now(),
  })
  return { pending, settled, pushed, job, missing }
}

const settle = () => new Promise((r) => setTimeout(r, 120))

describe('pending parents', () => {
  it('holds a child, fetches its parent and reports the held ACCEPT', async () => {
    const { pending, settled, job } = setup()
    expect(pending.offer(job('m1'), { code: 'MISSING_PARENT', missing: [PARENT_ID] })).toBe(true)
    await settle()
    expect(settled).toEqual([['m1', { verdict: Verdict.Accept, code: 'OK' }]])
    expect(pending.size).toBe(0)
    await pending.stop()
  })

  it('pushes a child accepted after the gossip window with its parent first', async () => {
    const { pending, settled, pushed, job } = setup({ windowMs: -1 })
    pending.offer(job('m1'), { code: 'MISSING_PARENT', missing: [PARENT_ID] })
    await settle()
    expect(settled[0]![1].code).toBe('OK_LATE')
    expect(pushed.map(([peer, envs]) => [peer, envs.length])).toEqual([['peer-b', 2]])
    expect(pushed[0]![1][0]).toEqual(PARENT)
    await pending.stop()
  })

  it('keeps the per-peer and total caps, and holds nothing without a fetcher', async () => {
    const capped = setup({ maxPerPeer: 2, maxTotal: 3 })
    // Never resolves the parent: the fetcher finds it, but the engine stays missing.
    const r = { code: 'MISSING_PARENT', missing: [PARENT_ID] }
    expect(capped.pending.offer(capped.job('a1'), r)).toBe(true)
    expect(capped.pending.offer(capped.job('a2'), r)).toBe(true)
    expect(capped.pending.offer(capped.job('a3'), r)).toBe(false)
    expect(capped.pending.offer(capped.job('b1', 'peer-b'), r)).toBe(true)
    expect(capped.pending.offer(capped.job('b2', 'peer-b'), r)).toBe(false)
    expect(capped.pending.offer(capped.job('x', 'peer-a'), { code: 'DUPLICATE' })).toBe(false)
    await capped.pending.stop()
    const none = setup({ fetcher: false })
    expect(none.pending.offer(none.job('m'), r)).toBe(false)
    await none.pending.stop()
  })
})
