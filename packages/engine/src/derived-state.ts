/**
 * What `open` loads instead of re-deriving the log (DESIGN §5.12): per task, the result of its last
 * derivation (everything but the record objects, which are kept as their stored bytes) with the task
 * digest it was derived from; and one load marker (engine clock, messages held) written
 * with every commit. Both live in the store's `engineState` column and are written in the same batch
 * as the messages and records they belong to, so they are never ahead of or behind them.
 *
 * Loading checks them cheaply: a task whose stored digest differs from the digest of the ids held is
 * re-derived (and the tasks that read its trust after it); a marker whose message count differs from
 * the ids held, a missing marker or another format makes open re-derive everything. Values are v8 structured-clone bytes (Maps,
 * Sets, bigints and byte arrays as they are), versioned by FORMAT.
 */
import { deserialize, serialize } from 'node:v8'
import { decodeRecordPut, type RecordType } from '@aimesh/store'
import type { DerivedTask } from './derive/task.js'
import type { Sealed } from './engine/state.js'
import { hex, unhex } from './ids.js'
import type { RecordPut } from './store-port.js'

/** Hex ids as 32-byte ids concatenated. */
function concatIds(ids: readonly string[]): Uint8Array {
  const out = new Uint8Array(ids.length * 32)
  ids.forEach((id, i) => {
    out.set(unhex(id), i * 32)
  })
  return out
}

/** 32-byte ids concatenated, as hex. */
export function splitIds(bytes: Uint8Array): string[] {
  const out: string[] = []
  for (let i = 0; i + 32 <= bytes.length; i += 32) out.push(hex(bytes.subarray(i, i + 32)))
  return out
}

/** Format of the stored values; another value is ignored (the task or the store is re-derived). */
const FORMAT = 1

/** engineState key of the load marker (task states are keyed by their 32-byte task id). */
export const MARKER_KEY: Uint8Array = Uint8Array.of(0)

/** A derived record as the engine keeps it: its bytes, and the record decoded on first use. */
export interface KeptRecord {
  readonly put: RecordPut
  readonly bytes: Uint8Array
}

/** A record loaded from its stored bytes; decoded only when a write needs it as a previous version. */
export class StoredRecord implements KeptRecord {
  #put: RecordPut | undefined
  constructor(
    readonly type: RecordType,
    readonly bytes: Uint8Array,
  ) {}

  get put(): RecordPut {
    this.#put ??= decodeRecordPut(this.type, this.bytes)
    return this.#put
  }
}

/** One task's stored derivation. */
export interface TaskSnapshot {
  /** The ids held when it was derived, sorted, 32 bytes each (their digest is `digest`). */
  ids: Uint8Array
  digest: Uint8Array
  derived: DerivedTask
  records: Map<string, KeptRecord>
  /** Folded at a checkpoint with its bodies pruned: this derivation is final (checkpoint-state.ts). */
  frozen: boolean
  /** Folded and sealed: what it derives from (engine/fold-seal.ts), or null. */
  sealed: Sealed | null
}

interface StoredTask {
  f: number
  /** The ids, 32 bytes each, concatenated in order. */
  ids: Uint8Array
  digest: Uint8Array
  derived: Omit<DerivedTask, 'puts'>
  records: [string, RecordType, Uint8Array][]
  frozen: boolean
  /** Covered-set digest and late ids (32 bytes each, concatenated) of a sealed task. */
  sealed?: { digest: Uint8Array; late: Uint8Array }
}

/** The record type a record key names (`type:…`, recordKey). */
function recordType(key: string): RecordType {
  return key.slice(0, key.indexOf(':')) as RecordType
}

/** The stored value of a task's derivation. */
export function encodeTaskSnapshot(
  ids: Uint8Array,
  digest: Uint8Array,
  derived: DerivedTask,
  records: ReadonlyMap<string, KeptRecord>,
  frozen: boolean,
  sealed: Sealed | null = null,
): Uint8Array {
  const { puts: _puts, ...rest } = derived
  const value: StoredTask = {
    f: FORMAT,
    ids,
    digest,
    derived: rest,
    records: [...records].map(([key, r]) => [key, recordType(key), r.bytes]),
    frozen,
  }
  if (sealed !== null) value.sealed = { digest: sealed.digest, late: concatIds([...sealed.late].sort()) }
  return serialize(value)
}

/** A stored task derivation, or null when it is of another format or does not decode. */
export function decodeTaskSnapshot(bytes: Uint8Array): TaskSnapshot | null {
  let value: StoredTask
  try {
    value = deserialize(bytes) as StoredTask
  } catch {
    return null
  }
  if (value?.f !== FORMAT) return null
  const records = new Map<string, KeptRecord>()
  for (const [key, type, b] of value.records) records.set(key, new StoredRecord(type, b))
  return {
    ids: value.ids,
    digest: value.digest,
    derived: { ...value.derived, puts: [] },
    records,
    frozen: value.frozen === true,
    sealed:
      value.sealed === undefined
        ? null
        : { digest: value.sealed.digest, late: new Set(splitIds(value.sealed.late)) },
  }
}

/** What the load marker says about the state it was written with. */
export interface LoadMarker {
  /** Engine clock the stored derivations were made at. */
  clock: number
  /** Messages held (ids, bodies pruned or not). */
  messages: number
}

/** The stored load marker. */
export function encodeMarker(marker: LoadMarker): Uint8Array {
  return serialize({ f: FORMAT, ...marker })
}

/** The load marker, or null when it is of another format or does not decode. */
export function decodeMarker(bytes: Uint8Array | undefined): LoadMarker | null {
  if (bytes === undefined) return null
  try {
    const v = deserialize(bytes) as LoadMarker & { f: number }
    if (v?.f !== FORMAT) return null
    return { clock: v.clock, messages: v.messages }
  } catch {
    return null
  }
}
