/**
 * What a folded task derives from (DESIGN §5.6, docs/protocol.md "What a folded task derives
 * from"): its covered set, the messages of the task authored at or before the cut of the certified
 * checkpoint that folds it, as the certified fold root commits to them (each folded task's outcome
 * root and the digest of its covered set). The rule makes a folded task's derivation the same on
 * every node whatever its bodies: a node that pruned them keeps the derivation of exactly that set,
 * a node that kept them derives that set again, an imported node takes the sets the fold root
 * verifies.
 *
 * A node seals a certified checkpoint once the covered sets it holds give the certified fold root
 * (every earlier certified checkpoint sealed first); from then on each folded task remembers its
 * covered digest and the ids held outside it ("late": posted after the cut, or backdated and arrived
 * after the seal). Late messages are held, judged and counted in the state root like any other, and
 * derive nothing. A checkpoint this node cannot seal (it holds a backdated message the voters did not
 * hold, or lacks one they held) leaves its tasks deriving from everything held until a seal is
 * possible: syncing what it lacks seals it; what it holds beyond needs the covered ids from a peer.
 */
import { bytesEqual, type FoldedTask, foldRoot } from '@aimesh/protocol'
import type { ScopeLookup } from '../derive/voiding.js'
import { checkpointCut } from '../epochs.js'
import type { Genesis } from '../genesis.js'
import { hex, unhex } from '../ids.js'
import { taskDigest } from '../state-root.js'
import type { Changes, EngineState, Sealed, TaskState } from './state.js'

/** The tasks checkpoint `epoch` folds: certified, last round closed after `from` and by its cut. */
function foldedBy(tasks: Iterable<TaskState>, from: number, cut: number): TaskState[] {
  const out: TaskState[] = []
  for (const t of tasks) {
    const d = t.derived
    if (d === null || d.winner === null || d.finalAt <= from || d.finalAt > cut) continue
    out.push(t)
  }
  return out
}

/**
 * A task's covered set as this node holds it (its seal once sealed), or null when it cannot be told
 * (bodies pruned before covered sets were kept).
 */
export function coverOf(t: TaskState, cut: number): Sealed | null {
  if (t.sealed !== null) return t.sealed
  if (t.frozen) return null
  const covered: Uint8Array[] = []
  const late = new Set<string>()
  for (const m of t.messages) {
    if (m.body.timestamp <= cut) covered.push(m.id)
    else late.add(hex(m.id))
  }
  covered.sort((a, b) => Buffer.compare(a, b))
  // The DESIGN §5.2 task digest of the covered set.
  return { digest: taskDigest(covered), late }
}

/** The folded tasks of a checkpoint as the fold root names them, from these covers. */
function foldedTasks(members: readonly TaskState[], covers: readonly Sealed[]): FoldedTask[] {
  return members.map((t, i) => ({
    taskId: t.id,
    outcomeRoot: unhex(t.derived!.winner!.root),
    messageDigest: covers[i]!.digest,
  }))
}

/** The fold of checkpoint `epoch` as this node holds it: its tasks and fold root (null: cannot tell). */
export function foldOf(
  genesis: Genesis,
  tasks: Iterable<TaskState>,
  epoch: number,
  previous: number,
): { members: TaskState[]; covers: Sealed[]; root: Uint8Array } | null {
  const cut = checkpointCut(genesis, epoch)
  const from = previous === 0 ? Number.NEGATIVE_INFINITY : checkpointCut(genesis, previous)
  const members = foldedBy(tasks, from, cut)
  const covers: Sealed[] = []
  for (const t of members) {
    const c = coverOf(t, cut)
    if (c === null) return null
    covers.push(c)
  }
  return { members, covers, root: foldRoot(foldedTasks(members, covers)) }
}

/** True when a task this write touched may be folded by the checkpoint cut at `cut` after `from`. */
function touches(changes: Changes, from: number, cut: number): boolean {
  for (const t of changes.tasks) {
    const d = t.derived
    if (d !== null && d.winner !== null && d.finalAt > from && d.finalAt <= cut) return true
  }
  return false
}

/**
 * Seals every certified checkpoint whose fold root the covered sets held give, in epoch order (see
 * the file comment); the tasks sealed are added to `changes` (their stored state says so). Returns
 * the tasks sealed with late messages: they must be derived again from their covered set.
 */
export function sealFolds(s: EngineState, changes: Changes): string[] {
  const redo: string[] = []
  let previous = 0
  for (const epoch of s.epochs.certifiedEpochs()) {
    const prev = previous
    previous = epoch
    const certified = s.epochs.certifiedOf(epoch)
    if (certified === undefined) break
    const state = s.folds.get(epoch)
    const same = state?.digest === certified.digest
    if (same && state.sealed) continue
    const cut = checkpointCut(s.genesis, epoch)
    const from = prev === 0 ? Number.NEGATIVE_INFINITY : checkpointCut(s.genesis, prev)
    // Tried before and nothing of it changed since: it still does not seal.
    if (same && !touches(changes, from, cut)) break
    const fold = foldOf(s.genesis, s.tasks.values(), epoch, prev)
    if (fold === null || !bytesEqual(fold.root, certified.content.foldRoot)) {
      s.folds.set(epoch, { digest: certified.digest, sealed: false })
      break
    }
    s.folds.set(epoch, { digest: certified.digest, sealed: true })
    fold.members.forEach((t, i) => {
      if (t.sealed !== null) return
      const cover = fold.covers[i]!
      t.sealed = cover
      changes.tasks.add(t)
      if (cover.late.size > 0) redo.push(t.hex)
    })
  }
  return redo
}

/** Whether this node sealed the certified checkpoint of `epoch` (see the file comment). */
export function isSealed(s: EngineState, epoch: number): boolean {
  return s.folds.get(epoch)?.sealed === true
}

/**
 * The messages a task derives from: all it holds, or its covered set once sealed. `messages` are
 * the task's held bodies.
 */
export function derivedFrom<M extends { id: Uint8Array }>(
  t: TaskState,
  messages: readonly M[],
): readonly M[] {
  const late = t.sealed?.late
  if (late === undefined || late.size === 0) return messages
  return messages.filter((m) => !late.has(hex(m.id)))
}

/**
 * The scopes a task's derivation reads: as held, or, once sealed, without its late messages, so a
 * late message overflowing a scope of a folded task voids and penalizes nothing there (DESIGN §5.8:
 * its evidence acts through an alert carrying the envelopes).
 */
export function derivedScopes(t: TaskState, scopes: ScopeLookup): ScopeLookup {
  const late = t.sealed?.late
  if (late === undefined || late.size === 0) return scopes
  const held = (key: string) => scopes.held(key).filter((id) => !late.has(id))
  return {
    overflowedAt: (id) => {
      const scope = scopes.overflowedAt(id)
      return scope !== null && held(scope.key).length > scope.quota ? scope : null
    },
    held,
    message: scopes.message,
  }
}
