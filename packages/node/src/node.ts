/**
 * createNode (DESIGN §1 "embed a node"): a typed node composed of services — store → engine →
 * (clock, signer, snapshots, integrity, backups) → network → API; stop runs in reverse and drains:
 * the API and network stop taking messages, every message in flight becomes durable, and the store
 * closes last.
 */
import type { Genesis } from '@aimesh/engine'
import { genesisHash } from '@aimesh/engine'
import type { BackupStats, StateStore } from '@aimesh/store'
import { collectDefaultMetrics, Registry } from 'prom-client'
import { NodeActions } from './actions.js'
import { ApiService } from './api/server.js'
import { BlobStore } from './blobs.js'
import { loadConfig, type NodeConfig, type NodeConfigInput } from './config.js'
import { bindDataDirGenesis } from './data-dir-genesis.js'
import { NodeError } from './errors.js'
import { EVENT_NAMES, NodeEvents } from './events.js'
import { type LoadedGenesis, loadGenesisFile } from './genesis-file.js'
import { readApiToken } from './home.js'
import { Keystore } from './keystore/keystore.js'
import { createLogger } from './logger.js'
import { NodeQueries } from './queries.js'
import { PendingReveals } from './reveals.js'
import { BackupService, type BackupStatus } from './services/backups.js'
import { ClockService } from './services/clock.js'
import { EngineService } from './services/engine.js'
import { IntegrityService, type IntegrityStatus } from './services/integrity.js'
import type { NodeNetwork } from './services/network.js'
import type { BaseComponents, Clock, Logger, Service } from './services/service.js'
import { SignerService } from './services/signer.js'
import { SnapshotService } from './services/snapshots.js'
import { StoreService } from './services/store.js'

/** How to create a node. */
export interface NodeOptions {
  /** The node's home (keystore, data, backups, token, config, genesis); see NodeConfig. */
  home?: string
  /** Config: the highest-priority layer over defaults < `<home>/config.json` < AIMESH_* env. */
  config?: NodeConfigInput
  /** Environment to read AIMESH_* from (default process.env; `{}` ignores it). */
  env?: NodeJS.ProcessEnv
  /** The genesis (default: the config's genesis file). */
  genesis?: Genesis
  /** The keystore (default: opened from the config's keystore dir). */
  keystore?: Keystore
  /** Passphrase of sealed key files. */
  passphrase?: string
  /** `false`: no network (embedding, tests); overrides config.network.enabled. */
  network?: false
  /** The API bearer token (default: read from the token file when the API is on). */
  apiToken?: string
  /** A pino-compatible logger (default: from config.log). */
  logger?: Logger
  /** The wall clock (default Date.now). */
  clock?: Clock
  /** Build the network when enabled (the network package's factory; see services/network.ts). */
  createNetwork?: (components: NetworkFactoryComponents) => Promise<NodeNetwork>
}

/** What the network factory receives. */
export interface NetworkFactoryComponents extends BaseComponents {
  config: NodeConfig
  genesis: LoadedGenesis
  engine: EngineService
  /** The open store (the network serves checkpoint states from it). */
  store: () => StateStore
  events: NodeEvents
}

/** /health's answer. */
export interface Health {
  ok: boolean
  store: boolean
  integrity: IntegrityStatus | null
  peers: number | null
  syncLag: number | null
  lastBackup: BackupStatus | null
}

/** Creates a node (not started): loads config, genesis and keystore. */
export async function createNode(options: NodeOptions = {}): Promise<AimeshNode> {
  const configInput: NodeConfigInput = { ...options.config }
  if (options.home !== undefined) configInput.home = options.home
  if (options.network === false) configInput.network = { ...configInput.network, enabled: false }
  const config = await loadConfig({
    options: configInput,
    ...(options.env === undefined ? {} : { env: options.env }),
  })
  const genesis: LoadedGenesis =
    options.genesis !== undefined
      ? { genesis: options.genesis, hash: genesisHash(options.genesis) }
      : await loadGenesisFile(config.genesisFile)
  const passphrase = options.passphrase ?? (options.env ?? process.env).AIMESH_PASSPHRASE
  const keystore =
    options.keystore ??
    (await Keystore.open(config.keystoreDir, passphrase === undefined ? {} : { passphrase }))
  const apiToken =
    options.apiToken ?? (config.api.enabled ? await readApiToken(config.apiTokenFile) : undefined)
  const logger = options.logger ?? createLogger(config.log, { network: genesis.genesis.networkId })
  return new AimeshNode({ config, genesis, keystore, logger, options, apiToken })
}

