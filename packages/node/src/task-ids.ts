/** Which task a message belongs to (the zero id for account-level messages), for events and views. */
import type { Engine } from '@aimesh/engine'
import type { AnySignedMessage } from '@aimesh/protocol'

/** The hex task id a message belongs to: the engine's filing rule (Engine.taskOf, DESIGN §5.2). */
export function taskHexOf(engine: Engine, msg: AnySignedMessage): string {
  return engine.taskOf(msg)
}
