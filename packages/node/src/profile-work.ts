/**
 * A profile's proof of work off the main thread (DESIGN §5.9): ~2^bits sha256 hashes (about a
 * second of one core at the default 20 bits) would stall the API and the network if run inline, so
 * the search runs in a worker thread and the caller awaits it; an AbortSignal (the node stopping)
 * terminates the worker. The worker runs protocol's search exactly (same tag, 8-byte big-endian
 * counter from 0, leading zero bits), and its nonce is checked with protocol's `checkProfileWork`
 * before use, so the rule that admits a profile is the one that vouches for the answer.
 */
import { Worker } from 'node:worker_threads'
import { checkProfileWork, MAX_PROFILE_WORK_BITS, solveProfileWork } from '@aimesh/protocol'
import { NodeError } from './errors.js'

/**
 * The worker: CommonJS evaluated from a string, so it runs the same under tsx, vitest and a build.
 * Request (workerData): { tag, signer, bits, max }; reply: the 8-byte nonce, or null after `max`.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { tag, signer, bits, max } = workerData
const nonce = Buffer.alloc(8)
function zeroBits(d) {
  let n = 0
  for (const b of d) { if (b === 0) { n += 8; continue } return n + Math.clz32(b) - 24 }
  return n
}
let found = null
for (let i = 0; i < max; i++) {
  nonce.writeBigUInt64BE(BigInt(i))
  const d = createHash('sha256').update(tag).update(signer).update(nonce).digest()
  if (zeroBits(d) >= bits) { found = new Uint8Array(nonce); break }
}
parentPort.postMessage(found)
`

/** Options of solveProfileWorkOffThread. */
export interface OffThreadWorkOptions {
  /** Aborting terminates the worker and rejects with the signal's reason (an AbortError). */
  signal?: AbortSignal
}

/**
 * The nonce proving `bits` of profile work for `signer` on `network`, found in a worker thread
 * (empty for 0 bits, without a thread). Same nonce as protocol's solveProfileWork.
 */
export async function solveProfileWorkOffThread(
  network: string,
  signer: Uint8Array,
  bits: number,
  opts: OffThreadWorkOptions = {},
): Promise<Uint8Array<ArrayBuffer>> {
  opts.signal?.throwIfAborted()
  // Zero bits (testnets) or a bad value: protocol answers at once (empty nonce, or its typed error).
  if (bits === 0 || !Number.isInteger(bits) || bits < 0 || bits > MAX_PROFILE_WORK_BITS)
    return solveProfileWork(network, signer, bits) as Uint8Array<ArrayBuffer>
  const max = 2 ** Math.min(bits + 8, 52)
  const tag = new TextEncoder().encode(`aimesh/${network}/profile-work/1`)
  const nonce = await new Promise<Uint8Array | null>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { tag, signer: new Uint8Array(signer), bits, max },
    })
    const onAbort = () => {
      void worker.terminate()
      reject(opts.signal?.reason)
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    const done = () => opts.signal?.removeEventListener('abort', onAbort)
    worker.once('message', (m: Uint8Array | null) => {
      done()
      resolve(m)
      void worker.terminate()
    })
    worker.once('error', (err) => {
      done()
      reject(err)
    })
    worker.once('exit', (code) => {
      done()
      reject(new NodeError('NOT_READY', `the profile work thread exited (code ${code}) without an answer`))
    })
  })
  if (nonce === null)
    throw new NodeError('NOT_READY', `no ${bits}-bit profile work found in ${max} attempts`, 'workNonce')
  const out = new Uint8Array(nonce)
  if (!checkProfileWork(network, signer, out, bits))
    throw new NodeError(
      'NOT_READY',
      'the profile work thread returned a nonce that does not verify',
      'workNonce',
    )
  return out
}
