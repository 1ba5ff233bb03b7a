/**
 * History at checkpoints (DESIGN §5.6, §5.12), the store side: the engine's derived state entries
 * (what `open` loads instead of re-deriving the log), the task→messages index read whole (ids are
 * kept when bodies go), pruning message bodies the engine folded into a certified checkpoint, and
 * the state as a stream of records for export and import into a fresh store.
 *
 * Pruning replaces the old retention of derived records (which deleted records a live engine held):
 * what goes is the envelope bytes of folded messages; their ids stay in `taskMessages`, so state
 * roots, inventories and duplicate checks are unchanged, and each id's entry there takes the
 * message's stub: the engine's compact record of what a later message's verdict reads of it
 * (opaque bytes here; engine stubs.ts). An entry of a message whose body is held is empty.
 */
import type { AbstractSnapshot } from 'abstract-level'
import { type ColumnName, DERIVED_COLUMNS } from './columns.js'
import type { RawOp, StoreCore } from './core.js'
import { StoreError } from './errors.js'
import { checkId, ID_LENGTH, key, plain } from './keys.js'

/** One stored entry of a column: what an export carries. */
export interface StateRecord {
  column: ColumnName
  key: Uint8Array
  value: Uint8Array
}

/**
 * Columns a state export carries: the log (what is left of it), the task→messages index, every
 * derived record and index, and the engine's state. Not meta (schema, markers), node-local metrics,
 * nor the trust mirror (the engine writes it again from its state).
 */
export const EXPORT_COLUMNS: readonly ColumnName[] = ['messages', 'taskMessages', ...DERIVED_COLUMNS]
const EXPORTED: ReadonlySet<ColumnName> = new Set(EXPORT_COLUMNS)

/** meta key set while an import is being written (cleared by its last batch). */
export const IMPORT_META_KEY: Uint8Array = new TextEncoder().encode('importPending')

/** Keys read per step when scanning the task index. */
const KEY_PAGE = 4_096

/** Entries per batch for pruning and importing (bounded memory and batch size). */
const CHUNK = 2_000

/** Every engine state entry, in key order. */
export async function* iterateEngineState(core: StoreCore): AsyncIterable<[Uint8Array, Uint8Array]> {
  core.assertOpen()
  for await (const [k, v] of core.columns.byName.engineState.iterator()) {
    yield [plain(k as Uint8Array), plain(v as Uint8Array)]
  }
}

/** One engine state value by key (uncached), or undefined. */
export function readEngineState(core: StoreCore, key: Uint8Array): Promise<Uint8Array | undefined> {
  return core.readUncached('engineState', key)
}

/** One entry of the task→messages index: a held id, with its stub once its body was pruned. */
export interface TaskMessageEntry {
  taskId: Uint8Array
  id: Uint8Array
  /** What the engine keeps of a pruned message (absent while its body is held). */
  stub?: Uint8Array
}

/** A message body to prune: its ids and the stub that takes its place in the task index. */
export interface PrunedMessage {
  taskId: Uint8Array
  id: Uint8Array
  stub: Uint8Array
}

/** Every entry of the task→messages index, in (task, message) order. */
export async function* iterateTaskMessageIds(core: StoreCore): AsyncIterable<TaskMessageEntry> {
  core.assertOpen()
  // Pages of entries (nextv): iterating a sublevel one entry at a time costs more than the entries.
  const it = core.columns.byName.taskMessages.iterator()
  try {
    for (;;) {
      const page = (await it.nextv(KEY_PAGE)) as [Uint8Array, Uint8Array][]
      if (page.length === 0) break
      for (const [k, v] of page) {
        const entry: TaskMessageEntry = {
          taskId: plain(k.subarray(0, ID_LENGTH)),
          id: plain(k.subarray(ID_LENGTH)),
        }
        if (v.length > 0) entry.stub = plain(v)
        yield entry
      }
    }
  } finally {
    await it.close()
  }
}

/** The stub of a pruned message, read synchronously (undefined while its body is held or unknown). */
export function readStubSync(core: StoreCore, taskId: Uint8Array, id: Uint8Array): Uint8Array | undefined {
  const v = core.readSync('taskMessages', key(checkId(taskId, 'task id'), checkId(id, 'message id')))
  return v === undefined || v.length === 0 ? undefined : v
}