/** A running-or-not node (see the file comment). */
export class AimeshNode {
  readonly config: NodeConfig
  readonly genesis: LoadedGenesis
  readonly keystore: Keystore
  readonly logger: Logger
  /** The node's own prom-client registry (never the global one). */
  readonly metrics: Registry
  readonly events: NodeEvents
  readonly clock: Clock
  readonly #options: NodeOptions
  readonly #apiToken: string | undefined
  #abort = new AbortController()
  #state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new'
  #started: Service[] = []
  readonly #storeService: StoreService
  readonly #engineService: EngineService
  readonly #blobs: BlobStore
  #reveals: PendingReveals | null = null
  #actions: NodeActions | null = null
  readonly queries: NodeQueries
  #integrity: IntegrityService | null = null
  #backups: BackupService | null = null
  #network: NodeNetwork | null = null
  #api: ApiService | null = null

  /** @internal use createNode. */
  constructor(init: {
    config: NodeConfig
    genesis: LoadedGenesis
    keystore: Keystore
    logger: Logger
    options: NodeOptions
    apiToken: string | undefined
  }) {
    this.config = init.config
    this.genesis = init.genesis
    this.keystore = init.keystore
    this.logger = init.logger
    this.#options = init.options
    this.#apiToken = init.apiToken
    this.clock = init.options.clock ?? { now: () => Date.now() }
    this.metrics = new Registry()
    collectDefaultMetrics({ register: this.metrics, prefix: 'aimesh_process_' })
    this.events = new NodeEvents((err, event) => this.logger.warn({ err, event }, 'event listener failed'))
    this.#storeService = new StoreService(this.#base('store'), { dataDir: this.config.dataDir })
    this.#engineService = new EngineService({
      ...this.#base('engine'),
      store: () => this.#storeService.store,
      events: this.events,
      genesis: this.genesis.genesis,
    })
    this.#blobs = new BlobStore(this.config.blobDir)
    this.queries = new NodeQueries(() => this.#engineService.engine)
  }

  #base(name: string): BaseComponents {
    return {
      logger: this.logger.child({ service: name }),
      metrics: this.metrics,
      clock: this.clock,
      signal: this.#abort.signal,
    }
  }

  /** True while started. */
  get running(): boolean {
    return this.#state === 'running'
  }

  /** The actions (publish, answer, score, vote, claim, disputes, envelopes). */
  get actions(): NodeActions {
    if (this.#actions === null || this.#state !== 'running')
      throw new NodeError('NOT_RUNNING', 'the node is not running; call start() first')
    return this.#actions
  }

  /** The engine service (for the network and tests). */
  get engine(): EngineService {
    return this.#engineService
  }

  /** The network, or null when disabled. */
  get network(): NodeNetwork | null {
    return this.#network
  }

  /** The blob store of task inputs. */
  get blobs(): BlobStore {
    return this.#blobs
  }

  /** The API's base URL once started (`http://127.0.0.1:<port>`), or null. */
  get apiUrl(): string | null {
    return this.#api?.url ?? null
  }

  /** Starts every service in order; on failure stops what started and rethrows. */
  async start(): Promise<void> {
    if (this.#state !== 'new' && this.#state !== 'stopped')
      throw new NodeError('NOT_RUNNING', `cannot start a node that is ${this.#state}`)
    this.#state = 'starting'
    this.#abort = new AbortController()
    this.#started = []
    try {
      // The data dir belongs to one network: refuse one made with another genesis (DESIGN §1).
      const { recoverCheckpointJoin } = await import('./checkpoint-join.js')
      await recoverCheckpointJoin(this.config, this.logger)
      await bindDataDirGenesis(this.config.dataDir, this.genesis.hash)
      await this.#joinFromCheckpoint()
      await this.#startService(this.#storeService)
      await this.#startService(this.#engineService)
      this.#reveals = await PendingReveals.open(this.config.revealsFile)
      this.#actions = new NodeActions({
        keystore: this.keystore,
        engine: this.#engineService,
        reveals: this.#reveals,
        blobs: this.#blobs,
        clock: this.clock,
        signal: this.#abort.signal,
      })
      const store = () => this.#storeService.store
      await this.#startService(
        new ClockService(
          {
            ...this.#base('clock'),
            engine: this.#engineService,
            actions: this.#actions,
            reveals: this.#reveals,
          },
          { intervalMs: this.config.clock.intervalMs },
        ),
      )
      await this.#startService(
        new SignerService(
          {
            ...this.#base('signer'),
            engine: this.#engineService,
            actions: this.#actions,
            keystore: this.keystore,
          },
          this.config.signer,
        ),
      )
      await this.#startService(
        new SnapshotService(
          { ...this.#base('snapshots'), engine: this.#engineService, store },
          this.config.snapshots,
        ),
      )
      this.#integrity = new IntegrityService({ ...this.#base('integrity'), store }, this.config.integrity)
      await this.#startService(this.#integrity)
      this.#backups = new BackupService(
        { ...this.#base('backups'), store },
        {
          dir: this.config.backupDir,
          intervalMs: this.config.backup.intervalMs,
          keep: this.config.backup.keep,
          ...(this.config.backup.keyFile === undefined ? {} : { keyFile: this.config.backup.keyFile }),
        },
      )
      await this.#startService(this.#backups)
      if (this.config.network.enabled) {
        const factory =
          this.#options.createNetwork ?? (await import('./services/libp2p-network.js')).libp2pNetwork
        this.#network = await factory({
          ...this.#base('network'),
          config: this.config,
          genesis: this.genesis,
          engine: this.#engineService,
          store: () => this.#storeService.store,
          events: this.events,
        })
        const network = this.#network
        // Local messages go on the wire at their verdict, not after their write (services/engine.ts).
        this.#engineService.onLocalVerdict((msg) => {
          network.publish(msg).catch((err) => this.logger.debug({ err }, 'gossip publish failed'))
        })
        await this.#startService(network)
      }
      if (this.config.api.enabled) {
        this.#api = new ApiService(
          { ...this.#base('api'), node: this },
          { host: this.config.api.host, port: this.config.api.port, token: this.#apiToken ?? '' },
        )
        await this.#startService(this.#api)
      }
      this.#state = 'running'
      this.logger.info(
        { api: this.apiUrl, network: this.#network?.peerId ?? null, events: EVENT_NAMES.length },
        'node started',
      )
    } catch (err) {
      this.#state = 'running'
      await this.stop().catch(() => undefined)
      throw err
    }
  }

  /**
   * Before the store opens, an empty data dir takes the latest certified checkpoint's state
   * (checkpoint-join.ts; its genesis binding carried over); only over the libp2p network (a custom
   * network factory opts out).
   */
  async #joinFromCheckpoint(): Promise<void> {
    if (!this.config.network.enabled || this.#options.createNetwork !== undefined) return
    const { joinFromCheckpointIfEmpty } = await import('./checkpoint-join.js')
    await joinFromCheckpointIfEmpty({
      config: this.config,
      genesis: this.genesis.genesis,
      logger: this.logger,
      clock: this.clock,
      signal: this.#abort.signal,
    })
  }

  async #startService(s: Service): Promise<void> {
    await s.start()
    this.#started.push(s)
  }

  /** Stops every service in reverse order, draining messages in flight; the store closes last. */
  async stop(): Promise<void> {
    if (this.#state !== 'running') return
    this.#state = 'stopping'
    // The API and network stop first (no new messages), then timers, then the engine drains.
    const order = [...this.#started].reverse()
    const apiAndNetwork = order.filter((s) => s === this.#api || s === this.#network)
    for (const s of apiAndNetwork) await this.#stopService(s)
    this.#abort.abort()
    await this.#engineService.drain()
    for (const s of order) if (!apiAndNetwork.includes(s)) await this.#stopService(s)
    this.#started = []
    this.#api = null
    this.#network = null
    this.#actions = null
    this.#state = 'stopped'
    this.logger.info({}, 'node stopped')
  }

  async #stopService(s: Service): Promise<void> {
    try {
      await s.stop()
    } catch (err) {
      this.logger.error({ err, service: s.name }, 'service failed to stop')
    }
  }

  /** Every metric of the node in Prometheus text: its own registry, then libp2p's. */
  async metricsText(): Promise<string> {
    const parts = [await this.metrics.metrics()]
    const libp2p = this.#network?.registry
    if (libp2p !== undefined) parts.push(await libp2p.metrics())
    return parts.join('\n')
  }

  /** The status summary (docs/api.md GET /status). */
  status(): Record<string, unknown> {
    return {
      ...this.queries.status(),
      peerId: this.#network?.peerId ?? null,
      addresses: this.#network?.addresses() ?? [],
      peers: this.#network?.peers().length ?? 0,
    }
  }

  /** Health: store reachable, last integrity check, peers, sync lag, last backup. */
  async health(): Promise<Health> {
    let store = false
    try {
      await this.#storeService.store.schemaVersion()
      store = true
    } catch {
      store = false
    }
    const integrity = this.#integrity?.last ?? null
    return {
      ok: store && (integrity === null || integrity.ok),
      store,
      integrity,
      peers: this.#network === null ? null : this.#network.peers().length,
      syncLag: this.#network?.syncLag() ?? null,
      lastBackup: this.#backups?.last ?? null,
    }
  }

  /** Takes a backup now. */
  backup(): Promise<BackupStats> {
    if (this.#backups === null || this.#state !== 'running')
      throw new NodeError('NOT_RUNNING', 'the node is not running; call start() first')
    return this.#backups.backup()
  }

  /** Runs the store integrity check now. */
  checkIntegrity() {
    if (this.#integrity === null) throw new NodeError('NOT_RUNNING', 'the node is not running')
    return this.#integrity.check()
  }

  /** The open store (diagnostics, recovery). */
  get store() {
    return this.#storeService.store
  }
}
