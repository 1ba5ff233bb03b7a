/**
 * A deterministic, valid multi-task workload for property tests: tasks with and without
 * commit–reveal, pre-trusted and newcomer validators (trust earned across tasks), a copied answer
 * (fraud), an equivocating validator, a cancelled task, consensus votes, first and second claims,
 * and an upheld dispute. Phase-2 messages (votes, claims, dispute) are built from what a reference
 * engine derived from phase 1, so votes name the real outcome root and claims the real amounts.
 */
import {
  type AccountKey,
  type AnySignedMessage,
  type BodyOf,
  compareBytes,
  MessageKind,
  type SignedMessage,
  signMessage,
  toHex,
} from '@aimesh/protocol'
import { Engine, type Genesis, getRewardDistribution } from '../../src/index.js'
import { MemoryEngineStore } from '../../src/testing/index.js'
import {
  account,
  cancelTask,
  claimReward,
  commitAnswer,
  minerProfile,
  openDispute,
  profileOf,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  testGenesis,
  voteDispute,
  voteIds,
  withProfiles,
} from './builders.js'

/** Mulberry32: a tiny seeded PRNG so workloads are reproducible from a number. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface Workload {
  genesis: Genesis
  messages: AnySignedMessage[]
  /** A clock after every deadline (including dispute voting). */
  end: number
  /** A wall clock no message is ahead of. */
  now: number
  tasks: SignedMessage[]
}

/** Epochs of the workload's genesis: task i (published ~200 s apart) lies in epoch i. */
const EPOCH_MS = 200 * SEC
const CHECKPOINT_DELAY_MS = 50 * SEC

const PRE = ['v0', 'v1', 'v2', 'v3', 'v4', 'v5'].map(account)
const NEW = ['n0', 'n1'].map(account)
const MINERS = ['m0', 'm1', 'm2', 'm3'].map(account)
const PUBLISHERS = ['p0', 'p1'].map(account)

