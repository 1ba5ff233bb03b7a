/**
 * Who the testnet's bots are (DESIGN §1, §6): publishers, honest miners, dishonest miners
 * (copying, near-copying, too fast, colluding with a validator) and validators (honest, one
 * colluding, one equivocating), each with a key derived from the seed and a home node whose
 * keystore holds it. Validators are the genesis's pre-trusted set.
 */
import { deriveSeed } from '../layout.js'

export type BotRole = 'publisher' | 'miner' | 'validator'

/** How a bot behaves; each dishonest kind maps to one of the engine's fraud signals. */
export type Behaviour = 'honest' | 'copier' | 'near-copier' | 'too-fast' | 'colluder' | 'equivocator'

export interface BotAccount {
  /** Keystore account name on its node, e.g. `miner-copier-0`. */
  name: string
  role: BotRole
  behaviour: Behaviour
  /** Index of the node whose keystore holds it and whose API it acts through. */
  node: number
  /** 32-byte ed25519 seed, from the testnet seed and the name. */
  keySeed: Uint8Array
}

/** Honest validators beyond the two dishonest ones; at least four honest so ≥ 60 % of the weight agrees. */
const HONEST_VALIDATORS = 4
const HONEST_MINERS = 4
const PUBLISHERS = 2
const DISHONEST_MINERS: Behaviour[] = ['copier', 'near-copier', 'too-fast', 'colluder']
const DISHONEST_VALIDATORS: Behaviour[] = ['colluder', 'equivocator']

/** The roster for a testnet of `nodes` nodes: a pure function of the seed, so runs repeat. */
export function roster(seed: string, nodes: number): BotAccount[] {
  const out: BotAccount[] = []
  const add = (role: BotRole, behaviour: Behaviour, n: number) => {
    const name = `${role}-${behaviour === 'honest' ? '' : `${behaviour}-`}${n}`
    out.push({ name, role, behaviour, node: out.length % nodes, keySeed: deriveSeed(seed, name) })
  }
  // Validators first so they spread over the nodes: every node then casts votes (DESIGN §5.11).
  for (let i = 0; i < Math.max(HONEST_VALIDATORS, nodes); i++) add('validator', 'honest', i)
  for (const b of DISHONEST_VALIDATORS) add('validator', b, 0)
  for (let i = 0; i < PUBLISHERS; i++) add('publisher', 'honest', i)
  for (let i = 0; i < HONEST_MINERS; i++) add('miner', 'honest', i)
  for (const b of DISHONEST_MINERS) add('miner', b, 0)
  return out
}
