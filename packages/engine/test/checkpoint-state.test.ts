/**
 * Open from what was derived, and history cut at a certified checkpoint (DESIGN §5.6, §5.12), on
 * LevelDB: a reopen loads the stored derivations (no task derived again) and gives the same state;
 * a damaged stored derivation is derived again alone; bodies folded into a certified checkpoint are
 * pruned with ids kept; the state exported at the checkpoint imports into a fresh store, verified
 * against its certificate, with the same roots, and further messages apply on both alike.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type AnySignedMessage, MessageKind, signMessage, toHex, Verdict } from '@aimesh/protocol'
import { readStateFile, StateStore } from '@aimesh/store'
import { setRawEntry } from '@aimesh/store/testing'
import { describe, expect, it } from 'vitest'
import {
  CheckpointError,
  checkpointCut,
  epochOf,
  epochStart,
  importCheckpoint,
  LevelEngineStore,
  prunableMessageIds,
  writeCheckpointFile,
} from '../src/index.js'
import { account, openTestEngine, profileOf, publishTask, revealAnswer, SEC } from './helpers/builders.js'
import { deliver, levelEngine } from './helpers/deliver.js'
import { buildWorkload } from './helpers/workload.js'

const VOTERS = ['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'n0', 'n1'].map(account)

/** The workload on LevelDB, plus a certified checkpoint that folds its certified tasks. */
async function certifiedState(seed: number) {
  const w = await buildWorkload(seed)
  const g = w.genesis
  const epoch = epochOf(g, w.end) + 2
  const cut = checkpointCut(g, epoch)
  const clock = cut + 20 * SEC
  const now = epochStart(g, epoch + 5)
  const a = await levelEngine(g, w.end, now)
  await deliver(a.engine, w.messages, now)
  await a.engine.advance(cut)
  const set = a.engine.validatorSet(epoch - 1)
  const votes: AnySignedMessage[] = []
  for (const [i, v] of VOTERS.entries()) {
    if (!set.weights.has(toHex(v.publicKey))) continue
    const body = a.engine.checkpointVoteFor(toHex(v.publicKey), cut + (1 + i) * SEC)
    if (body === null) continue
    const full = { ...body, profileId: profileOf(v).id as Uint8Array<ArrayBuffer> }
    votes.push(signMessage(g.networkId, MessageKind.CheckpointVote, full, v))
  }
  await deliver(a.engine, votes, now)
  await a.engine.advance(clock)
  return { w, a, epoch, clock, now }
}

/** A task published after the checkpoint with one answer: messages that apply after an import. */
function later(clock: number) {
  const task = publishTask(account('p0'), { at: clock + SEC, nonce: 777 })
  return [task, revealAnswer(account('m0'), task, 'a later answer', clock + 61 * SEC)]
}

describe('open from stored derivations', () => {
  it('loads every task as stored, derives none, and gives the same roots and records', async () => {
    const { a, now } = await certifiedState(3)
    try {
      const reopened = await openTestEngine({
        store: new LevelEngineStore(a.store),
        genesis: a.engine.genesis,
        clock: a.engine.clock,
        now: () => now,
      })
      expect(reopened.counters.derivations).toBe(0)
      expect(reopened.counters.loadedTasks).toBeGreaterThan(0)
      expect(toHex(reopened.derivedDigest())).toBe(toHex(a.engine.derivedDigest()))
      expect(toHex(reopened.stateRoot())).toBe(toHex(a.engine.stateRoot()))
    } finally {
      await a.close()
    }
  }, 120_000)

  it('derives again only a task whose stored derivation is damaged, and reports it', async () => {
    const { w, a, now } = await certifiedState(4)
    try {
      const damaged = w.tasks[1]!.id
      await setRawEntry(a.store, 'engineState', damaged, Uint8Array.of(1, 2))
      const reopened = await openTestEngine({
        store: new LevelEngineStore(a.store),
        genesis: a.engine.genesis,
        clock: a.engine.clock,
        now: () => now,
      })
      expect(reopened.failures['stored-state']).toBe(1)
      expect(reopened.counters.derivations).toBeGreaterThanOrEqual(1)
      expect(reopened.counters.derivations).toBeLessThan(w.tasks.length)
      expect(toHex(reopened.derivedDigest())).toBe(toHex(a.engine.derivedDigest()))
    } finally {
      await a.close()
    }
  }, 120_000)
})