/** Builds the workload for `seed` with `taskCount` tasks. */
export async function buildWorkload(seed: number, taskCount = 4): Promise<Workload> {
  const rnd = prng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  // Short epochs, so the four tasks fall in epochs 0–3 and the checkpoints below fix their sets.
  const genesis = testGenesis(PRE, { epochMs: EPOCH_MS, checkpointDelayMs: CHECKPOINT_DELAY_MS })
  const phase1: AnySignedMessage[] = []
  const tasks: SignedMessage<1>[] = []
  const scorers = new Map<string, AccountKey[]>()
  for (const m of MINERS) phase1.push(minerProfile(m, T0 + 1_000))
  for (let i = 0; i < taskCount; i++) {
    const at = T0 + 60 * SEC + i * 200 * SEC + Math.floor(rnd() * 20) * SEC
    const commitReveal = i % 2 === 0
    const task = publishTask(pick(PUBLISHERS), {
      at,
      commitReveal,
      nonce: seed * 100 + i,
      reward: 1_000_000n + BigInt(i),
    })
    tasks.push(task)
    phase1.push(task)
    if (i === 3)
      phase1.push(
        cancelTask(PUBLISHERS.find((p) => toHex(p.publicKey) === toHex(task.signer))!, task, at + 5 * SEC),
      )
    const miners = MINERS.slice(0, 2 + Math.floor(rnd() * 3))
    const reveals: SignedMessage[] = []
    miners.forEach((m, j) => {
      // m1 copies m0's answer on task 1 (duplicate → flagged).
      const answer =
        i === 1 && j === 1
          ? `answer of m0 on ${i}: ${seed}`
          : `answer of m${j} on ${i}: ${seed} ${'x'.repeat(j * 7)}`
      const quality = j === 0 ? 80 : 50 + Math.floor(rnd() * 40)
      void quality
      if (commitReveal) {
        const commit = commitAnswer(m, task, answer, at + 60 * SEC + j * SEC)
        phase1.push(commit)
        const r = revealAnswer(m, task, answer, at + 130 * SEC + j * SEC, { commit })
        reveals.push(r)
        phase1.push(r)
      } else {
        const r = revealAnswer(m, task, answer, at + 60 * SEC + j * SEC)
        reveals.push(r)
        phase1.push(r)
      }
    })
    const validators = [...PRE.slice(0, 3 + (i % 2)), ...NEW]
    scorers.set(toHex(task.id), validators)
    for (const [vi, v] of validators.entries()) {
      for (const [ri, r] of reveals.entries()) {
        const base = ri === 0 ? 85 : 55 + ri * 5
        const score = Math.max(0, Math.min(100, base + Math.floor(rnd() * 9) - 4))
        phase1.push(scoreAnswer(v, task, r, score, at + 250 * SEC + vi * SEC + ri))
        // v2 equivocates on task 2.
        if (i === 2 && vi === 2 && ri === 0)
          phase1.push(scoreAnswer(v, task, r, (score + 30) % 101, at + 251 * SEC + ri))
      }
    }
  }
  const end = T0 + 60 * SEC + taskCount * 200 * SEC + 600 * SEC + genesis.params.disputeVoteWindowMs + 1
  const ref = await Engine.open({ store: new MemoryEngineStore(), genesis, clock: T0, now: () => end })
  // Every validator's profile is held, so each can vote (DESIGN §5.9: the profile is a parent).
  for (const m of withProfiles([...[...PRE, ...NEW].map(profileOf), ...phase1])) {
    const r = await ref.submitVerified(m)
    if (r.verdict !== 'ACCEPT') throw new Error(`workload phase 1 message rejected: ${JSON.stringify(r)}`)
  }
  await ref.advance(end)

  // Checkpoints (DESIGN §5.6): the genesis validators vote what the engine proposes for epochs 1
  // and 3; for epoch 2 they certify a set that adds the newcomer n0, whose scores then count in
  // epoch 2's task. A newcomer's own checkpoint vote is held and never counts.
  const phase2: AnySignedMessage[] = []
  for (const epoch of [1, 2, 3]) {
    const cut = genesis.genesisTime + (epoch - 1) * EPOCH_MS + CHECKPOINT_DELAY_MS
    const votes: AnySignedMessage[] = []
    for (const [vi, v] of PRE.entries()) {
      const at = cut + (1 + vi) * SEC
      const body = ref.checkpointVoteFor(toHex(v.publicKey), at)
      if (body === null) throw new Error(`no checkpoint vote for epoch ${epoch}`)
      if (epoch === 2) {
        const added = { account: NEW[0]!.publicKey as Uint8Array<ArrayBuffer>, weight: 650 }
        body.validators = [...body.validators, added].sort((a, b) => compareBytes(a.account, b.account))
      }
      const full = { ...body, profileId: profileOf(v).id as Uint8Array<ArrayBuffer> }
      votes.push(signMessage(genesis.networkId, MessageKind.CheckpointVote, full, v))
    }
    const outsider = {
      ...(votes[0]!.body as BodyOf[MessageKind.CheckpointVote]),
      foldedTasks: 99,
      profileId: profileOf(NEW[1]!).id as Uint8Array<ArrayBuffer>,
    }
    votes.push(signMessage(genesis.networkId, MessageKind.CheckpointVote, outsider, NEW[1]!))
    for (const m of votes) {
      const r = await ref.submitVerified(m)
      if (r.verdict !== 'ACCEPT') throw new Error(`workload checkpoint vote rejected: ${JSON.stringify(r)}`)
    }
    phase2.push(...votes)
  }

  for (const [i, task] of tasks.entries()) {
    const t = ref.state.task(toHex(task.id))!
    const vd = (task as SignedMessage<1>).body.validationDeadline
    // Every validator of the epoch votes what the engine says it should (DESIGN §5.5); a newcomer
    // that scored votes too, and its vote never counts.
    for (const [vi, v] of [...PRE, ...NEW].entries()) {
      const at = vd + 10 * SEC + vi
      const body = ref.consensusVoteFor(toHex(v.publicKey), task.id, at)
      const pid = { profileId: profileOf(v).id as Uint8Array<ArrayBuffer> }
      if (body !== null)
        phase2.push(signMessage(genesis.networkId, MessageKind.ConsensusVote, { ...body, ...pid }, v))
      else if (NEW.includes(v) && t.derived!.status === 'COMPLETED')
        phase2.push(voteIds(v, task, t.derived!.outcomeRoot, t.derived!.outcomeIds, at))
    }
    const root = t.derived!.outcomeRoot
    const dist = getRewardDistribution(ref, task.id)
    for (const m of MINERS) {
      const total = (dist?.entries ?? [])
        .filter((e) => toHex(e.recipient) === toHex(m.publicKey))
        .reduce((a, e) => a + e.amount, 0n)
      if (total > 0n) {
        phase2.push(claimReward(m, task, total, vd + 20 * SEC, root))
        // A second claim by the same account: kept as evidence, takes no effect.
        if (i === 0) phase2.push(claimReward(m, task, total, vd + 21 * SEC, root))
        // A claim naming another root: held, and never takes effect.
        if (i === 1) phase2.push(claimReward(m, task, total, vd + 19 * SEC))
      }
    }
    if (i === 0) {
      const accused = PRE[0]!
      const d = openDispute(MINERS[1]!, task, accused, vd + 30 * SEC)
      phase2.push(d)
      for (const v of PRE.slice(1)) phase2.push(voteDispute(v, d, true, vd + 40 * SEC))
    }
  }
  return {
    genesis,
    messages: withProfiles([...[...PRE, ...NEW].map(profileOf), ...phase1, ...phase2]),
    end,
    now: end,
    tasks,
  }
}
