/**
 * Who signs (DESIGN §5.11): the engine signs nothing; this service does, for the validator
 * accounts the node holds. After a task's validation deadline each epoch validator casts the
 * ConsensusVote the engine computes, and again in the next round while nothing certifies; during
 * an epoch, after the checkpoint delay, each casts its CheckpointVote. Of the engine's fraud
 * findings (derived, so they survive a restart) the validator ranked first for (task, subject)
 * signs the alert at once; the one ranked k-th only after k × alertDelayMs without an alert, so a
 * finding is announced once, not N times.
 */
import { type FraudAlertDraft, getTask } from '@aimesh/engine'
import { MessageKind, toHex } from '@aimesh/protocol'
import type { NodeActions } from '../actions.js'
import { consensusVoteDuty, roundAt } from '../duties.js'
import { isNodeError } from '../errors.js'
import type { Keystore, KeystoreAccount } from '../keystore/keystore.js'
import type { EngineService } from './engine.js'
import { type BaseComponents, every, type Service } from './service.js'

/** Components of the signer service. */
export interface SignerComponents extends BaseComponents {
  engine: EngineService
  actions: NodeActions
  keystore: Keystore
}

/** First-seen times of findings kept at most (the oldest go first). */
const MAX_FINDINGS = 10_000

function findingKey(a: FraudAlertDraft): string {
  return `${toHex(a.taskId)}:${toHex(a.subject)}:${a.fraudKind}`
}

/** See the file comment. */
export class SignerService implements Service {
  readonly name = 'signer'
  readonly #c: SignerComponents
  readonly #intervalMs: number
  readonly #alertDelayMs: number
  /** When this node first saw each unannounced finding (the delay for lower ranks runs from it). */
  readonly #seen = new Map<string, number>()
  #loop: ReturnType<typeof every> | null = null

  constructor(components: SignerComponents, init: { intervalMs: number; alertDelayMs: number }) {
    this.#c = components
    this.#intervalMs = init.intervalMs
    this.#alertDelayMs = init.alertDelayMs
  }

  async start(): Promise<void> {
    this.#loop = every(
      this.#intervalMs,
      this.#c.signal,
      () => this.tick(),
      (err) => this.#c.logger.warn({ err }, 'signer tick failed'),
    )
  }

  async stop(): Promise<void> {
    await this.#loop?.idle()
  }

  /** One pass over the duties of every account held. */
  async tick(): Promise<void> {
    const accounts = this.#c.keystore.accounts()
    if (accounts.length === 0) return
    await this.#votes(accounts)
    await this.#checkpoints(accounts)
    await this.#alerts()
  }

  async #sign(what: string, fn: () => Promise<unknown>, context: object): Promise<boolean> {
    try {
      await fn()
      this.#c.logger.debug(context, `${what} signed`)
      return true
    } catch (err) {
      if (isNodeError(err, 'NOT_RUNNING')) throw err
      this.#c.logger.warn({ err, ...context }, `${what} refused`)
      return false
    }
  }

  async #votes(accounts: KeystoreAccount[]): Promise<void> {
    const engine = this.#c.engine.engine
    const now = this.#c.clock.now()
    const maxRounds = engine.genesis.params.maxRounds
    for (const t of engine.state.tasks()) {
      if (t.publish === null) continue
      const round = roundAt(engine, t.publish.body.validationDeadline, now)
      if (round < 0 || round >= maxRounds) continue
      if ((getTask(engine, t.id)?.certifiedRoot.length ?? 0) > 0) continue
      for (const a of accounts) {
        const duty = consensusVoteDuty(engine, t.hex, a.publicKey, now)
        if ('reason' in duty) continue
        await this.#sign(
          'consensus vote',
          () => this.#c.actions.sign(a, MessageKind.ConsensusVote, duty.body),
          {
            taskId: t.hex,
            round: duty.round,
            account: a.name,
          },
        )
      }
    }
  }

  async #checkpoints(accounts: KeystoreAccount[]): Promise<void> {
    const engine = this.#c.engine.engine
    const now = this.#c.clock.now()
    for (const a of accounts) {
      const body = engine.checkpointVoteFor(a.publicKey, now)
      if (body === null) continue
      await this.#sign('checkpoint vote', () => this.#c.actions.sign(a, MessageKind.CheckpointVote, body), {
        account: a.name,
      })
    }
  }

  async #alerts(): Promise<void> {
    const engine = this.#c.engine.engine
    const now = this.#c.clock.now()
    const findings = engine.unsignedFindings()
    const live = new Set<string>()
    for (const { alert, signers } of findings) {
      const key = findingKey(alert)
      live.add(key)
      let seenAt = this.#seen.get(key)
      if (seenAt === undefined) {
        seenAt = now
        this.#seen.set(key, now)
        if (this.#seen.size > MAX_FINDINGS) this.#seen.delete(this.#seen.keys().next().value!)
      }
      for (let rank = 0; rank < signers.length; rank++) {
        const a = this.#c.keystore.byPublicKey(signers[rank]!)
        if (a === undefined || now < seenAt + rank * this.#alertDelayMs) continue
        const evidence = alert.evidenceIds
          .slice(0, 8)
          .map((id) => engine.getMessage(id)?.bytes)
          .filter((b): b is Uint8Array<ArrayBuffer> => b !== undefined)
        await this.#sign(
          'fraud alert',
          () =>
            this.#c.actions.sign(a, MessageKind.FraudAlert, {
              timestamp: now,
              taskId: alert.taskId as Uint8Array<ArrayBuffer>,
              subject: alert.subject as Uint8Array<ArrayBuffer>,
              fraudKind: alert.fraudKind,
              evidenceIds: alert.evidenceIds as Uint8Array<ArrayBuffer>[],
              evidence,
              riskBps: alert.riskBps,
            }),
          { taskId: toHex(alert.taskId), subject: toHex(alert.subject), rank, account: a.name },
        )
        break
      }
    }
    for (const key of [...this.#seen.keys()]) if (!live.has(key)) this.#seen.delete(key)
  }
}
