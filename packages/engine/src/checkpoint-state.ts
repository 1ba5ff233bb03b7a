/**
 * History cut at certified checkpoints (DESIGN §5.6): which message bodies a node may drop, and the
 * state at a certified checkpoint as a file or a stream of records that a new node imports, verified
 * against the checkpoint's certificate, instead of replaying the log.
 *
 * Folded: a task whose outcome is certified and final by the cut of the latest certified checkpoint
 * (its last vote round closed by then). Its bodies go except its TaskPublished (the parent of every
 * later message of the task) and its ConsensusVotes (the certificate); ids stay, each with a stub
 * of what a later message's verdict reads of it (stubs.ts), so state roots, inventories and
 * verdicts do not change. A folded task's derived state is frozen from then on (derived-state.ts
 * holds it): a later message for it is held and counted in its digest but derives nothing.
 *
 * An import is verified record by record (checkpoint-verify.ts: envelopes open, stubs and folded
 * derivations agree with the ids held and the votes kept, derived records are written again and
 * must equal the export's); the CheckpointVotes it holds certify the named checkpoint against the
 * epoch chain from genesis, and its header names what they certify; and once the engine is open on
 * it, the fold root and trust digest this node computes equal the certified ones. Derived state is taken as stored only for folded tasks (the ones whose bodies
 * are gone); every other task is derived again from its messages.
 */
import { MessageKind, type Verifier, verifyNode } from '@aimesh/protocol'
import { readStateFile, type StateRecord, type StateStore, StoreError, writeStateFile } from '@aimesh/store'
import { ImportVerifier, RecordRefused, rebuiltDigest } from './checkpoint-verify.js'
import { Engine, type EngineErrorSource, type EngineOptions } from './engine.js'
import { hex } from './ids.js'

/** First line of meaning in a checkpoint export's header. */
export const CHECKPOINT_FORMAT = 'aimesh-checkpoint/1'

/** What a checkpoint export says about itself (the file header). */
export interface CheckpointHeader {
  format: typeof CHECKPOINT_FORMAT
  networkId: string
  /** The epoch whose certified checkpoint the state is cut at. */
  epoch: number
  /** The certified checkpoint's digest (hex). */
  digest: string
  /** Its fold root and trust digest (hex), as certified. */
  foldRoot: string
  trustDigest: string
  /** The exporter's state root and message count when it exported (hex), for the importer's report. */
  stateRoot: string
  messages: number
}

/** Why a checkpoint export or import failed. */
export type CheckpointErrorCode =
  | 'NOT_CERTIFIED'
  | 'WRONG_NETWORK'
  | 'BAD_FORMAT'
  | 'BAD_MESSAGE'
  | 'BAD_RECORD'
  | 'CERTIFICATE_MISMATCH'
  | 'STATE_MISMATCH'

