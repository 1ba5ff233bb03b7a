/**
 * When an answer was authored, the one time every fraud rule measures (DESIGN §6): for a
 * commit–reveal task the commit fixes the answer, so it is timed by its commit; otherwise by its
 * reveal. Derivation and alert validation both use this, so a node's own alerts verify on its peers.
 */
import type { MessageKind, SignedMessage } from '@aimesh/protocol'

type Reveal = Pick<SignedMessage<MessageKind.AnswerRevealed>, 'body'>
type Commit = Pick<SignedMessage<MessageKind.AnswerCommitted>, 'body'>

/** The commit's timestamp when the answer was committed (commit–reveal), else the reveal's. */
export function answerAuthoredAt(reveal: Reveal, commit: Commit | null | undefined): number {
  return commit?.body.timestamp ?? reveal.body.timestamp
}

/** True when a task uses commit–reveal (a commit deadline is set). */
export function usesCommitReveal(task: Pick<SignedMessage<MessageKind.TaskPublished>, 'body'>): boolean {
  return task.body.commitDeadline > 0
}
