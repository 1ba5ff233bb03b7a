import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StateStore, type StoreError } from '../src/index.js'
import { exited, fixture, startChild, waitForLine } from './fixtures/child.js'
import { tempDir } from './helpers.js'

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
})
afterEach(async () => {
  await cleanup()
})

describe('process lock', () => {
  it('a second process opening the same data dir fails fast with LOCKED naming the dir', async () => {
    const holder = startChild(fixture('hold-store.ts'), [dir])
    try {
      await waitForLine(holder, (l) => l === 'ready', 20_000)
      const err = (await StateStore.open(dir).catch((e: unknown) => e)) as StoreError
      expect(err.code).toBe('LOCKED')
      expect(err.message).toContain(dir)
      expect(err.message).toMatch(/another aimesh process/)
    } finally {
      holder.stdin?.end()
      await exited(holder)
    }
    // Once the holder is gone the dir opens normally.
    const store = await StateStore.open(dir)
    await store.close()
  })

  it('a child process is refused while this process holds the store', async () => {
    const store = await StateStore.open(dir)
    try {
      const child = startChild(fixture('hold-store.ts'), [dir])
      const line = await waitForLine(child, (l) => l.startsWith('{'), 20_000)
      await exited(child)
      const report = JSON.parse(line) as { code: string; message: string }
      expect(report.code).toBe('LOCKED')
      expect(report.message).toContain(dir)
      expect(child.exitCode).toBe(3)
    } finally {
      await store.close()
    }
  })
})
