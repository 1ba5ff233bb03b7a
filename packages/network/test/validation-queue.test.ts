/** Unit tests of the bounded gossip validation queues (DESIGN §8): drop oldest, cap in flight, round-robin. */
import { describe, expect, it } from 'vitest'
import { ValidationQueue } from '../src/gossip/validation-queue.js'

function gate() {
  const waiting: Array<() => void> = []
  return {
    wait: () => new Promise<void>((resolve) => waiting.push(resolve)),
    releaseAll: () => {
      for (const r of waiting.splice(0)) r()
    },
    get waiting() {
      return waiting.length
    },
  }
}

describe('ValidationQueue', () => {
  it('drops the oldest job of a full queue and caps jobs in flight', async () => {
    const g = gate()
    const ran: number[] = []
    const dropped: number[] = []
    const q = new ValidationQueue<'a' | 'b', number>({
      keys: ['a', 'b'],
      capacity: 2,
      maxInFlight: 1,
      run: async (job) => {
        ran.push(job)
        await g.wait()
      },
      dropped: (_k, job) => dropped.push(job),
    })
    for (const job of [1, 2, 3, 4]) q.push('a', job)
    expect(q.inFlight).toBe(1)
    expect(ran).toEqual([1])
    expect(q.length('a')).toBe(2)
    expect(dropped).toEqual([2])
    for (let i = 0; i < 3 && q.inFlight > 0; i++) {
      g.releaseAll()
      await new Promise((r) => setTimeout(r, 0))
    }
    expect(ran).toEqual([1, 3, 4])
    await q.close()
  })

  it('serves topics round-robin and drops waiting jobs on close', async () => {
    const g = gate()
    const ran: string[] = []
    const dropped: string[] = []
    const q = new ValidationQueue<'a' | 'b', string>({
      keys: ['a', 'b'],
      maxInFlight: 1,
      run: async (job) => {
        ran.push(job)
        await g.wait()
      },
      dropped: (_k, job) => dropped.push(job),
    })
    q.push('a', 'a1')
    q.push('a', 'a2')
    q.push('a', 'a3')
    q.push('b', 'b1')
    g.releaseAll()
    await new Promise((r) => setTimeout(r, 0))
    expect(ran).toEqual(['a1', 'b1'])
    const closing = q.close()
    expect(dropped).toEqual(['a2', 'a3'])
    g.releaseAll()
    await closing
    q.push('a', 'late')
    expect(dropped).toEqual(['a2', 'a3', 'late'])
  })
})
