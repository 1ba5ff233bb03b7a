/**
 * State root and task digests (DESIGN §5.2): a task's digest is sha256 over its sorted message
 * ids; the root is sha256 over the sorted (task id ‖ digest) pairs. Account-level messages are
 * filed under the all-zero task id. Two nodes with the same message set have the same root.
 */
import { createHash } from 'node:crypto'
import { sha256 } from '@aimesh/protocol'
import { unhex } from './ids.js'

const EMPTY_ROOT_TAG = new TextEncoder().encode('aimesh/state-root/1')

/** Digest of a task from its message ids, given sorted ascending. */
export function taskDigest(sortedIds: readonly Uint8Array[]): Uint8Array {
  return sha256(...sortedIds)
}

/** State root from (task id hex, digest) pairs, any order. */
export function stateRoot(entries: Iterable<[string, Uint8Array]>): Uint8Array {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  // Hashed as it goes: a long history has more tasks than an argument list may hold.
  const h = createHash('sha256').update(EMPTY_ROOT_TAG)
  for (const [task, digest] of sorted) h.update(unhex(task)).update(digest)
  return new Uint8Array(h.digest())
}

/** Inserts a string into a sorted array (binary search); returns false when already present. */
export function insertSorted(list: string[], value: string): boolean {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (list[mid]! < value) lo = mid + 1
    else hi = mid
  }
  if (list[lo] === value) return false
  list.splice(lo, 0, value)
  return true
}
