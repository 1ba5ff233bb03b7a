/**
 * Benchmark runner: `npm run bench [-- <filter>]`.
 * Finds packages/<pkg>/bench/*.bench.ts, runs those whose bench name (`<pkg>/<file stem>`, e.g.
 * `network/gossip`) or figure names contain the filter (never the checkout's path), and prints one line per figure: BENCH {"name","value","unit","baseline","ratio"},
 * ratio = value / baseline (baseline / value for a cost figure marked lowerIsBetter).
 */
import '../packages/protocol/src/shim/promise-with-resolvers.js'
import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BenchFigure, BenchReport } from '../packages/protocol/src/testing/measure.js'

const root = resolve(import.meta.dirname, '..')
const filter = process.argv[2] ?? ''

/** A bench file and its name, `<pkg>/<file stem>`: what the filter is matched against. */
interface BenchFile {
  path: string
  name: string
}

async function benchFiles(): Promise<BenchFile[]> {
  const files: BenchFile[] = []
  for (const pkg of (await readdir(join(root, 'packages'))).sort()) {
    const dir = join(root, 'packages', pkg, 'bench')
    const entries = await readdir(dir).catch(() => [] as string[])
    for (const f of entries.sort())
      if (f.endsWith('.bench.ts'))
        files.push({ path: join(dir, f), name: `${pkg}/${f.slice(0, -'.bench.ts'.length)}` })
  }
  return files
}

function round(n: number): number {
  return Number(n.toPrecision(4))
}

function print(f: BenchFigure): void {
  const line: Record<string, unknown> = { name: f.name, value: round(f.value), unit: f.unit }
  if (f.baseline !== undefined) {
    line.baseline = round(f.baseline)
    const [num, den] = f.lowerIsBetter === true ? [f.baseline, f.value] : [f.value, f.baseline]
    line.ratio = den > 0 ? Number((num / den).toFixed(3)) : null
  } else {
    line.baseline = null
    line.ratio = null
  }
  console.log(`BENCH ${JSON.stringify(line)}`)
}

const files = await benchFiles()
let printed = 0
for (const file of files) {
  const fileMatches = filter === '' || file.name.includes(filter)
  // A bench whose name does not match still runs if the filter names one of its figures'
  // prefix (e.g. "store.write"); figures outside the filter are not printed.
  const prefix = filter.split('.')[0] ?? ''
  if (!fileMatches && !file.name.includes(prefix)) continue
  const mod = (await import(pathToFileURL(file.path).href)) as {
    run?: (report: BenchReport) => Promise<void>
  }
  if (typeof mod.run !== 'function') {
    console.error(`skipping ${file.name}: it does not export run(report)`)
    continue
  }
  await mod.run((f) => {
    if (filter === '' || fileMatches || f.name.startsWith(filter)) {
      print(f)
      printed++
    }
  })
}
if (printed === 0) {
  console.error(`no benchmark matched "${filter}"; benches: ${files.map((f) => f.name).join(', ')}`)
  process.exitCode = 1
}
