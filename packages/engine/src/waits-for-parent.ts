/**
 * Which validation results mean "valid once a parent arrives" (DESIGN §5.10): the one definition
 * the network's pending buffer and sync ingestion, and the tests' re-delivery loops, all read.
 */
import { Verdict } from '@aimesh/protocol'
import { IgnoreCode, type ValidationResult } from './errors.js'

/** IGNORE codes that mean a parent is not held yet: the message is offered again once it is. */
export const MISSING_PARENT_CODES: ReadonlySet<string> = new Set<string>([IgnoreCode.MISSING_PARENT])

/** True when `r` says the message may become valid once a parent arrives. */
export function waitsForParent(r: ValidationResult): boolean {
  if (r.verdict !== Verdict.Ignore) return false
  return MISSING_PARENT_CODES.has(r.code) || r.missing !== undefined
}
