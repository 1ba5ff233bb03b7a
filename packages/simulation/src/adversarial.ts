/** Invalid and adversarial messages for negative tests, each with the verdict it deserves. */

import {
  type AnySignedMessage,
  answerCommitment,
  Envelope,
  MessageKind,
  type SignedMessage,
  sha256,
  Verdict,
} from '@aimesh/protocol'
import { type Actor, profileBody, signAs } from './actors.js'
import type { Submission } from './answers.js'
import { wire } from './bytes.js'
import { FAR_FUTURE_MS, followerRoom, type InvalidKind, type ResolvedOptions } from './options.js'
import type { Rng } from './prng.js'
import { type TaskPlan, timeInside } from './tasks.js'

/** One invalid message and what a correct node must do with it. */
export interface InvalidMessage {
  readonly kind: InvalidKind
  readonly message: AnySignedMessage
  /** REJECT for what is provably bad, IGNORE for what may become valid (DESIGN §4). */
  readonly expected: Verdict
  readonly reason: string
  /** The task it targets, when it targets one. */
  readonly taskId: Uint8Array | undefined
  /** Valid messages it builds on; they are part of the valid workload and come before it. */
  readonly setup: readonly AnySignedMessage[]
}

/** What an answered task offers an adversary. */
export interface AdversaryScene {
  readonly plan: TaskPlan
  readonly submissions: readonly Submission[]
  readonly validators: readonly Actor[]
  readonly miners: readonly Actor[]
}

/** The same message with one signature byte flipped: decodes fine, fails verification. */
export function withBadSignature<M extends SignedMessage>(msg: M): M {
  const signature = Uint8Array.from(msg.signature)
  // Flip a bit of R (the first half): the signature stays well formed but cannot verify.
  signature[0] = (signature[0] ?? 0) ^ 0x01
  const bytes = Envelope.encode({
    kind: msg.kind,
    body: msg.bodyBytes as Uint8Array<ArrayBuffer>,
    signer: msg.signer as Uint8Array<ArrayBuffer>,
    signature,
  })
  return { ...msg, signature, bytes }
}

/**
 * Builds one invalid message of `kind` against an answered task, or undefined when the task
 * cannot host it (a commit–reveal mismatch needs a commit–reveal task and a miner not yet in it).
 */
export function makeInvalid(
  o: ResolvedOptions,
  kind: InvalidKind,
  scene: AdversaryScene,
  rng: Rng,
): InvalidMessage | undefined {
  const { plan, submissions } = scene
  const { body, taskId } = plan
  const target = submissions.length > 0 ? rng.pick(submissions) : undefined
  const score = (signer: Actor, s: Submission, timestamp: number) =>
    signAs(
      o,
      MessageKind.ValidationScored,
      { timestamp, taskId, submissionId: wire(s.id), score: rng.int(0, 100), comment: 'adversarial' },
      signer,
    )
  const inValidation = () => timeInside(rng, body.submissionDeadline, body.validationDeadline)
  const out = (
    message: AnySignedMessage,
    expected: Verdict,
    reason: string,
    setup: AnySignedMessage[] = [],
  ) => ({
    kind,
    message,
    expected,
    reason,
    taskId: message.kind === MessageKind.MinerProfile ? undefined : taskId,
    setup,
  })
  switch (kind) {
    case 'bad-signature': {
      if (target === undefined) return undefined
      const msg = withBadSignature(score(rng.pick(scene.validators), target, inValidation()))
      return out(msg, Verdict.Reject, 'signature does not verify')
    }
    case 'wrong-phase': {
      if (target === undefined) return undefined
      // Dated in the answer phase: a score before the submission deadline breaks the window rule.
      const msg = score(
        rng.pick(scene.validators),
        target,
        body.submissionDeadline - Math.floor(o.phases.reveal / 2),
      )
      return out(msg, Verdict.Reject, 'validation dated before the submission deadline')
    }
    case 'self-validation': {
      if (target === undefined) return undefined
      return out(score(target.miner, target, inValidation()), Verdict.Reject, 'miner scores its own answer')
    }
    case 'publisher-validation': {
      if (target === undefined) return undefined
      return out(
        score(plan.publisher, target, inValidation()),
        Verdict.Reject,
        'publisher scores an answer to its own task',
      )
    }
    case 'commit-reveal-mismatch': {
      const spare = scene.miners.filter((m) => !submissions.some((s) => s.miner === m))
      if (!plan.commitReveal || spare.length === 0) return undefined
      const miner = rng.pick(spare)
      const salt = rng.bytes(32)
      const committed = `committed answer ${rng.int(0, 1e9)}`
      const commit = signAs(
        o,
        MessageKind.AnswerCommitted,
        {
          timestamp: rng.int(body.timestamp + 1, body.commitDeadline - followerRoom(o)),
          taskId,
          commitment: wire(answerCommitment(committed, salt, miner.key.publicKey)),
        },
        miner,
      )
      const reveal = signAs(
        o,
        MessageKind.AnswerRevealed,
        {
          timestamp: timeInside(rng, body.commitDeadline, body.submissionDeadline),
          taskId,
          answer: `a different answer ${rng.int(0, 1e9)}`,
          salt,
          workStartedAt: body.timestamp + 1,
          commitId: wire(commit.id),
        },
        miner,
      )
      return out(reveal, Verdict.Reject, 'revealed answer does not match the commitment', [commit])
    }
    case 'unknown-task': {
      const miner = rng.pick(scene.miners)
      const unknown = sha256(new TextEncoder().encode('unknown task'), rng.bytes(16))
      const msg = signAs(
        o,
        MessageKind.AnswerRevealed,
        {
          timestamp: body.timestamp + Math.floor(o.phases.reveal / 2),
          taskId: unknown,
          answer: 'an answer to a task nobody published',
          salt: new Uint8Array(0),
          workStartedAt: body.timestamp,
          commitId: new Uint8Array(0),
        },
        miner,
      )
      return {
        ...out(msg, Verdict.Ignore, 'references a task that is not known (may arrive later)'),
        taskId: unknown,
      }
    }
    case 'far-future': {
      const actor = rng.pick(scene.miners)
      const msg = signAs(
        o,
        MessageKind.MinerProfile,
        profileBody(actor, body.challengeDeadline + FAR_FUTURE_MS),
        actor,
      )
      return out(msg, Verdict.Ignore, 'timestamp far beyond any clock (may become valid later)')
    }
  }
}
