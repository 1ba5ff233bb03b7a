/**
 * Signature checks on more than one core (DESIGN §9 ingest). The profile of batched ingest shows the
 * main thread spending about three quarters of its time in ed25519 verification while the other
 * cores idle, so a batch's checks are shared: the batch is copied once into shared memory, and the
 * worker threads and the calling thread claim its checks a few at a time until none are left (one
 * postMessage per worker per batch; a busy core simply claims fewer).
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

/** Fewest checks worth waking the workers for (below it, the hand-off costs more than it saves). */
const MIN_SHARED_CHECKS = 16

/** Checks a thread claims at a time: small enough that no thread waits long for a slow one. */
const CLAIM = 4

/**
 * A batch in shared memory. Int32 control word 0 is the next unclaimed item; items are packed as
 * [u32 LE message length][32 key][64 sig][message] at the offsets in `offsets` (n + 1 of them);
 * `ok` gets one byte per item (0 = not yet checked, 1 = valid, 2 = invalid). Every thread (workers and
 * caller) claims CLAIM items at a time with Atomics.add until none are left; the caller then checks
 * any item still at 0 itself (a worker descheduled mid-claim), so a busy core never holds a batch up
 * and the caller never waits for a worker. A late worker writes the same answer: harmless.
 */
interface SharedBatch {
  control: Int32Array
  offsets: Uint32Array
  data: Uint8Array
  ok: Uint8Array
  n: number
}

/**
 * The worker: CommonJS evaluated from a string, so it runs the same under tsx, vitest and a build.
 * Request: { id, control, offsets, data, ok, n } over SharedArrayBuffers; reply { id } when it finds
 * nothing left to claim. Parsed keys are cached like verifyNode's.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createPublicKey, verify } = require('node:crypto')
const PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const CLAIM = ${CLAIM}
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
parentPort.on('message', ({ id, control, offsets, data, ok, n }) => {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  for (;;) {
    const from = Atomics.add(control, 0, CLAIM)
    if (from >= n) break
    const to = Math.min(n, from + CLAIM)
    for (let i = from; i < to; i++) {
      const at = offsets[i]
      const end = offsets[i + 1]
      const key = keyOf(bytes.subarray(at + 4, at + 36))
      let valid = false
      try { valid = key !== null && verify(null, bytes.subarray(at + 100, end), key, bytes.subarray(at + 36, at + 100)) } catch {}
      Atomics.store(ok, i, valid ? 1 : 2)
    }
  }
  parentPort.postMessage({ id })
})
`

interface Job {
  resolve(): void
  reject(err: unknown): void
}

/** One worker thread and its outstanding jobs. */
class VerifyWorker {
  readonly #worker: Worker
  readonly #jobs = new Map<number, Job>()
  #next = 0
  #failed: Error | null = null

  constructor() {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true })
    this.#worker.unref()
    this.#worker.on('message', ({ id }: { id: number }) => {
      const job = this.#jobs.get(id)
      this.#jobs.delete(id)
      if (this.#jobs.size === 0) this.#worker.unref()
      job?.resolve()
    })
    const fail = (err: Error): void => {
      this.#failed = err
      for (const job of this.#jobs.values()) job.reject(err)
      this.#jobs.clear()
    }
    this.#worker.on('error', fail)
    this.#worker.on('exit', (code) => fail(new Error(`verify worker exited with code ${code}`)))
  }

  /** Joins the claiming of a shared batch; resolves when the worker finds nothing left to claim. */
  join(batch: SharedBatch): Promise<void> {
    if (this.#failed !== null) return Promise.reject(this.#failed)
    const id = this.#next++
    return new Promise((resolve, reject) => {
      if (this.#jobs.size === 0) this.#worker.ref()
      this.#jobs.set(id, { resolve, reject })
      this.#worker.postMessage({ id, ...batch })
    })
  }

  terminate(): Promise<number> {
    return this.#worker.terminate()
  }
}

/** Packs checks into shared memory (see SharedBatch). */
function share(items: readonly SignatureCheck[]): SharedBatch {
  const n = items.length
  let size = 0
  for (const it of items) size += 100 + it.message.length
  const data = new Uint8Array(new SharedArrayBuffer(size))
  const offsets = new Uint32Array(new SharedArrayBuffer(4 * (n + 1)))
  const view = new DataView(data.buffer)
  let at = 0
  for (let i = 0; i < n; i++) {
    const it = items[i]!
    offsets[i] = at
    view.setUint32(at, it.message.length, true)
    data.set(it.publicKey, at + 4)
    data.set(it.signature, at + 36)
    data.set(it.message, at + 100)
    at += 100 + it.message.length
  }
  offsets[n] = at
  return {
    control: new Int32Array(new SharedArrayBuffer(4)),
    offsets,
    data,
    ok: new Uint8Array(new SharedArrayBuffer(n)),
    n,
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
    if (this.#workers.length === 0 || todo.length < MIN_SHARED_CHECKS) {
      for (const i of todo) out[i] = verifyNode(items[i]!.signature, items[i]!.message, items[i]!.publicKey)
      return out
    }
    const batch = share(todo.map((i) => items[i]!))
    // A failed worker only means fewer helpers: the sweep below checks whatever it left.
    for (const w of this.#workers) w.join(batch).catch(() => undefined)
    const check = (k: number): void => {
      const it = items[todo[k]!]!
      Atomics.store(batch.ok, k, verifyNode(it.signature, it.message, it.publicKey) ? 1 : 2)
    }
    for (;;) {
      const from = Atomics.add(batch.control, 0, CLAIM)
      if (from >= batch.n) break
      for (let k = from; k < Math.min(batch.n, from + CLAIM); k++) check(k)
    }
    for (let k = 0; k < batch.n; k++) if (Atomics.load(batch.ok, k) === 0) check(k)
    for (let k = 0; k < todo.length; k++) out[todo[k]!] = batch.ok[k] === 1
    return out
  }

  /** Stops the threads; later `verify` calls check everything on the calling thread. */
  async close(): Promise<void> {
    const workers = this.#workers.splice(0)
    await Promise.all(workers.map((w) => w.terminate()))
  }
}
