/**
 * Unit tests of the gossip pipeline's wrapper (DESIGN §4, §8) over a fake router and engine: one
 * verdict per message to gossipsub, a peer action on REJECT, a metric per topic, verdict and code,
 * and an unexpected exception becomes IGNORE. The verdict is reported when the engine hears it
 * (staged), not when the write lands, and each stage is timed.
 */
import { IgnoreCode, RejectCode, type ValidationResult } from '@aimesh/engine'
import { Verdict } from '@aimesh/protocol'
import { TypedEventEmitter } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { describe, expect, it } from 'vitest'
import { GossipPipeline } from '../src/gossip/pipeline.js'
import { GossipTopics } from '../src/gossip/topics.js'
import type { GossipDelivery, GossipRouter } from '../src/host/host.js'
import { type NetworkEngine, type PeerAction, silentLogger } from '../src/ports.js'
import { MetricsRecorder, makeWorkload } from './helpers/testnet.js'

const w = makeWorkload({ seed: 3, tasks: 1 })
const PEER = '12D3KooWRRbvUUyQisD1ePsZBdZmxP5QAG4GFrTtUNJt9mqNfQjA'

function setup(
  ingest: (
    bytes: Uint8Array,
    now?: number,
    verdict?: (r: ValidationResult) => void,
  ) => Promise<ValidationResult>,
) {
  const events = new TypedEventEmitter<{ 'gossipsub:message': CustomEvent<GossipDelivery> }>()
  const reports: Array<[string, string]> = []
  const router = Object.assign(events, {
    subscribe() {},
    reportMessageValidationResult: (msgId: string, _from: string, acceptance: string) =>
      reports.push([msgId, acceptance]),
  }) as unknown as GossipRouter
  const actions: Array<[PeerAction, string]> = []
  const metrics = new MetricsRecorder()
  const topics = new GossipTopics(w.genesis.networkId)
  const engine = { ingest } as unknown as NetworkEngine
  const pipeline = new GossipPipeline(
    {
      engine,
      router,
      topics,
      metrics,
      logger: silentLogger,
      reporter: { report: (_p, a, c) => actions.push([a, c]) },
    },
    { now: () => w.now },
  )
  pipeline.start()
  const deliver = (msgId: string, topic: string, data: Uint8Array) =>
    events.safeDispatchEvent('gossipsub:message', {
      detail: { msgId, propagationSource: peerIdFromString(PEER), msg: { type: 'unsigned', topic, data } },
    })
  return { pipeline, reports, actions, metrics, topics, deliver }
}

const settle = () => new Promise((r) => setTimeout(r, 10))

describe('gossip pipeline wrapper', () => {
  it('maps verdicts to gossipsub, peer actions and metrics; exceptions become IGNORE', async () => {
    const results: Array<ValidationResult | Error> = [
      { verdict: Verdict.Accept },
      { verdict: Verdict.Reject, code: RejectCode.BAD_SIGNATURE, reason: 'x' },
      { verdict: Verdict.Reject, code: RejectCode.OUTSIDE_WINDOW, reason: 'x' },
      { verdict: Verdict.Ignore, code: IgnoreCode.DUPLICATE, reason: 'x' },
      new Error('boom'),
    ]
    const { reports, actions, metrics, topics, deliver, pipeline } = setup(async () => {
      const r = results.shift()!
      if (r instanceof Error) throw r
      return r
    })
    const profile = w.envelopes[0]!
    const account = topics.topicOfKind(w.sim.messages[0]!.kind)
    for (let i = 0; i < 5; i++) {
      deliver(`m${i}`, account, profile)
      await settle()
    }
    expect(reports).toEqual([
      ['m0', 'accept'],
      ['m1', 'reject'],
      ['m2', 'reject'],
      ['m3', 'ignore'],
      ['m4', 'ignore'],
    ])
    expect(actions).toEqual([
      ['low', 'BAD_SIGNATURE'],
      ['mid', 'OUTSIDE_WINDOW'],
    ])
    expect(
      metrics.count('gossip_messages_total', { topic: 'account', verdict: 'IGNORE', code: 'INTERNAL' }),
    ).toBe(1)
    expect(metrics.count('gossip_messages_total', { topic: 'account', verdict: 'ACCEPT', code: 'OK' })).toBe(
      1,
    )
    await pipeline.stop()
  })

  it('REJECTs an unknown topic and a kind on the wrong topic without asking the engine', async () => {
    let asked = 0
    const { reports, actions, topics, deliver, pipeline } = setup(async () => {
      asked++
      return { verdict: Verdict.Accept }
    })
    deliver('x', '/aimesh/other/task/1', w.envelopes[0]!)
    deliver('y', topics.all().find((t) => t.endsWith('/task/1'))!, w.envelopes[0]!)
    await settle()
    expect(reports).toEqual([
      ['x', 'reject'],
      ['y', 'reject'],
    ])
    expect(actions.map(([, c]) => c)).toEqual(['WRONG_TOPIC', 'WRONG_TOPIC'])
    expect(asked).toBe(0)
    await pipeline.stop()
  })

  it('reports ACCEPT when the engine has staged the message, before the write lands, and once only', async () => {
    let written: (r: ValidationResult) => void = () => {}
    let fail: (err: Error) => void = () => {}
    const durable: Array<Promise<ValidationResult>> = []
    const { reports, topics, deliver, metrics, pipeline } = setup((_bytes, _now, verdict) => {
      const p = new Promise<ValidationResult>((resolve, reject) => {
        written = resolve
        fail = reject
      })
      durable.push(p)
      queueMicrotask(() => verdict?.({ verdict: Verdict.Accept }))
      return p
    })
    const account = topics.topicOfKind(w.sim.messages[0]!.kind)
    deliver('a', account, w.envelopes[0]!)
    await settle()
    // Verdict reported while the write is still pending.
    expect(reports).toEqual([['a', 'accept']])
    written({ verdict: Verdict.Accept })
    await settle()
    expect(reports).toEqual([['a', 'accept']])
    // A write that fails after the verdict does not report a second verdict.
    deliver('b', account, w.envelopes[0]!)
    await settle()
    fail(new Error('disk full'))
    await settle()
    expect(reports).toEqual([
      ['a', 'accept'],
      ['b', 'accept'],
    ])
    expect(metrics.count('gossip_messages_total', { topic: 'account', verdict: 'ACCEPT', code: 'OK' })).toBe(
      2,
    )
    await durable[1]!.catch(() => undefined)
    await pipeline.stop()
  })
})
