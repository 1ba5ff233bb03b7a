/**
 * Benchmark runner: `npm run bench [-- <filter>]`.
 * Finds packages/<pkg>/bench/*.bench.ts, runs those whose file or figure names contain the
 * filter, and prints one line per figure: BENCH {"name","value","unit","baseline","ratio"},
 * ratio = value / baseline (baseline / value for a cost figure marked lowerIsBetter).
 */
import '../packages/protocol/src/shim/promise-with-resolvers.js'
import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BenchFigure, BenchReport } from '../packages/protocol/src/testing/measure.js'

const root = resolve(import.meta.dirname, '..')
const filter = process.argv[2] ?? ''

async function benchFiles(): Promise<string[]> {
  const files: string[] = []
  for (const pkg of await readdir(join(root, 'packages'))) {
    const dir = join(root, 'packages', pkg, 'bench')
    const entries = await readdir(dir).catch(() => [] as string[])
    for (const f of entries.sort()) if (f.endsWith('.bench.ts')) files.push(join(dir, f))
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
  const fileMatches = filter === '' || file.includes(filter)
  const mod = (await import(pathToFileURL(file).href)) as { run?: (report: BenchReport) => Promise<void> }
  if (typeof mod.run !== 'function') {
    console.error(`skipping ${file}: it does not export run(report)`)
    continue
  }
  // A file whose name does not match still runs if the filter names one of its figures'
  // prefix (e.g. "store.write"); figures outside the filter are not printed.
  const prefix = filter.split('.')[0] ?? ''
  if (!fileMatches && !file.includes(prefix)) continue
  await mod.run((f) => {
    if (filter === '' || fileMatches || f.name.startsWith(filter)) {
      print(f)
      printed++
    }
  })
}
if (printed === 0) {
  console.error(
    `no benchmark matched "${filter}"; files: ${files.map((f) => f.slice(root.length + 1)).join(', ')}`,
  )
  process.exitCode = 1
}
