/**
 * The network facade on real nodes (DESIGN §8): the peer key and peer id persist (key file mode
 * 0600), nodes connect over TCP on 127.0.0.1 and relay a published message along a line, and a ban
 * disconnects the peer, is refused by the gater, and survives a restart.
 */
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Verdict } from '@aimesh/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { makeWorkload, Testnet, waitFor } from './helpers/testnet.js'

const workload = makeWorkload({ seed: 11, tasks: 2 })
let net: Testnet
afterEach(async () => {
  await net?.stopAll()
})

describe('network facade', () => {
  it('keeps its peer id across restarts in a 0600 key file', async () => {
    net = new Testnet(workload)
    const a = await net.startNode()
    const id = a.network.peerId
    expect(a.network.multiaddrs.some((m) => m.includes('/ip4/127.0.0.1/tcp/'))).toBe(true)
    await a.stop()
    const info = await stat(join(a.netDir, 'peer-key.json'))
    expect(info.mode & 0o777).toBe(0o600)
    const again = await net.startNode({ stateDir: a.stateDir, netDir: a.netDir })
    expect(again.network.peerId).toBe(id)
  })

  it('relays a published message along a line of three nodes', async () => {
    net = new Testnet(workload)
    // Sync off: the message must travel by gossip, relayed by the middle node.
    const nodes = await net.start(3, { init: { sync: { antiEntropyMs: 0, syncOnStatus: false } } })
    await net.line(nodes)
    await net.waitForMesh(nodes)
    const [first] = workload.envelopes
    const r = await nodes[0]!.engine.ingest(first!, workload.now)
    expect(r.verdict).toBe(Verdict.Accept)
    const seen: string[] = []
    nodes[2]!.network.addEventListener('gossip:accepted', (e) => seen.push(e.detail.from))
    await nodes[0]!.network.publish(first!)
    await waitFor(() => nodes.every((n) => n.engine.messageCount === 1), {
      what: 'the message on every node',
    })
    expect(seen).toEqual([nodes[1]!.network.peerId])
  })

  it('a ban disconnects the peer, refuses it and survives a restart', async () => {
    net = new Testnet(workload)
    const [a, b] = await net.start(2)
    await net.connect(a!, b!)
    await waitFor(() => a!.network.peers().length === 1, { what: 'a connection' })
    const banned: string[] = []
    a!.network.addEventListener('peer:banned', (e) => banned.push(e.detail.peerId))
    await a!.network.ban(b!.network.peerId, 60_000)
    expect(banned).toEqual([b!.network.peerId])
    await waitFor(() => a!.network.peers().length === 0, { what: 'the banned peer to be hung up' })
    // Inbound: the banned side may finish its half of the handshake first, but the connection
    // is closed as soon as our side learns who it is; outbound: we refuse to dial at all.
    await b!.network.connect(a!.network.multiaddrs[0]!).catch(() => undefined)
    await waitFor(() => b!.network.peers().length === 0, { what: 'the gater to drop the inbound connection' })
    expect(a!.network.peers()).toEqual([])
    await expect(a!.network.connect(b!.network.multiaddrs[0]!)).rejects.toThrow()

    await a!.stop()
    const a2 = await net.startNode({ stateDir: a!.stateDir, netDir: a!.netDir })
    expect(a2.network.bans().map((x) => x.peerId)).toEqual([b!.network.peerId])
    await b!.network.connect(a2.network.multiaddrs[0]!).catch(() => undefined)
    await waitFor(() => b!.network.peers().length === 0, { what: 'the gater to drop the inbound connection' })
    expect(a2.network.peers()).toEqual([])
    expect(await a2.network.unban(b!.network.peerId)).toBe(true)
    await b!.network.connect(a2.network.multiaddrs[0]!)
    await waitFor(() => a2.network.peers().length === 1, { what: 'the reconnection after unban' })
  })
})
