/**
 * The req/resp service (DESIGN §4): the server and the client over one libp2p host, the status
 * handshake on every connection we open (another genesis → goodbye IRRELEVANT_NETWORK and hang
 * up; clock drift beyond the skew → a warning), the latest status of each peer, and `goodbye`:
 * every disconnect we start sends its reason code first.
 */
import { GoodbyeCode, type Status } from '@aimesh/protocol'
import type { Connection, Libp2p, PeerId, PrivateKey } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import {
  type BlobSource,
  type CheckpointSource,
  type Logger,
  type NetworkEngine,
  type PeerReporter,
  silentLogger,
} from '../ports.js'
import { ReqRespClient } from './client.js'
import { isReqRespError } from './errors.js'
import { assembleContent, createHandlers } from './handlers.js'
import { checkPeerStatus } from './handshake.js'
import type { ProtocolSpecs } from './protocols.js'
import { ReqRespServer } from './server.js'
import { type PeerSigner, peerSigner } from './signed.js'
import { localStatus } from './status.js'

/** How long a goodbye may take before we hang up regardless. */
const GOODBYE_TIMEOUT_MS = 1_000

export type ReqRespHost = Pick<
  Libp2p,
  | 'handle'
  | 'unhandle'
  | 'dialProtocol'
  | 'hangUp'
  | 'getConnections'
  | 'addEventListener'
  | 'removeEventListener'
>

export interface ReqRespServiceComponents {
  host: ReqRespHost
  privateKey: PrivateKey
  engine: NetworkEngine
  reporter: PeerReporter | null
  blobs?: BlobSource | null
  /** Checkpoint states this node serves with `checkpoint` and names in `status`. */
  checkpoints?: CheckpointSource | null
  logger?: Logger
  now?: () => number
}

export interface ReqRespServiceInit {
  /** Tests lower quotas or limits. */
  specs?: ProtocolSpecs
  /** Clients hold themselves to the servers' quotas (default true). */
  selfThrottle?: boolean
}

/** A peer's latest status and when we got it (monotonic ms, performance.now()). */
export interface PeerStatus {
  status: Status
  at: number
}

export class ReqRespService {
  readonly client: ReqRespClient
  readonly server: ReqRespServer
  readonly signer: PeerSigner
  readonly #c: ReqRespServiceComponents
  readonly #log: Logger
  readonly #now: () => number
  readonly #statuses = new Map<string, PeerStatus>()
  readonly #leaving = new Set<string>()
  readonly #statusListeners = new Set<(peer: string, status: Status) => void>()
  readonly #goodbyeListeners = new Set<(peer: string, reason: number) => void>()
  #cleanup: Array<() => void> = []

