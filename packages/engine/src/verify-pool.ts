/**
 * Signature checks on more than one core (DESIGN §9 ingest). The profile of batched ingest shows the
 * main thread spending about three quarters of its time in ed25519 verification while the other
 * cores idle, so a batch's checks are split: worker threads take a share (one transferred buffer
 * per worker, no per-message postMessage), the calling thread checks the rest meanwhile.
 *
 * The rule is protocol's verifyNode exactly: the strict prechecks (passesStrictPrechecks) run on the
 * calling thread, and OpenSSL's verify through node:crypto runs wherever the item lands.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { passesStrictPrechecks, verifyNode } from '@aimesh/protocol'

/** One signature to check: `message` is the signed bytes (domain tag ‖ body). */
export interface SignatureCheck {
  signature: Uint8Array
  message: Uint8Array
  publicKey: Uint8Array
}

/** Most worker threads a pool starts by default (more buys nothing once the store is the limit). */
export const MAX_VERIFY_WORKERS = 3

/** Fewest checks worth handing to a worker (below it, the hand-off costs more than it saves). */
const MIN_WORKER_SHARE = 8

/**
 * The worker: CommonJS evaluated from a string, so it runs the same under tsx, vitest and a build.
 * Request: { id, buf, n } with n items packed as [u32 LE message length][32 key][64 sig][message].
 * Reply: { id, ok } with one byte per item (1 = valid). Parsed keys are cached like verifyNode's.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createPublicKey, verify } = require('node:crypto')
const PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const keys = new Map()
function keyOf(pk) {
  const id = pk.toString('latin1')
  let key = keys.get(id)
  if (key === undefined) {
    try { key = createPublicKey({ key: Buffer.concat([PREFIX, pk]), format: 'der', type: 'spki' }) } catch { key = null }
    if (keys.size >= 4096) keys.clear()
    keys.set(id, key)
  }
  return key
}
parentPort.on('message', ({ id, buf, n }) => {
  const bytes = Buffer.from(buf)
  const ok = new Uint8Array(n)
  let at = 0
  for (let i = 0; i < n; i++) {
    const len = bytes.readUInt32LE(at)
    const pk = bytes.subarray(at + 4, at + 36)
    const sig = bytes.subarray(at + 36, at + 100)
    const msg = bytes.subarray(at + 100, at + 100 + len)
    at += 100 + len
    const key = keyOf(pk)
    try { ok[i] = key !== null && verify(null, msg, key, sig) ? 1 : 0 } catch { ok[i] = 0 }
  }
  parentPort.postMessage({ id, ok }, [ok.buffer])
})
`

interface Job {
  resolve(ok: Uint8Array): void
  reject(err: unknown): void
}

/** One worker thread and its outstanding jobs (answered in order). */
class VerifyWorker {
  readonly #worker: Worker
  readonly #jobs = new Map<number, Job>()
  #next = 0
  #failed: Error | null = null

  constructor() {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true })
    this.#worker.unref()
    this.#worker.on('message', ({ id, ok }: { id: number; ok: Uint8Array }) => {
      const job = this.#jobs.get(id)
      this.#jobs.delete(id)
      if (this.#jobs.size === 0) this.#worker.unref()
      job?.resolve(ok)
    })
    const fail = (err: Error): void => {
      this.#failed = err
      for (const job of this.#jobs.values()) job.reject(err)
      this.#jobs.clear()
    }
    this.#worker.on('error', fail)
    this.#worker.on('exit', (code) => fail(new Error(`verify worker exited with code ${code}`)))
  }

  /** Checks packed items; resolves one byte per item. */
  run(items: readonly SignatureCheck[]): Promise<Uint8Array> {
    if (this.#failed !== null) return Promise.reject(this.#failed)
    let size = 0
    for (const it of items) size += 100 + it.message.length
    const buf = new ArrayBuffer(size)
    const bytes = new Uint8Array(buf)
    const view = new DataView(buf)
    let at = 0
    for (const it of items) {
      view.setUint32(at, it.message.length, true)
      bytes.set(it.publicKey, at + 4)
      bytes.set(it.signature, at + 36)
      bytes.set(it.message, at + 100)
      at += 100 + it.message.length
    }
    const id = this.#next++
    return new Promise((resolve, reject) => {
      if (this.#jobs.size === 0) this.#worker.ref()
      this.#jobs.set(id, { resolve, reject })
      this.#worker.postMessage({ id, buf, n: items.length }, [buf])
    })
  }

  terminate(): Promise<number> {
    return this.#worker.terminate()
  }
}

/** A small pool of signature-checking threads shared by the calling thread (see the file comment). */
export class VerifyPool {
  readonly #workers: VerifyWorker[]

  /** Starts `workers` threads (default: one per spare core, at most MAX_VERIFY_WORKERS). */
  constructor(workers: number = Math.min(availableParallelism() - 1, MAX_VERIFY_WORKERS)) {
    this.#workers = Array.from({ length: Math.max(0, workers) }, () => new VerifyWorker())
  }

  /** Number of worker threads. */
  get size(): number {
    return this.#workers.length
  }

  /** Checks every item under the strict rule; one boolean per item, in order. */
  async verify(items: readonly SignatureCheck[]): Promise<boolean[]> {
    const out = new Array<boolean>(items.length).fill(false)
    const todo: number[] = []
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!
      if (passesStrictPrechecks(it.signature, it.publicKey)) todo.push(i)
    }
    // Equal shares for every worker and the calling thread; the caller takes what is left over.
    const lanes = this.#workers.length + 1
    const share = todo.length >= MIN_WORKER_SHARE * lanes ? Math.floor(todo.length / lanes) : 0
    const pending: Promise<void>[] = []
    let at = 0
    if (share > 0) {
      for (const w of this.#workers) {
        const idx = todo.slice(at, at + share)
        at += share
        pending.push(
          w.run(idx.map((i) => items[i]!)).then((ok) => {
            for (let k = 0; k < idx.length; k++) out[idx[k]!] = ok[k] === 1
          }),
        )
      }
    }
    for (; at < todo.length; at++) {
      const i = todo[at]!
      const it = items[i]!
      out[i] = verifyNode(it.signature, it.message, it.publicKey)
    }
    await Promise.all(pending)
    return out
  }

  /** Stops the threads; later `verify` calls check everything on the calling thread. */
  async close(): Promise<void> {
    const workers = this.#workers.splice(0)
    await Promise.all(workers.map((w) => w.terminate()))
  }
}
