/**
 * Known bug (reported to the lead, not fixed here): `Engine.repair()` is not crash-safe.
 *
 * repair = `StateStore.clearDerived()` then a reload. clearDerived deletes the derived columns one
 * bounded batch at a time, in DERIVED_COLUMNS order (tasks, transitions, …, indexes last), and
 * nothing records that a repair is in progress. A SIGKILL between those batches leaves records
 * wiped but their index entries still present (checkIntegrity: dangling). On restart
 * `Engine.open` only puts the re-derived records (no deletes, and the store finds no previous
 * version to diff against), so an index entry whose key changed meanwhile — a task's old
 * `taskStatus` entry once the clock has moved it to COMPLETED or EXPIRED — is never removed:
 * integrity stays broken and `tasks.listByStatus` returns tasks under a status they left, until
 * someone runs repair again. (A real SIGKILL during a repair loop lands in that window about one
 * time in six.)
 *
 * The test rebuilds exactly the state such a kill leaves (the first derived columns' delete batches
 * committed, the rest not) so it fails deterministically; it passes once a restart after an
 * interrupted repair ends with clean integrity.
 */
import { DERIVED_COLUMNS, StateStore } from '@aimesh/store'
import { afterEach, describe, expect, it } from 'vitest'
import { ingestChunks, type LevelNode, makeWorkload, openNode, pastEveryDeadline } from './helpers/node.js'
import { TempDirs } from './helpers/temp.js'

const temps = new TempDirs()
const nodes: LevelNode[] = []
const stores: StateStore[] = []
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.close()))
  await Promise.all(stores.splice(0).map((s) => s.close()))
  await temps.removeAll()
})

describe('crash during repair', () => {
  it.fails('a restart after a repair killed mid-wipe ends with clean integrity (BUG: dangling index entries)', async () => {
    const w = makeWorkload({ seed: 3, tasks: 12 })
    const dir = await temps.make()
    const first = await openNode(dir, w)
    nodes.push(first)
    await ingestChunks(first.engine, w.envelopes, w.now)
    const later = pastEveryDeadline(first.engine)
    await first.close()
    nodes.splice(0)

    // What a SIGKILL inside clearDerived leaves: the delete batches of the first columns committed.
    const store = await StateStore.open(dir)
    stores.push(store)
    for (const column of DERIVED_COLUMNS.slice(0, 4)) {
      const keys = await store.core.keys(column, {})
      await store.core.batch(keys.map((key) => ({ type: 'del' as const, column, key })))
    }
    await store.close()
    stores.splice(0)

    // The node restarts later (deadlines have passed) and opens its engine, as after any crash.
    const node = await openNode(dir, w, later)
    nodes.push(node)
    const report = await node.store.checkIntegrity()
    expect(report.dangling).toEqual([])
    expect(report.ok).toBe(true)
  })
})
