/**
 * Child process for the kill -9 test: regenerates the crash workload from its seed, opens the store
 * and engine in `dir`, and ingests every chunk it does not hold yet with `ingestMany`, printing
 * `opening`, `ready <held>`, then `progress <chunk> <held>` after each durable chunk and `done <held>`.
 * With `hold`, it then keeps the store open until stdin closes (for the data-dir lock test).
 *
 *   node --import tsx test/helpers/ingest-worker.ts <dir> <seed> [hold]
 */
import { Verdict } from '@aimesh/protocol'
import { CRASH_CHUNK, chunksOf, crashWorkloadOptions, makeWorkload, openNode } from './node.js'

const [dir, seedArg, mode] = process.argv.slice(2)
const seed = Number(seedArg)
if (dir === undefined || !Number.isInteger(seed)) {
  process.stderr.write('usage: ingest-worker <dir> <seed> [hold]\n')
  process.exit(2)
}

const w = makeWorkload(crashWorkloadOptions(seed))
process.stdout.write('opening\n')
const node = await openNode(dir, w)
const { engine } = node
process.stdout.write(`ready ${engine.messageCount}\n`)
const chunks = chunksOf(w.sim.messages, CRASH_CHUNK)
for (const [k, chunk] of chunks.entries()) {
  if (chunk.every((m) => engine.hasMessage(m.id))) continue
  const results = await engine.ingestMany(
    chunk.map((m) => m.bytes),
    w.now,
  )
  const bad = results.find(
    (r) => r.verdict !== Verdict.Accept && !(r.verdict === Verdict.Ignore && r.code === 'DUPLICATE'),
  )
  if (bad !== undefined) {
    process.stderr.write(`chunk ${k}: ${JSON.stringify(bad)}\n`)
    process.exit(1)
  }
  process.stdout.write(`progress ${k} ${engine.messageCount}\n`)
}
process.stdout.write(`done ${engine.messageCount}\n`)
if (mode === 'hold') {
  process.stdin.resume()
  await new Promise<void>((resolve) => process.stdin.once('end', resolve))
}
await node.close()
