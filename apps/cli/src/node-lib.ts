/**
 * The CLI's port to `@aimesh/node` for the commands that run or open a node in this process
 * (`init`, `start`, `recover`, `account`, testnet homes). Loaded lazily so commands that only
 * talk to the API start fast and do not load libp2p; typed by the package's own exports.
 */
export type NodeLib = typeof import('@aimesh/node')

/** Loads the node library (the Promise.withResolvers shim first, for libp2p on Node 20). */
export async function nodeLib(): Promise<NodeLib> {
  await import('@aimesh/protocol/shim')
  return import('@aimesh/node')
}

/** One named export of the node library. */
export async function nodeFn<K extends keyof NodeLib>(name: K): Promise<NodeLib[K]> {
  return (await nodeLib())[name]
}
