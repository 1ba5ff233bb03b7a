/**
 * A task's outcome state (DESIGN §5.5): provisional until a certificate holds, certified once one
 * does, final once the last vote round's window has closed (nothing can then change it).
 */
import { type Engine, getTask, taskOutcome } from '@aimesh/engine'
import { fromHex, toHex } from '@aimesh/protocol'
import type { OutcomeState } from './events.js'

/** The outcome a node holds for a task: its state and root (hex). */
export interface OutcomeView {
  state: OutcomeState
  /** The certified root, else the root this node would vote for. */
  root: string
  /** Ids (hex) the root covers. */
  includedIds: string[]
}

/** When the last vote round of a task closes (unix ms). */
export function lastRoundEnd(engine: Engine, validationDeadline: number): number {
  const p = engine.genesis.params
  return validationDeadline + p.maxRounds * p.roundMs
}

/** The outcome view of a task, or undefined when unknown. */
export function outcomeOf(engine: Engine, taskHex: string): OutcomeView | undefined {
  const id = fromHex(taskHex)
  const record = getTask(engine, id)
  const outcome = taskOutcome(engine, id)
  if (record === undefined || outcome === undefined) return undefined
  const certified = record.certifiedRoot.length > 0
  const final = certified && engine.clock >= lastRoundEnd(engine, record.validationDeadline)
  return {
    state: final ? 'final' : certified ? 'certified' : 'provisional',
    root: toHex(certified ? record.certifiedRoot : outcome.root),
    includedIds: outcome.includedIds.map(toHex),
  }
}
