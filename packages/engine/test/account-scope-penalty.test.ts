/**
 * Overflowed scopes of no task are penalized (DESIGN §5.8, engine/account-scope-penalties.ts): a
 * profile flood (one account, one hour) and a checkpoint-vote flood (one validator, one epoch and
 * round) each leave the signer with a flagged EQUIVOCATION record keyed by the scope, a trust failure
 * and a reputation penalty at the latest author time held, one equivocation in its behaviour pattern,
 * the scope held at quota + 1 — and the same state whatever the delivery order and batch size, across
 * a LevelDB reopen, and when the flood stops (a lower id evicts) or goes.
 */
import {
  type AccountKey,
  type AnySignedMessage,
  FraudAnalysis,
  MessageKind,
  type SignedMessage,
  sha256,
  signMessage,
  toHex,
  Verdict,
} from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { overflowSubjectId } from '../src/derive/scope-penalty.js'
import { type Engine, type Genesis, ZERO_TASK_ID } from '../src/index.js'
import { REPUTATION_BASELINE, TRUST_DEFAULT } from '../src/rules/index.js'
import { scopeOf } from '../src/scopes.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import {
  account,
  knownProfiles,
  minerProfile,
  NET,
  openTestEngine,
  profileOf,
  publishTask,
  SEC,
  T0,
  testGenesis,
  withProfiles,
} from './helpers/builders.js'
import { levelEngine, shuffle } from './helpers/deliver.js'
import { prng } from './helpers/workload.js'

const HOUR = 3_600_000
const EPOCH = 300 * SEC
const DELAY = 60 * SEC
const ROUND = 30 * SEC
const [v1, v2, v3] = ['asp-v1', 'asp-v2', 'asp-v3'].map(account) as [AccountKey, AccountKey, AccountKey]
const flooder = account('asp-flooder')
const publisher = account('asp-pub')
const genesis = testGenesis([v1, v2, v3], { epochMs: EPOCH, checkpointDelayMs: DELAY, roundMs: ROUND })
const FAR = T0 + 30 * 86_400_000
const hx = (k: AccountKey) => toHex(k.publicKey)

/** A checkpoint vote by `voter` for epoch 2, in round 0, `offset` after the cut, with `folded` as content. */
function checkpointVote(
  voter: AccountKey,
  offset: number,
  folded: number,
): SignedMessage<MessageKind.CheckpointVote> {
  const cut = genesis.genesisTime + EPOCH + DELAY
  const validators = [v1, v2, v3]
    .map((k) => ({ account: k.publicKey as Uint8Array<ArrayBuffer>, weight: 1_000 }))
    .sort((a, b) => Buffer.compare(a.account, b.account))
  return signMessage(
    NET,
    MessageKind.CheckpointVote,
    {
      timestamp: cut + offset,
      profileId: profileOf(voter).id as Uint8Array<ArrayBuffer>,
      epoch: 2,
      round: Math.floor(offset / ROUND),
      foldRoot: sha256(new TextEncoder().encode(`fold ${folded}`)),
      foldedTasks: folded,
      trustDigest: sha256(new TextEncoder().encode('trust')),
      validators,
    },
    voter,
  )
}

/** 9 profiles of the flooder in its second hour (its test profile, which others name, is in the first). */
const profileFlood = Array.from({ length: 9 }, (_, i) => minerProfile(flooder, T0 + HOUR + 5 * SEC + i * SEC))
/** 7 checkpoint votes of v1 in one round of one epoch. */
const voteFlood = Array.from({ length: 7 }, (_, i) => checkpointVote(v1, SEC + i * SEC, i))
/** Tasks by v1 and the flooder published after the floods: their derivations read the signers' trust. */
const later = [
  publishTask(publisher, { at: T0 + 2 * HOUR, nonce: 1 }),
  publishTask(flooder, { at: T0 + 2 * HOUR + SEC, nonce: 2 }),
]
const everything: AnySignedMessage[] = [...profileFlood, ...voteFlood, ...later]

/** Submits messages in batches of `size`; SCOPE_FULL and DUPLICATE are expected, nothing else refused. */
async function submit(e: Engine, msgs: readonly AnySignedMessage[], size: number): Promise<void> {
  for (let i = 0; i < msgs.length; i += size) {
    const results = await e.submitManyVerified(msgs.slice(i, i + size), FAR)
    results.forEach((r, j) => {
      if (r.verdict === Verdict.Accept) return
      if (r.verdict === Verdict.Ignore && (r.code === 'SCOPE_FULL' || r.code === 'DUPLICATE')) return
      throw new Error(`${toHex(msgs[i + j]!.id).slice(0, 8)} refused: ${JSON.stringify(r)}`)
    })
  }
}

async function memoryEngine(g: Genesis = genesis): Promise<Engine> {
  return openTestEngine({ store: new MemoryEngineStore(), genesis: g, clock: T0, now: () => FAR })
}

