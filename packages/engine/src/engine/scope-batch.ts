/**
 * One group commit's side of one message per scope (DESIGN §5.8, §5.10): validates and takes each
 * message, brings back from the recall (scope-recall.ts) the parents a message names that a full
 * scope dropped, keeps what a full scope refuses in the recall, and at the end settles every scope
 * a recall pushed past quota + 1 back to it in rank order (scope-eviction.ts). Messages of the batch
 * that end up evicted are reported IGNORE SCOPE_FULL, so they are not forwarded.
 */
import { type AnySignedMessage, MessageKind, Verdict } from '@aimesh/protocol'
import { IgnoreCode, toValidationResult, type ValidationResult } from '../errors.js'
import { hex } from '../ids.js'
import type { LoggedMessage } from '../store-port.js'
import { assertValid } from '../validate/index.js'
import { insert, validateAgainst, view } from './message-index.js'
import { admit, afterInsert, dropped, settleScopes } from './scope-eviction.js'
import { recallOf } from './scope-recall.js'
import type { Changes, EngineState } from './state.js'

/** How deep a recall follows recalled parents of recalled parents (task → answer → score → vote). */
const RECALL_DEPTH = 8

/** See the file comment: one per group commit. */
export class ScopeBatch {
  readonly #s: EngineState
  readonly #changes: Changes
  readonly #dirty: Set<string>
  readonly #logged: LoggedMessage[]
  /** Scopes a recalled message joined past the scope check. */
  readonly #unsettled = new Set<string>()

  constructor(s: EngineState, changes: Changes, dirty: Set<string>, logged: LoggedMessage[]) {
    this.#s = s
    this.#changes = changes
    this.#dirty = dirty
    this.#logged = logged
  }

  /** Validates a message; a parent a full scope dropped is recalled first. */
  validate(msg: AnySignedMessage, now: number): ValidationResult {
    let result = validateAgainst(this.#s, msg, now)
    if (missing(result) && this.#recallAll(result.missing ?? [], now, 0))
      result = validateAgainst(this.#s, msg, now)
    if (result.verdict === Verdict.Ignore && result.code === IgnoreCode.SCOPE_FULL)
      recallOf(this.#s).keep(msg)
    return result
  }

  /** Takes an accepted message: its scope makes room (evicting by rank), then it is held and logged. */
  take(msg: AnySignedMessage, now: number): void {
    recallOf(this.#s).take(hex(msg.id))
    const admission = admit(this.#s, msg, this.#changes, this.#dirty, this.#logged)
    this.#hold(msg)
    afterInsert(this.#s, admission, this.#dirty)
    this.#recallVotesLike(msg, now)
  }

  /** A vote raises the endorsement of recalled votes for its root: they come back to be ranked. */
  #recallVotesLike(msg: AnySignedMessage, now: number): void {
    for (const id of recallOf(this.#s).votesLike(msg)) this.#recall(id, now, 0)
  }

  /**
   * Settles the scopes recalls overfilled and reports the batch's messages that were evicted
   * (IGNORE SCOPE_FULL), in place.
   */
  settle(msgs: readonly AnySignedMessage[], results: ValidationResult[]): void {
    settleScopes(this.#s, this.#unsettled, this.#changes, this.#dirty, this.#logged)
    const gone = dropped(this.#changes)
    if (gone.size === 0) return
    for (let i = 0; i < msgs.length; i++) {
      if (results[i]!.verdict !== Verdict.Accept || !gone.has(hex(msgs[i]!.id))) continue
      if (this.#s.messages.has(hex(msgs[i]!.id))) continue
      results[i] = {
        verdict: Verdict.Ignore,
        code: IgnoreCode.SCOPE_FULL,
        reason: 'evicted in its own batch: its scope holds quota + 1 messages that rank before it',
      }
    }
  }

  #hold(msg: AnySignedMessage): void {
    const t = insert(this.#s, msg)
    if (msg.kind === MessageKind.MinerProfile) this.#changes.accounts.add(hex(msg.signer))
    else this.#dirty.add(t.hex)
    this.#logged.push({
      id: msg.id,
      bytes: msg.bytes,
      kind: msg.kind,
      signer: msg.signer,
      timestamp: msg.body.timestamp,
      taskId: t.id,
    })
  }

  /** Brings back every missing id from the recall; true when all of them are held again. */
  #recallAll(ids: readonly Uint8Array[], now: number, depth: number): boolean {
    const recall = recallOf(this.#s)
    if (ids.length === 0 || !ids.every((id) => recall.get(hex(id)) !== undefined)) return false
    let all = true
    for (const id of ids) all = this.#recall(hex(id), now, depth) && all
    return all
  }

  /**
   * Holds a recalled message again when it is still valid (its own recalled parents first), past
   * the scope check — the batch settles its scope — then the recalled messages that name it.
   */
  #recall(idHex: string, now: number, depth: number): boolean {
    if (this.#s.messages.has(idHex)) return true
    const recall = recallOf(this.#s)
    const msg = recall.get(idHex)
    if (msg === undefined || depth > RECALL_DEPTH) return false
    let result = this.#rulesOnly(msg, now)
    if (missing(result) && this.#recallAll(result.missing ?? [], now, depth + 1)) {
      // Recalling a parent recalls the recalled messages naming it, this one among them.
      if (this.#s.messages.has(idHex)) return true
      result = this.#rulesOnly(msg, now)
    }
    if (result.verdict !== Verdict.Accept) return false
    recall.take(idHex)
    const scope = this.#s.scopes.scopeOf(msg)
    const overflowedBefore = this.#s.scopes.held(scope.key).length > scope.quota
    this.#hold(msg)
    afterInsert(this.#s, { key: scope.key, overflowedBefore }, this.#dirty)
    this.#unsettled.add(scope.key)
    for (const child of recall.childrenOf(idHex)) this.#recall(child, now, depth + 1)
    this.#recallVotesLike(msg, now)
    return true
  }

  #rulesOnly(msg: AnySignedMessage, now: number): ValidationResult {
    return toValidationResult(() => assertValid(view(this.#s, now), msg))
  }
}

function missing(r: ValidationResult): r is ValidationResult & { missing?: Uint8Array[] } {
  return r.verdict === Verdict.Ignore && r.code === IgnoreCode.MISSING_PARENT
}
