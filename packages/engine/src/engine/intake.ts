/**
 * Untrusted envelopes in (DESIGN §5.1, §9 ingest): decode and verify the signature, then hand the
 * message to the group commit. With a verify pool, the envelopes decoded in one tick are checked
 * together on its threads and submitted in ingest order; without one, each is checked inline.
 */
import {
  type AnySignedMessage,
  concatBytes,
  decodeEnvelope,
  domainTag,
  openEnvelope,
  ProtocolError,
  Verdict,
  type Verifier,
  verifyNode,
} from '@aimesh/protocol'
import { RejectCode, type ValidationResult } from '../errors.js'
import type { VerifyPool } from '../verify-pool.js'
import type { IngestTimings } from './ingest-timings.js'

/** A decoded envelope waiting for its signature check, with its caller's promise. */
interface Unverified {
  msg: AnySignedMessage
  now: number
  verdict: OnVerdict | undefined
  resolve(result: ValidationResult): void
  reject(err: unknown): void
}

/**
 * Told a message's verdict as soon as it is known, before it is durable (group-commit.ts states the
 * durability rule); the ingest promise still resolves only once it is durable.
 */
export type OnVerdict = (result: ValidationResult) => void

/** Submits a verified message (the engine's trusted path). */
export type SubmitVerified = (
  msg: AnySignedMessage,
  now: number,
  verdict?: OnVerdict,
) => Promise<ValidationResult>

/** Envelope decoding and signature checks in front of the group commit (see the file comment). */
export class Intake {
  readonly #networkId: string
  readonly #verifier: Verifier
  readonly #pool: VerifyPool | undefined
  readonly #submit: SubmitVerified
  readonly #timings: IngestTimings | undefined
  /** Envelopes decoded this tick, checked together by the pool at the end of it. */
  #unverified: Unverified[] = []
  /** The last pool check in flight: results are submitted in ingest order. */
  #verified: Promise<void> = Promise.resolve()

  constructor(
    networkId: string,
    verifier: Verifier,
    pool: VerifyPool | undefined,
    submit: SubmitVerified,
    timings?: IngestTimings,
  ) {
    this.#networkId = networkId
    this.#verifier = verifier
    this.#pool = pool
    this.#submit = submit
    this.#timings = timings
  }

  /**
   * Decodes, verifies and submits one envelope; resolves with its verdict once durable. `verdict`
   * hears an accepted message's verdict earlier, once its batch is staged (not for a refused envelope).
   */
  ingest(bytes: Uint8Array, at: number, verdict?: OnVerdict): Promise<ValidationResult> {
    if (this.#pool === undefined) {
      const start = this.#timings?.active ? performance.now() : undefined
      const opened = this.#openEnvelope(bytes)
      if (start !== undefined) this.#timings!.emit('open', performance.now() - start)
      return 'verdict' in opened ? Promise.resolve(opened) : this.#submit(opened, at, verdict)
    }
    let msg: AnySignedMessage
    try {
      msg = decodeEnvelope(this.#networkId, bytes)
    } catch (err) {
      return Promise.resolve(rejectOpen(err))
    }
    return new Promise((resolve, reject) => {
      if (this.#unverified.length === 0) queueMicrotask(() => this.#checkUnverified())
      this.#unverified.push({ msg, now: at, verdict, resolve, reject })
    })
  }

  /** Decodes and verifies envelope bytes, or the REJECT they earn. */
  #openEnvelope(bytes: Uint8Array): AnySignedMessage | ValidationResult {
    try {
      return openEnvelope(this.#networkId, bytes, this.#verifier)
    } catch (err) {
      return rejectOpen(err)
    }
  }

  /** Checks this tick's decoded envelopes on the pool, then submits the valid ones in order. */
  #checkUnverified(): void {
    const batch = this.#unverified
    this.#unverified = []
    const network = this.#networkId
    const checks = batch.map(({ msg }) => ({
      signature: msg.signature,
      message: concatBytes(domainTag(network, msg.kind), msg.bodyBytes),
      publicKey: msg.signer,
    }))
    const start = this.#timings?.active ? performance.now() : undefined
    const checked = this.#pool!.verify(checks).catch(() =>
      // A pool that failed (a worker died) must not drop messages: check them here instead.
      checks.map((c) => verifyNode(c.signature, c.message, c.publicKey)),
    )
    const previous = this.#verified
    this.#verified = (async () => {
      const ok = await checked
      if (start !== undefined) this.#timings!.emit('open', performance.now() - start, batch.length)
      await previous
      for (let i = 0; i < batch.length; i++) {
        const u = batch[i]!
        if (ok[i]) this.#submit(u.msg, u.now, u.verdict).then(u.resolve, u.reject)
        else
          u.resolve({
            verdict: Verdict.Reject,
            code: RejectCode.BAD_SIGNATURE,
            reason: 'signature does not verify',
          })
      }
    })()
  }
}

/** The REJECT an envelope earns when it does not open. */
function rejectOpen(err: unknown): ValidationResult {
  const code =
    err instanceof ProtocolError && err.code === 'BAD_SIGNATURE'
      ? RejectCode.BAD_SIGNATURE
      : RejectCode.MALFORMED
  return { verdict: Verdict.Reject, code, reason: (err as Error).message }
}
