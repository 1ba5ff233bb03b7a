/**
 * The engine port of a node that holds nothing yet because it is fetching a checkpoint state
 * (sync/checkpoint-join.ts): it answers `status` with the empty set's root and an empty inventory,
 * serves nothing, and takes no message (IGNORE: valid messages reach it again once it has started).
 */
import { type Genesis, IgnoreCode, stateRoot, type ValidationResult } from '@aimesh/engine'
import { Verdict } from '@aimesh/protocol'
import type { NetworkEngine } from '../ports.js'

const NOT_YET: ValidationResult = {
  verdict: Verdict.Ignore,
  code: IgnoreCode.INTERNAL,
  reason: 'this node is importing a checkpoint state and takes messages once it has started',
}

/** A NetworkEngine holding no message, for the network a joining node runs while it imports. */
export function joiningEngine(genesis: Genesis): NetworkEngine {
  const root = stateRoot([])
  return {
    genesis,
    ingest: async () => NOT_YET,
    ingestMany: async (envelopes) => envelopes.map(() => NOT_YET),
    stateRoot: () => root,
    inventory: () => [],
    taskMessages: () => [],
    hasMessage: () => false,
    getMessage: () => undefined,
    messageCount: 0,
    taskCount: 0,
  }
}
