/**
 * Backup → restore → same state (DESIGN §7), plain and encrypted: a backup of a node that ingested
 * and settled a simulation verifies, restores into a fresh dir, and an engine opened over the
 * restored store has the same root, records, indexes and log. One flipped byte in a backup file is
 * reported by verify and refused by restore, and the live store is untouched throughout. A backup
 * taken while ingest is writing holds whole batches only and, restored, syncs to the live root.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Engine, LevelEngineStore } from '@aimesh/engine'
import { toHex, Verdict } from '@aimesh/protocol'
import { createBackupKeyFile, isStoreError, restoreBackup, StateStore, verifyBackup } from '@aimesh/store'
import { afterEach, describe, expect, it } from 'vitest'
import {
  chunksOf,
  hexEntries,
  ingestChunks,
  type LevelNode,
  loggedIds,
  makeWorkload,
  nodeState,
  openNode,
  pastEveryDeadline,
  prng,
  randInt,
  SYNC_CHUNK,
  testSeed,
} from './helpers/node.js'
import { TempDirs } from './helpers/temp.js'

const temps = new TempDirs()
const nodes: LevelNode[] = []
const stores: StateStore[] = []
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.close()))
  await Promise.all(stores.splice(0).map((s) => s.close()))
  await temps.removeAll()
})

/** What a live store holds: derived records and indexes, the log, and the integrity verdict. */
async function snapshot(node: LevelNode) {
  return {
    state: await nodeState(node),
    log: [...(await loggedIds(node.store))].sort(),
    integrity: (await node.store.checkIntegrity()).ok,
  }
}

