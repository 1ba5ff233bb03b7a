/**
 * Profile proof of work runs in a worker thread (DESIGN §5.9): while ~2^16 hashes are searched the
 * event loop keeps turning (a timer keeps firing, counted, not timed), the nonce is the one protocol's
 * own search finds and verifies, and aborting terminates the search.
 */
import { checkProfileWork, fromHex, solveProfileWork } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { solveProfileWorkOffThread } from '../src/index.js'

const SIGNER = fromHex('11'.repeat(32))
const NETWORK = 'worktest'

describe('profile work off the main thread', () => {
  it('leaves the event loop free and finds protocol’s nonce', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    let ticksWhenDone = -1
    const nonce = await solveProfileWorkOffThread(NETWORK, SIGNER, 16).finally(() => {
      ticksWhenDone = ticks
      clearInterval(timer)
    })
    // Inline, the search would run to the end before any timer callback; here the timer kept firing.
    expect(ticksWhenDone).toBeGreaterThanOrEqual(5)
    expect(checkProfileWork(NETWORK, SIGNER, nonce, 16)).toBe(true)
    expect(nonce).toEqual(solveProfileWork(NETWORK, SIGNER, 16))
  }, 60_000)

  it('needs no thread for zero bits', async () => {
    expect(await solveProfileWorkOffThread(NETWORK, SIGNER, 0)).toEqual(new Uint8Array(0))
  })

  it('stops when the signal aborts', async () => {
    const abort = new AbortController()
    // 30 bits is hours of one core: only the abort can end it.
    const work = solveProfileWorkOffThread(NETWORK, SIGNER, 30, { signal: abort.signal })
    let ticks = 0
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (++ticks === 5) {
          clearInterval(t)
          resolve()
        }
      }, 2)
    })
    abort.abort()
    await expect(work).rejects.toMatchObject({ name: 'AbortError' })
    await expect(
      solveProfileWorkOffThread(NETWORK, SIGNER, 8, { signal: abort.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    })
  }, 30_000)
})
