/** docs/node.md's embedding example is this directory's embed-example.ts, and it runs. */
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { main } from './embed-example.js'

describe('embedding example', () => {
  it('is the one docs/node.md shows', async () => {
    const doc = await readFile(new URL('../../../docs/node.md', import.meta.url), 'utf8')
    const example = await readFile(new URL('./embed-example.ts', import.meta.url), 'utf8')
    expect(doc).toContain(example.trim())
  })

  it('runs', async () => {
    const r = await main()
    expect(r.taskId).toMatch(/^[0-9a-f]{64}$/)
    expect(r.status).toBe('PUBLISHED')
    expect(r.stateRoot).toMatch(/^[0-9a-f]{64}$/)
  })
})
