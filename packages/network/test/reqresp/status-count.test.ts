/**
 * `status` counts tasks without building the inventory (reqresp/status.ts): the engine keeps the count.
 * After each chunk of a workload, the status's task count equals the inventory's length, and answering
 * status never asked the engine for its inventory.
 */
import { Engine } from '@aimesh/engine'
import { MemoryEngineStore } from '@aimesh/engine/testing'
import { describe, expect, it } from 'vitest'
import { makeWorkload } from '../../../../test/helpers/node.js'
import type { NetworkEngine } from '../../src/ports.js'
import { localStatus } from '../../src/reqresp/status.js'

const w = makeWorkload({ seed: 29, tasks: 6 })

/** The engine as the network sees it, counting inventory calls. */
function counted(engine: Engine): { port: NetworkEngine; inventories: () => number } {
  let inventories = 0
  const port = new Proxy(engine, {
    get(target, prop) {
      if (prop === 'inventory')
        return (...args: Parameters<Engine['inventory']>) => {
          inventories++
          return target.inventory(...args)
        }
      const value = Reflect.get(target, prop, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  }) as unknown as NetworkEngine
  return { port, inventories: () => inventories }
}

describe('status task count', () => {
  it('equals the inventory length after every write, without building the inventory', async () => {
    const engine = await Engine.open({
      store: new MemoryEngineStore(),
      genesis: w.genesis,
      clock: w.startClock,
      now: () => w.now,
    })
    const { port, inventories } = counted(engine)
    expect(localStatus(port, w.now).tasks).toBe(0)
    const chunk = Math.ceil(w.envelopes.length / 3)
    for (let i = 0; i < w.envelopes.length; i += chunk) {
      await engine.ingestMany(w.envelopes.slice(i, i + chunk), w.now)
      const tasks = localStatus(port, w.now).tasks
      expect(inventories()).toBe(0)
      expect(tasks).toBe(engine.inventory().length)
    }
    // Six tasks and the zero id of account-level messages.
    expect(engine.taskCount).toBe(7)
  })
})
