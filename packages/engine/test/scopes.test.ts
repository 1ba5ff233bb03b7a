/** The scope table (DESIGN §5.8): which fields make each kind's scope, and its quota. */
import { MessageKind } from '@aimesh/protocol'
import { describe, expect, it } from 'vitest'
import { DEFAULT_GENESIS_PARAMS } from '../src/genesis.js'
import { hex } from '../src/ids.js'
import { SCOPE_HOUR_MS, SCOPE_TABLE, scopeOf } from '../src/scopes.js'
import {
  account,
  cancelTask,
  claimReward,
  commitAnswer,
  FraudKind,
  fraudAlert,
  minerProfile,
  openDispute,
  publishTask,
  revealAnswer,
  SEC,
  scoreAnswer,
  T0,
  voteDispute,
  voteIds,
} from './helpers/builders.js'

const params = { ...DEFAULT_GENESIS_PARAMS, maxTasksPerHour: 5, maxProfilesPerHour: 3 }
const pub = account('scope-pub')
const m1 = account('scope-m1')
const v1 = account('scope-v1')
const v2 = account('scope-v2')
const AT = T0 + 2 * SCOPE_HOUR_MS + 60 * SEC
const task = publishTask(pub, { at: AT, commitReveal: true })
const other = publishTask(pub, { at: AT, nonce: 2 })
const commit = commitAnswer(m1, task, 'a', AT + 10 * SEC)
const reveal = revealAnswer(m1, task, 'a', AT + 130 * SEC, { commit })
const vd = task.body.validationDeadline
const key = (m: Parameters<typeof scopeOf>[0]) => scopeOf(m, params).key

describe('scope table', () => {
  it('has a rule for every kind', () => {
    const kinds = Object.values(MessageKind).filter((k): k is MessageKind => typeof k === 'number')
    expect(Object.keys(SCOPE_TABLE).map(Number).sort()).toEqual([...kinds].sort())
  })

  it('keys each kind by its signer and the DESIGN §5.8 fields, with quota 1', () => {
    const s = (m: Parameters<typeof scopeOf>[0]) => scopeOf(m, params)
    const t = hex(task.id)
    const sign = (k: { publicKey: Uint8Array }) => hex(k.publicKey)
    expect(s(commit)).toEqual({ key: `commit:${sign(m1)}:${t}`, quota: 1 })
    expect(s(reveal)).toEqual({ key: `reveal:${sign(m1)}:${t}`, quota: 1 })
    const score = scoreAnswer(v1, task, reveal, 50, AT + 250 * SEC)
    expect(s(score)).toEqual({ key: `score:${sign(v1)}:${hex(reveal.id)}`, quota: 1 })
    const vote = voteIds(v1, task, new Uint8Array(32), [], vd + 61_000, 1)
    expect(s(vote)).toEqual({ key: `vote:${sign(v1)}:${t}:1`, quota: 1 })
    const claim = claimReward(m1, task, 5n, vd + SEC)
    expect(s(claim).key).toBe(`claim:${sign(m1)}:${t}:${hex(claim.body.outcomeRoot)}`)
    const dispute = openDispute(m1, task, v1, vd + SEC)
    expect(s(dispute)).toEqual({ key: `dispute:${sign(m1)}:${t}`, quota: 1 })
    expect(s(voteDispute(v2, dispute, true, vd + 2 * SEC))).toEqual({
      key: `dispute-vote:${sign(v2)}:${hex(dispute.id)}`,
      quota: 1,
    })
    expect(s(cancelTask(pub, task, AT + SEC))).toEqual({ key: `cancel:${sign(pub)}:${t}`, quota: 1 })
    const alert = fraudAlert(v1, task, m1, FraudKind.DUPLICATE_ANSWER, [reveal], vd + SEC)
    expect(s(alert)).toEqual({
      key: `alert:${sign(v1)}:${t}:${sign(m1)}:${FraudKind.DUPLICATE_ANSWER}`,
      quota: 1,
    })
  })

  it('tasks and profiles: (account, hour of author time) with the genesis quotas', () => {
    const hour = Math.floor(AT / SCOPE_HOUR_MS)
    expect(scopeOf(task, params)).toEqual({ key: `task:${hex(pub.publicKey)}:${hour}`, quota: 5 })
    expect(key(task)).toBe(key(other))
    expect(key(publishTask(pub, { at: (hour + 1) * SCOPE_HOUR_MS }))).not.toBe(key(task))
    expect(key(publishTask(m1, { at: AT }))).not.toBe(key(task))
    const p = minerProfile(m1, AT)
    expect(scopeOf(p, params)).toEqual({ key: `profile:${hex(m1.publicKey)}:${hour}`, quota: 3 })
    expect(key(minerProfile(m1, AT + SCOPE_HOUR_MS))).not.toBe(key(p))
  })

  it('separates signers, tasks, submissions and rounds', () => {
    const score = (v: typeof v1, at: number) => scoreAnswer(v, task, reveal, 50, at)
    expect(key(score(v1, AT + 250 * SEC))).toBe(key(score(v1, AT + 251 * SEC)))
    expect(key(score(v1, AT + 250 * SEC))).not.toBe(key(score(v2, AT + 250 * SEC)))
    expect(key(voteIds(v1, task, new Uint8Array(32), [], vd + SEC, 0))).not.toBe(
      key(voteIds(v1, task, new Uint8Array(32), [], vd + SEC, 1)),
    )
    expect(key(commitAnswer(m1, task, 'a', AT + SEC))).not.toBe(key(commitAnswer(m1, other, 'a', AT + SEC)))
  })
})
