/**
 * Starting from the latest certified checkpoint over the network (DESIGN §5.6, §8 sync; issue 9
 * item 5): a joining node with an empty store waits for its peers' statuses, asks the peer naming the
 * latest certified checkpoint (the best-quality one among equals) for its state with `checkpoint`,
 * and imports it with the engine's `importCheckpoint`, which verifies it against the certificate.
 *
 * Each attempt downloads into a state file and imports into a staging store beside the node's; only
 * a verified state is copied into the node's own store, so a tampered, uncertified or cut-short
 * state never touches it, and the next peer is asked. A refused state costs its server the action
 * CHECKPOINT_PENALTY gives the import's error code. The caller opens its engine on the store
 * afterwards and syncs only what came after the export (inventories differ only there).
 */
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import {
  CheckpointError,
  type CheckpointErrorCode,
  type CheckpointHeader,
  type Genesis,
  importCheckpoint,
} from '@aimesh/engine'
import type { Verifier } from '@aimesh/protocol'
import { StateStore, StoreError } from '@aimesh/store'
import { peerIdFromString } from '@libp2p/peer-id'
import { type Logger, type PeerAction, type PeerReporter, silentLogger } from '../ports.js'
import { downloadCheckpoint } from '../reqresp/checkpoint-chunks.js'
import type { ReqRespClient } from '../reqresp/client.js'
import { isReqRespError } from '../reqresp/errors.js'
import type { PeerStatus } from '../reqresp/service.js'

/**
 * What serving a state the import refuses costs a peer. Envelopes that do not open and votes that
 * do not certify the checkpoint are false data under the peer's signature: fatal (a ban). A state
 * that does not load or gives another fold root may come from an honest peer whose store is
 * damaged: low.
 */
export const CHECKPOINT_PENALTY: Record<CheckpointErrorCode, PeerAction> = {
  BAD_MESSAGE: 'fatal',
  CERTIFICATE_MISMATCH: 'fatal',
  STATE_MISMATCH: 'low',
  // Records (stubs, derived records) that do not agree with the state: damage or forgery, unsigned.
  BAD_RECORD: 'low',
  BAD_FORMAT: 'low',
  WRONG_NETWORK: 'low',
  NOT_CERTIFIED: 'low',
}

/** How long a joining node waits for its peers' statuses by default. */
export const CHECKPOINT_WAIT_MS = 10_000
/** How often the statuses are looked at while waiting. */
const WAIT_POLL_MS = 100
const STATE_FILE = 'checkpoint.state'
const STAGING_STORE = 'store'

export interface CheckpointJoinComponents {
  client: ReqRespClient
  /** Connected peer ids. */
  peers(): string[]
  /** The latest status of each peer that completed a handshake with us. */
  statuses(): ReadonlyMap<string, PeerStatus>
  /** Peers best first by long-term quality (DESIGN §8). */
  rank(peers: Iterable<string>): string[]
  reporter: PeerReporter | null
  logger?: Logger
}

export interface CheckpointJoinInit {
  genesis: Genesis
  /** The node's store: must hold no message (the import refuses otherwise). */
  store: StateStore
  /** A directory of our own for the download and the staging store (emptied before each attempt, removed after). */
  stagingDir: string
  /** Longest wait for peers' statuses (default CHECKPOINT_WAIT_MS). */
  waitMs?: number
  /** Peers to wait for before choosing (the bootstrap list's length; default 1). */
  expectPeers?: number
  /** Wall clock and engine clock of the verifying engine. */
  now?: () => number
  verifier?: Verifier
  signal?: AbortSignal
}

/** A peer whose state was refused, and why. */
export interface RefusedCheckpoint {
  peer: string
  code: string
  reason: string
}

/** What a join did: the peer whose state was imported (null when none was), and what was refused. */
export interface CheckpointJoinResult {
  peer: string | null
  header: CheckpointHeader | null
  /** Records written into the node's store, messages among them, tasks taken as folded. */
  records: number
  messages: number
  foldedTasks: number
  refused: RefusedCheckpoint[]
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(t)
      resolve()
    })
  })
}

/**
 * Waits until at least `expectPeers` peers are connected and every connected peer has sent its
 * status, at most `waitMs`. Returns the peers whose status names a certified checkpoint: the latest
 * epoch first, then by quality.
 */
