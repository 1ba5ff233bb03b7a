/**
 * Writing (DESIGN §7): one group commit, deadline move or load is ONE atomic store batch of its
 * logged messages and record changes. A failed write rebuilds memory from what the store holds, so
 * memory never runs ahead of it; after a durable write come alerts and the trust mirror.
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
  ) {
    trimResident(s)
    after.tellChanged(changes.tasks)
    return
  }
  write.state = stateEntries(s, changes)
  // DESIGN §5.8: the scope index travels with the messages it indexes.
  write.state?.push(...scopeIndexEntries(s, messages, changes.evicted))
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
  trimResident(s)
  await after.run(changes.alerts, s.book, changes.accounts, changes.tasks)
}
