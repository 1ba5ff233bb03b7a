/**
 * Per-message memos of values that depend on one message only (answer hashes, shingle sketches, a
 * vote's covered ids): pure caching across re-derivations of a task, keyed by the held message.
 */
import { answerHash, type MessageKind } from '@aimesh/protocol'
import { hex } from '../../ids.js'
import { type ShingleSketch, shingleSketch } from '../../rules/index.js'
import type { Msg } from './context.js'

interface RevealMemo {
  answerHash: Uint8Array
  answerHashHex: string
  sketch?: ShingleSketch
}
const revealMemo = new WeakMap<object, RevealMemo>()

function memoOf(m: Msg<MessageKind.AnswerRevealed>): RevealMemo {
  let memo = revealMemo.get(m)
  if (memo === undefined) {
    const h = answerHash(m.body.answer)
    memo = { answerHash: h, answerHashHex: hex(h) }
    revealMemo.set(m, memo)
  }
  return memo
}

/** The hash of a revealed answer. */
export function answerHashOf(m: Msg<MessageKind.AnswerRevealed>): Uint8Array {
  return memoOf(m).answerHash
}

/** The hash of a revealed answer, hex. */
export function answerHashHexOf(m: Msg<MessageKind.AnswerRevealed>): string {
  return memoOf(m).answerHashHex
}

/** The shingle sketch of a revealed answer (rules/similarity). */
export function sketchOf(m: Msg<MessageKind.AnswerRevealed>): ShingleSketch {
  const memo = memoOf(m)
  memo.sketch ??= shingleSketch(m.body.answer)
  return memo.sketch
}

const includedMemo = new WeakMap<object, string[]>()

/** A vote's covered ids as hex (sorted, as the schema requires). */
export function includedOf(m: Msg<MessageKind.ConsensusVote>): string[] {
  let ids = includedMemo.get(m)
  if (ids === undefined) {
    ids = m.body.includedIds.map(hex)
    includedMemo.set(m, ids)
  }
  return ids
}
