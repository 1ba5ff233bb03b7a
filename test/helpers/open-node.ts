/**
 * Child process for the data-dir lock test: tries to open the store and engine in `dir`. Prints
 * `{"code","message"}` and exits 3 when it cannot; prints `opened` and exits 0 when it can.
 *
 *   node --import tsx test/helpers/open-node.ts <dir> <seed>
 */
import { isStoreError } from '@aimesh/store'
import { crashWorkloadOptions, makeWorkload, openNode } from './node.js'

const [dir, seedArg] = process.argv.slice(2)
const seed = Number(seedArg)
if (dir === undefined || !Number.isInteger(seed)) {
  process.stderr.write('usage: open-node <dir> <seed>\n')
  process.exit(2)
}
const w = makeWorkload({ ...crashWorkloadOptions(seed), tasks: 2 })
try {
  const node = await openNode(dir, w)
  process.stdout.write('opened\n')
  await node.close()
} catch (err) {
  const code = isStoreError(err) ? err.code : 'OTHER'
  process.stdout.write(`${JSON.stringify({ code, message: (err as Error).message })}\n`)
  process.exitCode = 3
}
