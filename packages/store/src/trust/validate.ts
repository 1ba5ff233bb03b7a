import { TrustStoreError } from './errors.js'
import {
  type ListUpdatesOptions,
  TRUST_UPDATE_KINDS,
  type TrustScore,
  type TrustUpdate,
  type TrustUpdateKind,
} from './trust-store.js'

/** Longest account id accepted; level keys carry a 16-bit length, and real ids are 64 hex chars. */
export const MAX_ACCOUNT_ID_BYTES = 1024

const utf8 = new TextEncoder()

function invalid(what: string): TrustStoreError {
  return new TrustStoreError('INVALID_RECORD', what)
}

/** Throws INVALID_RECORD unless `account` is a usable id. */
export function assertAccount(account: unknown): asserts account is string {
  if (typeof account !== 'string' || account.length === 0) {
    throw invalid(`account id must be a non-empty string, got ${JSON.stringify(account)}`)
  }
  if (utf8.encode(account).length > MAX_ACCOUNT_ID_BYTES) {
    throw invalid(`account id is longer than ${MAX_ACCOUNT_ID_BYTES} bytes`)
  }
}

/** Throws INVALID_SCORE unless `score` is a finite number in [0, 1]. */
export function assertScoreValue(score: unknown, field = 'score'): asserts score is number {
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) {
    throw new TrustStoreError('INVALID_SCORE', `${field} must be a number in [0, 1], got ${String(score)}`)
  }
}

function assertCount(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${field} must be a non-negative integer, got ${String(value)}`)
  }
}

/** Throws INVALID_RECORD unless `value` is a unix-ms timestamp. */
export function assertTimestamp(value: unknown, field: string): asserts value is number {
  assertCount(value, field)
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${what} must be an object`)
  }
  return value as Record<string, unknown>
}

/** Validates a score record and returns a clean copy holding only known fields. */
export function checkScore(input: unknown): TrustScore {
  const o = asObject(input, 'trust score')
  assertAccount(o.account)
  assertScoreValue(o.score)
  assertCount(o.verifiedSuccesses, 'verifiedSuccesses')
  assertCount(o.unverifiedSuccesses, 'unverifiedSuccesses')
  assertCount(o.failures, 'failures')
  assertTimestamp(o.lastUpdated, 'lastUpdated')
  return {
    account: o.account,
    score: o.score,
    verifiedSuccesses: o.verifiedSuccesses,
    unverifiedSuccesses: o.unverifiedSuccesses,
    failures: o.failures,
    lastUpdated: o.lastUpdated,
  }
}

/** Validates an update event and returns a clean copy holding only known fields. */
export function checkUpdate(input: unknown): TrustUpdate {
  const o = asObject(input, 'trust update')
  assertAccount(o.account)
  if (typeof o.delta !== 'number' || !Number.isFinite(o.delta) || o.delta < -1 || o.delta > 1) {
    throw invalid(`delta must be a number in [-1, 1], got ${String(o.delta)}`)
  }
  if (!TRUST_UPDATE_KINDS.includes(o.kind as TrustUpdateKind)) {
    throw invalid(`kind must be one of ${TRUST_UPDATE_KINDS.join(', ')}, got ${JSON.stringify(o.kind)}`)
  }
  if (o.reason !== undefined && typeof o.reason !== 'string') throw invalid('reason must be a string')
  assertTimestamp(o.timestamp, 'timestamp')
  assertScoreValue(o.scoreAfter, 'scoreAfter')
  const update: TrustUpdate = {
    account: o.account,
    delta: o.delta,
    kind: o.kind as TrustUpdateKind,
    timestamp: o.timestamp,
    scoreAfter: o.scoreAfter,
  }
  if (o.reason !== undefined) update.reason = o.reason
  return update
}

/** Throws INVALID_SCORE unless `threshold` is a usable score bound. */
export function assertThreshold(threshold: unknown): asserts threshold is number {
  assertScoreValue(threshold, 'threshold')
}

/** Validates history filters (limit a non-negative integer, bounds finite). */
export function checkListOptions(options: ListUpdatesOptions = {}): ListUpdatesOptions {
  if (options.limit !== undefined) assertCount(options.limit, 'limit')
  for (const field of ['since', 'until'] as const) {
    const v = options[field]
    if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v))) {
      throw invalid(`${field} must be a number, got ${String(v)}`)
    }
  }
  return options
}
