/** Id helpers: the rules speak lowercase hex, the wire and the store speak bytes. */
import { fromHex, toHex } from '@aimesh/protocol'

/** The all-zero task id that account-level messages (miner profiles) are filed under (DESIGN §5.2). */
export const ZERO_TASK_ID: Uint8Array = new Uint8Array(32)
export const ZERO_TASK_HEX = '0'.repeat(64)

/** Lowercase hex of an id or key. */
export const hex = toHex

/** Bytes of a hex id or key. */
export function unhex(s: string): Uint8Array<ArrayBuffer> {
  return fromHex(s)
}

/** Orders two (timestamp, id hex) pairs: the canonical tie-break of DESIGN §5.1. */
export function compareTimeId(at: number, aId: string, bt: number, bId: string): number {
  return at - bt || (aId < bId ? -1 : aId > bId ? 1 : 0)
}
