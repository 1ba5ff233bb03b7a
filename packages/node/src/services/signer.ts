/**
 * Who signs (DESIGN §5.11): the engine signs nothing; this service does, for the validator
 * accounts the node holds. After a task's validation deadline each counted validator casts its
 * ConsensusVote, and again in the next round while nothing certifies. Of the engine's fraud
 * findings, the validator ranked first for (task, subject) signs the alert at once; the one ranked
 * k-th signs only after k × alertDelayMs if no alert for it has arrived, so a finding is announced
 * once, not N times.
 */
import type { FraudAlertDraft } from '@aimesh/engine'
import { compareBytes, MessageKind, sha256, toHex } from '@aimesh/protocol'
import type { NodeActions } from '../actions.js'
import { consensusVoteDuty, roundAt } from '../duties.js'
import { isNodeError } from '../errors.js'
import type { Keystore } from '../keystore/keystore.js'
import type { NodeQueries } from '../queries.js'
import type { EngineService } from './engine.js'
import { type BaseComponents, every, type Service } from './service.js'

/** Components of the signer service. */
export interface SignerComponents extends BaseComponents {
  engine: EngineService
  actions: NodeActions
  keystore: Keystore
  queries: NodeQueries
}

/** A finding waiting to be announced. */
interface Finding {
  draft: FraudAlertDraft
  seenAt: number
}

/** Findings kept at most (the oldest go first). */
const MAX_FINDINGS = 10_000

/** See the file comment. */
export class SignerService implements Service {
  readonly name = 'signer'
  readonly #c: SignerComponents
  readonly #intervalMs: number
  readonly #alertDelayMs: number
  readonly #findings = new Map<string, Finding>()
  #loop: ReturnType<typeof every> | null = null
  #off: (() => void) | null = null

  constructor(components: SignerComponents, init: { intervalMs: number; alertDelayMs: number }) {
    this.#c = components
    this.#intervalMs = init.intervalMs
    this.#alertDelayMs = init.alertDelayMs
  }

  async start(): Promise<void> {
    this.#off = this.#c.engine.onFraudFinding((draft) => {
      const key = `${toHex(draft.taskId)}:${toHex(draft.subject)}:${draft.fraudKind}`
      if (!this.#findings.has(key)) this.#findings.set(key, { draft, seenAt: this.#c.clock.now() })
      if (this.#findings.size > MAX_FINDINGS) this.#findings.delete(this.#findings.keys().next().value!)
    })
    this.#loop = every(
      this.#intervalMs,
      this.#c.signal,
      () => this.tick(),
      (err) => this.#c.logger.warn({ err }, 'signer tick failed'),
    )
  }

  async stop(): Promise<void> {
    this.#off?.()
    await this.#loop?.idle()
  }

  /** One pass over the duties of every validator account held. */
  async tick(): Promise<void> {
    await this.#votes()
    await this.#alerts()
  }

  async #votes(): Promise<void> {
    const engine = this.#c.engine.engine
    const now = this.#c.clock.now()
    const validators = this.#c.keystore.accounts()
    if (validators.length === 0) return
    const maxRounds = engine.genesis.params.maxRounds
    for (const t of engine.state.tasks()) {
      if (t.publish === null) continue
      const round = roundAt(engine, t.publish.body.validationDeadline, now)
      if (round < 0 || round >= maxRounds) continue
      for (const a of validators) {
        const duty = consensusVoteDuty(engine, t.hex, a.publicKey, now)
        if ('reason' in duty) continue
        try {
          await this.#c.actions.sign(a, MessageKind.ConsensusVote, duty.body)
          this.#c.logger.debug({ taskId: t.hex, round: duty.round, account: a.name }, 'consensus vote cast')
        } catch (err) {
          if (isNodeError(err, 'NOT_RUNNING')) return
          this.#c.logger.warn({ err, taskId: t.hex, account: a.name }, 'consensus vote refused')
        }
      }
    }
  }

  async #alerts(): Promise<void> {
    if (this.#findings.size === 0) return
    const engine = this.#c.engine.engine
    const now = this.#c.clock.now()
    const set = this.#c.queries.validatorSet().map((v) => v.account)
    for (const [key, f] of [...this.#findings]) {
      const taskHex = toHex(f.draft.taskId)
      const subject = toHex(f.draft.subject)
      const t = engine.state.task(taskHex)
      const announced = t?.messages.some(
        (m) =>
          m.kind === MessageKind.FraudAlert &&
          toHex(m.body.subject) === subject &&
          m.body.fraudKind === f.draft.fraudKind,
      )
      if (announced === true || t === undefined) {
        this.#findings.delete(key)
        continue
      }
      const ranked = rankFor(f.draft, set)
      for (let rank = 0; rank < ranked.length; rank++) {
        const a = this.#c.keystore.byPublicKey(ranked[rank]!)
        if (a === undefined || now < f.seenAt + rank * this.#alertDelayMs) continue
        const evidence = f.draft.evidenceIds
          .slice(0, 8)
          .map((id) => engine.getMessage(id)?.bytes)
          .filter((b): b is Uint8Array => b !== undefined)
        try {
          await this.#c.actions.sign(a, MessageKind.FraudAlert, {
            timestamp: now,
            taskId: f.draft.taskId as Uint8Array<ArrayBuffer>,
            subject: f.draft.subject as Uint8Array<ArrayBuffer>,
            fraudKind: f.draft.fraudKind,
            evidenceIds: f.draft.evidenceIds as Uint8Array<ArrayBuffer>[],
            evidence: evidence as Uint8Array<ArrayBuffer>[],
            riskBps: f.draft.riskBps,
          })
          this.#c.logger.info({ taskId: taskHex, subject, rank, account: a.name }, 'fraud alert signed')
        } catch (err) {
          if (isNodeError(err, 'NOT_RUNNING')) return
          this.#c.logger.warn({ err, taskId: taskHex, subject }, 'fraud alert refused')
        }
        this.#findings.delete(key)
        break
      }
    }
  }
}

/**
 * The validators ranked for a finding: by sha256(task ‖ subject ‖ validator), so every node ranks
 * the same way and the ranking differs per (task, subject).
 */
export function rankFor(
  draft: Pick<FraudAlertDraft, 'taskId' | 'subject'>,
  validators: readonly string[],
): string[] {
  const scored = validators.map((v) => ({ v, h: sha256(draft.taskId, draft.subject, Buffer.from(v, 'hex')) }))
  scored.sort((a, b) => compareBytes(a.h, b.h))
  return scored.map((s) => s.v)
}
