/**
 * Peer scores (DESIGN §8): the short-term action score with Lodestar's numbers (disconnect ≤ −20,
 * ban ≤ −50, fatal straight to the ban threshold, 10-minute half-life, frozen during a ban, a
 * liveness timeout never bans alone) and the long-term quality score (0.4/0.3/0.3, 1 %/day decay,
 * persisted in LevelDB, ranking peers).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LevelDatastore } from 'datastore-level'
import { afterEach, describe, expect, it } from 'vitest'
import { ActionScores, BAN_THRESHOLD, HALF_LIFE_MS } from '../src/scoring/action-score.js'
import { BanBook } from '../src/scoring/ban-book.js'
import { PeerQuality, QUALITY_BASELINE } from '../src/scoring/peer-quality.js'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function datastore(dir?: string): Promise<LevelDatastore> {
  const path = dir ?? (await mkdtemp(join(tmpdir(), 'aimesh-score-')))
  if (dir === undefined) dirs.push(path)
  const ds = new LevelDatastore(path)
  await ds.open()
  return ds
}

describe('short-term action score', () => {
  it('disconnects at −20, bans at −50, and fatal bans at once', () => {
    const t = 0
    const s = new ActionScores(() => t)
    expect(s.apply('p', 'low')).toBe('none')
    expect(s.apply('p', 'low')).toBe('disconnect')
    expect(s.score('p')).toBe(-20)
    expect(s.apply('p', 'low')).toBe('disconnect')
    expect(s.apply('p', 'low')).toBe('disconnect')
    expect(s.apply('p', 'low')).toBe('ban')
    expect(s.apply('q', 'fatal')).toBe('ban')
    expect(s.score('q')).toBe(BAN_THRESHOLD)
    expect(s.apply('r', 'high')).toBe('none')
    expect(s.score('r')).toBe(-1)
  })

  it('decays with a 10-minute half-life, frozen while a ban holds', () => {
    let t = 0
    const s = new ActionScores(() => t)
    s.apply('p', 'low')
    t = HALF_LIFE_MS
    expect(s.score('p')).toBeCloseTo(-5)
    s.apply('b', 'fatal')
    s.freeze('b', t + 30 * 60_000)
    t += 30 * 60_000
    expect(s.score('b')).toBe(BAN_THRESHOLD)
    t += HALF_LIFE_MS
    expect(s.score('b')).toBeCloseTo(BAN_THRESHOLD / 2)
  })

  it('a liveness timeout never bans on its own', () => {
    const s = new ActionScores(() => 0)
    const decisions = new Set<string>()
    for (let i = 0; i < 200; i++) decisions.add(s.apply('slow', 'high', true))
    expect(decisions.has('ban')).toBe(false)
    expect(decisions.has('disconnect')).toBe(true)
    expect(s.score('slow')).toBeGreaterThan(BAN_THRESHOLD)
    // Another fault on top can ban.
    expect(s.apply('slow', 'high')).toBe('ban')
  })
})

describe('bans and long-term quality in LevelDB', () => {
  it('bans persist, expire and are lifted', async () => {
    let t = 1_000
    const path = await mkdtemp(join(tmpdir(), 'aimesh-score-'))
    dirs.push(path)
    let ds = await datastore(path)
    let bans = await BanBook.open(ds, () => t)
    await bans.ban('a', 60_000, 'BAD_SIGNATURE')
    await bans.ban('b', 1_000, 'manual')
    await ds.close()
    ds = await datastore(path)
    bans = await BanBook.open(ds, () => t)
    expect(bans.list().map((b) => [b.peerId, b.reason])).toEqual([
      ['b', 'manual'],
      ['a', 'BAD_SIGNATURE'],
    ])
    t += 2_000
    expect(bans.isBanned('b')).toBe(false)
    expect(await bans.unban('a')).toBe(true)
    expect(bans.list()).toEqual([])
    await ds.close()
  })

  it('weights 0.4/0.3/0.3, decays 1 % a day, ranks peers and survives a reopen', async () => {
    let t = 0
    const path = await mkdtemp(join(tmpdir(), 'aimesh-score-'))
    dirs.push(path)
    let ds = await datastore(path)
    let q = await PeerQuality.open(ds, () => t)
    expect(q.score('new')).toBe(QUALITY_BASELINE)
    q.record('good', 'useful') // reliability 0.6
    q.record('good', 'helpful-response') // responsiveness 0.6, data quality 0.55
    expect(q.score('good')).toBeCloseTo(0.4 * 0.6 + 0.3 * 0.6 + 0.3 * 0.55)
    q.record('bad', 'timeout')
    q.record('bad', 'bad-data')
    expect(q.rank(['bad', 'new', 'good'])).toEqual(['good', 'new', 'bad'])
    const before = q.score('good')
    t = 86_400_000
    expect(q.score('good')).toBeCloseTo(before * 0.99)
    await q.flush()
    await ds.close()
    ds = await datastore(path)
    q = await PeerQuality.open(ds, () => t)
    expect(q.score('good')).toBeCloseTo(before * 0.99)
    expect(q.rank(['bad', 'good'])).toEqual(['good', 'bad'])
    await ds.close()
  })
})
