/**
 * Unit-test rig for req/resp without a libp2p host: engines over memory stores fed a simulation
 * workload, a server and a client joined by @libp2p/utils' streamPair (one pair per request, as a
 * dial would open), and a reporter that records peer actions.
 */
import { createGenesis, Engine, type Genesis } from '@aimesh/engine'
import { MemoryEngineStore } from '@aimesh/engine/testing'
import { createSimulation, type Simulation } from '@aimesh/simulation'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Libp2p, PeerId, Stream } from '@libp2p/interface'
import { streamPair } from '@libp2p/utils'
import type { BlobSource, CheckpointSource, PeerAction, PeerReporter } from '../../src/ports.js'
import { ReqRespClient, type ReqRespClientInit } from '../../src/reqresp/client.js'
import { createHandlers, type HandlerDeps } from '../../src/reqresp/handlers.js'
import type { ProtocolSpecs } from '../../src/reqresp/protocols.js'
import { ReqRespServer } from '../../src/reqresp/server.js'
import { type PeerSigner, peerSigner } from '../../src/reqresp/signed.js'
import { localStatus } from '../../src/reqresp/status.js'

export interface World {
  sim: Simulation
  genesis: Genesis
  now: number
}

/** A small deterministic workload and its genesis. */
export function makeWorld(seed = 11, tasks = 4): World {
  const sim = createSimulation({ seed, tasks })
  return { sim, genesis: createGenesis(sim.genesis.init), now: sim.clock.end + 1_000 }
}

/** An engine over a memory store, holding `envelopes`. */
export async function engineWith(world: World, envelopes: readonly Uint8Array[] = []): Promise<Engine> {
  const engine = await Engine.open({
    store: new MemoryEngineStore(),
    genesis: world.genesis,
    clock: world.sim.genesis.genesisTime,
    now: () => world.now,
  })
  if (envelopes.length > 0) await engine.ingestMany(envelopes, world.now)
  return engine
}

export class RecordingReporter implements PeerReporter {
  readonly reports: { peer: string; action: PeerAction; code: string }[] = []
  report(peer: string, action: PeerAction, code: string): void {
    this.reports.push({ peer, action, code })
  }
}

export interface Rig {
  server: ReqRespServer
  client: ReqRespClient
  serverPeer: PeerId
  clientPeer: PeerId
  serverSigner: PeerSigner
  clientSigner: PeerSigner
  serverReports: RecordingReporter
  clientReports: RecordingReporter
  statuses: unknown[]
  goodbyes: number[]
  /** Opens a raw stream to the server as `clientPeer` (for hand-made frames). */
  rawStream(protocol: keyof ProtocolSpecs): Promise<Stream>
  /** Server handler runs still in flight. */
  settle(): Promise<void>
}

export async function newSigner(): Promise<PeerSigner> {
  return peerSigner(await generateKeyPair('Ed25519'))
}

/** A server over `engine` and a client that reaches it. */
export async function makeRig(
  world: World,
  engine: Engine,
  opts: {
    blobs?: BlobSource
    checkpoints?: CheckpointSource
    client?: Partial<ReqRespClientInit>
    specs?: ProtocolSpecs
    /** Signs the server's chunks with another key than its peer id (a forger). */
    forgeServer?: boolean
  } = {},
): Promise<Rig> {
  const serverSigner = await newSigner()
  const clientSigner = await newSigner()
  const serverReports = new RecordingReporter()
  const clientReports = new RecordingReporter()
  const statuses: unknown[] = []
  const goodbyes: number[] = []
  const network = world.genesis.networkId
  const deps: HandlerDeps = {
    engine,
    blobs: opts.blobs ?? null,
    checkpoints: opts.checkpoints ?? null,
    now: () => world.now,
    localStatus: () => localStatus(engine, world.now),
    onStatus: (_peer, s) => statuses.push(s),
    onGoodbye: (_peer, r) => goodbyes.push(r),
  }
  const forger = opts.forgeServer === true ? await newSigner() : undefined
  const signer: PeerSigner =
    forger === undefined ? serverSigner : { peerId: serverSigner.peerId, sign: (b) => forger.sign(b) }
  const noRegistrar = { handle: async () => {}, unhandle: async () => {} }
  const server = new ReqRespServer(
    { registrar: noRegistrar, signer, reporter: serverReports, now: () => world.now },
    {
      network,
      skewMs: world.genesis.params.clockSkewMs,
      handlers: createHandlers(deps),
      ...(opts.specs ? { specs: opts.specs } : {}),
    },
  )
  const running = new Set<Promise<void>>()
  const open = async (name: keyof ProtocolSpecs): Promise<Stream> => {
    const [outbound, inbound] = await streamPair()
    const run = server.handleStream(name, inbound, clientSigner.peerId)
    running.add(run)
    void run.finally(() => running.delete(run))
    return outbound
  }
  const dialer: Pick<Libp2p, 'dialProtocol'> = {
    dialProtocol: async (_peer, protocol) => {
      const name = String(protocol).split('/')[3] as keyof ProtocolSpecs
      return open(name)
    },
  }
  const client = new ReqRespClient(
    { dialer, signer: clientSigner, reporter: clientReports, now: () => world.now },
    { network, ...(opts.specs ? { specs: opts.specs } : {}), ...opts.client },
  )
  return {
    server,
    client,
    serverPeer: serverSigner.peerId,
    clientPeer: clientSigner.peerId,
    serverSigner,
    clientSigner,
    serverReports,
    clientReports,
    statuses,
    goodbyes,
    rawStream: open,
    settle: async () => {
      await Promise.all([...running])
    },
  }
}
