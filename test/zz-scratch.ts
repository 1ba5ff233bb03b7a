import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { INVALID_KINDS } from '@aimesh/engine/simulation'
import { Verdict } from '@aimesh/protocol'
import {
  ingestChunks,
  ingestOneByOne,
  makeWorkload,
  nodeState,
  openNode,
  pastEveryDeadline,
  prng,
} from './helpers/node.js'

function shuffled<T>(xs: readonly T[], rnd: () => number): T[] {
  const out = [...xs]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}
const from = Number(process.argv[2] ?? 1),
  to = Number(process.argv[3] ?? 10)
for (let seed = from; seed <= to; seed++) {
  const w = makeWorkload({
    seed,
    tasks: 30,
    invalid: INVALID_KINDS,
    disputeFraction: 0.4,
    claimFraction: 0.7,
    equivocationRate: 0.8,
  })
  const da = await mkdtemp(join(tmpdir(), 'zz-')),
    db = await mkdtemp(join(tmpdir(), 'zz-'))
  const a = await openNode(da, w),
    b = await openNode(db, w)
  try {
    const ra = await ingestChunks(a.engine, w.envelopes, w.now)
    const bad = ra.filter((r) => r.verdict !== Verdict.Accept)
    const msgs = shuffled(w.sim.messages, prng(seed * 7))
    const order = msgs.map((m) => m.bytes)
    const rest = () => msgs.filter((m) => !b.engine.hasMessage(m.id)).map((m) => m.bytes)
    const half = Math.floor(order.length / 2)
    // B: first half, advance partway, then the rest
    let err = ''
    const end = pastEveryDeadline(a.engine)
    const mode = process.env.MODE
    try {
      if (mode === 'late') {
        await b.engine.advance(end)
        await ingestOneByOne(b.engine, order, w.now)
      } else {
        await ingestOneByOne(b.engine, order.slice(0, half), w.now).catch(() => {})
        await b.engine.advance(
          w.sim.clock.start + Math.floor((end - w.sim.clock.start) * Number(process.env.FRAC ?? 0.5)),
        )
        await ingestOneByOne(b.engine, rest(), w.now)
      }
    } catch (e) {
      err = String(e)
    }
    await a.engine.advance(end)
    await b.engine.advance(end)
    const inv: string[] = []
    for (const x of w.sim.invalid) {
      const r = await b.engine.ingest(x.message.bytes, w.now)
      if (r.verdict !== x.expected) inv.push(`${x.kind}:${r.verdict}`)
    }
    const sa = await nodeState(a),
      sb = await nodeState(b)
    const diff = Object.keys({ ...sa.records, ...sb.records }).filter((k) => sa.records[k] !== sb.records[k])
    console.log(
      seed,
      w.envelopes.length,
      'A-not-accepted',
      bad.length,
      bad.slice(0, 2).map((r) => JSON.stringify(r)),
      'B-err',
      err.slice(0, 200),
      'root-eq',
      sa.root === sb.root,
      'diff',
      diff.slice(0, 5),
      'inv',
      inv,
    )
    void half
  } finally {
    await a.close()
    await b.close()
    await rm(da, { recursive: true })
    await rm(db, { recursive: true })
  }
}
