/**
 * `aimesh testnet`: N node processes on loopback with bots and a live table until Ctrl-C or
 * --duration (DESIGN §1). The work lives in ../testnet/; this file is its command line.
 */
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Command } from 'commander'
import { handler, intOption, type Runtime } from '../context.js'
import { emit } from '../output.js'
import { DEFAULT_BASE_PORT, DEFAULT_NODES, DEFAULT_SEED, type TestnetOptions } from '../testnet/layout.js'

export function registerTestnetCommand(program: Command, rt: Runtime): void {
  const testnet = program
    .command('testnet')
    .summary('launch a local N-node testnet with bots, a supervisor and a live table')
    .description(
      'launch a local testnet: N node processes on 127.0.0.1 (ports base + index), a genesis with ' +
        'bot accounts, bots that publish, answer (some dishonestly) and validate, a supervisor that ' +
        'restarts crashed nodes, and a live table. Ctrl-C stops everything. With --duration it stops ' +
        'the bots, waits for the roots to match and prints one `TESTNET {json}` line.',
    )
    .option('-n, --nodes <n>', 'number of nodes', intOption('--nodes', 1, 64), DEFAULT_NODES)
    .option(
      '-d, --duration <seconds>',
      'run the workload this long, then report and exit',
      intOption('--duration', 1, 86_400),
    )
    .option('--seed <text>', 'keys and bot choices come from this seed', DEFAULT_SEED)
    .option(
      '--base-port <port>',
      'node i listens on base+i (p2p) and base+100+i (API)',
      intOption('--base-port', 1024, 65_000),
      DEFAULT_BASE_PORT,
    )
    .option(
      '--chaos <seconds>',
      'kill a random node this often (the supervisor restarts it)',
      intOption('--chaos', 1, 86_400),
    )
    .option('--dir <dir>', 'testnet directory: homes, data dirs, logs (default: <tmp>/aimesh-testnet/<seed>)')
    .option('--no-bots', 'start the nodes only, without bots')
    .action(
      handler(
        rt,
        async (
          ctx,
          o: {
            nodes: number
            duration?: number
            seed: string
            basePort: number
            chaos?: number
            dir?: string
            bots: boolean
          },
        ) => {
          const opts: TestnetOptions = {
            nodes: o.nodes,
            duration: o.duration,
            seed: o.seed,
            basePort: o.basePort,
            chaos: o.chaos,
            dir: resolve(o.dir ?? join(tmpdir(), 'aimesh-testnet', o.seed.replace(/[^\w.-]/g, '_'))),
            bots: o.bots,
          }
          const { runTestnet } = await import('../testnet/run.js')
          await runTestnet(opts, ctx)
        },
      ),
    )

  testnet
    .command('genesis')
    .description(
      'write a testnet genesis whose pre-trusted validators are the validator accounts of nodes 0..N-1 ' +
        'for a seed (what `start --init --seed S --index i` creates); an existing file is kept. ' +
        'Takes testnet’s --nodes and --seed.',
    )
    .requiredOption('--out <file>', 'where to write the genesis JSON')
    .action(
      handler(rt, async (ctx, o: { out: string }) => {
        // --nodes and --seed belong to `testnet` (commander parses them there wherever they appear).
        const { nodes, seed } = testnet.opts<{ nodes: number; seed: string }>()
        const { writeTestnetGenesis } = await import('../testnet/homes.js')
        const r = await writeTestnetGenesis({
          out: resolve(o.out),
          seed,
          nodes,
          keepExisting: true,
        })
        emit(ctx.io, ctx.json, r, (x) => `${x.kept ? 'kept' : 'wrote'} ${x.file} (genesis ${x.hash})`)
      }),
    )
}
