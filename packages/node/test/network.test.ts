/**
 * Two nodes with the network on (DESIGN §1 "join a network"): real libp2p on 127.0.0.1, the second
 * bootstrapping from the first; a task published on one and answered on the other reaches both,
 * and they report the same state root and derived digest.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { AimeshNode } from '../src/index.js'
import { TestClock, tempDir, testHome, testNode, waitFor } from './helpers/home.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function networkedNode(clock: TestClock, bootstrap: string[] = []): Promise<AimeshNode> {
  const { dir, cleanup } = await tempDir('aimesh-net-node-')
  cleanups.push(cleanup)
  await testHome(dir, clock.t)
  const node = await testNode(dir, clock, {
    network: { enabled: true, listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap, loopback: true },
  })
  cleanups.push(() => node.stop())
  await node.start()
  return node
}

describe('two networked nodes', () => {
  it('exchange a task and its answers and reach the same roots', async () => {
    const clock = new TestClock(Date.now())
    const a = await networkedNode(clock)
    const address = a.network!.addresses().find((x) => x.includes('127.0.0.1'))!
    const b = await networkedNode(clock, [address])
    await waitFor(() => a.network!.meshPeers() > 0 && b.network!.meshPeers() > 0, 'gossip meshes', 20_000)
    expect(b.status().peers).toBe(1)

    const { id: taskId } = await a.actions.publishTask({
      account: 'publisher',
      title: 'networked task',
      taskType: 'GENERAL',
      difficulty: 'BEGINNER',
      reward: 77n,
      commitReveal: false,
      phases: { revealMs: 60_000 },
    })
    await waitFor(() => b.engine.engine.state.task(taskId)?.publish != null, 'the task on node b')
    clock.advance(31_000)
    const answer = await b.actions.submitAnswer('miner1', taskId, 'an answer from the other node')
    await waitFor(
      // The task and the answer, their signers' profiles (DESIGN §5.9), whatever else the nodes sign.
      () =>
        a.queries.roots().stateRoot === b.queries.roots().stateRoot &&
        a.engine.engine.messageCount >= 4 &&
        a.engine.engine.hasMessage(Buffer.from(answer.revealId ?? '', 'hex')),
      'equal roots',
    )
    expect(a.queries.roots()).toEqual(b.queries.roots())
    const metrics = await (await fetch(`${a.apiUrl}/metrics`)).text()
    expect(metrics).toContain('libp2p_')
  }, 60_000)
})

describe('recovery with peers', () => {
  it('restores the backup, syncs the rest from a peer and checks the root against it', async () => {
    const clock = new TestClock(Date.now())
    const a = await networkedNode(clock)
    const address = a.network!.addresses().find((x) => x.includes('127.0.0.1'))!
    const { dir, cleanup } = await tempDir('aimesh-net-node-')
    cleanups.push(cleanup)
    const home = await testHome(dir, clock.t)
    const config = {
      api: { enabled: false },
      clock: { intervalMs: 20 },
      signer: { intervalMs: 20 },
      snapshots: { intervalMs: 0 },
      integrity: { intervalMs: 0 },
      backup: { intervalMs: 0 },
      log: { level: 'silent' as const },
      network: { enabled: true, listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [address], loopback: true },
    }
    const b = await testNode(dir, clock, config)
    await b.start()
    const publish = (i: number) =>
      a.actions.publishTask({
        account: 'publisher',
        title: `r${i}`,
        taskType: 'GENERAL',
        difficulty: 'BEGINNER',
        reward: 9n,
      })
    await waitFor(() => a.network!.meshPeers() > 0 && b.network!.meshPeers() > 0, 'gossip meshes', 20_000)
    for (let i = 0; i < 3; i++) await publish(i)
    // The publisher's profile (DESIGN §5.9 admission) and three tasks.
    await waitFor(() => b.engine.engine.messageCount === 4, 'three tasks on b')
    clock.advance(1_000)
    await b.backup()
    await b.stop()
    for (let i = 3; i < 5; i++) await publish(i)

    const { rm } = await import('node:fs/promises')
    await rm(home.config.dataDir, { recursive: true, force: true })
    const report = await (await import('../src/index.js')).recover({ home: dir, env: {}, clock, config })
    expect(report.fromBackup.messages).toBe(4)
    expect(report.fromPeers).toEqual([{ peerId: a.network!.peerId, tasks: expect.any(Number), messages: 2 }])
    expect(report.final.stateRoot).toBe(a.queries.roots().stateRoot)
    expect(report.final.derivedDigest).toBe(a.queries.roots().derivedDigest)
    expect(report.rootsMatch).toBe(true)
  }, 60_000)
})
