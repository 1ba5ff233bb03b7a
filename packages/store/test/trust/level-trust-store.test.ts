import { join } from 'node:path'
import { Level } from 'level'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  BUCKET_SCORE,
  BUCKET_UPDATE_BY_TIME,
  encodeJson,
  metaKey,
  scoreKey,
  updateKey,
} from '../../src/trust/level-keys.js'
import { type LevelSublevel, LevelTrustStore } from '../../src/trust/level-trust-store.js'
import { hexAccount, score, tempDir, update } from './helpers.js'

const BIN = { keyEncoding: 'view', valueEncoding: 'view' } as const

describe('LevelTrustStore', () => {
  let temp: ReturnType<typeof tempDir>
  let path: string
  beforeEach(() => {
    temp = tempDir('level')
    path = join(temp.dir, 'db')
  })
  afterEach(() => temp.cleanup())

  it('persists across reopen', async () => {
    const store = await LevelTrustStore.open({ path })
    await store.putScore(score(hexAccount(3), 0.75))
    await store.recordUpdate(update(hexAccount(3), 20))
    await store.recordUpdate(update(hexAccount(3), 10))
    await store.close()
    const again = await LevelTrustStore.open({ path })
    expect((await again.getScore(hexAccount(3)))?.score).toBe(0.75)
    expect((await again.listUpdates(hexAccount(3))).map((u) => u.timestamp)).toEqual([10, 20])
    // Sequence numbers continue after reopen, so a new tie sorts after the old one.
    await again.recordUpdate(update(hexAccount(3), 20, { reason: 'later' }))
    expect((await again.listUpdates(hexAccount(3))).map((u) => u.reason)).toEqual([
      undefined,
      undefined,
      'later',
    ])
    await again.close()
  })

  it('fails fast when another opener holds the database', async () => {
    const store = await LevelTrustStore.open({ path })
    await expect(LevelTrustStore.open({ path })).rejects.toMatchObject({
      code: 'LOCKED',
      message: expect.stringContaining(path),
    })
    await store.close()
    await (await LevelTrustStore.open({ path })).close()
  })

  it("writes into the main store's sublevels atomically and leaves the root open", async () => {
    const root = new Level<Uint8Array, Uint8Array>(path, BIN)
    const trust = root.sublevel<Uint8Array, Uint8Array>('trust', BIN)
    const trustUpdates = root.sublevel<Uint8Array, Uint8Array>('trustUpdates', BIN)
    const store = await LevelTrustStore.open({ trust, trustUpdates })
    const tx = store.begin()
    await tx.putScore(score('a', 0.9))
    await tx.recordUpdate(update('a', 42))
    await tx.commit()
    expect(await trust.get(scoreKey('a'))).toBeDefined()
    const indexKeys = await trustUpdates.keys({ gte: Uint8Array.of(BUCKET_UPDATE_BY_TIME), ...BIN }).all()
    expect(indexKeys).toHaveLength(1)
    await store.close()
    expect(root.status).toBe('open')
    await root.put(Uint8Array.of(1), Uint8Array.of(2))
    await root.close()
  })

  it('accepts a database to create its own sublevels in', async () => {
    const root = new Level<Uint8Array, Uint8Array>(path, BIN)
    const store = await LevelTrustStore.open({ db: root.sublevel('node', BIN) })
    await store.putScore(score('a'))
    expect(await store.count()).toEqual({ scores: 1, updates: 0 })
    await store.close()
    await root.close()
  })

  it('refuses sublevels of different databases', async () => {
    const a = new Level(join(temp.dir, 'a'))
    const b = new Level(join(temp.dir, 'b'))
    await expect(
      LevelTrustStore.open({ trust: a.sublevel('t'), trustUpdates: b.sublevel('u') }),
    ).rejects.toThrow(/same database/)
    await a.close()
    await b.close()
  })

  async function withRaw(fn: (trust: LevelSublevel, updates: LevelSublevel) => Promise<void>) {
    const root = new Level(path)
    await fn(root.sublevel('trust'), root.sublevel('trustUpdates'))
    await root.close()
  }

  it('migrates v1 data at open: new fields and a by-time index, in one batch', async () => {
    await withRaw(async (trust, updates) => {
      await trust.batch(
        [
          { type: 'put', key: metaKey('schemaVersion'), value: encodeJson(1) },
          { type: 'put', key: metaKey('nextSeq'), value: encodeJson(2) },
          {
            type: 'put',
            key: scoreKey('a'),
            value: encodeJson({ account: 'a', score: 0.6, successes: 2, failures: 0, lastUpdated: 7 }),
          },
        ],
        BIN,
      )
      for (const [seq, ts] of [10, 30].entries()) {
        const value = encodeJson({
          account: 'a',
          delta: 0.05,
          reason: `v1-${ts}`,
          timestamp: ts,
          scoreAfter: 0.6,
        })
        await updates.put(updateKey('a', ts, seq), value, BIN)
      }
    })
    const store = await LevelTrustStore.open({ path })
    expect(await store.getScore('a')).toEqual(score('a', 0.6, { verifiedSuccesses: 2, lastUpdated: 7 }))
    expect((await store.listUpdates('a')).map((u) => [u.kind, u.reason])).toEqual([
      ['manual', 'v1-10'],
      ['manual', 'v1-30'],
    ])
    // Cleanup walks the index the migration built.
    expect(await store.cleanupUpdatesBefore(20)).toBe(1)
    expect((await store.listUpdates('a')).map((u) => u.timestamp)).toEqual([30])
    await store.close()
  })

  it('refuses a newer schema and leaves the data untouched', async () => {
    await withRaw(async (trust) => {
      await trust.put(metaKey('schemaVersion'), encodeJson(5), BIN)
      await trust.put(scoreKey('a'), encodeJson({ future: true }), BIN)
    })
    await expect(LevelTrustStore.open({ path })).rejects.toMatchObject({
      code: 'SCHEMA_TOO_NEW',
      message: expect.stringMatching(/version 5.*Upgrade aimesh/),
    })
    await withRaw(async (trust) => {
      const entries = await trust.iterator(BIN).all()
      expect(entries).toHaveLength(2)
    })
  })

  it('refuses records without a schema version', async () => {
    await withRaw(async (trust) => {
      await trust.put(Uint8Array.of(BUCKET_SCORE, 9), Uint8Array.of(1), BIN)
    })
    await expect(LevelTrustStore.open({ path })).rejects.toMatchObject({ code: 'DATA_CORRUPT' })
  })
})
