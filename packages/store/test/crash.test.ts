import { randomInt } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { StateStore } from '../src/index.js'
import { exited, fixture, onLines, startChild, waitForLine } from './fixtures/child.js'
import { derivedId } from './fixtures/synthetic.js'
import { hexOf, tempDir } from './helpers.js'

/** Kills per run: enough random points to hit mid-batch, bounded to keep the suite short. */
const KILLS = 8

describe('crash safety', () => {
  it('after repeated SIGKILLs mid-ingest, the log, records and indexes agree exactly', async () => {
    const { dir, cleanup } = await tempDir()
    const acked = new Set<string>()
    try {
      for (let k = 0; k < KILLS; k++) {
        const child = startChild(fixture('crash-writer.ts'), [dir])
        onLines(child, (line) => {
          if (line.startsWith('ack ')) acked.add(line.slice(4))
        })
        // Let it write a random number of messages, then kill it wherever it is.
        const target = randomInt(5, 80)
        let seen = 0
        await waitForLine(child, (l) => l.startsWith('ack ') && ++seen >= target, 20_000)
        child.kill('SIGKILL')
        await exited(child)
      }
      const store = await StateStore.open(dir)
      try {
        const logged = new Set<string>()
        for await (const m of store.iterateMessages()) logged.add(hexOf(m.id))
        // Every acknowledged message survived (SIGKILL is not power loss: LevelDB's log write completed).
        for (const id of acked) expect(logged.has(id)).toBe(true)
        expect(logged.size).toBeGreaterThanOrEqual(acked.size)

        const subs = new Set<string>()
        const vals = new Set<string>()
        for (const id of logged) {
          const raw = Buffer.from(id, 'hex')
          expect(await store.tasks.get(raw)).toBeDefined()
          expect(await store.submissions.get(derivedId(raw, 's'))).toBeDefined()
          expect(await store.validations.get(derivedId(raw, 'v'))).toBeDefined()
          expect((await store.listTaskMessageIds(raw)).map(hexOf)).toEqual([id])
          subs.add(hexOf(derivedId(raw, 's')))
          vals.add(hexOf(derivedId(raw, 'v')))
        }
        // Nothing else: no record without its message.
        for await (const k of store.core.columns.byName.tasks.keys()) expect(logged.has(hexOf(k))).toBe(true)
        for await (const k of store.core.columns.byName.submissions.keys())
          expect(subs.has(hexOf(k))).toBe(true)
        for await (const k of store.core.columns.byName.validations.keys())
          expect(vals.has(hexOf(k))).toBe(true)
        const report = await store.checkIntegrity()
        expect(report).toMatchObject({ ok: true, missing: [], dangling: [], badRecords: [] })
        expect(report.messages).toBe(logged.size)
      } finally {
        await store.close()
      }
    } finally {
      await cleanup()
    }
  }, 60_000)
})
