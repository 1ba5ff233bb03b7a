/**
 * Rebuilding memory from the message log (DESIGN §5.1, §7): every held envelope is indexed again
 * and every task re-derived, but those folded at a checkpoint with their bodies pruned, which take
 * their stored derivation (frozen.ts); nothing is written here (load.ts decides what to write).
 */
import { type AnySignedMessage, decodeEnvelope, MessageKind } from '@aimesh/protocol'
import { refreshEpochs } from './epoch-refresh.js'
import { frozenRecords, loadFrozen } from './frozen.js'
import { insert } from './message-index.js'
import { rederive } from './rederive.js'
import { type Changes, type EngineState, newChanges, resetState } from './state.js'
import { insertPrunedIds, loadAccountRecords } from './stored-state.js'

/**
 * Empties the state and replays the log into it; returns every derived record as a put and every
 * account as touched (what a full write of this state would hold).
 */
export async function replayLog(s: EngineState): Promise<Changes> {
  resetState(s)
  const votes: AnySignedMessage[] = []
  for await (const bytes of s.store.iterateMessages()) {
    // The log holds only messages that were verified before they were written.
    const msg = decodeEnvelope(s.genesis.networkId, bytes)
    if (msg.kind === MessageKind.DisputeVote) votes.push(msg)
    else insert(s, msg)
  }
  for (const v of votes) insert(s, v)
  // Tasks whose bodies were pruned at a checkpoint take their stored derivation (frozen.ts).
  await insertPrunedIds(s)
  await loadFrozen(s)
  refreshEpochs(s)
  const changes = newChanges()
  rederive(s, s.tasks.keys(), changes, false)
  frozenRecords(s, changes)
  for (const a of s.book.accounts()) changes.accounts.add(a)
  return changes
}

/** Memory catches up with the store: replays the log and takes the account records as written. */
export async function reloadMemory(s: EngineState): Promise<void> {
  await replayLog(s)
  loadAccountRecords(s)
}
