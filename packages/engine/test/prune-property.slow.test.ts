/**
 * History cut at a certified checkpoint, checked against an unpruned twin (DESIGN §5.5, §5.6): on
 * simulated workloads, after `pruneFolded` a node answers what it must (roots, derived digest,
 * queries of folded tasks, inventory), a reopen loads the same, messages of unfolded tasks apply
 * alike, and a late score or vote for a folded task changes no outcome on either node. An export
 * imports into a fresh store with the same derived digest; an import whose certificate falls short
 * of the threshold, or whose folded state was tampered, is refused with a CheckpointError.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import {
  type AnySignedMessage,
  fromHex,
  MessageKind,
  outcomeRoot,
  type SignedMessage,
  signMessage,
  toHex,
  Verdict,
} from '@aimesh/protocol'
import { type StateRecord, StateStore } from '@aimesh/store'
import { setRawEntry } from '@aimesh/store/testing'
import { describe, expect, it } from 'vitest'
import {
  decodeMarker,
  decodeTaskSnapshot,
  encodeMarker,
  encodeTaskSnapshot,
  MARKER_KEY,
} from '../src/derived-state.js'
import {
  CheckpointError,
  checkpointCut,
  Engine,
  epochOf,
  exportCheckpoint,
  getRewardDistribution,
  getTask,
  importCheckpoint,
  LevelEngineStore,
  listDisputes,
  listSubmissions,
  PrunedStateError,
  taskOutcome,
  writeCheckpointFile,
} from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import { shuffle } from './helpers/deliver.js'
import { lateMessages } from './helpers/late-messages.js'
import { apply, fingerprint, type SimWorkload, simWorkload } from './helpers/sim-workload.js'
import { prng } from './helpers/workload.js'

const ROUND = 600_000

/** What a node answers about a task. */
function answers(e: Engine, taskId: Uint8Array) {
  return {
    task: getTask(e, taskId),
    submissions: listSubmissions(e, taskId),
    outcome: taskOutcome(e, taskId),
    rewards: getRewardDistribution(e, taskId),
    disputes: listDisputes(e, taskId),
  }
}

/** Checkpoint votes certifying `epoch` from every validator of the epoch before it. */
function checkpointVotes(e: Engine, w: SimWorkload, epoch: number): AnySignedMessage[] {
  const cut = checkpointCut(w.genesis, epoch)
  const set = e.validatorSet(epoch - 1)
  const out: AnySignedMessage[] = []
  for (const [i, v] of w.validators.entries()) {
    if (!set.weights.has(v.hex)) continue
    const body = e.checkpointVoteFor(v.hex, cut + (1 + i) * 1_000)
    if (body === null) continue
    const profileId = e.profileIdOf(v.key.publicKey)! as Uint8Array<ArrayBuffer>
    out.push(signMessage(w.genesis.networkId, MessageKind.CheckpointVote, { ...body, profileId }, v.key))
  }
  return out
}

