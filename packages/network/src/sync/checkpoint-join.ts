/**
 * Starting from the latest certified checkpoint over the network (DESIGN §5.6, §8 sync; issue 9
 * item 5): a joining node with an empty store waits for its peers' statuses, asks the peer naming the
 * latest certified checkpoint (the best-quality one among equals) for its state with `checkpoint`,
 * and imports it with the engine's `importCheckpoint`, which verifies it against the certificate.
 *
 * Each attempt streams the state straight into a staging store beside the node's data dir (written
 * once); only a verified, closed state is renamed into place (staged-state.ts), so a tampered,
 * uncertified or cut-short state never touches the data dir, a crash leaves either nothing or the
 * whole verified state, and after a refusal the next peer is asked. A refused state costs its server
 * the action CHECKPOINT_PENALTY gives the import's error code. The caller opens its store and engine
 * on the data dir afterwards and syncs only what came after the export (inventories differ only
 * there).
 *
 * Waiting for statuses ends as soon as `expectPeers` peers answered, or every bootstrap dial has
 * settled and every connected peer answered (a peer that is down costs no wait), or at `waitMs`.
 */
import { rm } from 'node:fs/promises'
import {
  CheckpointError,
  type CheckpointErrorCode,
  type CheckpointHeader,
  type Genesis,
  type ImportReport,
  importCheckpoint,
} from '@aimesh/engine'
import type { Verifier } from '@aimesh/protocol'
import { StateStore, StoreError } from '@aimesh/store'
import { peerIdFromString } from '@libp2p/peer-id'
import { type Logger, type PeerAction, type PeerReporter, silentLogger } from '../ports.js'
import { openCheckpointDownload } from '../reqresp/checkpoint-chunks.js'
import type { ReqRespClient } from '../reqresp/client.js'
import { isReqRespError } from '../reqresp/errors.js'
import type { PeerStatus } from '../reqresp/service.js'
import { commitStagedState, stagedPaths } from './staged-state.js'

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

/** How long a joining node waits for its peers' statuses at most, by default. */
export const CHECKPOINT_WAIT_MS = 10_000
/** How often the statuses are looked at while waiting. */
const WAIT_POLL_MS = 100

export interface CheckpointJoinComponents {
  client: ReqRespClient
  /** Connected peer ids. */
  peers(): string[]
  /** The latest status of each peer that completed a handshake with us. */
  statuses(): ReadonlyMap<string, PeerStatus>
  /** Bootstrap dials not settled yet (neither connected nor failed). */
  dialsInFlight(): number
  /** Peers best first by long-term quality (DESIGN §8). */
  rank(peers: Iterable<string>): string[]
  reporter: PeerReporter | null
  logger?: Logger
}

export interface CheckpointJoinInit {
  genesis: Genesis
  /**
   * The node's data dir (its store's directory): absent, or a store holding no message. The verified
   * state replaces it; the staging directories sit beside it (staged-state.ts).
   */
  target: string
  /** Files of the target to keep in the state that replaces it (a data dir's genesis binding). */
  carry?: string[]
  /** Longest wait for peers' statuses (default CHECKPOINT_WAIT_MS). */
  waitMs?: number
  /** Answers that end the wait at once (the bootstrap list's length; default 1). */
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
  /** Records written into the node's data dir, messages among them, tasks taken as folded. */
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
 * Waits for peers' statuses (see the file comment for when the wait ends). Returns the peers whose
 * status names a certified checkpoint: the latest epoch first, then by quality.
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
    const answered = connected.filter((p) => statuses.has(p))
    const enough = answered.length >= Math.max(1, expectPeers)
    const settled = c.dialsInFlight() === 0 && answered.length === connected.length
    if (enough || settled || performance.now() >= deadline) {
      const epochOf = (p: string) => statuses.get(p)?.status.checkpoint?.epoch ?? 0
      const offering = answered.filter((p) => statuses.get(p)?.status.checkpoint !== undefined)
      return c.rank(offering).sort((a, b) => epochOf(b) - epochOf(a))
    }
    if (signal?.aborted === true) return []
    await sleep(WAIT_POLL_MS, signal)
  }
}

/** The refusal code of an attempt's failure caused by the peer, or null for our own failures. */
function peerFault(err: unknown): { code: string; action: PeerAction | null } | null {
  if (err instanceof CheckpointError) return { code: err.code, action: CHECKPOINT_PENALTY[err.code] }
  if (err instanceof StoreError && (err.code === 'BACKUP_CORRUPT' || err.code === 'INVALID_ARGUMENT'))
    return { code: 'BAD_FORMAT', action: CHECKPOINT_PENALTY.BAD_FORMAT }
  // The req/resp client has already charged the peer what its table says.
  if (isReqRespError(err)) return { code: err.code, action: null }
  return null
}

/**
 * One attempt: streams `peer`'s state into a fresh staging store and verifies it. Resolves the
 * import's report with the staging store closed; throws what went wrong (the staging store closed).
 */
async function importFrom(
  c: CheckpointJoinComponents,
  init: CheckpointJoinInit,
  peer: string,
  dir: string,
): Promise<ImportReport> {
  await rm(dir, { recursive: true, force: true })
  const download = await openCheckpointDownload(c.client, peerIdFromString(peer), init.genesis.networkId, {
    reporter: c.reporter,
    ...(init.signal === undefined ? {} : { signal: init.signal }),
  })
  const staging = await StateStore.open(dir)
  try {
    const now = init.now ?? Date.now
    const { report } = await importCheckpoint({
      store: staging,
      genesis: init.genesis,
      source: { header: download.header, records: download.records },
      now,
      clock: now(),
      ...(init.verifier === undefined ? {} : { verifier: init.verifier }),
    })
    return report
  } finally {
    await download.close()
    await staging.close()
  }
}

/** See the file comment. Never throws for what a peer did; throws for our own store's failures. */
export async function joinFromCheckpoint(
  c: CheckpointJoinComponents,
  init: CheckpointJoinInit,
): Promise<CheckpointJoinResult> {
  const log = (c.logger ?? silentLogger).child({ component: 'checkpoint-join' })
  const paths = stagedPaths(init.target)
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
  const aborted = () => init.signal?.aborted === true
  try {
    for (const peer of candidates) {
      if (aborted()) break
      let report: ImportReport
      try {
        report = await importFrom(c, init, peer, paths.importing)
      } catch (err) {
        if (aborted()) break
        const fault = peerFault(err)
        if (fault === null) throw err
        result.refused.push({ peer, code: fault.code, reason: (err as Error).message })
        // A report also counts as bad data in the peer's long-term quality.
        if (fault.action !== null) c.reporter?.report(peer, fault.action, `checkpoint/${fault.code}`)
        log.warn(
          { peer, code: fault.code, reason: (err as Error).message },
          'checkpoint state refused; asking the next peer',
        )
        continue
      }
      // Verified and closed: one rename makes it the node's state (staged-state.ts).
      await commitStagedState(init.target, { carry: init.carry ?? [] })
      result.peer = peer
      result.header = report.header
      result.records = report.records
      result.messages = report.messages
      result.foldedTasks = report.foldedTasks
      c.reporter?.observe?.(peer, 'helpful-response')
      break
    }
  } finally {
    await rm(paths.importing, { recursive: true, force: true })
  }
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
