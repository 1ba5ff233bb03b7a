/**
 * The trust the engine mirrors into a trust store (DESIGN §6 trust, §7 store) counts as trust
 * updates: the store's history records each change and the backup scheduler's change triggers fire.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toHex, Verdict } from '@aimesh/protocol'
import { openTrustStore, TrustBackupScheduler } from '@aimesh/store'
import { describe, expect, it } from 'vitest'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  openTestEngine,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
} from './helpers/builders.js'

const pub = account('mirror-pub')
const miner = account('mirror-miner')
const v1 = account('mirror-v1')
const v2 = account('mirror-v2')
const AT = T0 + 10 * SEC
const NOW = T0 + 10_000 * SEC

describe('mirrored trust', () => {
  it('records trust updates and fires change-triggered backups', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aimesh-trust-mirror-'))
    const trust = await openTrustStore({ backend: 'memory' })
    const scheduler = new TrustBackupScheduler(trust, {
      dir,
      updatesPerBackup: 1,
      minChangeIntervalMs: 0,
      intervalMs: 24 * 60 * 60 * 1000,
    })
    scheduler.start()
    try {
      const engine = await openTestEngine({
        store: new MemoryEngineStore(),
        genesis: testGenesis([v1, v2]),
        clock: T0,
        now: () => NOW,
        trustSink: trust,
      })
      const task = publishTask(pub, { at: AT })
      const answer = revealAnswer(miner, task, 'the loop bound is off by one', AT + 60 * SEC)
      const sd = task.body.submissionDeadline
      const results = await engine.submitMany(
        [
          task,
          answer,
          scoreAnswer(v1, task, answer, 80, sd + SEC),
          scoreAnswer(v2, task, answer, 82, sd + SEC),
        ],
        sd + 10 * SEC,
      )
      expect(results.every((r) => r.verdict === Verdict.Accept)).toBe(true)
      await engine.advance(task.body.validationDeadline + SEC)
      await scheduler.idle()

      // The miner's trust moved: its score and an update explaining the move are in the store.
      const score = await trust.getScore(toHex(miner.publicKey))
      expect(score).toBeDefined()
      const updates = await trust.listUpdates(toHex(miner.publicKey))
      expect(updates.length).toBeGreaterThan(0)
      expect(updates.at(-1)!.scoreAfter).toBe(score!.score)
      expect(engine.failures['trust-sink']).toBe(0)
      // The scheduler saw those updates as changes and backed the store up.
      expect(scheduler.lastBackup).toBeDefined()
      expect(['update-count', 'significant-change']).toContain(scheduler.lastBackup!.reason)

      // Mirroring the same trust again writes no new update.
      const before = (await trust.count()).updates
      await engine.advance(task.body.validationDeadline + 2 * SEC)
      expect((await trust.count()).updates).toBe(before)
    } finally {
      await scheduler.stop()
      await trust.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
