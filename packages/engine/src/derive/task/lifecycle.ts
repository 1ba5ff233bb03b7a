/**
 * Lifecycle (DESIGN §6): Published → InProgress → AnswersSubmitted → UnderValidation → Completed, or
 * Expired / Disputed / Cancelled, every transition recorded with its trigger. Each step is decided
 * over the whole set by author time (DESIGN §5.3), never by arrival: a cancellation counts only
 * before the first answer in canonical order.
 */
import { type MessageKind, TaskStatus, type TaskTransition } from '@aimesh/protocol'
import { hex, unhex } from '../../ids.js'
import type { Scoring } from './consensus.js'
import { byTimeId, type Derivation, type Item } from './context.js'
import type { Submission } from './submissions.js'

/** The task's transitions so far; its status is the last one's target. */
export class Lifecycle {
  readonly transitions: TaskTransition[] = []
  status: TaskStatus = TaskStatus.TASK_STATUS_UNSPECIFIED

  constructor(private readonly taskId: Uint8Array<ArrayBuffer>) {}

  move(to: TaskStatus, at: number, trigger: string, triggerId?: string): void {
    this.transitions.push({
      taskId: this.taskId,
      from: this.status,
      to,
      at,
      triggerId: triggerId === undefined ? new Uint8Array(0) : unhex(triggerId),
      trigger,
    })
    this.status = to
  }
}

/** The first answer (commit or reveal) and the publisher's cancellation that precedes it, if any. */
export interface Opening {
  firstAnswer: Item<MessageKind.AnswerCommitted | MessageKind.AnswerRevealed> | undefined
  cancel: Item<MessageKind.TaskCancelled> | undefined
}

/** Publication, and whether the publisher cancelled before the first answer and the submission deadline. */
export function openLifecycle(d: Derivation): { lifecycle: Lifecycle; opening: Opening } {
  const lifecycle = new Lifecycle(d.taskId)
  lifecycle.move(TaskStatus.PUBLISHED, d.task.timestamp, 'published', d.taskHex)
  const { commits, reveals, cancels } = d.messages
  const firstAnswer = [...commits, ...reveals].sort(byTimeId)[0]
  const cancel = cancels.find(
    (c) =>
      c.signer === d.publisher &&
      c.ts < d.submissionDeadline &&
      (firstAnswer === undefined || byTimeId(c, firstAnswer) < 0),
  )
  return { lifecycle, opening: { firstAnswer, cancel } }
}

/** Moves the task through its phases as the phase time reaches each deadline; true once completed. */
export function runLifecycle(
  d: Derivation,
  lifecycle: Lifecycle,
  opening: Opening,
  submissions: readonly Submission[],
  scoring: Scoring,
): boolean {
  const { cancel, firstAnswer } = opening
  if (cancel !== undefined) {
    lifecycle.move(TaskStatus.CANCELLED, cancel.ts, 'cancelled by the publisher', cancel.id)
    return false
  }
  if (firstAnswer !== undefined)
    lifecycle.move(TaskStatus.IN_PROGRESS, firstAnswer.ts, 'first answer', firstAnswer.id)
  if (d.te < d.submissionDeadline) return false
  if (submissions.length === 0) {
    lifecycle.move(TaskStatus.EXPIRED, d.submissionDeadline, 'no answer by the submission deadline')
    return false
  }
  lifecycle.move(TaskStatus.ANSWERS_SUBMITTED, d.submissionDeadline, 'submission deadline')
  const firstScore = scoring.records
    .filter((r) => r.counted)
    .sort((a, b) => a.at - b.at || (hex(a.id) < hex(b.id) ? -1 : 1))[0]
  if (firstScore !== undefined) {
    lifecycle.move(TaskStatus.UNDER_VALIDATION, firstScore.at, 'first counted score', hex(firstScore.id))
  }
  if (d.te < d.validationDeadline) return false
  lifecycle.move(TaskStatus.COMPLETED, d.validationDeadline, 'validation deadline')
  return true
}
