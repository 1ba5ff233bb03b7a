/**
 * A restore SIGKILLed at a random point never leaves a target that opens with partial data: the
 * target is either absent or complete, and a leftover `.restoring-` directory is complete, empty,
 * or refused by open() (data but no schema version).
 */
import { randomInt } from 'node:crypto'
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isStoreError, StateStore } from '../src/index.js'
import { exited, fixture, onLines, startChild, waitForLine } from './fixtures/child.js'
import { tempDir } from './helpers.js'

const ENTRIES = 60_000
const KILLS = 4

/** Runs a restore child; kills it `killAfterMs` after it started restoring. Returns whether it finished, and how long it ran. */
async function runChild(
  backup: string,
  target: string,
  killAfterMs?: number,
): Promise<{ done: boolean; ms: number }> {
  const child = startChild(fixture('restore-child.ts'), [backup, target])
  let done = false
  onLines(child, (l) => {
    if (l === 'done') done = true
  })
  await waitForLine(child, (l) => l === 'go', 20_000)
  const start = performance.now()
  if (killAfterMs === undefined) await exited(child)
  else {
    await new Promise((r) => setTimeout(r, killAfterMs))
    child.kill('SIGKILL')
    await exited(child)
  }
  return { done, ms: performance.now() - start }
}

/** Entries in the trust column of the store at `dir`, or 'refused' if open() refuses it. */
async function trustCount(dir: string): Promise<number | 'refused'> {
  try {
    const store = await StateStore.open(dir)
    try {
      return await store.count('trust')
    } finally {
      await store.close()
    }
  } catch (err) {
    if (isStoreError(err, 'OPEN_FAILED')) return 'refused'
    throw err
  }
}

describe('restore killed midway', () => {
  it('leaves no target that opens with partial data', async () => {
    const { dir: root, cleanup } = await tempDir()
    try {
      const source = await StateStore.open(join(root, 'source'))
      const value = new Uint8Array(64).fill(7)
      for (let i = 0; i < ENTRIES; i += 10_000) {
        await source.core.batch(
          Array.from({ length: 10_000 }, (_, j) => {
            const key = new Uint8Array(8)
            new DataView(key.buffer).setUint32(4, i + j)
            return { type: 'put' as const, column: 'trust' as const, key, value }
          }),
        )
      }
      const backup = join(root, 'backup')
      await source.backup(backup)
      await source.close()

      // How long an uninterrupted restore takes, to spread the kills over it.
      const timing = await runChild(backup, join(root, 'timing'))
      expect(timing.done).toBe(true)
      const span = Math.max(20, Math.ceil(timing.ms))
      expect(await trustCount(join(root, 'timing'))).toBe(ENTRIES)

      for (let k = 0; k < KILLS; k++) {
        const target = join(root, `t${k}`)
        const { done } = await runChild(backup, target, randomInt(0, span))
        const names = await readdir(root)
        if (names.includes(`t${k}`)) expect(await trustCount(target)).toBe(ENTRIES)
        else expect(done).toBe(false)
        for (const name of names.filter((n) => n.startsWith(`t${k}.restoring-`))) {
          const left = await trustCount(join(root, name))
          // Refused (data, no version), complete, or killed before it wrote anything (a new empty store).
          expect(left === 'refused' || left === ENTRIES || left === 0).toBe(true)
          await rm(join(root, name), { recursive: true, force: true })
        }
      }
    } finally {
      await cleanup()
    }
  }, 60_000)
})
