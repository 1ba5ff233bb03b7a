/**
 * Admission (DESIGN §5.9): a profile carries genesis proof of work; every other message names a
 * held profile of its signer (a parent: MISSING_PARENT with its id until held).
 */
import {
  type AnySignedMessage,
  MessageKind,
  signMessage,
  solveProfileWork,
  toHex,
  Verdict,
} from '@aimesh/protocol'
import { createSimulation } from '@aimesh/simulation'
import { describe, expect, it } from 'vitest'
import { createGenesis, Engine } from '../src/index.js'
import { MemoryEngineStore } from '../src/testing/index.js'
import { account, NET, profileOf, publishTask, SEC, T0 } from './helpers/builders.js'

const pub = account('admission-pub')
const other = account('admission-other')
const NOW = T0 + 1_000 * SEC

async function engineWithBits(bits: number) {
  const genesis = createGenesis({ networkId: NET, genesisTime: T0, params: { profileWorkBits: bits } })
  return Engine.open({ store: new MemoryEngineStore(), genesis, clock: T0, now: () => NOW })
}

function profileWith(workNonce: Uint8Array) {
  return signMessage(
    NET,
    MessageKind.MinerProfile,
    {
      ...profileOf(pub).body,
      workNonce: workNonce as Uint8Array<ArrayBuffer>,
    },
    pub,
  )
}

describe('admission', () => {
  it('a profile without the genesis proof of work is REJECTed; with it, ACCEPTed', async () => {
    const engine = await engineWithBits(10)
    expect(await engine.submit(profileWith(new Uint8Array(0)))).toMatchObject({
      verdict: Verdict.Reject,
      code: 'PROFILE_WORK',
    })
    const work = solveProfileWork(NET, pub.publicKey, 10)
    expect(await engine.submit(profileWith(work))).toEqual({ verdict: Verdict.Accept })
  })

  it('a message waits for its signer’s profile (MISSING_PARENT naming it), then is ACCEPTed', async () => {
    const engine = await engineWithBits(0)
    const task = publishTask(pub, { at: T0 + 10 * SEC })
    const r = await engine.submit(task)
    expect(r).toMatchObject({ verdict: Verdict.Ignore, code: 'MISSING_PARENT' })
    expect(('missing' in r ? (r.missing ?? []) : []).map(toHex)).toEqual([toHex(profileOf(pub).id)])
    expect(await engine.submit(profileOf(pub))).toEqual({ verdict: Verdict.Accept })
    expect(await engine.submit(task)).toEqual({ verdict: Verdict.Accept })
  })

  it('naming another account’s profile, or a message that is not a profile, is REJECTed', async () => {
    const engine = await engineWithBits(0)
    const task = publishTask(pub, { at: T0 + 10 * SEC })
    for (const m of [profileOf(pub), profileOf(other), task]) await engine.submit(m)
    const borrowed = signMessage(
      NET,
      MessageKind.TaskPublished,
      { ...task.body, profileId: profileOf(other).id as Uint8Array<ArrayBuffer>, nonce: new Uint8Array([9]) },
      pub,
    )
    expect(await engine.submit(borrowed)).toMatchObject({ verdict: Verdict.Reject, code: 'BAD_REFERENCE' })
    const notProfile = signMessage(
      NET,
      MessageKind.TaskPublished,
      { ...task.body, profileId: task.id as Uint8Array<ArrayBuffer>, nonce: new Uint8Array([8]) },
      pub,
    )
    expect(await engine.submit(notProfile)).toMatchObject({ verdict: Verdict.Reject, code: 'BAD_REFERENCE' })
  })

  it('a simulation with profile work (pre-trusted validators included) is admitted whole', async () => {
    const sim = createSimulation({ seed: 5, tasks: 3, profileWorkBits: 8 })
    const genesis = createGenesis(sim.genesis.init)
    expect(genesis.params.profileWorkBits).toBe(8)
    const trusted = new Set(genesis.preTrustedValidators)
    const profiled = new Set(
      sim.messages.filter((m) => m.kind === MessageKind.MinerProfile).map((m) => toHex(m.signer)),
    )
    for (const v of trusted) expect(profiled.has(v)).toBe(true)
    const engine = await Engine.open({
      store: new MemoryEngineStore(),
      genesis,
      clock: sim.options.genesisTime,
      now: () => sim.clock.end + 1,
    })
    const results = await engine.submitMany(sim.messages as AnySignedMessage[])
    expect(results.filter((r) => r.verdict !== Verdict.Accept)).toEqual([])
  })
})
