/**
 * Inventory comparison (DESIGN §5.2): pull a peer's inventory range by range (pages of task id and
 * digest), compare each task's digest with ours, and list the tasks that differ with the peers that
 * hold another version. Equal digests prove equal message sets, so only differing tasks are fetched.
 */
import { REQRESP_LIMITS, toHex } from '@aimesh/protocol'
import type { PeerId } from '@libp2p/interface'
import type { NetworkEngine } from '../ports.js'
import type { ReqRespClient } from '../reqresp/client.js'

/** Most inventory pages read from one peer in one comparison (bounds a peer that says "more" forever). */
const MAX_PAGES = 1_000

/** The next id after `id` in byte order (id + 1, big-endian); null when `id` is all 0xff. */
export function nextId(id: Uint8Array): Uint8Array | null {
  const out = Uint8Array.from(id)
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i]! < 0xff) {
      out[i]!++
      return out
    }
    out[i] = 0
  }
  return null
}

/** A task to fetch: its id and the peers holding a version other than ours. */
export interface DifferingTask {
  taskId: Uint8Array
  hex: string
  sources: PeerId[]
}

/** Reads `peer`'s whole inventory range by range; returns task id hex → digest hex. */
export async function remoteInventory(
  client: ReqRespClient,
  peer: PeerId,
  signal?: AbortSignal,
): Promise<Map<string, { taskId: Uint8Array; digest: string }>> {
  const out = new Map<string, { taskId: Uint8Array; digest: string }>()
  let from: Uint8Array = new Uint8Array(0)
  for (let page = 0; page < MAX_PAGES; page++) {
    let more = false
    let last: Uint8Array | null = null
    for await (const chunk of client.request(
      peer,
      'inventory',
      { from, to: new Uint8Array(0), limit: REQRESP_LIMITS.inventoryEntries },
      signal ? { signal } : {},
    )) {
      for (const e of chunk.entries) {
        out.set(toHex(e.taskId), { taskId: e.taskId, digest: toHex(e.digest) })
        last = e.taskId
      }
      more = chunk.more
    }
    if (!more || last === null) return out
    const next = nextId(last)
    if (next === null) return out
    from = next
  }
  return out
}

/** Tasks whose digest at some peer differs from ours, with those peers; the zero (account) task first. */
export function differingTasks(
  engine: NetworkEngine,
  remotes: ReadonlyMap<PeerId, ReadonlyMap<string, { taskId: Uint8Array; digest: string }>>,
): DifferingTask[] {
  const ours = new Map(engine.inventory().map((e) => [toHex(e.taskId), toHex(e.digest)]))
  const byTask = new Map<string, DifferingTask>()
  for (const [peer, inventory] of remotes) {
    for (const [hex, { taskId, digest }] of inventory) {
      if (ours.get(hex) === digest) continue
      let t = byTask.get(hex)
      if (t === undefined) {
        t = { taskId, hex, sources: [] }
        byTask.set(hex, t)
      }
      t.sources.push(peer)
    }
  }
  return [...byTask.values()].sort((a, b) => (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0))
}
