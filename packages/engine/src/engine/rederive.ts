/**
 * Re-derivation (DESIGN §5.1): every record of a task is derived from its whole message set
 * (derive/task.ts); a change in an account's contribution re-derives the later tasks whose trust
 * snapshot read it, in publish order, so the state is a function of (message set, clock).
 */
import { MessageKind } from '@aimesh/protocol'
import { keepInflated } from '../derive/accounts.js'
import type { DerivedTask, FraudAlertDraft } from '../derive/task.js'
import { deriveTaskScoped } from '../derive/voiding.js'
import { epochOf } from '../epochs.js'
import { hex } from '../ids.js'
import { bookAccountScopes } from './account-scope-penalties.js'
import { taskSegment } from './epoch-refresh.js'
import { derivedFrom, derivedScopes, sealFolds } from './fold-seal.js'
import { refreshDigests } from './message-index.js'
import { diffTaskRecords } from './record-diff.js'
import { scopeLookup } from './scope-eviction.js'
import type { Changes, EngineState, TaskState } from './state.js'

function alertKey(a: FraudAlertDraft): string {
  return `${hex(a.subject)}:${a.fraudKind}:${a.evidenceIds.map(hex).join(',')}`
}

/** The tasks with a deadline in (before, now]: what moving the clock re-derives. */
export function dueTasks(s: EngineState, before: number, now: number): string[] {
  const due: string[] = []
  for (const t of s.tasks.values()) {
    if (t.derived?.deadlines.some((d) => d > before && d <= now)) due.push(t.hex)
  }
  return due
}

/**
 * Re-derives tasks (and, transitively, later tasks that read changed trust) in publish order.
 * `live` collects the fraud alerts that are new since the previous derivation.
 */
export function rederive(s: EngineState, start: Iterable<string>, changes: Changes, live: boolean): void {
  refreshDigests(s)
  const queue = new Map<string, TaskState>()
  const enqueue = (hs: Iterable<string>) => {
    for (const h of hs) {
      const t = s.tasks.get(h)
      if (t?.publish) queue.set(h, t)
    }
  }
  // Overflowed scopes of no task are booked first: tasks reading their signers' trust follow.
  const readers = bookAccountScopes(s, changes)
  enqueue(start)
  enqueue(readers)
  // Certified checkpoints seal what they fold once derived; the tasks sealed with late messages are
  // derived again from their covered set (fold-seal.ts).
  do {
    rederiveQueue(s, queue, changes, live)
    enqueue(sealFolds(s, changes))
  } while (queue.size > 0)
}

/** Derives the queued tasks and those that read their changed trust, in publish order. */
function rederiveQueue(s: EngineState, queue: Map<string, TaskState>, changes: Changes, live: boolean): void {
  while (queue.size > 0) {
    let next: TaskState | undefined
    for (const t of queue.values()) {
      if (
        next === undefined ||
        t.publish!.body.timestamp < next.publish!.body.timestamp ||
        (t.publish!.body.timestamp === next.publish!.body.timestamp && t.hex < next.hex)
      ) {
        next = t
      }
    }
    const t = next!
    queue.delete(t.hex)
    changes.tasks.add(t)
    if (t.frozen) continue
    const prev = t.derived
    const derived = derive(s, t)
    // Held for every task for as long as it is held: only the scores that are ever read back.
    for (const [a, c] of derived.contributions) derived.contributions.set(a, keepInflated(c))
    t.derived = derived
    diffTaskRecords(s, t, derived, changes)

    if (live) {
      const before = new Set((prev?.alerts ?? []).map(alertKey))
      for (const a of derived.alerts) if (!before.has(alertKey(a))) changes.alerts.push(a)
    }

    // Its certificate decides which checkpoint folds its contributions (DESIGN §5.12).
    s.book.placeTask(t.hex, taskSegment(s, t))
    const accounts = new Set([...(prev?.contributions.keys() ?? []), ...derived.contributions.keys()])
    for (const account of accounts) {
      changes.accounts.add(account)
      const changedAt = s.book.setContribution(t.hex, account, derived.contributions.get(account))
      if (changedAt === null) continue
      const readers = [...(s.dependents.get(account) ?? []), ...s.dependsOnAll]
      for (const h of readers) {
        const u = s.tasks.get(h)
        if (u === undefined || u === t || !u.publish || u.publish.body.timestamp <= changedAt) continue
        u.trustCache.clear()
        u.scoreCache.clear()
        queue.set(h, u)
      }
    }
    track(s, t, prev, derived)
  }
}

/** Records which accounts' trust a task's derivation read (whom to re-derive when it changes). */
export function track(s: EngineState, t: TaskState, prev: DerivedTask | null, derived: DerivedTask): void {
  for (const a of prev?.dependsOn ?? []) if (!derived.dependsOn.has(a)) s.dependents.get(a)?.delete(t.hex)
  for (const a of derived.dependsOn) {
    let set = s.dependents.get(a)
    if (set === undefined) {
      set = new Set()
      s.dependents.set(a, set)
    }
    set.add(t.hex)
  }
  if (derived.dependsOnAll) s.dependsOnAll.add(t.hex)
  else s.dependsOnAll.delete(t.hex)
}

/** Derives one task over its trust snapshot (the book as of just before it was published). */
function derive(s: EngineState, t: TaskState): DerivedTask {
  s.counters.derivations++
  const snapshotAt = t.publish!.body.timestamp - 1
  const book = s.book
  return deriveTaskScoped(
    t.publish!,
    derivedFrom(t, t.messages).filter((m) => m.kind !== MessageKind.TaskPublished),
    {
      genesis: s.genesis,
      clock: s.clock,
      digest: t.sealed?.digest ?? t.digest,
      validators: s.epochs.setOf(epochOf(s.genesis, t.publish!.body.timestamp)),
      panelCandidates: () => book.trustedAccountsAt(snapshotAt),
      scoreHistory: (miner) => {
        let h = t.scoreCache.get(miner)
        if (h === undefined) {
          h = book.scoreHistory(miner, snapshotAt + 1)
          t.scoreCache.set(miner, h)
        }
        return h
      },
    },
    derivedScopes(t, scopeLookup(s)),
  )
}