describe('history cut at a certified checkpoint', () => {
  it('prunes folded bodies, reopens frozen, exports, imports verified, and applies further messages alike', async () => {
    const { a, epoch, clock, now } = await certifiedState(5)
    const dir = await mkdtemp(join(tmpdir(), 'aimesh-checkpoint-'))
    try {
      expect(a.engine.checkpoints(epoch).some((c) => c.winner)).toBe(true)
      const digest = toHex(a.engine.derivedDigest())
      const root = toHex(a.engine.stateRoot())
      const prunable = prunableMessageIds(a.engine)
      expect(prunable.length).toBeGreaterThan(0)
      const logged = await a.store.count('messages')

      expect(await a.engine.pruneFolded()).toBe(prunable.length)
      expect(await a.store.count('messages')).toBe(logged - prunable.length)
      expect(await a.store.count('taskMessages')).toBe(a.engine.messageCount)
      expect(a.engine.hasMessage(prunable[0]!)).toBe(true)
      expect(a.engine.getMessage(prunable[0]!)).toBeUndefined()
      expect(toHex(a.engine.derivedDigest())).toBe(digest)
      expect(await a.engine.pruneFolded()).toBe(0)

      // A restart loads the folded tasks frozen from their stored derivations.
      const reopened = await openTestEngine({
        store: new LevelEngineStore(a.store),
        genesis: a.engine.genesis,
        clock,
        now: () => now,
      })
      expect(reopened.counters.derivations).toBe(0)
      expect(toHex(reopened.derivedDigest())).toBe(digest)
      expect(toHex(reopened.stateRoot())).toBe(root)
      // Repair cannot derive pruned bodies again, and says what to do instead.
      await expect(reopened.repair()).rejects.toThrow(/importCheckpoint/)
      expect(await a.port.repairPending()).toBe(false)

      const file = join(dir, 'state.bin')
      const header = await writeCheckpointFile(a.engine, a.store, file)
      expect(header.epoch).toBe(epoch)

      const fresh = await StateStore.open(join(dir, 'fresh'))
      try {
        const { engine: b, report } = await importCheckpoint({
          store: fresh,
          source: file,
          genesis: a.engine.genesis,
          clock,
          now: () => now,
        })
        expect(report.foldedTasks).toBeGreaterThan(0)
        expect(toHex(b.stateRoot())).toBe(root)
        expect(toHex(b.derivedDigest())).toBe(digest)

        const more = later(clock)
        const engineA = await openTestEngine({
          store: new LevelEngineStore(a.store),
          genesis: a.engine.genesis,
          clock,
          now: () => now,
        })
        for (const m of more) {
          expect(await engineA.submit(m, now)).toEqual({ verdict: Verdict.Accept })
          expect(await b.submit(m, now)).toEqual({ verdict: Verdict.Accept })
        }
        expect(toHex(b.stateRoot())).toBe(toHex(engineA.stateRoot()))
        expect(toHex(b.derivedDigest())).toBe(toHex(engineA.derivedDigest()))
      } finally {
        await fresh.close()
      }
    } finally {
      await a.close()
      await rm(dir, { recursive: true, force: true })
    }
  }, 180_000)

  it('refuses an export whose certificate or messages do not verify', async () => {
    const { a, clock, now } = await certifiedState(6)
    const dir = await mkdtemp(join(tmpdir(), 'aimesh-checkpoint-'))
    try {
      await a.engine.pruneFolded()
      const file = join(dir, 'state.bin')
      await writeCheckpointFile(a.engine, a.store, file)
      const attempt = async (
        name: string,
        edit: (
          h: Record<string, unknown>,
          r: AsyncIterable<import('@aimesh/store').StateRecord>,
        ) => {
          header: unknown
          records: AsyncIterable<import('@aimesh/store').StateRecord>
        },
      ) => {
        const { header, records } = await readStateFile(file)
        const store = await StateStore.open(join(dir, name))
        try {
          return await importCheckpoint({
            store,
            source: edit(header as Record<string, unknown>, records),
            genesis: a.engine.genesis,
            clock,
            now: () => now,
          }).then(
            () => undefined,
            (e: unknown) => e,
          )
        } finally {
          await store.close()
        }
      }
      const wrongDigest = await attempt('d', (h, records) => ({
        header: { ...h, digest: '00'.repeat(32) },
        records,
      }))
      expect(wrongDigest).toBeInstanceOf(CheckpointError)
      expect((wrongDigest as CheckpointError).code).toBe('CERTIFICATE_MISMATCH')

      const forged = await attempt('m', (h, records) => ({
        header: h,
        records: (async function* () {
          let done = false
          for await (const r of records) {
            if (!done && r.column === 'messages') {
              const value = r.value.slice()
              value[value.length - 1]! ^= 1
              done = true
              yield { ...r, value }
            } else yield r
          }
        })(),
      }))
      expect((forged as CheckpointError).code).toBe('BAD_MESSAGE')

      const otherNet = await attempt('n', (h, records) => ({ header: { ...h, networkId: 'other' }, records }))
      expect((otherNet as CheckpointError).code).toBe('WRONG_NETWORK')
    } finally {
      await a.close()
      await rm(dir, { recursive: true, force: true })
    }
  }, 180_000)
})
