/**
 * Free TCP ports for end-to-end suites, so two test runs (or a test run and a user's testnet) on one
 * machine never collide: the OS picks a port (bind 127.0.0.1:0), we read it and release it for the
 * node about to take it. `freeBasePort` finds a base whose whole testnet range (p2p base+i and API
 * base+100+i) binds right now. Bounded in attempts; a port taken between the check and the node's
 * bind is the one race left (the node then fails to start and the test says so).
 */
import { createServer } from 'node:net'
import { API_PORT_OFFSET } from '../../src/testnet/layout.js'

/** Binds `port` (0: any) on 127.0.0.1 and releases it; the bound port, or null if it was taken. */
function tryBind(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer()
    server.unref()
    server.once('error', () => resolve(null))
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      const address = server.address()
      const bound = typeof address === 'object' && address !== null ? address.port : null
      server.close(() => resolve(bound))
    })
  })
}

/** A port free right now on 127.0.0.1, picked by the OS. */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const p = await tryBind(0)
    if (p !== null) return p
  }
  throw new Error('no free TCP port on 127.0.0.1 after 20 attempts')
}

/** `n` distinct free ports. */
export async function freePorts(n: number): Promise<number[]> {
  const out = new Set<number>()
  for (let i = 0; out.size < n && i < n * 20; i++) out.add(await freePort())
  if (out.size < n) throw new Error(`found only ${out.size} of ${n} free TCP ports`)
  return [...out]
}

/**
 * A testnet base port for `nodes` nodes whose p2p ports base..base+nodes-1 and API ports
 * base+100..base+100+nodes-1 are all free right now. Starts from an OS-picked port (so concurrent
 * runs start far apart) and tries a bounded number of bases.
 */
export async function freeBasePort(nodes: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const seed = await freePort()
    // Keep the whole range (and its API ports) below 65,000, where the CLI's --base-port check ends.
    const base = 20_000 + (seed % 40_000)
    const ports = [0, API_PORT_OFFSET].flatMap((off) =>
      Array.from({ length: nodes }, (_, i) => base + off + i),
    )
    let free = true
    for (const p of ports) {
      if ((await tryBind(p)) === null) {
        free = false
        break
      }
    }
    if (free) return base
  }
  throw new Error(`no free testnet port range for ${nodes} nodes after 50 attempts`)
}