  constructor(components: ReqRespServiceComponents, init: ReqRespServiceInit = {}) {
    this.#c = components
    this.#log = (components.logger ?? silentLogger).child({ component: 'reqresp' })
    this.#now = components.now ?? Date.now
    this.signer = peerSigner(components.privateKey)
    const network = components.engine.genesis.networkId
    const common = { signer: this.signer, reporter: components.reporter, logger: this.#log, now: this.#now }
    this.server = new ReqRespServer(
      { ...common, registrar: components.host },
      {
        network,
        skewMs: components.engine.genesis.params.clockSkewMs,
        ...(init.specs === undefined ? {} : { specs: init.specs }),
        handlers: createHandlers({
          engine: components.engine,
          blobs: components.blobs ?? null,
          checkpoints: components.checkpoints ?? null,
          now: this.#now,
          localStatus: () => this.localStatus(),
          onStatus: (peer, status) => this.#onStatus(peer, status, false),
          onGoodbye: (peer, reason) => this.#onGoodbye(peer, reason),
        }),
      },
    )
    this.client = new ReqRespClient(
      { ...common, dialer: components.host },
      {
        network,
        ...(init.specs === undefined ? {} : { specs: init.specs }),
        ...(init.selfThrottle === undefined ? {} : { selfThrottle: init.selfThrottle }),
      },
    )
  }

  /**
   * Registers the handlers and exchanges status on every connection we open (the dialler asks;
   * the other side learns ours from the request), including those opened before this service
   * started (a restarted node redials its stored peers while libp2p starts).
   */
  async start(): Promise<void> {
    await this.server.start()
    const host = this.#c.host
    const onOpen = (evt: CustomEvent<Connection>) => {
      if (evt.detail.direction === 'outbound') void this.handshake(evt.detail.remotePeer)
    }
    const onDisconnect = (evt: CustomEvent<PeerId>) => {
      const id = evt.detail.toString()
      this.#statuses.delete(id)
      this.#leaving.delete(id)
    }
    host.addEventListener('connection:open', onOpen)
    host.addEventListener('peer:disconnect', onDisconnect)
    this.#cleanup.push(() => {
      host.removeEventListener('connection:open', onOpen)
      host.removeEventListener('peer:disconnect', onDisconnect)
    })
    const dialled = new Map(
      host
        .getConnections()
        .filter((c) => c.direction === 'outbound')
        .map((c) => [c.remotePeer.toString(), c.remotePeer]),
    )
    for (const peer of dialled.values()) void this.handshake(peer)
  }

  /** Says goodbye (SHUTDOWN) to every connected peer, then unregisters the handlers. */
  async stop(): Promise<void> {
    for (const undo of this.#cleanup.splice(0)) undo()
    const peers = new Map(this.#c.host.getConnections().map((c) => [c.remotePeer.toString(), c.remotePeer]))
    await Promise.allSettled([...peers.values()].map((p) => this.#sayGoodbye(p, GoodbyeCode.SHUTDOWN)))
    await this.server.stop()
    this.#statuses.clear()
  }

  /** Our status now. */
  localStatus(): Status {
    return localStatus(this.#c.engine, this.#now(), this.#c.checkpoints ?? null)
  }

  /** The latest status of each peer that completed a handshake with us. */
  statuses(): ReadonlyMap<string, PeerStatus> {
    return this.#statuses
  }

  /** Calls `listener` whenever a peer's status arrives (either side of a handshake); returns unsubscribe. */
  onStatus(listener: (peer: string, status: Status) => void): () => void {
    this.#statusListeners.add(listener)
    return () => this.#statusListeners.delete(listener)
  }

  /** Calls `listener` when a peer says goodbye, with its reason code; returns unsubscribe. */
  onGoodbye(listener: (peer: string, reason: number) => void): () => void {
    this.#goodbyeListeners.add(listener)
    return () => this.#goodbyeListeners.delete(listener)
  }

  /**
   * Exchanges status with `peer`: sends ours, checks theirs. Returns their status, or null when the
   * exchange failed or the peer is on another network (then it has been sent goodbye and dropped).
   */
  async handshake(peer: PeerId, signal?: AbortSignal): Promise<Status | null> {
    try {
      const [theirs] = await this.client.requestAll(
        peer,
        'status',
        this.localStatus(),
        signal ? { signal } : {},
      )
      if (theirs === undefined) return null
      return this.#onStatus(peer, theirs, true) ? theirs : null
    } catch (err) {
      this.#log.debug({ peer: peer.toString(), err: (err as Error).message }, 'status exchange failed')
      return null
    }
  }

  /**
   * Fetches a task input blob by its sha256 with `content` (DESIGN §4) and checks it against the
   * hash; a peer that serves other bytes is penalized like one serving bad data.
   */
  async fetchContent(peer: PeerId, hash: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    const chunks = await this.client.requestAll(peer, 'content', { hash }, signal ? { signal } : {})
    try {
      return assembleContent(hash, chunks)
    } catch (err) {
      if (isReqRespError(err)) this.#c.reporter?.report(peer.toString(), 'low', `reqresp/content/${err.code}`)
      throw err
    }
  }

  /** Sends `goodbye` with `code` and hangs up (DESIGN §4: every disconnect we start says why). */
  async disconnect(peer: string | PeerId, code: GoodbyeCode): Promise<void> {
    const id = typeof peer === 'string' ? peerIdFromString(peer) : peer
    // A peer already gone is not dialled again just to be told goodbye.
    if (this.#c.host.getConnections(id).length === 0) return
    await this.#sayGoodbye(id, code)
    await this.#c.host
      .hangUp(id)
      .catch((err: unknown) => this.#log.debug({ err, peer: id.toString() }, 'hang up failed'))
  }

  /**
   * Records a peer's status; false (and a goodbye) when it is on another network. `dialled`: the
   * status came as the response to our own request.
   */
  #onStatus(peer: PeerId, theirs: Status, dialled: boolean): boolean {
    const id = peer.toString()
    const ours = this.localStatus()
    const verdict = checkPeerStatus(ours, theirs, this.#now(), this.#c.engine.genesis.params.clockSkewMs)
    if (!verdict.ok) {
      this.#log.info({ peer: id }, 'peer is on another network (genesis differs): disconnecting')
      // The dialler says goodbye as soon as it reads our status; we hang up after a grace period
      // if it has not (the response is written first, so the peer learns why).
      setTimeout(
        () => void this.disconnect(peer, GoodbyeCode.IRRELEVANT_NETWORK),
        dialled ? 0 : GOODBYE_TIMEOUT_MS,
      )
      return false
    }
    if (verdict.drifting) {
      this.#log.warn(
        { peer: id, driftMs: verdict.driftMs },
        "peer's clock differs from ours by more than the allowed skew: check NTP on both machines",
      )
    }
    this.#statuses.set(id, { status: theirs, at: performance.now() })
    for (const l of this.#statusListeners) {
      try {
        l(id, theirs)
      } catch (err) {
        this.#log.error({ err }, 'status listener failed')
      }
    }
    return true
  }

  #onGoodbye(peer: PeerId, reason: number): void {
    this.#log.info({ peer: peer.toString(), reason }, 'peer said goodbye')
    this.#leaving.add(peer.toString())
    for (const l of this.#goodbyeListeners) {
      try {
        l(peer.toString(), reason)
      } catch (err) {
        this.#log.error({ err }, 'goodbye listener failed')
      }
    }
    // The peer hangs up itself; we drop our side too once its goodbye has been answered.
    setTimeout(() => void this.#c.host.hangUp(peer).catch(() => undefined), 0)
  }

  async #sayGoodbye(peer: PeerId, code: GoodbyeCode): Promise<void> {
    if (this.#leaving.has(peer.toString())) return
    this.#leaving.add(peer.toString())
    try {
      await this.client.requestAll(
        peer,
        'goodbye',
        { reason: code },
        { signal: AbortSignal.timeout(GOODBYE_TIMEOUT_MS) },
      )
    } catch (err) {
      this.#log.debug({ peer: peer.toString(), code, err: (err as Error).message }, 'goodbye not delivered')
    }
  }
}
