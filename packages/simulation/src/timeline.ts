/**
 * The workload in author-time order (DESIGN §5.3: phases are judged by author time), for driving
 * live nodes — testnet bots publish what `until(now)` returns — or an engine step by step.
 *
 * The generator works task by task (causal order); the timeline buffers what it generated and
 * hands out a message only once nothing still to be generated can be authored before it (the
 * generator's `horizon` events say so). Equal times keep generation order, which is causal, so
 * parents still come before children. A batch never runs past a point where the generator is about
 * to ask the checkpoint source (options.checkpoints): a caller that feeds each batch to its engine
 * before asking for the next lets that engine answer with everything authored before the cut.
 */
import type { AnySignedMessage } from '@aimesh/protocol'
import { type Cast, createCast } from './actors.js'
import type { InvalidMessage } from './adversarial.js'
import { type ResolvedOptions, resolveOptions, type SimulationOptions } from './options.js'
import { boundedEvents, genesisOf, type SimulationGenesis, type WorkloadEvent } from './workload.js'

/** A message waiting in the timeline, with its place in generation order. */
interface Waiting {
  message: AnySignedMessage
  seq: number
}

/** Author time, then generation order. */
const earlier = (a: Waiting, b: Waiting): boolean =>
  a.message.body.timestamp < b.message.body.timestamp ||
  (a.message.body.timestamp === b.message.body.timestamp && a.seq < b.seq)

/** A binary min-heap of waiting messages. */
class WaitingHeap {
  readonly #items: Waiting[] = []

  get size(): number {
    return this.#items.length
  }

  peek(): Waiting | undefined {
    return this.#items[0]
  }

  push(w: Waiting): void {
    const a = this.#items
    a.push(w)
    let i = a.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!earlier(a[i]!, a[parent]!)) break
      ;[a[i], a[parent]] = [a[parent]!, a[i]!]
      i = parent
    }
  }

  pop(): Waiting | undefined {
    const a = this.#items
    const top = a[0]
    const last = a.pop()
    if (a.length > 0 && last !== undefined) {
      a[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < a.length && earlier(a[l]!, a[m]!)) m = l
        if (r < a.length && earlier(a[r]!, a[m]!)) m = r
        if (m === i) break
        ;[a[i], a[m]] = [a[m]!, a[i]!]
        i = m
      }
    }
    return top
  }
}

/** A simulation handed out by author time. */
export class SimulationTimeline {
  readonly options: ResolvedOptions
  readonly cast: Cast
  /** The genesis a network running this workload needs. */
  readonly genesis: SimulationGenesis
  /** Invalid messages generated so far (never handed out by `until`), for hostile bots and tests. */
  readonly invalid: InvalidMessage[] = []
  readonly #events: Generator<WorkloadEvent>
  readonly #waiting = new WaitingHeap()
  #seq = 0
  /** No message still to be generated is authored before this time. */
  #horizon = Number.NEGATIVE_INFINITY
  #done = false

  constructor(options: SimulationOptions = {}) {
    this.options = resolveOptions(options)
    this.cast = createCast(this.options)
    this.genesis = genesisOf(this.options, this.cast)
    this.#events = boundedEvents(this.options, this.cast)
  }

  /**
   * The next messages authored at or before `time`, in author-time order; [] once every such message
   * was handed out. Call again until it returns []: a batch stops where the generator would next
   * ask the checkpoint source, so feed each batch to the source's engine before the next call.
   */
  until(time: number): AnySignedMessage[] {
    for (;;) {
      const batch = this.#ready(time)
      if (batch.length > 0) return batch
      if (this.#done || this.#horizon > time) return []
      this.#pull()
    }
  }

  /** Every message authored at or before `time` (all batches at once; no checkpoint source in between). */
  allUntil(time: number): AnySignedMessage[] {
    const out: AnySignedMessage[] = []
    for (let batch = this.until(time); batch.length > 0; batch = this.until(time)) out.push(...batch)
    return out
  }

  /** Author time of the next message to hand out, or undefined when the workload is over. */
  nextTime(): number | undefined {
    for (;;) {
      const top = this.#waiting.peek()
      if (top !== undefined && (this.#done || top.message.body.timestamp < this.#horizon))
        return top.message.body.timestamp
      if (this.#done) return undefined
      this.#pull()
    }
  }

  /** True when every message was handed out. */
  get finished(): boolean {
    return this.#done && this.#waiting.size === 0
  }

  /** Waiting messages final by the horizon and at or before `time`. */
  #ready(time: number): AnySignedMessage[] {
    const out: AnySignedMessage[] = []
    for (;;) {
      const top = this.#waiting.peek()
      if (top === undefined) break
      const t = top.message.body.timestamp
      if (t > time || (!this.#done && t >= this.#horizon)) break
      out.push(this.#waiting.pop()!.message)
    }
    return out
  }

  /** Pulls one event from the generator. */
  #pull(): void {
    const next = this.#events.next()
    if (next.done === true) {
      this.#done = true
      return
    }
    const e = next.value
    if (e.type === 'message') this.#waiting.push({ message: e.message, seq: this.#seq++ })
    else if (e.type === 'horizon') this.#horizon = Math.max(this.#horizon, e.time)
    else if (e.type === 'invalid') this.invalid.push(e.invalid)
  }
}

/** A timeline over a simulation with these options (see SimulationTimeline). */
export function createTimeline(options: SimulationOptions = {}): SimulationTimeline {
  return new SimulationTimeline(options)
}
