import { describe, expect, it } from 'vitest'
import {
  EnvelopeChunk,
  GoodbyeCode,
  REQRESP_LIMITS,
  REQRESP_PROTOCOLS,
  ResultCode,
  reqrespSigningBytes,
  reqrespTag,
  Status,
  TaskSyncRequest,
} from '../src/index.js'

describe('req/resp wire rules', () => {
  it('tags requests and responses apart, per protocol and network', () => {
    const seen = new Set<string>()
    for (const p of REQRESP_PROTOCOLS) {
      for (const side of ['req', 'resp'] as const) {
        const tag = new TextDecoder().decode(reqrespTag('devnet', p, side))
        expect(tag).toBe(`aimesh/devnet/${side}/${p}/1`)
        seen.add(tag)
      }
    }
    expect(seen.size).toBe(REQRESP_PROTOCOLS.length * 2)
    const bytes = reqrespSigningBytes('devnet', 'status', 'req', new Uint8Array([1, 2]))
    expect([...bytes.slice(-2)]).toEqual([1, 2])
  })

  it('keeps the result and goodbye codes of DESIGN §4', () => {
    expect(ResultCode).toMatchObject({
      OK: 0,
      INVALID_REQUEST: 1,
      SERVER_ERROR: 2,
      RESOURCE_UNAVAILABLE: 3,
      RATE_LIMITED: 4,
    })
    expect(Object.values(GoodbyeCode)).toEqual([1, 2, 3, 129, 250, 251])
  })

  it('bounds lists when decoding', () => {
    const ids = Array.from({ length: REQRESP_LIMITS.requestIds + 1 }, () => new Uint8Array(32))
    const bytes = TaskSyncRequest.encode({ taskIds: ids })
    expect(() => TaskSyncRequest.decode(bytes)).toThrow()
    const envs = EnvelopeChunk.encode({ envelopes: ids.slice(1) })
    expect(EnvelopeChunk.decode(envs).envelopes).toHaveLength(REQRESP_LIMITS.requestIds)
  })

  it('round-trips a status without the optional fields', () => {
    const s: Status = {
      genesisHash: new Uint8Array(32),
      messageRoot: new Uint8Array(32),
      messages: 3,
      tasks: 1,
      clock: 5,
    }
    const back = Status.decode(Status.encode(s))
    expect(back.derivedDigest).toBeUndefined()
    expect(back.checkpoint).toBeUndefined()
    expect(back.messages).toBe(3)
  })
})
