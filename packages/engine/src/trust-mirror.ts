/**
 * Mirrors the engine's derived trust into a trust store (DESIGN §6 trust, §7 store): the score
 * with its counts, plus one trust update per account whose score moved, all in one transaction.
 * The update is what the store's listeners (the backup scheduler's change triggers among them)
 * observe; a bare score write would never count as a change.
 */
import type { TrustStore, TrustUpdateKind } from '@aimesh/store'
import type { AccountBook } from './derive/accounts.js'
import { TRUST_DEFAULT, type TrustEvent } from './rules/index.js'

/** What the engine needs of a trust store to mirror trust into it. */
export type TrustSink = Pick<TrustStore, 'begin'>

/** Reason written on mirrored updates, so people reading the history know where they came from. */
const MIRROR_REASON = 'derived by the engine'

/** The store's name for what last moved an account's trust. */
function updateKind(e: TrustEvent): TrustUpdateKind {
  if (e.kind === 'success') return e.verified ? 'verified-success' : 'unverified-success'
  if (e.kind === 'failure') return 'failure'
  // Adjustments are genesis pre-trust grants or dispute outcomes (derive/accounts.ts, derive/task/disputes.ts).
  return e.id.startsWith('genesis:') ? 'genesis' : 'dispute'
}

/**
 * Writes the current trust of `accounts` to `sink` in one transaction: every score, and an update
 * (delta from the stored score, kind of the last event) for each score that changed.
 */
export async function mirrorTrust(
  sink: TrustSink,
  book: AccountBook,
  accounts: Iterable<string>,
): Promise<void> {
  const tx = sink.begin()
  try {
    for (const account of accounts) {
      const s = book.trustSummary(account)
      if (s === undefined) continue
      const prior = await tx.getScore(account)
      const score = s.record.score
      await tx.putScore({
        account,
        score,
        verifiedSuccesses: s.verified,
        unverifiedSuccesses: s.unverified,
        failures: s.failures,
        lastUpdated: s.record.updatedAt,
      })
      const before = prior?.score ?? TRUST_DEFAULT
      if (score !== before) {
        await tx.recordUpdate({
          account,
          delta: score - before,
          kind: updateKind(s.lastEvent),
          reason: MIRROR_REASON,
          timestamp: s.record.updatedAt,
          scoreAfter: score,
        })
      }
    }
    await tx.commit()
  } catch (err) {
    if (tx.status === 'open') tx.rollback()
    throw err
  }
}
