/**
 * Writing (DESIGN §7): one group commit, deadline move or load is ONE atomic store batch of its
 * logged messages and record changes. A failed write rebuilds memory from what the store holds, so
 * memory never runs ahead of it; after a durable write come alerts and the trust mirror.
 * group-commit.ts uses the parts (prepareWrite, markStored, afterWrite) to overlap writes with staging.
 */
import type { EngineWrite, LoggedMessage } from '../store-port.js'
import type { AfterCommit } from './after-commit.js'
import { trimResident } from './bodies.js'
import { markStored } from './cold-derivations.js'
import { diffAccountRecords } from './record-diff.js'
import { reloadMemory } from './replay.js'
import { scopeIndexEntries } from './scope-index.js'
import type { Changes, EngineState } from './state.js'
import { stateEntries } from './stored-state.js'

/** Builds the batch (messages + record diffs + account records), writes it, then runs `after`. */
export async function commit(
  s: EngineState,
  after: AfterCommit,
  changes: Changes,
  messages: LoggedMessage[],
  clockBefore?: number,
): Promise<void> {
  const write = prepareWrite(s, changes, messages)
  if (write === null) {
    trimResident(s)
    after.tellChanged(changes.tasks)
    return
  }
  try {
    await s.store.applyWrite(write)
  } catch (err) {
    // Memory ran ahead of the store: rebuild it from what was actually committed, at the clock the
    // store's records were derived with.
    if (clockBefore !== undefined) s.clock = clockBefore
    await reloadMemory(s)
    throw err
  }
  // The batch is durable: nothing after this point may fail the messages in it.
  markStored(s, changes.tasks, write.state !== undefined)
  await afterWrite(s, after, changes, true)
}

/**
 * The store batch for `changes` and `messages` (account record diffs folded in), or null when
 * there is nothing to write. Reads memory as it is now: call it right after the changes were made.
 */
export function prepareWrite(
  s: EngineState,
  changes: Changes,
  messages: LoggedMessage[],
): EngineWrite | null {
  s.derivedDigest = null
  diffAccountRecords(s, changes)
  const write: EngineWrite = {
    messages,
    puts: [...changes.puts.values()],
    deletes: [...changes.deletes.values()],
  }
  if (changes.evicted.length > 0) write.evicted = changes.evicted
  if (
    messages.length === 0 &&
    write.puts.length === 0 &&
    write.deletes.length === 0 &&
    changes.tasks.size === 0 &&
    changes.evicted.length === 0
  )
    return null
  write.state = stateEntries(s, changes)
  // DESIGN §5.8: the scope index travels with the messages it indexes.
  write.state?.push(...scopeIndexEntries(s, messages, changes.evicted))
  return write
}

/**
 * After a durable write (and markStored): cold tasks are dropped when memory equals the store
 * (`settled`; not while later batches are in memory only), then alerts and the trust mirror.
 */
export async function afterWrite(
  s: EngineState,
  after: AfterCommit,
  changes: Changes,
  settled: boolean,
): Promise<void> {
  if (settled) trimResident(s)
  await after.run(changes.alerts, s.book, changes.accounts, changes.tasks)
}