/** A pruned LevelDB node and its unpruned in-memory twin, both past a certified checkpoint. */
async function pair(seed: number, holdBack: (m: AnySignedMessage, tasks: string[]) => boolean) {
  const w = await simWorkload(seed, 6)
  const taskIds = w.messages.filter((m) => m.kind === MessageKind.TaskPublished).map((m) => toHex(m.id))
  // What `holdBack` names, and the dispute votes on disputes it names.
  const back = new Set<string>()
  for (const m of w.messages) {
    const parent = 'disputeId' in m.body ? toHex(m.body.disputeId as Uint8Array) : ''
    if (holdBack(m, taskIds) || back.has(parent)) back.add(toHex(m.id))
  }
  const held = w.messages.filter((m) => !back.has(toHex(m.id)))
  const late = w.messages.filter((m) => back.has(toHex(m.id)))
  const settled = w.end + 12 * ROUND
  const epoch = epochOf(w.genesis, settled) + 2
  const cut = checkpointCut(w.genesis, epoch)
  const clock = cut + 60_000
  const now = clock + 3_600_000
  const dir = await mkdtemp(join(tmpdir(), 'aimesh-prune-prop-'))
  const store = await StateStore.open(dir)
  const a = await Engine.open({
    store: new LevelEngineStore(store),
    genesis: w.genesis,
    clock: w.start,
    now: () => now,
  })
  const u = await Engine.open({
    store: new MemoryEngineStore(),
    genesis: w.genesis,
    clock: w.start,
    now: () => now,
  })
  for (const e of [a, u]) {
    await apply(e, held, now)
    await e.advance(cut)
  }
  const votes = checkpointVotes(a, w, epoch)
  for (const e of [a, u]) {
    await apply(e, votes, now)
    await e.advance(clock)
  }
  return {
    w,
    a,
    u,
    store,
    dir,
    epoch,
    clock,
    now,
    late,
    async close() {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/**
 * A ConsensusVote dated in round 1 for another valid root (the certified set less its last score),
 * from a validator of the task's epoch: backdated, since the task is final by now.
 */
function lateVote(e: Engine, w: SimWorkload, task: SignedMessage<MessageKind.TaskPublished>) {
  const set = e.validatorSet(epochOf(w.genesis, task.body.timestamp))
  const v = w.validators.find((x) => set.weights.has(x.hex))!
  const kinds = new Map(w.messages.map((m) => [toHex(m.id), m.kind]))
  const ids = (taskOutcome(e, task.id)?.includedIds ?? []).map(toHex)
  const answers = ids.filter((id) => kinds.get(id) === MessageKind.AnswerRevealed)
  const scores = ids.filter((id) => kinds.get(id) === MessageKind.ValidationScored).slice(0, -1)
  const included = [...answers, ...scores].sort()
  return signMessage(
    w.genesis.networkId,
    MessageKind.ConsensusVote,
    {
      timestamp: task.body.validationDeadline + ROUND + 5_000,
      profileId: e.profileIdOf(v.key.publicKey)! as Uint8Array<ArrayBuffer>,
      taskId: task.id as Uint8Array<ArrayBuffer>,
      round: 1,
      outcomeRoot: outcomeRoot(task.id, answers, scores) as Uint8Array<ArrayBuffer>,
      messageCount: included.length,
      includedIds: included.map((id) => fromHex(id) as Uint8Array<ArrayBuffer>),
    },
    v.key,
  )
}

/** The export with every folded task's stored derivation edited by `edit` (first task only). */
function editFolded(
  rs: StateRecord[],
  folded: ReadonlySet<string>,
  edit: (snap: NonNullable<ReturnType<typeof decodeTaskSnapshot>>) => void,
): StateRecord[] {
  let done = false
  return rs.map((r) => {
    if (done || r.column !== 'engineState' || !folded.has(toHex(r.key))) return r
    const snap = decodeTaskSnapshot(r.value)!
    edit(snap)
    done = true
    return {
      ...r,
      value: encodeTaskSnapshot(snap.ids, snap.digest, snap.derived, snap.records, snap.frozen, snap.sealed),
    }
  })
}

/**
 * A pruned node and its unpruned twin given the same late messages for every folded task, in one
 * random order: half before a reopen of the pruned node (its stubs then come from disk), half after;
 * each verdict must be the same on both. Returns the verdicts seen per kind.
 */
async function lateRun(seed: number) {
  const p = await pair(seed, () => false)
  const { a, u, w, now } = p
  await a.pruneFolded()
  const folded = [...a.state.tasks()].filter((t) => t.frozen)
  expect(folded.length).toBeGreaterThan(0)
  const late = shuffle(
    folded.flatMap((t) => lateMessages(u, w, t.publish!)),
    prng(seed),
  )
  const seen = new Map<string, Set<string>>()
  const send = async (x: Engine, ms: readonly AnySignedMessage[]) => {
    for (const m of ms) {
      const [ra, ru] = [await x.submitVerified(m, now), await u.submitVerified(m, now)]
      const kind = MessageKind[m.kind]
      expect({ kind, ...ra }).toEqual({ kind, ...ru })
      const set = seen.get(kind) ?? new Set()
      set.add('code' in ru ? `${ru.verdict}:${ru.code}` : String(ru.verdict))
      seen.set(kind, set)
    }
  }
  const half = Math.ceil(late.length / 2)
  await send(a, late.slice(0, half))
  expect(toHex(a.stateRoot())).toBe(toHex(u.stateRoot()))
  const reopened = await Engine.open({
    store: new LevelEngineStore(p.store),
    genesis: w.genesis,
    clock: p.clock,
    now: () => now,
  })
  expect(toHex(reopened.stateRoot())).toBe(toHex(u.stateRoot()))
  await send(reopened, late.slice(half))
  return { reopened, u, seen, close: () => p.close() }
}

describe('pruning against an unpruned twin (LevelDB)', () => {
  // [seed, task held back]: the last task, or one published before folded tasks (its trust then
  // reaches tasks that are frozen on the pruned node and derived again on the twin).
  for (const [seed, hold] of [
    [1, -1],
    [2, 1],
  ] as const) {
    it(`seed ${seed}: answers, reopen, late messages and unfolded task ${hold} agree`, async () => {
      // The held-back task's messages arrive only after the prune: it is not folded.
      const p = await pair(seed, (m, tasks) => {
        const last = tasks[hold < 0 ? tasks.length + hold : hold]!
        return toHex(m.id) === last || ('taskId' in m.body && toHex(m.body.taskId as Uint8Array) === last)
      })
      try {
        const { a, u, w, now } = p
        expect(a.checkpoints(p.epoch).some((c) => c.winner)).toBe(true)
        expect(fingerprint(a)).toEqual(fingerprint(u))
        const removed = await a.pruneFolded()
        expect(removed).toBeGreaterThan(0)
        const folded = [...a.state.tasks()].filter((t) => t.frozen)
        expect(folded.length).toBeGreaterThan(0)

        const check = (x: Engine) => {
          expect(fingerprint(x)).toEqual(fingerprint(u))
          expect(x.inventory()).toEqual(u.inventory())
          for (const t of folded) expect(answers(x, t.id)).toEqual(answers(u, t.id))
        }
        check(a)
        const reopened = await Engine.open({
          store: new LevelEngineStore(p.store),
          genesis: w.genesis,
          clock: p.clock,
          now: () => now,
        })
        check(reopened)

        // The held-back task applies alike on all three.
        for (const e of [a, u, reopened]) {
          await apply(e, p.late, now)
          await e.advance(p.clock + 20 * ROUND)
        }
        check(a)
        check(reopened)

        // A late vote for a folded task names bodies pruned here: judged from their stubs, it is
        // held alike and moves no outcome (the rest of the derived records: see the known gap below).
        for (const t of folded) {
          const vote = lateVote(u, w, t.publish!)
          const r = await a.submitVerified(vote, now)
          expect(r).toEqual(await u.submitVerified(vote, now))
          expect(await reopened.submitVerified(vote, now)).toEqual(r)
        }
        for (const x of [a, reopened]) {
          expect(toHex(x.stateRoot())).toBe(toHex(u.stateRoot()))
          for (const t of folded) expect(taskOutcome(x, t.id)).toEqual(taskOutcome(u, t.id))
        }
      } finally {
        await p.close()
      }
    }, 180_000)
  }

  // A late (backdated) message of any kind naming messages whose bodies the pruned node dropped: the
  // pruned node judges it from the stubs it kept (stubs.ts) exactly as the unpruned twin does from
  // the bodies, so both hold the same messages (same state root), also after a reopen.
  for (const seed of [2, 4]) {
    it(`seed ${seed}: late messages of every kind for folded tasks get the same verdicts and roots`, async () => {
      const r = await lateRun(seed)
      try {
        const { reopened, u, seen } = r
        expect(toHex(reopened.stateRoot())).toBe(toHex(u.stateRoot()))
        expect(reopened.inventory()).toEqual(u.inventory())
        // Every kind that names a pruned parent was tried and accepted somewhere.
        const accepted = [...seen].filter(([, v]) => v.has(String(Verdict.Accept))).map(([k]) => k)
        expect(accepted.sort()).toEqual([
          'AnswerCommitted',
          'AnswerRevealed',
          'ConsensusVote',
          'DisputeOpened',
          'DisputeVote',
          'FraudAlert',
          'RewardClaimed',
          'TaskCancelled',
          'ValidationScored',
        ])
      } finally {
        await r.close()
      }
    }, 240_000)
  }

  // Known gap: the derived records still part after such late messages. The twin derives the final
  // task again with the late dispute, alert, claim or score (its dispute, fraud, reward and behaviour
  // records change: finality fixes only the outcome), while the pruned node keeps the derivation it
  // froze at the fold and derives nothing from them.
  it('late messages for folded tasks leave pruned and unpruned nodes with one derived digest', async () => {
    const r = await lateRun(2)
    try {
      expect(toHex(r.reopened.derivedDigest())).toBe(toHex(r.u.derivedDigest()))
    } finally {
      await r.close()
    }
  }, 240_000)

  // A pruned store whose load marker is lost derives its log again: the folded tasks take their
  // stored derivation (their bodies are gone), the others are derived, and the state is the same; the
  // scope index holds the pruned ids again (a late message then gets the twin's verdict). Without a
  // folded task's stored derivation too, the open fails with a typed error naming the import.
  it('a pruned store that lost its load marker opens with the same state, or says to import', async () => {
    const p = await pair(2, () => false)
    try {
      const { a, u, w, now } = p
      await a.pruneFolded()
      const before = fingerprint(a)
      const folded = [...a.state.tasks()].filter((t) => t.frozen)
      await setRawEntry(p.store, 'engineState', MARKER_KEY, null)
      const open = () =>
        Engine.open({
          store: new LevelEngineStore(p.store),
          genesis: w.genesis,
          clock: p.clock,
          now: () => now,
        })
      const reopened = await open()
      expect(fingerprint(reopened)).toEqual(before)
      for (const t of folded) expect(answers(reopened, t.id)).toEqual(answers(u, t.id))
      const late = folded.flatMap((t) => lateMessages(u, w, t.publish!))
      for (const m of late.slice(0, 12))
        expect(await reopened.submitVerified(m, now)).toEqual(await u.submitVerified(m, now))
      expect(toHex(reopened.stateRoot())).toBe(toHex(u.stateRoot()))

      await setRawEntry(p.store, 'engineState', MARKER_KEY, null)
      await setRawEntry(p.store, 'engineState', folded[0]!.id, null)
      const refused = await open().catch((e: unknown) => e)
      expect(refused).toBeInstanceOf(PrunedStateError)
      expect((refused as PrunedStateError).code).toBe('FROZEN_WITHOUT_STATE')
      expect((refused as Error).message).toMatch(/importCheckpoint/)
    } finally {
      await p.close()
    }
  }, 180_000)

  it('an export imports with the same digest; a short certificate, a tampered record, vote, stub or trust table, or a cut file is refused', async () => {
    const p = await pair(3, () => false)
    const dir = await mkdtemp(join(tmpdir(), 'aimesh-prune-import-'))
    try {
      const { a, w, now } = p
      await a.pruneFolded()
      const digest = toHex(a.derivedDigest())
      const folded = new Set([...a.state.tasks()].filter((t) => t.frozen).map((t) => t.hex))
      expect(folded.size).toBeGreaterThan(0)
      const collect = async () => {
        const out: StateRecord[] = []
        for await (const r of exportCheckpoint(a, p.store).records) out.push(r)
        return out
      }
      const { header } = exportCheckpoint(a, p.store)
      let n = 0
      const attempt = async (edit: (rs: StateRecord[]) => StateRecord[], h: object = header) => {
        const records = edit(await collect())
        const store = await StateStore.open(join(dir, `i${n++}`))
        try {
          const { engine } = await importCheckpoint({
            store,
            source: {
              header: h,
              records: (async function* () {
                yield* records
              })(),
            },
            genesis: w.genesis,
            clock: p.clock,
            now: () => now,
          })
          return toHex(engine.derivedDigest())
        } catch (e) {
          return e
        } finally {
          await store.close()
        }
      }
      expect(await attempt((rs) => rs)).toBe(digest)

      // Leave out enough of the certifying votes that the rest fall short of the threshold.
      const certifying = new Set(
        (await collect())
          .filter((r) => r.column === 'messages')
          .map((r) => r.key)
          .filter((k) => a.getMessage(k)?.kind === MessageKind.CheckpointVote)
          .filter((k) => (a.getMessage(k)!.body as { epoch: number }).epoch === p.epoch)
          .map(toHex),
      )
      expect(certifying.size).toBeGreaterThan(1)
      const drop = [...certifying].slice(0, Math.ceil(certifying.size / 2))
      const short = await attempt((rs) =>
        rs.filter((r) => {
          const id =
            r.column === 'messages'
              ? toHex(r.key)
              : r.column === 'taskMessages'
                ? toHex(r.key.subarray(32))
                : ''
          return !drop.includes(id)
        }),
      )
      // The open derives the log again (the marker no longer counts what is held; folded tasks take
      // their stored derivation): the votes left fall short of the certificate.
      expect(short).toBeInstanceOf(CheckpointError)
      expect((short as CheckpointError).code).toBe('CERTIFICATE_MISMATCH')
      // The same with the load marker counting what is left: the certificate check refuses it.
      const shortCounted = await attempt((rs) =>
        rs
          .filter((r) => {
            const id =
              r.column === 'messages'
                ? toHex(r.key)
                : r.column === 'taskMessages'
                  ? toHex(r.key.subarray(32))
                  : ''
            return !drop.includes(id)
          })
          .map((r) => {
            if (r.column !== 'engineState' || r.key.length !== MARKER_KEY.length) return r
            const m = decodeMarker(r.value)!
            return { ...r, value: encodeMarker({ ...m, messages: m.messages - drop.length }) }
          }),
      )
      expect(shortCounted).toBeInstanceOf(CheckpointError)
      expect((shortCounted as CheckpointError).code).toBe('CERTIFICATE_MISMATCH')

      // One folded task's stored certified root changed: the fold root no longer matches.
      const tampered = await attempt((rs) =>
        editFolded(rs, folded, (snap) => {
          if (snap.derived.winner !== null)
            snap.derived = { ...snap.derived, winner: { ...snap.derived.winner, root: '07'.repeat(32) } }
        }),
      )
      expect(tampered).toBeInstanceOf(CheckpointError)
      expect((tampered as CheckpointError).code).toBe('STATE_MISMATCH')

      const code = (e: unknown) => (e instanceof CheckpointError ? e.code : String(e))
      const flip = (v: Uint8Array) => {
        const c = v.slice()
        c[c.length - 1] = c[c.length - 1]! ^ 1
        return c
      }
      const editAt = (pick: (r: StateRecord) => boolean, edit: (r: StateRecord) => StateRecord | null) => {
        let done = false
        return (rs: StateRecord[]) =>
          rs.flatMap((r) => {
            if (done || !pick(r)) return [r]
            done = true
            const e = edit(r)
            return e === null ? [] : [e]
          })
      }
      // A derived record changed, added or left out: the records written again are not the export's.
      const changed = editAt(
        (r) => r.column === 'submissions',
        (r) => ({ ...r, value: flip(r.value) }),
      )
      expect(code(await attempt(changed))).toBe('BAD_RECORD')
      const added = (rs: StateRecord[]) => {
        const reward = rs.find((r) => r.column === 'rewards')!
        return [...rs, { ...reward, key: new Uint8Array(32).fill(9) }]
      }
      expect(code(await attempt(added))).toBe('BAD_RECORD')
      expect(
        code(
          await attempt(
            editAt(
              (r) => r.column === 'tasks',
              () => null,
            ),
          ),
        ),
      ).toBe('BAD_RECORD')
      // A certificate vote's bytes changed: it no longer opens.
      const voteId = [...certifying][0]!
      const badVote = editAt(
        (r) => r.column === 'messages' && toHex(r.key) === voteId,
        (r) => ({ ...r, value: flip(r.value) }),
      )
      expect(code(await attempt(badVote))).toBe('BAD_MESSAGE')
      // A pruned score's stub that claims to be an answer: the vote covering it gives another root.
      const covered = new Set(
        [...folded].flatMap((t) => (taskOutcome(a, fromHex(t))?.includedIds ?? []).map(toHex)),
      )
      const stubOf = (r: StateRecord) => deserialize(r.value) as { kind: MessageKind }
      const forgedStub = editAt(
        (r) =>
          r.column === 'taskMessages' &&
          r.value.length > 0 &&
          covered.has(toHex(r.key.subarray(32))) &&
          stubOf(r).kind === MessageKind.ValidationScored,
        (r) => ({ ...r, value: serialize({ ...stubOf(r), kind: MessageKind.AnswerRevealed }) }),
      )
      expect(code(await attempt(forgedStub))).toBe('BAD_RECORD')
      const lostStub = editAt(
        (r) => r.column === 'taskMessages' && r.value.length > 0,
        (r) => ({ ...r, value: new Uint8Array(0) }),
      )
      expect(code(await attempt(lostStub))).toBe('BAD_RECORD')
      // The trust table: a header naming another trust digest than its certificate, and a folded
      // task whose contributions (what the trust table is folded from) were changed.
      expect(code(await attempt((rs) => rs, { ...header, trustDigest: '00'.repeat(32) }))).toBe(
        'CERTIFICATE_MISMATCH',
      )
      const trust = await attempt((rs) =>
        editFolded(rs, folded, (snap) => {
          snap.derived.contributions.clear()
        }),
      )
      // Refused by the first check it fails: the account records written again differ from the
      // export's (the trust digest would not match either).
      expect(['BAD_RECORD', 'STATE_MISMATCH']).toContain(code(trust))
      // A file cut short.
      const file = join(dir, 'export.bin')
      await writeCheckpointFile(a, p.store, file)
      const bytes = await readFile(file)
      await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)))
      const store = await StateStore.open(join(dir, 'cut'))
      try {
        const cut = await importCheckpoint({
          store,
          source: file,
          genesis: w.genesis,
          clock: p.clock,
          now: () => now,
        }).catch((e: unknown) => e)
        expect(code(cut)).toBe('BAD_FORMAT')
      } finally {
        await store.close()
      }
    } finally {
      await p.close()
      await rm(dir, { recursive: true, force: true })
    }
  }, 180_000)
})
