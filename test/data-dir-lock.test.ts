/**
 * DESIGN §10 "a second process opening the same data dir fails fast with a clear message", with
 * real processes: a child is refused while this process runs a node on the dir (and the node keeps
 * working), this process is refused while a child ingests into it, and once the holder is gone
 * (closed, or SIGKILLed) the dir opens normally.
 */
import { Verdict } from '@aimesh/protocol'
import { isStoreError, StateStore } from '@aimesh/store'
import { afterEach, describe, expect, it } from 'vitest'
import { Children, helperScript } from './helpers/children.js'
import { crashWorkloadOptions, ingestChunks, type LevelNode, makeWorkload, openNode } from './helpers/node.js'
import { TempDirs } from './helpers/temp.js'

const SEED = 5
const temps = new TempDirs()
const children = new Children()
const nodes: LevelNode[] = []
afterEach(async () => {
  await children.killAll()
  await Promise.all(nodes.splice(0).map((n) => n.close()))
  await temps.removeAll()
})

describe('one process per data dir', () => {
  it('a child opening a dir this process holds fails fast naming the dir; the holder keeps working', async () => {
    const w = makeWorkload({ seed: SEED, tasks: 6 })
    const dir = await temps.make()
    const node = await openNode(dir, w)
    nodes.push(node)
    const half = Math.floor(w.envelopes.length / 2)
    await ingestChunks(node.engine, w.envelopes.slice(0, half), w.now)

    const child = children.start(helperScript('open-node.ts'), [dir, String(SEED)])
    const line = await child.waitForLine((l) => l.startsWith('{') || l === 'opened')
    expect(await child.exited()).toBe(3)
    const report = JSON.parse(line) as { code: string; message: string }
    expect(report.code).toBe('LOCKED')
    expect(report.message).toContain(dir)

    // The holder was not disturbed.
    const rest = await ingestChunks(node.engine, w.envelopes.slice(half), w.now)
    expect(rest.every((r) => r.verdict === Verdict.Accept)).toBe(true)
    expect((await node.store.checkIntegrity()).ok).toBe(true)
    expect(await node.store.count('messages')).toBe(w.envelopes.length)

    // Once it closes, the next process opens the dir.
    await node.close()
    nodes.splice(nodes.indexOf(node), 1)
    const next = children.start(helperScript('open-node.ts'), [dir, String(SEED)])
    await next.waitForLine((l) => l === 'opened')
    expect(await next.exited()).toBe(0)
  }, 60_000)

  it('this process is refused while a child ingests into the dir, and opens it after a SIGKILL', async () => {
    const dir = await temps.make()
    const child = children.start(helperScript('ingest-worker.ts'), [dir, String(SEED), 'hold'])
    await child.waitForLine((l) => l.startsWith('progress '))

    const err = await StateStore.open(dir).catch((e: unknown) => e)
    expect(isStoreError(err) && err.code).toBe('LOCKED')
    expect((err as Error).message).toContain(dir)

    await child.kill()
    const store = await StateStore.open(dir)
    try {
      expect((await store.checkIntegrity()).ok).toBe(true)
      expect(await store.count('messages')).toBeGreaterThan(0)
    } finally {
      await store.close()
    }
    // The child's workload is the crash workload: the same genesis opens an engine over what it left.
    const node = await openNode(dir, makeWorkload({ ...crashWorkloadOptions(SEED), tasks: 1 }))
    nodes.push(node)
    expect(node.engine.messageCount).toBeGreaterThan(0)
  }, 60_000)
})
