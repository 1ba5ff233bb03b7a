/**
 * Admission (DESIGN §5.9): every message names a MinerProfile of its signer (`profileId`), and a
 * profile carries a proof of work of the genesis' `profileWorkBits`. The node finds an account's
 * held profile, or signs one (solving the work) before the account's first message.
 *
 * The admission fields arrive with the protocol's profile work (`solveProfileWork`); a protocol
 * build without it has neither field, and then no profile is required (ADMISSION false).
 */
import type { Engine } from '@aimesh/engine'
import * as protocol from '@aimesh/protocol'
import { type AnySignedMessage, MessageKind, toHex } from '@aimesh/protocol'

type Solver = (network: string, signer: Uint8Array, bits: number) => Uint8Array

/** The protocol's profile work solver, when this protocol build has admission. */
const solver = (protocol as Record<string, unknown>).solveProfileWork as Solver | undefined

/** True when messages must name a held profile of their signer. */
export const ADMISSION = typeof solver === 'function'

const ZERO_TASK = '0'.repeat(64)

/** The newest held MinerProfile of an account (hex key), if any. */
export function heldProfile(engine: Engine, account: string): AnySignedMessage | undefined {
  let best: AnySignedMessage | undefined
  for (const m of engine.state.task(ZERO_TASK)?.messages ?? []) {
    if (m.kind !== MessageKind.MinerProfile || toHex(m.signer) !== account) continue
    if (best === undefined || m.body.timestamp > best.body.timestamp) best = m
  }
  return best
}

/** The proof-of-work nonce a new profile of `signer` needs (empty without admission). */
export function profileWork(engine: Engine, signer: Uint8Array): Uint8Array<ArrayBuffer> {
  if (solver === undefined) return new Uint8Array(0)
  return new Uint8Array(solver(engine.genesis.networkId, signer, engine.genesis.params.profileWorkBits))
}
