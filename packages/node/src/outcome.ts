/**
 * A task's outcome as the API shows it (DESIGN §5.5): provisional until a certificate holds,
 * certified once one does, final once the last vote round's window has closed (nothing can then
 * change it) — as the engine derives it.
 */
import { type Engine, taskOutcome } from '@aimesh/engine'
import { Finality, fromHex, toHex } from '@aimesh/protocol'
import type { OutcomeState } from './events.js'

/** The outcome a node holds for a task: its state and root (hex). */
export interface OutcomeView {
  state: OutcomeState
  /** The certified root, else the root this node would vote for. */
  root: string
  /** Ids (hex) the root covers. */
  includedIds: string[]
  /** The round whose votes certified it, or -1. */
  certifiedRound: number
  /** When it becomes (or became) final, unix ms. */
  finalAt: number
}

/** The engine's finality as the API names it. */
const STATE_OF: Readonly<Record<Finality, OutcomeState>> = {
  [Finality.FINALITY_UNSPECIFIED]: 'provisional',
  [Finality.PROVISIONAL]: 'provisional',
  [Finality.CERTIFIED]: 'certified',
  [Finality.FINAL]: 'final',
}

/** The outcome view of a task, or undefined when unknown (the engine says how settled it is). */
export function outcomeOf(engine: Engine, taskHex: string): OutcomeView | undefined {
  const outcome = taskOutcome(engine, fromHex(taskHex))
  if (outcome === undefined) return undefined
  return {
    state: STATE_OF[outcome.finality],
    root: toHex(outcome.root),
    includedIds: outcome.includedIds.map(toHex),
    certifiedRound: outcome.certifiedRound,
    finalAt: outcome.finalAt,
  }
}