export async function checkpointCandidates(
  c: CheckpointJoinComponents,
  opts: { waitMs: number; expectPeers: number; signal?: AbortSignal | undefined },
): Promise<string[]> {
  const { waitMs, expectPeers, signal } = opts
  const deadline = performance.now() + waitMs
  for (;;) {
    const statuses = c.statuses()
    const connected = c.peers()
    const offering = connected.filter((p) => statuses.get(p)?.status.checkpoint !== undefined)
    const allIn = connected.length >= Math.max(1, expectPeers) && connected.every((p) => statuses.has(p))
    if (allIn || performance.now() >= deadline) {
      const epochOf = (p: string) => statuses.get(p)?.status.checkpoint?.epoch ?? 0
      const ranked = c.rank(offering)
      return ranked.sort((a, b) => epochOf(b) - epochOf(a))
    }
    if (signal?.aborted === true) return []
    await sleep(WAIT_POLL_MS, signal)
  }
}

/** See the file comment. Never throws for what a peer did; throws for our own store's failures. */
export async function joinFromCheckpoint(
  c: CheckpointJoinComponents,
  init: CheckpointJoinInit,
): Promise<CheckpointJoinResult> {
  const log = (c.logger ?? silentLogger).child({ component: 'checkpoint-join' })
  const networkId = init.genesis.networkId
  const result: CheckpointJoinResult = {
    peer: null,
    header: null,
    records: 0,
    messages: 0,
    foldedTasks: 0,
    refused: [],
  }
  const candidates = await checkpointCandidates(c, {
    waitMs: init.waitMs ?? CHECKPOINT_WAIT_MS,
    expectPeers: init.expectPeers ?? 1,
    signal: init.signal,
  })
  if (candidates.length === 0) log.info({}, 'no peer offers a certified checkpoint: replaying history')
  for (const peer of candidates) {
    if (init.signal?.aborted === true) break
    await rm(init.stagingDir, { recursive: true, force: true })
    await mkdir(init.stagingDir, { recursive: true })
    const file = join(init.stagingDir, STATE_FILE)
    const refuse = (code: string, reason: string, action: PeerAction | null) => {
      result.refused.push({ peer, code, reason })
      // A report also counts as bad data in the peer's long-term quality.
      if (action !== null) c.reporter?.report(peer, action, `checkpoint/${code}`)
      else c.reporter?.observe?.(peer, 'bad-data')
      log.warn({ peer, code, reason }, 'checkpoint state refused; asking the next peer')
    }
    try {
      const download = await downloadCheckpoint(c.client, peerIdFromString(peer), networkId, file, {
        reporter: c.reporter,
        ...(init.signal === undefined ? {} : { signal: init.signal }),
      })
      log.info(
        { peer, epoch: download.header.epoch, records: download.records },
        'checkpoint state downloaded',
      )
    } catch (err) {
      // The client has already charged the peer what the req/resp table says.
      const code = isReqRespError(err) ? err.code : 'DOWNLOAD_FAILED'
      result.refused.push({ peer, code, reason: (err as Error).message })
      log.info(
        { peer, code, err: (err as Error).message },
        'checkpoint download failed; asking the next peer',
      )
      continue
    }
    const staging = await StateStore.open(join(init.stagingDir, STAGING_STORE))
    let verified = false
    try {
      const now = init.now ?? Date.now
      const { report } = await importCheckpoint({
        store: staging,
        genesis: init.genesis,
        source: file,
        now,
        clock: now(),
        ...(init.verifier === undefined ? {} : { verifier: init.verifier }),
      })
      verified = true
      result.peer = peer
      result.header = report.header
      result.messages = report.messages
      result.foldedTasks = report.foldedTasks
      await rm(file, { force: true })
      // Verified: now the node's own store gets it, as one more import through a snapshot.
      result.records = await init.store.importRecords(staging.exportRecords())
      c.reporter?.observe?.(peer, 'helpful-response')
    } catch (err) {
      if (verified) throw err
      if (err instanceof CheckpointError) refuse(err.code, err.message, CHECKPOINT_PENALTY[err.code])
      else if (err instanceof StoreError && err.code === 'BACKUP_CORRUPT')
        refuse('BAD_FORMAT', err.message, CHECKPOINT_PENALTY.BAD_FORMAT)
      else if (err instanceof StoreError && err.code === 'INVALID_ARGUMENT')
        refuse('BAD_FORMAT', err.message, CHECKPOINT_PENALTY.BAD_FORMAT)
      else throw err
    } finally {
      await staging.close()
    }
    if (verified) break
  }
  await rm(init.stagingDir, { recursive: true, force: true })
  if (result.peer !== null)
    log.info(
      {
        peer: result.peer,
        epoch: result.header?.epoch,
        messages: result.messages,
        foldedTasks: result.foldedTasks,
      },
      'started from a certified checkpoint',
    )
  return result
}