/** A failed checkpoint export or import; the message says what to do. */
export class CheckpointError extends Error {
  constructor(
    readonly code: CheckpointErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`)
    this.name = 'CheckpointError'
  }
}

/** Kinds whose bodies a folded task keeps: its root parent and its certificate. */
const KEPT_KINDS: ReadonlySet<MessageKind> = new Set([MessageKind.TaskPublished, MessageKind.ConsensusVote])

/** The latest certified checkpoint epoch, or 0 when none is. */
export function latestCertifiedEpoch(engine: Engine): number {
  let latest = 0
  for (const e of engine.checkpointEpochs()) if (engine.checkpoints(e).some((c) => c.winner)) latest = e
  return latest
}

/**
 * Ids of the message bodies that may be dropped: those of tasks sealed into a certified checkpoint
 * (see the file comment), except each task's TaskPublished and ConsensusVotes.
 */
export function prunableMessageIds(engine: Engine): Uint8Array[] {
  const out: Uint8Array[] = []
  for (const t of engine.state.tasks()) {
    // Sealed: folded into a certified checkpoint whose fold root its covered set gives.
    if (t.publish === null || t.sealed === null) continue
    for (const m of t.messages) if (!KEPT_KINDS.has(m.kind)) out.push(m.id)
  }
  return out
}

/** The certified checkpoint of `epoch` (the latest certified one by default), or NOT_CERTIFIED. */
function certified(engine: Engine, epoch?: number) {
  const e = epoch ?? latestCertifiedEpoch(engine)
  const winner = engine.checkpoints(e).find((c) => c.winner)
  if (winner === undefined)
    throw new CheckpointError(
      'NOT_CERTIFIED',
      `no certified checkpoint for epoch ${e} is held here; sync its CheckpointVotes or name a certified epoch`,
    )
  return winner
}

/**
 * The state at a certified checkpoint (the latest by default) as a header and a stream of records,
 * read through one store snapshot. Prune first (`Engine.pruneFolded`) to leave the folded bodies out.
 */
export function exportCheckpoint(
  engine: Engine,
  store: StateStore,
  epoch?: number,
): { header: CheckpointHeader; records: AsyncIterable<StateRecord> } {
  const c = certified(engine, epoch)
  const header: CheckpointHeader = {
    format: CHECKPOINT_FORMAT,
    networkId: engine.genesis.networkId,
    epoch: c.epoch,
    digest: c.digest,
    foldRoot: hex(c.content.foldRoot),
    trustDigest: hex(c.content.trustDigest),
    stateRoot: hex(engine.stateRoot()),
    messages: engine.messageCount,
  }
  return { header, records: store.exportRecords() }
}

/** `exportCheckpoint` into a file; returns its header. */
export async function writeCheckpointFile(
  engine: Engine,
  store: StateStore,
  path: string,
  epoch?: number,
): Promise<CheckpointHeader> {
  const { header, records } = exportCheckpoint(engine, store, epoch)
  await writeStateFile(path, header, records)
  return header
}

/** How to import a checkpoint state. */
export interface ImportOptions extends Omit<EngineOptions, 'store'> {
  /** A fresh, empty store to import into. */
  store: StateStore
  /** The export: a file path, or a header with its records. */
  source: string | { header: unknown; records: AsyncIterable<StateRecord> }
}

/** What an import did. */
export interface ImportReport {
  header: CheckpointHeader
  records: number
  messages: number
  /** Tasks whose derived state was taken as stored (folded, bodies pruned). */
  foldedTasks: number
}

/**
 * A refused record, or a file cut short or damaged (the store's BACKUP_CORRUPT), as the
 * CheckpointError it is; anything else as it is.
 */
function asCheckpointError(err: unknown): never {
  if (err instanceof RecordRefused) throw new CheckpointError(err.code, err.message)
  if (err instanceof StoreError && err.code === 'BACKUP_CORRUPT')
    throw new CheckpointError('BAD_FORMAT', `${err.message}; export it again or use another peer's export`)
  throw err
}

function checkHeader(raw: unknown, networkId: string): CheckpointHeader {
  const h = raw as Partial<CheckpointHeader> | null
  if (h === null || typeof h !== 'object' || h.format !== CHECKPOINT_FORMAT)
    throw new CheckpointError(
      'BAD_FORMAT',
      `not a ${CHECKPOINT_FORMAT} export; export it again with this version`,
    )
  if (h.networkId !== networkId)
    throw new CheckpointError(
      'WRONG_NETWORK',
      `the export is of network "${h.networkId}", this genesis is "${networkId}"; use an export of this network`,
    )
  for (const field of ['epoch', 'digest', 'foldRoot', 'trustDigest'] as const)
    if (h[field] === undefined) throw new CheckpointError('BAD_FORMAT', `the export header has no ${field}`)
  return h as CheckpointHeader
}

/**
 * Imports a checkpoint state into a fresh store and opens an engine on it, verified against the
 * checkpoint's certificate (see the file comment and checkpoint-verify.ts). On any failure the store
 * holds a partial or unverified state: delete its data dir before trying again.
 */
export async function importCheckpoint(
  opts: ImportOptions,
): Promise<{ engine: Engine; report: ImportReport }> {
  const { store, source } = opts
  const networkId = opts.genesis.networkId
  const verifier: Verifier = opts.verifier ?? verifyNode
  const { header: rawHeader, records } =
    typeof source === 'string' ? await readStateFile(source).catch(asCheckpointError) : source
  const header = checkHeader(rawHeader, networkId)
  const check = new ImportVerifier(networkId, verifier)
  let written: number
  try {
    written = await store.importRecords(check.filter(records))
    check.checkVotes()
  } catch (err) {
    return asCheckpointError(err)
  }

  // No load marker was written: the engine derives the log again, folded tasks taking their stored
  // derivation (engine/frozen.ts), and writes every record, at the exporter's clock first.
  const { LevelEngineStore } = await import('./state-store-adapter.js')
  const clock = check.clock ?? opts.clock
  let engine: Engine
  try {
    // Deriving the log again is the plan here, not a fallback worth reporting.
    const onError = (err: unknown, source: EngineErrorSource) => {
      if (source !== 'stored-state') opts.onError?.(err, source)
    }
    engine = await Engine.open({ ...opts, clock, onError, store: new LevelEngineStore(store) })
  } catch (err) {
    // A state that does not load (ids without bodies outside the folded tasks, a folded task
    // without its stored derivation) is not what was exported at a certified checkpoint.
    throw new CheckpointError(
      'STATE_MISMATCH',
      `the exported state does not load (${(err as Error).message}); use another peer's export`,
    )
  }
  if ((await rebuiltDigest(store)) !== check.derivedDigest())
    throw new CheckpointError(
      'BAD_RECORD',
      "the export's derived records are not what its messages and folded derivations give; the export is damaged or forged",
    )
  const status = engine.checkpoints(header.epoch).find((c) => c.digest === header.digest)
  if (status === undefined || !status.certified)
    throw new CheckpointError(
      'CERTIFICATE_MISMATCH',
      `the export's CheckpointVotes do not certify checkpoint ${header.digest} of epoch ${header.epoch}; use another peer's export`,
    )
  if (
    header.foldRoot !== hex(status.content.foldRoot) ||
    header.trustDigest !== hex(status.content.trustDigest)
  )
    throw new CheckpointError(
      'CERTIFICATE_MISMATCH',
      `the export's header names fold root ${header.foldRoot} and trust digest ${header.trustDigest}, its certificate ` +
        `${hex(status.content.foldRoot)} and ${hex(status.content.trustDigest)}; use another peer's export`,
    )
  // Every certified checkpoint up to the exported one seals: the covered sets the export names
  // (and the messages it holds) give each certified fold root (engine/fold-seal.ts).
  const unsealed = engine
    .checkpointEpochs()
    .filter((e) => e <= header.epoch && engine.checkpoints(e).some((c) => c.winner) && !engine.foldSealed(e))
  if (unsealed.length > 0)
    throw new CheckpointError(
      'STATE_MISMATCH',
      `the imported folded tasks do not give the certified fold root of epoch(s) ${unsealed.join(', ')}; use another peer's export`,
    )
  const proposal = engine.checkpointProposal(header.epoch)
  if (
    hex(proposal.foldRoot) !== hex(status.content.foldRoot) ||
    hex(proposal.trustDigest) !== hex(status.content.trustDigest)
  )
    throw new CheckpointError(
      'STATE_MISMATCH',
      `the imported state gives fold root ${hex(proposal.foldRoot)} and trust digest ${hex(proposal.trustDigest)}, ` +
        `the certificate says ${hex(status.content.foldRoot)} and ${hex(status.content.trustDigest)}; use another peer's export`,
    )
  if (opts.clock !== undefined && opts.clock > engine.clock) await engine.advance(opts.clock)
  return {
    engine,
    report: { header, records: written, messages: check.messages, foldedTasks: check.folded().size },
  }
}
