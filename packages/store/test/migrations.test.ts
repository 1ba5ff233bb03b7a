import { describe, expect, it } from 'vitest'
import { openColumns } from '../src/columns.js'
import { type Migration, SCHEMA_VERSION, StateStore, type StoreError } from '../src/index.js'
import { openRootDb } from '../src/lock.js'
import { SCHEMA_META_KEY } from '../src/migrations.js'
import { task, tempDir } from './helpers.js'

const MARK = new TextEncoder().encode('migrated')

describe('schema versions and migrations', () => {
  it('stamps a fresh store with the current version', async () => {
    const { dir, cleanup } = await tempDir()
    const store = await StateStore.open(dir)
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION)
    expect(store.migration).toEqual({ from: undefined, to: SCHEMA_VERSION, applied: [] })
    await store.close()
    await cleanup()
  })

  it('runs pending migrations in one batch at open', async () => {
    const { dir, cleanup } = await tempDir()
    const v1 = await StateStore.open(dir)
    const t = task({ title: 'old' })
    await v1.tasks.store(t)
    await v1.close()
    const migrations: Migration[] = [
      {
        from: 1,
        description: 'retitle tasks',
        plan: async (core) => [
          { type: 'put', column: 'meta', key: MARK, value: new Uint8Array([1]) },
          ...(await core.entries('tasks', {})).map(([k]) => ({
            type: 'put' as const,
            column: 'tasks' as const,
            key: k,
            value: new Uint8Array(0),
          })),
        ],
      },
      { from: 2, description: 'noop', plan: async () => [] },
    ]
    const v3 = await StateStore.open(dir, { schemaVersion: 3, migrations })
    expect(await v3.schemaVersion()).toBe(3)
    expect(v3.migration).toEqual({ from: 1, to: 3, applied: ['retitle tasks', 'noop'] })
    expect(await v3.core.columns.byName.meta.get(MARK)).toBeDefined()
    expect((await v3.tasks.get(t.id))?.title).toBe('')
    await v3.close()
    await cleanup()
  })

  it('refuses a store written by a newer aimesh and leaves it untouched', async () => {
    const { dir, cleanup } = await tempDir()
    const newer = await StateStore.open(dir, { schemaVersion: SCHEMA_VERSION + 1 })
    await newer.tasks.store(task())
    await newer.close()
    const err = (await StateStore.open(dir).catch((e: unknown) => e)) as StoreError
    expect(err.code).toBe('SCHEMA_TOO_NEW')
    expect(err.message).toMatch(/upgrade aimesh/)
    expect(err.message).toContain(dir)
    // Still the newer version, and the failed open released the database.
    const again = await StateStore.open(dir, { schemaVersion: SCHEMA_VERSION + 1 })
    expect(await again.schemaVersion()).toBe(SCHEMA_VERSION + 1)
    expect(await again.count('tasks')).toBe(1)
    await again.close()
    await cleanup()
  })

  it('fails with MIGRATION_FAILED (and keeps the old version) when a step is missing or throws', async () => {
    const { dir, cleanup } = await tempDir()
    await (await StateStore.open(dir)).close()
    const missing = (await StateStore.open(dir, { schemaVersion: 2, migrations: [] }).catch(
      (e: unknown) => e,
    )) as StoreError
    expect(missing.code).toBe('MIGRATION_FAILED')
    const failing: Migration = {
      from: 1,
      description: 'boom',
      plan: async () => {
        throw new Error('disk says no')
      },
    }
    const thrown = (await StateStore.open(dir, { schemaVersion: 2, migrations: [failing] }).catch(
      (e: unknown) => e,
    )) as StoreError
    expect(thrown.code).toBe('MIGRATION_FAILED')
    expect(thrown.message).toContain('disk says no')
    const store = await StateStore.open(dir)
    expect(await store.schemaVersion()).toBe(1)
    await store.close()
    await cleanup()
  })

  it('refuses a store with data but no schema version (an interrupted restore) and changes nothing', async () => {
    const { dir, cleanup } = await tempDir()
    try {
      // What a restore killed before it wrote `meta` leaves: data in some column, no schema version.
      const root = await openRootDb(dir)
      const columns = openColumns(root)
      await columns.byName.trust.put(new Uint8Array([1]), new Uint8Array([2]))
      await root.close()

      const err = (await StateStore.open(dir).catch((e: unknown) => e)) as StoreError
      expect(err.code).toBe('OPEN_FAILED')
      expect(err.message).toContain(dir)
      expect(err.message).toMatch(/interrupted restore or not an aimesh store/)
      // Not stamped, and the failed open released the database.
      const again = await openRootDb(dir)
      expect(await openColumns(again).byName.meta.get(SCHEMA_META_KEY)).toBeUndefined()
      const kept = await openColumns(again).byName.trust.get(new Uint8Array([1]))
      expect(kept === undefined ? undefined : [...kept]).toEqual([2])
      await again.close()
    } finally {
      await cleanup()
    }
  })

  it('still stamps a fresh empty directory', async () => {
    const { dir, cleanup } = await tempDir()
    await (await openRootDb(dir)).close()
    const store = await StateStore.open(dir)
    expect(store.migration.from).toBeUndefined()
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION)
    await store.close()
    await cleanup()
  })
})