/** Held ids of a scope key, ascending. */
function heldOf(e: Engine, key: string): string[] {
  const zero = e.state.task(toHex(ZERO_TASK_ID))
  if (zero === undefined) return []
  return [...zero.ids].filter((id) => {
    const m = e.getMessage(Uint8Array.from(Buffer.from(id, 'hex')))
    return m !== undefined && scopeOf(m, genesis.params).key === key
  })
}

/** What engines must agree on, accounts included. */
function state(e: Engine) {
  const book = e.state.book
  const accounts = [hx(v1), hx(flooder)]
  return {
    root: toHex(e.stateRoot()),
    derived: toHex(e.derivedDigest()),
    records: Object.fromEntries([...e.dumpRecords()].map(([k, v]) => [k, toHex(v)])),
    count: e.messageCount,
    accounts: accounts.map((a) => ({
      trust: [T0 + HOUR + 30 * SEC, T0 + 3 * HOUR, FAR].map((t) => book.trustAt(a, t)),
      reputation: book.reputationAt(a, FAR),
      summary: book.trustSummary(a),
      behaviour: e.state.behaviourRecordBytes(a),
    })),
  }
}

const profileKey = scopeOf(profileFlood[0]!, genesis.params).key
const voteKey = scopeOf(voteFlood[0]!, genesis.params).key

describe('overflowed scopes of no task penalize their signer (DESIGN §5.8)', () => {
  it('a profile flood and a checkpoint-vote flood: a record per scope, trust and reputation lower', async () => {
    const e = await memoryEngine()
    await submit(e, withProfiles(everything), 50)
    const p = genesis.params
    expect(heldOf(e, profileKey)).toHaveLength(p.maxProfilesPerHour + 1)
    expect(heldOf(e, voteKey)).toHaveLength(2)

    for (const [key, signer, msgs] of [
      [profileKey, flooder, profileFlood],
      [voteKey, v1, voteFlood],
    ] as const) {
      const held = heldOf(e, key)
      const bytes = e.dumpRecords().get(`fraud:${toHex(overflowSubjectId(key))}`)
      expect(bytes, key).toBeDefined()
      const record = FraudAnalysis.decode(bytes!)
      expect(toHex(record.taskId)).toBe(toHex(ZERO_TASK_ID))
      expect(toHex(record.account)).toBe(hx(signer))
      expect(record.flagged).toBe(true)
      expect(record.signals[0]!.evidenceIds.map(toHex)).toEqual(held)
      // The latest author time among the held messages.
      const times = msgs.filter((m) => held.includes(toHex(m.id))).map((m) => m.body.timestamp)
      expect(record.analyzedAt).toBe(Math.max(...times))
      const book = e.state.book
      const before = record.analyzedAt - 1
      // Trust and reputation drop at the penalty's time, not before.
      expect(book.trustAt(hx(signer), record.analyzedAt)).toBeLessThan(book.trustAt(hx(signer), before))
      expect(book.reputationAt(hx(signer), record.analyzedAt)).toBeLessThan(REPUTATION_BASELINE)
      expect(book.trustSummary(hx(signer))!.failures).toBe(1)
    }
    expect(e.state.book.trustAt(hx(flooder), FAR)).toBeLessThan(TRUST_DEFAULT)

    // Without the floods nobody is penalized.
    const clean = await memoryEngine()
    await submit(clean, withProfiles(later), 50)
    expect(clean.state.book.trustSummary(hx(flooder))).toBeUndefined()
    expect([...clean.dumpRecords().keys()].filter((k) => k.startsWith('fraud:'))).toEqual([])
  })

  it('is the same in every delivery order and batch size, and after a reopen', async () => {
    const ref = await memoryEngine()
    await submit(ref, withProfiles(everything), 100)
    const want = state(ref)
    expect(Object.keys(want.records).filter((k) => k.startsWith('fraud:'))).toHaveLength(2)
    for (let seed = 1; seed <= 4; seed++) {
      const rnd = prng(seed)
      const order = shuffle(everything, rnd)
      const e = await memoryEngine()
      await submit(e, withProfiles(order), 1 + Math.floor(rnd() * 6))
      expect(state(e), `seed ${seed}`).toEqual(want)
    }
    const node = await levelEngine(genesis, T0, FAR)
    try {
      await submit(node.engine, knownProfiles(), 50)
      const order = shuffle(everything, prng(9))
      await submit(node.engine, order.slice(0, 8), 3)
      let e = await node.reopen()
      await submit(e, order.slice(8), 2)
      expect(state(e)).toEqual(want)
      e = await node.reopen()
      expect(e.counters.derivations).toBe(0)
      expect(state(e)).toEqual(want)
    } finally {
      await node.close()
    }
  })
})
