/** Validators' scores: honest noise around the hidden quality, collusion and equivocation. */
import { MessageKind, type SignedMessage, toHex } from '@aimesh/protocol'
import { type Actor, signAs } from './actors.js'
import type { Submission } from './answers.js'
import type { ResolvedOptions } from './options.js'
import type { Rng } from './prng.js'
import { type TaskPlan, timeInside } from './tasks.js'

/** Colluders push their favourite into this band and everyone else into the low band. */
const COLLUDE_HIGH: readonly [number, number] = [92, 100]
const COLLUDE_LOW: readonly [number, number] = [0, 20]
/** An equivocation's two scores differ by at least this much, so it is plainly two opinions. */
const EQUIVOCATION_GAP: readonly [number, number] = [25, 40]

const COMMENTS = [
  'correct and well explained',
  'mostly right, misses an edge case',
  'incomplete',
  'solid work',
]

/** Two different signed scores by one validator for one submission: the proof of equivocation. */
export interface EquivocationTruth {
  readonly validator: string
  readonly taskId: string
  readonly submissionId: string
  readonly messageIds: readonly [string, string]
  readonly scores: readonly [number, number]
}

export interface ScoredTask {
  /** Every ValidationScored of the task, in time order. */
  readonly messages: SignedMessage<MessageKind.ValidationScored>[]
  readonly equivocations: EquivocationTruth[]
}

/**
 * The validators that score a task: required reviewers plus a few extra. Dishonest validators
 * that have not shown their pattern yet are seated first, so every pattern appears.
 */
export function selectPanel(
  o: ResolvedOptions,
  validators: readonly Actor[],
  pending: ReadonlySet<Actor>,
  plan: TaskPlan,
  rng: Rng,
): Actor[] {
  const size = Math.min(
    validators.length,
    plan.body.verification!.requiredReviewers + rng.int(o.extraReviewers[0], o.extraReviewers[1]),
  )
  const shuffled = rng.shuffle(validators)
  return [...shuffled.filter((v) => pending.has(v)), ...shuffled.filter((v) => !pending.has(v))].slice(
    0,
    size,
  )
}

function clampScore(v: number): number {
  return Math.max(0, Math.min(100, Math.round(v)))
}

/**
 * Every panel member scores every submission inside the validation window. Validators are
 * never miners or publishers, so no score here is a self- or publisher-validation.
 */
export function scoreTask(
  o: ResolvedOptions,
  plan: TaskPlan,
  panel: readonly Actor[],
  submissions: readonly Submission[],
  favoured: Actor | undefined,
  pending: Set<Actor>,
  rng: Rng,
): ScoredTask {
  const messages: SignedMessage<MessageKind.ValidationScored>[] = []
  const equivocations: EquivocationTruth[] = []
  const { submissionDeadline, validationDeadline } = plan.body
  const sign = (validator: Actor, s: Submission, score: number) =>
    signAs(
      o,
      MessageKind.ValidationScored,
      {
        timestamp: timeInside(rng, submissionDeadline, validationDeadline),
        taskId: plan.taskId,
        submissionId: s.id,
        score,
        comment: rng.pick(COMMENTS),
      },
      validator,
    )
  for (const validator of panel) {
    for (const s of submissions) {
      const honest = clampScore(s.trueQuality + rng.gaussian() * o.validatorNoise)
      if (validator.behaviour === 'colluding') {
        const band = s.miner === favoured ? COLLUDE_HIGH : COLLUDE_LOW
        messages.push(sign(validator, s, rng.int(band[0], band[1])))
        pending.delete(validator)
      } else if (
        validator.behaviour === 'equivocating' &&
        (pending.has(validator) || rng.chance(o.equivocationRate))
      ) {
        const gap = rng.int(EQUIVOCATION_GAP[0], EQUIVOCATION_GAP[1])
        const second = honest >= 50 ? honest - gap : honest + gap
        const a = sign(validator, s, honest)
        const b = sign(validator, s, second)
        messages.push(a, b)
        equivocations.push({
          validator: validator.hex,
          taskId: toHex(plan.taskId),
          submissionId: s.idHex,
          messageIds: [toHex(a.id), toHex(b.id)],
          scores: [honest, second],
        })
        pending.delete(validator)
      } else {
        messages.push(sign(validator, s, honest))
      }
    }
  }
  messages.sort((a, b) => a.body.timestamp - b.body.timestamp)
  return { messages, equivocations }
}
