/**
 * Integrity check: recomputes every index entry from the records and compares with what is
 * stored, and checks the task→messages index against the message log. Runs under the write mutex.
 */

import { bytesEqual } from '@aimesh/protocol'
import type { ColumnName } from './columns.js'
import type { StoreCore } from './core.js'
import { type IndexName, indexKeys, indexNameOf } from './indexes.js'
import { hex, ID_LENGTH } from './keys.js'
import { RECORD_KINDS, type RecordType } from './records.js'

/** Where an index problem was found ('taskMessages' is the message log's own index). */
export type IndexLocation = IndexName | 'taskMessages' | 'unknown'

/** An index entry that should exist but does not (missing) or exists without a record (dangling). */
export interface IndexProblem {
  index: IndexLocation
  /** Hex of the key inside its column. */
  key: string
}

/** A stored record that cannot be decoded or sits under the wrong primary key. */
export interface RecordProblem {
  column: ColumnName
  key: string
  problem: 'undecodable' | 'keyMismatch'
}

/** The result of checkIntegrity(); `ok` when every list is empty. */
export interface IntegrityReport {
  ok: boolean
  records: number
  indexEntries: number
  messages: number
  missing: IndexProblem[]
  dangling: IndexProblem[]
  badRecords: RecordProblem[]
}

/** Walks every record and index entry and reports every mismatch. */
export function checkIntegrity(core: StoreCore): Promise<IntegrityReport> {
  return core.mutex.run(async () => {
    core.assertOpen()
    const report: IntegrityReport = {
      ok: true,
      records: 0,
      indexEntries: 0,
      messages: 0,
      missing: [],
      dangling: [],
      badRecords: [],
    }
    const expected = new Map<string, IndexName>()
    for (const type of Object.keys(RECORD_KINDS) as RecordType[]) {
      const kind = RECORD_KINDS[type]
      for await (const [k, v] of core.columns.byName[kind.column].iterator()) {
        const storedKey = k as Uint8Array
        report.records++
        let record: unknown
        try {
          record = kind.decode(v as Uint8Array)
        } catch {
          report.badRecords.push({ column: kind.column, key: hex(storedKey), problem: 'undecodable' })
          continue
        }
        let primary: Uint8Array
        try {
          primary = kind.key(record as never)
        } catch {
          report.badRecords.push({ column: kind.column, key: hex(storedKey), problem: 'keyMismatch' })
          continue
        }
        if (!bytesEqual(primary, storedKey))
          report.badRecords.push({ column: kind.column, key: hex(storedKey), problem: 'keyMismatch' })
        for (const ik of indexKeys(type, record as never))
          expected.set(hex(ik), indexNameOf(ik) ?? 'taskStatus')
      }
    }
    for await (const k of core.columns.byName.indexes.keys()) {
      const ik = k as Uint8Array
      report.indexEntries++
      const h = hex(ik)
      if (expected.has(h)) expected.delete(h)
      else report.dangling.push({ index: indexNameOf(ik) ?? 'unknown', key: h })
    }
    for (const [h, index] of expected) report.missing.push({ index, key: h })

    const logged = new Set<string>()
    for await (const k of core.columns.byName.messages.keys()) {
      logged.add(hex(k as Uint8Array))
      report.messages++
    }
    for await (const [k, v] of core.columns.byName.taskMessages.iterator()) {
      const tm = k as Uint8Array
      const id = tm.length === 2 * ID_LENGTH ? hex(tm.subarray(ID_LENGTH)) : ''
      // An id with a stub had its body pruned at a checkpoint (history.ts): held without a body.
      if (logged.delete(id) || (id !== '' && (v as Uint8Array).length > 0)) continue
      report.dangling.push({ index: 'taskMessages', key: hex(tm) })
    }
    for (const id of logged) report.missing.push({ index: 'taskMessages', key: id })

    report.ok = report.missing.length === 0 && report.dangling.length === 0 && report.badRecords.length === 0
    return report
  })
}