/** The logged envelopes of these ids, in the order asked (undefined where pruned or never held). */
export async function readMessages(
  core: StoreCore,
  ids: readonly Uint8Array[],
): Promise<(Uint8Array | undefined)[]> {
  if (ids.length === 0) return []
  core.assertOpen()
  for (const id of ids) checkId(id, 'message id')
  const values = (await core.columns.byName.messages.getMany(ids as Uint8Array[])) as (
    | Uint8Array
    | undefined
  )[]
  core.metrics?.onRead('messages', 0)
  return values.map((v) => (v === undefined ? undefined : plain(v)))
}

/** One logged envelope by id, read synchronously (undefined where pruned or never held). */
export function readMessageSync(core: StoreCore, id: Uint8Array): Uint8Array | undefined {
  return core.readSync('messages', checkId(id, 'message id'))
}

/**
 * Deletes the envelope bytes of these messages (DESIGN §5.6: bodies folded into a certified
 * checkpoint), keeping their ids in the task→messages index with each one's stub, in the same
 * batch as its delete. Bounded batches under the write mutex; each batch is whole, and pruning
 * again is harmless. Returns the bodies removed.
 */
export function pruneMessages(core: StoreCore, pruned: readonly PrunedMessage[]): Promise<number> {
  return core.mutex.run(async () => {
    core.assertOpen()
    let removed = 0
    for (let i = 0; i < pruned.length; i += CHUNK) {
      const chunk = pruned.slice(i, i + CHUNK)
      const ids = chunk.map((p) => checkId(p.id, 'message id'))
      const present = (await core.columns.byName.messages.getMany(ids)) as unknown[]
      const ops: RawOp[] = []
      chunk.forEach((p, j) => {
        if (present[j] === undefined) return
        if (p.stub.length === 0) throw new StoreError('INVALID_ARGUMENT', 'a pruned message needs a stub')
        ops.push({ type: 'del', column: 'messages', key: ids[j]! })
        ops.push({
          type: 'put',
          column: 'taskMessages',
          key: key(checkId(p.taskId, 'task id'), ids[j]!),
          value: p.stub,
        })
      })
      await core.batch(ops)
      removed += ops.length / 2
    }
    return removed
  })
}

/**
 * The store's state as records, read through one LevelDB snapshot (a whole number of batches):
 * every entry of the EXPORT_COLUMNS, column by column.
 */
export async function* exportRecords(core: StoreCore): AsyncIterable<StateRecord> {
  core.assertOpen()
  const snapshot: AbstractSnapshot = core.columns.root.snapshot()
  try {
    for (const column of EXPORT_COLUMNS) {
      for await (const [k, v] of core.columns.byName[column].iterator({ snapshot })) {
        yield { column, key: plain(k as Uint8Array), value: plain(v as Uint8Array) }
      }
    }
  } finally {
    await snapshot.close()
  }
}

/**
 * Writes exported records into this store, which must hold no message and no derived state
 * (TARGET_NOT_EMPTY otherwise). The `importPending` meta marker is set first and cleared by the last
 * batch, so an interrupted import is visible (`importPending`) instead of looking like a small store.
 * Returns the records written.
 */
export function importRecords(core: StoreCore, records: AsyncIterable<StateRecord>): Promise<number> {
  return core.mutex.run(async () => {
    core.assertOpen()
    for (const column of ['messages', 'taskMessages', 'engineState'] as const) {
      const some = await core.keys(column, { limit: 1 })
      if (some.length > 0)
        throw new StoreError(
          'TARGET_NOT_EMPTY',
          `cannot import a checkpoint state into a store that already holds ${column}; import into a fresh data dir`,
        )
    }
    await core.batch([{ type: 'put', column: 'meta', key: IMPORT_META_KEY, value: new Uint8Array([1]) }])
    let written = 0
    let ops: RawOp[] = []
    for await (const r of records) {
      if (!EXPORTED.has(r.column))
        throw new StoreError('INVALID_ARGUMENT', `an exported state holds no column "${r.column}"`)
      ops.push({ type: 'put', column: r.column, key: r.key, value: r.value })
      written++
      if (ops.length >= CHUNK) {
        await core.batch(ops)
        ops = []
      }
    }
    ops.push({ type: 'del', column: 'meta', key: IMPORT_META_KEY })
    await core.batch(ops)
    core.cache.clear()
    return written
  })
}

/** True while an import was started and not finished (its data dir should be deleted and imported again). */
export async function importPending(core: StoreCore): Promise<boolean> {
  return (await core.readUncached('meta', IMPORT_META_KEY)) !== undefined
}
