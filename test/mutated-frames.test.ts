/**
 * DESIGN §10 "random and mutated frames": every valid envelope of a settled workload, with random
 * single-byte mutations, truncations and extensions, plus random junk, fed to `ingest` (one at a
 * time, the gossip path) and `ingestMany` (sync chunks), with and without the verify pool: nothing
 * throws, each gets IGNORE or REJECT with a code, and nothing new is persisted (log, records,
 * indexes and root unchanged).
 */
import { Engine, type ValidationResult, VerifyPool } from '@aimesh/engine'
import { LIMITS, Verdict } from '@aimesh/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ingestChunks,
  type LevelNode,
  loggedIds,
  makeWorkload,
  nodeState,
  openNode,
  pastEveryDeadline,
  prng,
  randInt,
  SYNC_CHUNK,
  testSeed,
  type Workload,
} from './helpers/node.js'
import { TempDirs } from './helpers/temp.js'

/** Random single-byte mutations per valid envelope. */
const MUTATIONS_PER_ENVELOPE = 3
/** Random junk frames (random bytes of random length). */
const JUNK_FRAMES = 300

const temps = new TempDirs()
const nodes: LevelNode[] = []
const pools: VerifyPool[] = []
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()))
  await Promise.all(nodes.splice(0).map((n) => n.close()))
  await temps.removeAll()
})

/** Bad frames derived from the valid envelopes, each with a label saying how it was made. */
function badFrames(w: Workload, rnd: () => number): { label: string; bytes: Uint8Array }[] {
  const out: { label: string; bytes: Uint8Array }[] = []
  const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => randInt(rnd, 0, 255))
  w.envelopes.forEach((env, i) => {
    for (let k = 0; k < MUTATIONS_PER_ENVELOPE; k++) {
      const bytes = Uint8Array.from(env)
      const at = randInt(rnd, 0, bytes.length - 1)
      const flip = randInt(rnd, 1, 255)
      bytes[at] = bytes[at]! ^ flip
      out.push({ label: `envelope ${i} byte ${at} ^ ${flip}`, bytes })
    }
    const cut = randInt(rnd, 0, env.length - 1)
    out.push({ label: `envelope ${i} truncated to ${cut}`, bytes: env.slice(0, cut) })
    const extra = randomBytes(randInt(rnd, 1, 8))
    out.push({ label: `envelope ${i} + ${extra.length} bytes`, bytes: Uint8Array.from([...env, ...extra]) })
  })
  for (let k = 0; k < JUNK_FRAMES; k++) {
    const bytes = randomBytes(randInt(rnd, 0, k % 10 === 0 ? 4_096 : 256))
    out.push({ label: `junk ${k} (${bytes.length} bytes)`, bytes })
  }
  out.push({ label: 'empty', bytes: new Uint8Array(0) })
  out.push({ label: 'oversized', bytes: new Uint8Array(LIMITS.envelopeBytes + 1).fill(0x0a) })
  return out
}

/** Every outcome must be a settled IGNORE or REJECT with a code; returns the failures. */
function misjudged(labels: readonly string[], results: readonly (ValidationResult | Error)[]): string[] {
  return results.flatMap((r, i) => {
    if (r instanceof Error) return [`${labels[i]}: threw ${r.message}`]
    if (r.verdict === Verdict.Accept) return [`${labels[i]}: ACCEPTED`]
    if (r.verdict !== Verdict.Ignore && r.verdict !== Verdict.Reject) return [`${labels[i]}: ${r.verdict}`]
    if (typeof r.code !== 'string' || r.code.length === 0) return [`${labels[i]}: no code`]
    return []
  })
}

describe('mutated and random frames', () => {
  for (const pooled of [false, true]) {
    it(`never crash, persist or accept (${pooled ? 'verify pool' : 'main thread'})`, async () => {
      const seed = testSeed()
      const w = makeWorkload({ seed: 9, tasks: 10 })
      const dir = await temps.make()
      let node = await openNode(dir, w)
      nodes.push(node)
      await ingestChunks(node.engine, w.envelopes, w.now)
      await node.engine.advance(pastEveryDeadline(node.engine))
      const clock = node.engine.clock
      if (pooled) {
        // Reopen the same store with a pooled engine: ingest takes the pool's decode-then-verify path.
        const pool = new VerifyPool(1)
        pools.push(pool)
        const engine = await Engine.open({
          store: node.port,
          genesis: w.genesis,
          clock,
          now: () => w.now,
          verifyPool: pool,
        })
        node = { ...node, engine }
      }
      const before = await nodeState(node)
      const logBefore = await loggedIds(node.store)

      const frames = badFrames(w, prng(seed))
      const labels = frames.map((f) => `seed ${seed}: ${f.label}`)
      // Half one at a time (gossip), half in sync chunks.
      const half = Math.floor(frames.length / 2)
      const results: (ValidationResult | Error)[] = []
      for (const f of frames.slice(0, half))
        results.push(await node.engine.ingest(f.bytes, w.now).catch((e: unknown) => e as Error))
      for (let i = half; i < frames.length; i += SYNC_CHUNK) {
        const chunk = frames.slice(i, i + SYNC_CHUNK).map((f) => f.bytes)
        const settled = await Promise.allSettled(chunk.map((b) => node.engine.ingest(b, w.now)))
        results.push(...settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error))))
      }
      expect(results.length).toBe(frames.length)
      expect(misjudged(labels, results)).toEqual([])
      // The mutations reach both layers: the decoder and the signature check.
      const codes = new Set(
        results.map((r) => (r instanceof Error || r.verdict === Verdict.Accept ? '' : r.code)),
      )
      expect(codes).toContain('MALFORMED')
      expect(codes).toContain('BAD_SIGNATURE')

      // Nothing new anywhere.
      expect(node.engine.messageCount).toBe(w.envelopes.length)
      expect(await loggedIds(node.store)).toEqual(logBefore)
      expect(await nodeState(node)).toEqual(before)
      expect((await node.store.checkIntegrity()).ok).toBe(true)
      // And the node still takes valid work: every original is a DUPLICATE, not an error.
      const again = await node.engine.ingestMany(w.envelopes.slice(0, SYNC_CHUNK), w.now)
      expect(again.every((r) => r.verdict === Verdict.Ignore && r.code === 'DUPLICATE')).toBe(true)
    }, 60_000)
  }
})
