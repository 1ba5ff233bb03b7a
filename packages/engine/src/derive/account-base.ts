/**
 * An account's base folded at a certified checkpoint (DESIGN §5.12, §5.6): trust, reputation, trust
 * event counts and the inflated scores (collusion history) of every task folded into that checkpoint
 * and the earlier ones. Bases are what lets applying a message refold only the tasks since the last
 * checkpoint; they are stored in the engine's state column (one entry per account and checkpoint,
 * written in the same batch as the commit that changed them) so opening a store loads them.
 */
import { deserialize, serialize } from 'node:v8'
import { hex, unhex } from '../ids.js'
import {
  applyReputationEvent,
  applyTrustEvent,
  compareEvents,
  type ReputationEvent,
  type ReputationRecord,
  type ScoreRecord,
  type TrustEvent,
  type TrustRecord,
} from '../rules/index.js'
import type { Contribution } from './task/contributions.js'

/** An inflated score with the time it entered the collusion history. */
export interface TimedScore {
  time: number
  record: ScoreRecord
}

/** The state of one account after folding every checkpoint up to `epoch` (0: the genesis grants). */
export interface AccountBase {
  epoch: number
  /** Tasks folded at this checkpoint (a stored base is checked against its segment by this). */
  tasks: number
  trust: TrustRecord | undefined
  /** Trust events folded so far, by kind (what the trust store mirrors). */
  verified: number
  unverified: number
  failures: number
  /** The last trust event folded (what moved the account last). */
  lastTrust: TrustEvent | undefined
  reputation: ReputationRecord | undefined
  /** Inflated scores of the tasks folded at this checkpoint only (earlier bases hold theirs). */
  inflated: TimedScore[]
}

/** Counters of fold work (DESIGN §5.12: tests assert they do not grow with history). */
export interface FoldWork {
  /** Trust and reputation events applied while folding bases at checkpoints. */
  folded: number
  /** Events applied while refolding open histories (the tasks since the last checkpoint). */
  refolded: number
  /** Open events scanned to replace a task's events in them. */
  scanned: number
  /** Events and scores read to answer a query about an account (trust as of a time, score history). */
  visited: number
}

/** The base of an account with nothing folded. */
export function emptyBase(epoch: number): AccountBase {
  return {
    epoch,
    tasks: 0,
    trust: undefined,
    verified: 0,
    unverified: 0,
    failures: 0,
    lastTrust: undefined,
    reputation: undefined,
    inflated: [],
  }
}

/** Folds one trust event into the counts of a base (in place). */
export function countTrust(base: AccountBase, e: TrustEvent): void {
  if (e.kind === 'failure') base.failures++
  else if (e.kind === 'success') e.verified ? base.verified++ : base.unverified++
}

/**
 * The base after folding the contributions of one checkpoint onto `prior`: trust and reputation
 * events in (time, id) order, the counts, and the inflated scores. A pure function of `prior` and the
 * set of contributions, whatever order the tasks are given in.
 */
export function foldBase(
  prior: AccountBase | undefined,
  epoch: number,
  contributions: Iterable<Contribution>,
  work: FoldWork,
): AccountBase {
  const trust: TrustEvent[] = []
  const reputation: ReputationEvent[] = []
  const inflated: TimedScore[] = []
  let tasks = 0
  for (const c of contributions) {
    tasks++
    trust.push(...c.trust)
    reputation.push(...c.reputation)
    inflated.push(...c.scores)
  }
  trust.sort(compareEvents)
  reputation.sort(compareEvents)
  inflated.sort((a, b) => (a.record.messageId < b.record.messageId ? -1 : 1))
  const base: AccountBase = { ...(prior ?? emptyBase(epoch)), epoch, tasks, inflated }
  for (const e of trust) {
    base.trust = applyTrustEvent(base.trust, e)
    countTrust(base, e)
    base.lastTrust = e
  }
  for (const e of reputation) base.reputation = applyReputationEvent(base.reputation, e)
  work.folded += trust.length + reputation.length
  return base
}

/** First byte of a base's key in the engine state column (task states use 32-byte ids, the marker 1 byte). */
const BASE_TAG = 2
/** Format of stored bases; another value is ignored and the base folded again. */
const FORMAT = 1
/** Length of an account key (ed25519 public key). */
const ACCOUNT_BYTES = 32

/** Key of an account's base at a checkpoint: tag, epoch (4 bytes, big-endian), account key. */
export function baseKey(account: string, epoch: number): Uint8Array {
  const a = unhex(account)
  const key = new Uint8Array(5 + a.length)
  key[0] = BASE_TAG
  new DataView(key.buffer).setUint32(1, epoch)
  key.set(a, 5)
  return key
}

/** The account (hex) and epoch a base key names, or null for any other key. */
export function parseBaseKey(key: Uint8Array): { account: string; epoch: number } | null {
  // 37 bytes: never a task key (32) nor the marker (1).
  if (key.length !== 5 + ACCOUNT_BYTES || key[0] !== BASE_TAG) return null
  return {
    epoch: new DataView(key.buffer, key.byteOffset, key.byteLength).getUint32(1),
    account: hex(key.subarray(5)),
  }
}

/** A base as stored (v8 structured clone, versioned). */
export function encodeBase(base: AccountBase): Uint8Array {
  return serialize({ f: FORMAT, base })
}

/** A stored base, or null when it is of another format or does not decode. */
export function decodeBase(bytes: Uint8Array): AccountBase | null {
  try {
    const v = deserialize(bytes) as { f?: number; base?: AccountBase }
    return v.f === FORMAT && v.base !== undefined ? v.base : null
  } catch {
    return null
  }
}
