import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { TRUST_BACKUP_DATA, TRUST_BACKUP_MANIFEST } from '../../src/trust/backup.js'
import type { TrustStoreErrorCode } from '../../src/trust/errors.js'
import type { TrustStore, TrustUpdate } from '../../src/trust/trust-store.js'
import { type BackendFactory, hexAccount, score, tempDir, update } from './helpers.js'

async function expectCode(p: Promise<unknown> | (() => unknown), code: TrustStoreErrorCode): Promise<void> {
  const promise = typeof p === 'function' ? Promise.resolve().then(p) : p
  await expect(promise).rejects.toMatchObject({ name: 'TrustStoreError', code })
}

/** The behaviour every TrustStore backend must share. */
export function trustStoreSuite(makeFactory: () => BackendFactory): void {
  let factory: BackendFactory
  let store: TrustStore
  let temp: ReturnType<typeof tempDir>

  beforeEach(async () => {
    factory = makeFactory()
    store = await factory.open()
    temp = tempDir('suite')
  })
  afterEach(async () => {
    await factory.dispose()
    temp.cleanup()
  })

  describe('scores', () => {
    it('starts empty', async () => {
      expect(await store.getScore(hexAccount(1))).toBeUndefined()
      expect(await store.listScores()).toEqual([])
      expect(await store.count()).toEqual({ scores: 0, updates: 0 })
      expect(store.schemaVersion).toBe(2)
    })

    it('stores, replaces and deletes scores, returning copies', async () => {
      const a = hexAccount(0xab)
      await store.putScore(score(a, 0.7, { verifiedSuccesses: 3 }))
      const got = await store.getScore(a)
      expect(got).toEqual(score(a, 0.7, { verifiedSuccesses: 3 }))
      got!.score = 0.1
      expect((await store.getScore(a))?.score).toBe(0.7)
      await store.putScore(score(a, 0.2, { failures: 1 }))
      expect(await store.getScore(a)).toEqual(score(a, 0.2, { failures: 1 }))
      await store.deleteScore(a)
      expect(await store.getScore(a)).toBeUndefined()
    })

    it('drops unknown fields', async () => {
      await store.putScore({ ...score('x'), extra: 1 } as ReturnType<typeof score>)
      expect(await store.getScore('x')).toEqual(score('x'))
    })

    it('accepts hex and arbitrary string ids without mixing them', async () => {
      const ids = [
        hexAccount(0xab),
        hexAccount(0xab).toUpperCase(),
        'ab',
        'abc',
        'a',
        'ünïcødé 🙂',
        'x'.repeat(300),
      ]
      for (const [i, id] of ids.entries()) await store.putScore(score(id, i / 10))
      for (const [i, id] of ids.entries()) expect((await store.getScore(id))?.score).toBe(i / 10)
      expect((await store.listScores()).map((s) => s.account)).toEqual([...ids].sort())
    })

    it('refuses invalid scores and records with typed errors', async () => {
      await expectCode(store.putScore(score('a', 1.5)), 'INVALID_SCORE')
      await expectCode(store.putScore(score('a', -0.01)), 'INVALID_SCORE')
      await expectCode(store.putScore(score('a', Number.NaN)), 'INVALID_SCORE')
      await expectCode(store.putScore(score('', 0.5)), 'INVALID_RECORD')
      await expectCode(store.putScore(score('a', 0.5, { failures: -1 })), 'INVALID_RECORD')
      await expectCode(store.putScore(score('a', 0.5, { lastUpdated: 1.5 })), 'INVALID_RECORD')
      await expectCode(store.putScore(score('y'.repeat(2000))), 'INVALID_RECORD')
      await expectCode(store.listAboveThreshold(2), 'INVALID_SCORE')
      expect(await store.count()).toEqual({ scores: 0, updates: 0 })
    })

    it('lists accounts at or above a threshold, highest first', async () => {
      await store.putScore(score('low', 0.2))
      await store.putScore(score('edge', 0.6))
      await store.putScore(score('high', 0.9))
      await store.putScore(score('also-high', 0.9))
      const hits = await store.listAboveThreshold(0.6)
      expect(hits.map((s) => s.account)).toEqual(['also-high', 'high', 'edge'])
      expect(await store.listAboveThreshold(0.95)).toEqual([])
    })
  })

  describe('updates', () => {
    it('lists an account history in time order, ties in insertion order', async () => {
      const a = hexAccount(7)
      await store.recordUpdate(update(a, 300, { reason: 'third' }))
      await store.recordUpdate(update(a, 100, { reason: 'first' }))
      await store.recordUpdate(update(a, 200, { reason: 'tie-1' }))
      await store.recordUpdate(update(a, 200, { reason: 'tie-2', kind: 'failure', delta: -0.1 }))
      await store.recordUpdate(update('other', 150))
      const reasons = (await store.listUpdates(a)).map((u) => u.reason)
      expect(reasons).toEqual(['first', 'tie-1', 'tie-2', 'third'])
      expect((await store.listUpdates(a, { limit: 2 })).map((u) => u.reason)).toEqual(['first', 'tie-1'])
      expect((await store.listUpdates(a, { newestFirst: true, limit: 2 })).map((u) => u.reason)).toEqual([
        'third',
        'tie-2',
      ])
      expect((await store.listUpdates(a, { since: 200, until: 300 })).map((u) => u.reason)).toEqual([
        'tie-1',
        'tie-2',
      ])
      expect(await store.listUpdates(a, { limit: 0 })).toEqual([])
      expect(await store.listUpdates('nobody')).toEqual([])
      expect(await store.count()).toEqual({ scores: 0, updates: 5 })
    })

    it('keeps histories of prefix-related ids apart', async () => {
      await store.recordUpdate(update('ab', 1))
      await store.recordUpdate(update('abc', 2))
      expect((await store.listUpdates('ab')).map((u) => u.account)).toEqual(['ab'])
      expect((await store.listUpdates('abc')).map((u) => u.account)).toEqual(['abc'])
    })

    it('refuses invalid updates', async () => {
      await expectCode(store.recordUpdate(update('a', 1, { scoreAfter: 2 })), 'INVALID_SCORE')
      await expectCode(store.recordUpdate(update('a', 1, { delta: 3 })), 'INVALID_RECORD')
      await expectCode(store.recordUpdate(update('a', -5)), 'INVALID_RECORD')
      await expectCode(
        store.recordUpdate(update('a', 1, { kind: 'bogus' as TrustUpdate['kind'] })),
        'INVALID_RECORD',
      )
      await expectCode(store.listUpdates('a', { limit: -1 }), 'INVALID_RECORD')
    })

    it('cleans up updates older than a cutoff', async () => {
      for (const t of [10, 20, 30, 40]) await store.recordUpdate(update('a', t))
      await store.recordUpdate(update('b', 15))
      expect(await store.cleanupUpdatesBefore(25)).toBe(3)
      expect((await store.listUpdates('a')).map((u) => u.timestamp)).toEqual([30, 40])
      expect(await store.listUpdates('b')).toEqual([])
      expect(await store.cleanupUpdatesBefore(25)).toBe(0)
      expect((await store.count()).updates).toBe(2)
    })

    it('notifies listeners after commits that recorded updates', async () => {
      const seen: number[] = []
      const off = store.onUpdates((us) => seen.push(...us.map((u) => u.timestamp)))
      await store.recordUpdate(update('a', 1))
      await store.putScore(score('a'))
      const tx = store.begin()
      await tx.recordUpdate(update('a', 2))
      tx.rollback()
      const tx2 = store.begin()
      await tx2.recordUpdate(update('a', 3))
      await tx2.recordUpdate(update('a', 4))
      await tx2.commit()
      off()
      await store.recordUpdate(update('a', 5))
      expect(seen).toEqual([1, 3, 4])
    })
  })

  describe('transactions', () => {
    it('sees its own writes, hides them until commit, then applies them all', async () => {
      await store.putScore(score('a', 0.5))
      await store.recordUpdate(update('a', 100, { reason: 'committed' }))
      const tx = store.begin()
      await tx.putScore(score('a', 0.9))
      await tx.putScore(score('b', 0.1))
      await tx.deleteScore('b')
      await tx.recordUpdate(update('a', 50, { reason: 'pending-early' }))
      await tx.recordUpdate(update('a', 100, { reason: 'pending-tie' }))
      expect((await tx.getScore('a'))?.score).toBe(0.9)
      expect(await tx.getScore('b')).toBeUndefined()
      expect((await tx.listUpdates('a')).map((u) => u.reason)).toEqual([
        'pending-early',
        'committed',
        'pending-tie',
      ])
      expect((await tx.listUpdates('a', { newestFirst: true, limit: 1 })).map((u) => u.reason)).toEqual([
        'pending-tie',
      ])
      expect((await store.getScore('a'))?.score).toBe(0.5)
      expect((await store.listUpdates('a')).length).toBe(1)
      await tx.commit()
      expect(tx.status).toBe('committed')
      expect((await store.getScore('a'))?.score).toBe(0.9)
      expect(await store.getScore('b')).toBeUndefined()
      expect((await store.listUpdates('a')).map((u) => u.reason)).toEqual([
        'pending-early',
        'committed',
        'pending-tie',
      ])
    })

    it('rollback leaves nothing behind', async () => {
      const tx = store.begin()
      await tx.putScore(score('a', 0.9))
      await tx.recordUpdate(update('a', 1))
      tx.rollback()
      expect(tx.status).toBe('rolled-back')
      expect(await store.getScore('a')).toBeUndefined()
      expect(await store.count()).toEqual({ scores: 0, updates: 0 })
    })

    it('refuses use after it finished', async () => {
      const tx = store.begin()
      await tx.commit()
      await expectCode(tx.putScore(score('a')), 'TX_FINISHED')
      await expectCode(tx.commit(), 'TX_FINISHED')
      expect(() => tx.rollback()).toThrow(/already committed/)
      const tx2 = store.begin()
      tx2.rollback()
      await expectCode(tx2.getScore('a'), 'TX_FINISHED')
    })

    it('validates writes when they are made', async () => {
      const tx = store.begin()
      await expectCode(tx.putScore(score('a', 7)), 'INVALID_SCORE')
      await tx.putScore(score('a', 0.3))
      await tx.commit()
      expect((await store.getScore('a'))?.score).toBe(0.3)
    })
  })

  describe('health, backup and restore', () => {
    it('reports health', async () => {
      await store.putScore(score('a'))
      await store.recordUpdate(update('a', 1))
      const health = await store.healthCheck()
      expect(health).toMatchObject({
        healthy: true,
        reachable: true,
        backend: factory.name,
        schemaVersion: 2,
        scoreCount: 1,
        updateCount: 1,
        lastBackupAt: null,
      })
      expect(health.sizeBytes).toBeGreaterThan(0)
    })

    it('backs up and restores everything, recording the backup time', async () => {
      await store.putScore(score(hexAccount(1), 0.8))
      await store.putScore(score('named', 0.3))
      await store.recordUpdate(update(hexAccount(1), 5))
      await store.recordUpdate(update(hexAccount(1), 5, { reason: 'second' }))
      const dir = join(temp.dir, 'b1')
      const manifest = await store.backup(dir)
      expect(manifest).toMatchObject({
        scoreCount: 2,
        updateCount: 2,
        schemaVersion: 2,
        backend: factory.name,
      })
      expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/)
      expect((await store.healthCheck()).lastBackupAt).toBe(manifest.createdAt)
      await expectCode(store.backup(dir), 'BACKUP_EXISTS')

      const other = await factory.open()
      await other.putScore(score('stale', 0.1))
      await other.restore(dir)
      expect(await other.listScores()).toEqual(await store.listScores())
      expect(await other.listUpdates(hexAccount(1))).toEqual(await store.listUpdates(hexAccount(1)))
      // Writes after a restore continue the history in order.
      await other.recordUpdate(update(hexAccount(1), 5, { reason: 'third' }))
      expect((await other.listUpdates(hexAccount(1))).map((u) => u.reason)).toEqual([
        undefined,
        'second',
        'third',
      ])
    })

    it('refuses a corrupted backup and leaves live data untouched', async () => {
      await store.putScore(score('a', 0.4))
      const dir = join(temp.dir, 'b')
      await store.backup(dir)
      const dataPath = join(dir, TRUST_BACKUP_DATA)
      writeFileSync(dataPath, readFileSync(dataPath, 'utf8').replace('0.4', '0.9'))
      await store.putScore(score('live', 0.6))
      await expectCode(store.restore(dir), 'BACKUP_CORRUPT')
      await expect(store.restore(dir)).rejects.toThrow(/SHA-256.*restore an older backup/)
      expect((await store.listScores()).map((s) => [s.account, s.score])).toEqual([
        ['a', 0.4],
        ['live', 0.6],
      ])
      await expectCode(store.restore(join(temp.dir, 'nope')), 'BACKUP_NOT_FOUND')
    })

    it('refuses a backup from a newer schema, telling the user to upgrade', async () => {
      const dir = join(temp.dir, 'b')
      await store.backup(dir)
      const { createHash } = await import('node:crypto')
      const data = JSON.stringify({ format: 'aimesh-trust', schemaVersion: 99, scores: [], updates: [] })
      const manifest = JSON.parse(readFileSync(join(dir, TRUST_BACKUP_MANIFEST), 'utf8'))
      manifest.bytes = Buffer.byteLength(data)
      manifest.sha256 = createHash('sha256').update(data).digest('hex')
      writeFileSync(join(dir, TRUST_BACKUP_DATA), data)
      writeFileSync(join(dir, TRUST_BACKUP_MANIFEST), JSON.stringify(manifest))
      await expectCode(store.restore(dir), 'SCHEMA_TOO_NEW')
      await expect(store.restore(dir)).rejects.toThrow(/Upgrade aimesh/)
    })

    it('fails with CLOSED after close and reports unreachable', async () => {
      await store.close()
      await expectCode(store.getScore('a'), 'CLOSED')
      await expectCode(store.putScore(score('a')), 'CLOSED')
      expect(() => store.begin()).toThrow(/closed/)
      const health = await store.healthCheck()
      expect(health.reachable).toBe(false)
      expect(health.error).toMatch(/closed/)
      await store.close()
    })

    it('rejects a transaction commit after the store closed', async () => {
      const tx = store.begin()
      await tx.putScore(score('a'))
      await store.close()
      await expectCode(tx.commit(), 'CLOSED')
    })
  })
}
