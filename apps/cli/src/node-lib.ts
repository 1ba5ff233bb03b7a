/**
 * The CLI's port to `@aimesh/node` for the commands that run or open a node in this process
 * (`init`, `start`, `backup`, `recover`, `repair`, `account`). Loaded lazily so commands that only
 * talk to the API start fast and do not load libp2p.
 */
import { CliError } from './errors.js'

// biome-ignore lint/suspicious/noExplicitAny: the node package's surface is typed at its own edge; this port names the functions the CLI calls
type Fn = (...args: any[]) => any

/** Loads the node library and returns the named export, or a clear error when this build lacks it. */
export async function nodeFn<T extends Fn = Fn>(name: string): Promise<T> {
  await import('@aimesh/protocol/shim')
  const lib = (await import('@aimesh/node')) as Record<string, unknown>
  const fn = lib[name]
  if (typeof fn !== 'function')
    throw new CliError(
      'NODE_LIBRARY',
      `this build of @aimesh/node has no ${name}(); update the repository (git pull, npm install) and try again`,
    )
  return fn as T
}
