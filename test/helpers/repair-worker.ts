/**
 * Child process for the crash-during-repair test: opens the node in `dir` (whose log already holds
 * the workload) and runs `repair()` in a loop, printing `repairing <n>` before and `repaired <n>`
 * after each one, until it is killed or has run `max` repairs.
 *
 *   node --import tsx test/helpers/repair-worker.ts <dir> <seed> <tasks> <clock> <max>
 */
import { makeWorkload, openNode } from './node.js'

const [dir, seedArg, tasksArg, clockArg, maxArg] = process.argv.slice(2)
const seed = Number(seedArg)
const tasks = Number(tasksArg)
const clock = Number(clockArg)
const max = Number(maxArg)
if (dir === undefined || ![seed, tasks, clock, max].every(Number.isSafeInteger)) {
  process.stderr.write('usage: repair-worker <dir> <seed> <tasks> <clock> <max>\n')
  process.exit(2)
}

const w = makeWorkload({ seed, tasks })
const node = await openNode(dir, w, clock)
for (let n = 0; n < max; n++) {
  process.stdout.write(`repairing ${n}\n`)
  await node.engine.repair()
  process.stdout.write(`repaired ${n}\n`)
}
await node.close()