describe('backup and restore', () => {
  for (const encrypted of [false, true]) {
    it(`${encrypted ? 'an encrypted' : 'a plain'} backup restores to the same state; a flipped byte is refused`, async () => {
      const seed = testSeed()
      const rnd = prng(seed)
      const w = makeWorkload({ seed: 31, tasks: 24 })
      const live = await openNode(await temps.make(), w)
      nodes.push(live)
      await ingestChunks(live.engine, w.envelopes, w.now)
      const end = pastEveryDeadline(live.engine)
      await live.engine.advance(end)
      const before = await snapshot(live)
      expect(before.integrity).toBe(true)
      expect(before.log.length).toBe(w.envelopes.length)

      const work = await temps.make('aimesh-backup-')
      const key = encrypted ? await createBackupKeyFile(join(work, 'backup.key')) : undefined
      const keyOpt = key === undefined ? {} : { key }
      const backupDir = join(work, 'backup')
      const stats = await live.store.backup(backupDir, keyOpt)
      expect(stats.manifest.encrypted).toBe(encrypted)
      const verified = await verifyBackup(backupDir, keyOpt)
      expect(verified).toMatchObject({ ok: true, contentsChecked: true, problems: [] })

      // Restore into a fresh dir; refuse the live data dir.
      const refused = await restoreBackup(backupDir, live.dir, keyOpt).catch((e: unknown) => e)
      expect(isStoreError(refused) && refused.code).toBe('TARGET_NOT_EMPTY')
      const restoredDir = join(work, 'restored')
      await restoreBackup(backupDir, restoredDir, keyOpt)
      const store = await StateStore.open(restoredDir)
      stores.push(store)
      expect((await store.checkIntegrity()).ok).toBe(true)
      const port = new LevelEngineStore(store)
      const engine = await Engine.open({ store: port, genesis: w.genesis, clock: end, now: () => w.now })
      const restored = await nodeState({ engine, port })
      expect(restored.root).toBe(before.state.root)
      expect(restored.records).toEqual(before.state.records)
      expect(restored.stored).toEqual(before.state.stored)
      expect([...(await loggedIds(store))].sort()).toEqual(before.log)
      expect(await store.schemaVersion()).toBe(await live.store.schemaVersion())

      // Damage: one flipped byte in a data file.
      const files = stats.manifest.files.filter((f) => f.bytes > 0)
      const target = files[randInt(rnd, 0, files.length - 1)]!
      const path = join(backupDir, target.file)
      const bytes = await readFile(path)
      const at = randInt(rnd, 0, bytes.length - 1)
      bytes[at] = bytes[at]! ^ (1 << randInt(rnd, 0, 7))
      await writeFile(path, bytes)
      const note = `seed ${seed}: flipped byte ${at} of ${target.file}`

      const damaged = await verifyBackup(backupDir, keyOpt)
      expect(damaged.ok, note).toBe(false)
      expect(
        damaged.problems.map((p) => p.code),
        note,
      ).toContain('BACKUP_CORRUPT')
      expect(
        damaged.problems.some((p) => p.message.includes(target.file)),
        note,
      ).toBe(true)
      const freshTarget = join(work, 'restored-from-damaged')
      const err = await restoreBackup(backupDir, freshTarget, keyOpt).catch((e: unknown) => e)
      expect(isStoreError(err) && err.code, note).toBe('BACKUP_CORRUPT')
      expect(await readdir(freshTarget).catch(() => []), `${note}: nothing half-restored`).toEqual([])

      // The live store never changed.
      expect(await snapshot(live)).toEqual(before)
    }, 60_000)
  }

  it('a backup taken during ingest is whole batches; restored, it syncs the rest to the same root', async () => {
    const w = makeWorkload({ seed: 32, tasks: 24 })
    const live = await openNode(await temps.make(), w)
    nodes.push(live)
    const third = Math.floor(w.envelopes.length / 3)
    await ingestChunks(live.engine, w.envelopes.slice(0, third), w.now)

    // The backup runs while the rest is being ingested, chunk by chunk.
    const work = await temps.make('aimesh-backup-')
    const backupDir = join(work, 'backup')
    let backingUp: Promise<unknown> | undefined
    for (const [k, chunk] of chunksOf(w.envelopes.slice(third), SYNC_CHUNK).entries()) {
      await live.engine.ingestMany(chunk, w.now)
      if (k === 1) backingUp = live.store.backup(backupDir)
    }
    await backingUp
    expect((await verifyBackup(backupDir)).ok).toBe(true)

    const restoredDir = join(work, 'restored')
    await restoreBackup(backupDir, restoredDir)
    const store = await StateStore.open(restoredDir)
    stores.push(store)
    expect((await store.checkIntegrity()).ok).toBe(true)
    // Whole group commits only: the first third, then whole sync chunks.
    const logged = await loggedIds(store)
    const chunks = [w.sim.messages.slice(0, third), ...chunksOf(w.sim.messages.slice(third), SYNC_CHUNK)]
    for (const chunk of chunks) {
      const held = chunk.filter((m) => logged.has(toHex(m.id))).length
      expect([0, chunk.length]).toContain(held)
    }
    expect(logged.size).toBeGreaterThanOrEqual(third)

    // Its records are exactly what its log derives (open and repair change nothing) …
    const port = new LevelEngineStore(store)
    const raw = hexEntries(await port.dumpRecords())
    const engine = await Engine.open({
      store: port,
      genesis: w.genesis,
      clock: w.startClock,
      now: () => w.now,
    })
    const opened = await nodeState({ engine, port })
    expect(opened.stored).toEqual(raw)
    await engine.repair()
    expect(await nodeState({ engine, port })).toEqual(opened)

    // … and syncing what it lacks reaches the live node's state.
    const results = await ingestChunks(engine, w.envelopes, w.now)
    expect(results.filter((r) => r.verdict === Verdict.Accept).length).toBe(w.envelopes.length - logged.size)
    const end = pastEveryDeadline(live.engine)
    await live.engine.advance(end)
    await engine.advance(end)
    expect(await nodeState({ engine, port })).toEqual(await nodeState(live))
  }, 60_000)
})
