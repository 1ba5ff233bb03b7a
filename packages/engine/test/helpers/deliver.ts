/** Delivery helpers: apply a message set in a given order, re-delivering what was IGNOREd (as sync would). */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type AnySignedMessage, Verdict } from '@aimesh/protocol'
import { StateStore } from '@aimesh/store'
import { Engine, type Genesis, LevelEngineStore } from '../../src/index.js'
import { withProfiles } from './builders.js'

/**
 * Applies messages in order; IGNOREd ones are retried in later passes until nothing changes. With
 * `partial`, returns what is still ignored instead of failing (its parents are in a later batch).
 */
export async function deliver(
  engine: Engine,
  messages: readonly AnySignedMessage[],
  now: number,
  partial = false,
): Promise<AnySignedMessage[]> {
  // Admission parents first (DESIGN §5.9): the test profiles of signers whose profile is not listed.
  let pending = withProfiles(messages)
  for (let pass = 0; pending.length > 0 && pass < 50; pass++) {
    const retry: AnySignedMessage[] = []
    for (const m of pending) {
      const r = await engine.submitVerified(m, now)
      if (r.verdict === Verdict.Reject)
        throw new Error(`valid workload message rejected: ${r.code} ${r.reason}`)
      if (r.verdict === Verdict.Ignore && r.code !== 'DUPLICATE') retry.push(m)
    }
    if (retry.length === pending.length && partial) return retry
    if (retry.length === pending.length) {
      const codes = await Promise.all(
        retry.slice(0, 3).map(async (m) => JSON.stringify(engine.validate(m, now))),
      )
      throw new Error(`stuck: ${retry.length} messages keep being ignored: ${codes.join(' ')}`)
    }
    pending = retry
  }
  return pending
}

/** A LevelDB-backed engine in a fresh temp dir; `close` removes it. */
export async function levelEngine(genesis: Genesis, clock: number, now: number) {
  const dir = await mkdtemp(join(tmpdir(), 'aimesh-engine-'))
  const store = await StateStore.open(dir)
  const port = new LevelEngineStore(store)
  const engine = await Engine.open({ store: port, genesis, clock, now: () => now })
  return {
    dir,
    store,
    port,
    engine,
    async reopen() {
      return Engine.open({ store: port, genesis, clock, now: () => now })
    },
    async close() {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Deterministic Fisher–Yates shuffle from a seed. */
export function shuffle<T>(xs: readonly T[], rnd: () => number): T[] {
  const out = [...xs]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}
