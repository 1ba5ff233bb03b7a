/**
 * The `aimesh` command tree (DESIGN §1): every command with its --help, global options for the
 * home, the API and JSON output. Built by a function so tests parse real command lines with the
 * real program (docker-compose's commands, the e2e suites) without spawning a process.
 */
import { readFileSync } from 'node:fs'
import { Command } from 'commander'
import { registerLifecycleCommands } from './commands/lifecycle.js'
import { registerNetworkCommands } from './commands/network.js'
import { registerStartCommand } from './commands/start.js'
import { registerTaskCommands } from './commands/tasks.js'
import { registerTestnetCommand } from './commands/testnet.js'
import type { Runtime } from './context.js'
import { processIo } from './output.js'

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version

export function buildProgram(rt: Runtime = { io: processIo, env: process.env, exitCode: 0 }): Command {
  const program = new Command()
    .name('aimesh')
    .description(
      'A peer-to-peer node for an AI-mining network: launch a local testnet, join a network, publish ' +
        'tasks, answer, score, claim and dispute, back up and recover. Commands that act on a running node ' +
        'talk to its HTTP API (--api, token from the home or --token).',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .option('--home <dir>', 'node home: keystore, token, config, data (default: $AIMESH_HOME or ~/.aimesh)')
    .option('--api <url>', "running node's API (default: $AIMESH_API_URL or http://127.0.0.1:8645)")
    .option('--token <token>', 'API token for actions (default: $AIMESH_TOKEN or <home>/api-token)')
    .option('--json', 'print JSON for scripts instead of text')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => rt.io.out(s), writeErr: (s) => rt.io.err(s) })

  registerLifecycleCommands(program, rt)
  registerStartCommand(program, rt)
  registerTestnetCommand(program, rt)
  registerTaskCommands(program, rt)
  registerNetworkCommands(program, rt)
  return program
}

/** Runs one command line (argv without node and script); resolves to the exit code. */
export async function run(argv: string[], rt: Runtime = { io: processIo, env: process.env, exitCode: 0 }) {
  const program = buildProgram(rt)
  program.exitOverride()
  for (const c of allCommands(program)) c.exitOverride()
  try {
    await program.parseAsync(argv, { from: 'user' })
  } catch (err) {
    const e = err as { code?: string; exitCode?: number }
    // commander's own exits: --help and --version are successes, usage errors are code 2.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
      return 0
    if (typeof e.exitCode === 'number') return e.exitCode === 1 ? 2 : e.exitCode
    throw err
  }
  return rt.exitCode
}

/** Every command and subcommand of a program, depth first. */
export function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap((c) => allCommands(c))]
}
