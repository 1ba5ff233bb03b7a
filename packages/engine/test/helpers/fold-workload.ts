/**
 * Simulated workloads with short phases and epochs, so tasks are certified, final and folded into
 * checkpoints epoch after epoch (DESIGN §5.6, §5.12), with checkpoint votes carrying what a node
 * computes; and what an engine says about every account (trust now and in the past, reputation,
 * collusion history, the trust table of every checkpoint) for the account-fold suites.
 */
import { type AnySignedMessage, checkpointDigestHex } from '@aimesh/protocol'
import type { Actor } from '@aimesh/simulation'
import { checkpointCut, type Engine, type Genesis } from '../../src/index.js'
import { simWorkload } from './sim-workload.js'

export interface FoldWorkload {
  genesis: Genesis
  messages: AnySignedMessage[]
  start: number
  end: number
  validators: readonly Actor[]
  /** Every actor (publishers, miners, validators), with its key and profile. */
  actors: readonly Actor[]
}

/** Phases of 10 s, rounds of 10 s (2 of them), epochs of a minute: ~4 tasks folded per checkpoint. */
export function foldWorkload(seed: number, tasks: number, honest = false): Promise<FoldWorkload> {
  return simWorkload(seed, tasks, {
    ...(honest ? { dishonestMinerFraction: 0, dishonestValidatorFraction: 0 } : {}),
    phases: { commit: 10_000, reveal: 10_000, validation: 10_000, challenge: 10_000 },
    taskSpacingMs: 15_000,
    roundMs: 10_000,
    maxRounds: 2,
    epochMs: 60_000,
    checkpointDelayMs: 20_000,
    disputeVoteWindowMs: 20_000,
  })
}

/** Certified checkpoint epochs of an engine and how many tasks each folds. */
export function foldedEpochs(e: Engine): Map<number, number> {
  const out = new Map<number, number>()
  for (const t of e.state.tasks()) {
    const seg = e.state.book.segmentOfTask(t.hex)
    if (Number.isFinite(seg)) out.set(seg, (out.get(seg) ?? 0) + 1)
  }
  return out
}

/**
 * What an engine says about every account: trust now and at each checkpoint's cut and midway
 * between (times before the latest cut read the segments since), reputation, collusion history,
 * the trust summary the store mirrors, and each certified checkpoint's proposal digest.
 */
export function accountView(e: Engine, now: number) {
  const book = e.state.book
  const g = e.genesis
  const epochs = e.state.epochs.certifiedEpochs()
  const times = [now]
  for (const ep of epochs)
    times.push(checkpointCut(g, ep), checkpointCut(g, ep) + 1, checkpointCut(g, ep) + 7_000)
  const accounts = [...new Set([...book.accounts(), ...book.trustAccounts()])].sort()
  const out: Record<string, unknown> = {}
  for (const a of accounts) {
    out[a] = {
      trust: times.map((t) => book.trustAt(a, t)),
      reputation: book.reputationAt(a, now),
      collusion: times.map((t) => book.scoreHistory(a, t).map((r) => r.messageId)),
      summary: book.trustSummary(a),
    }
  }
  out.proposals = epochs.map((ep) => checkpointDigestHex(e.checkpointProposal(ep)))
  out.panels = times.map((t) => book.trustedAccountsAt(t))
  return out
}
