/**
 * Who signs checkpoints (DESIGN §5.6, §5.11), with real nodes on 127.0.0.1: each node holds one
 * validator of a three-validator genesis (the third is held by nobody), so only the two nodes'
 * own CheckpointVotes, exchanged over the network, reach ⅔ of the weight. During epoch e+1 after
 * the checkpoint delay both sign the checkpoint the engine computes; it certifies on both nodes
 * and fixes epoch e+2's validator set; the next epoch does the same on top of that set. A node that
 * was down when its peer voted votes once it is back and has synced, and then the checkpoint
 * certifies.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { type AimeshNode, init, Keystore, makeGenesis, TESTNET_PARAMS, testnetAccount } from '../src/index.js'
import { collect, TestClock, tempDir, testNode, waitFor } from './helpers/home.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const SEED = 'checkpoint-test'
const EPOCH = TESTNET_PARAMS.epochMs!
const DELAY = TESTNET_PARAMS.checkpointDelayMs!
const ROUND = TESTNET_PARAMS.roundMs!
const validators = [0, 1, 2].map((i) => testnetAccount(SEED, i))
const hexKey = (i: number) => Buffer.from(validators[i]!.publicKey).toString('hex')

interface Checkpoint {
  epoch: number
  digest: string
  certified: boolean
  winner: boolean
  voters: { voter: string }[]
  content: { validators: { account: string; weight: number }[] }
}

const certifiedOf = (node: AimeshNode, epoch: number) =>
  (node.queries.checkpoints() as unknown as Checkpoint[]).find((c) => c.epoch === epoch && c.winner)

/** A home holding validator `index` only, on a genesis whose epoch 1 starts at `start`. */
async function home(start: number, index: number): Promise<string> {
  const { dir, cleanup } = await tempDir('aimesh-ckpt-')
  cleanups.push(cleanup)
  const genesis = makeGenesis({
    networkId: 'ckpttest',
    genesisTime: start - EPOCH,
    preTrustedValidators: validators.map((_, i) => hexKey(i)),
    params: TESTNET_PARAMS,
  })
  const r = await init({ home: dir, genesis: genesis.genesis, account: false })
  const ks = await Keystore.open(r.config.keystoreDir)
  await ks.add(`validator${index}`, validators[index]!, ['validator'])
  return dir
}

async function startNode(dir: string, clock: TestClock, bootstrap: string[] = []): Promise<AimeshNode> {
  const node = await testNode(dir, clock, {
    api: { enabled: false },
    network: { enabled: true, listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap, loopback: true },
  })
  cleanups.push(() => node.stop())
  await node.start()
  return node
}

describe('checkpoints signed by the nodes themselves', () => {
  it('certify from the nodes’ own votes and fix the next epochs’ validator sets', async () => {
    const start = Date.now()
    const clock = new TestClock(start)
    const a = await startNode(await home(start, 0), clock)
    const address = a.network!.addresses().find((x) => x.includes('127.0.0.1'))!
    const homeB = await home(start, 1)
    let b = await startNode(homeB, clock, [address])
    await waitFor(() => a.network!.meshPeers() > 0 && b.network!.meshPeers() > 0, 'gossip meshes', 20_000)
    const votesA = collect(a, 'accepted')

    // Epoch 1, past the checkpoint delay: both nodes sign the checkpoint naming epoch 2.
    clock.advance(DELAY + 1_000)
    const [c2a, c2b] = await waitFor(
      () => {
        const x = certifiedOf(a, 2)
        const y = certifiedOf(b, 2)
        return x !== undefined && y !== undefined ? [x, y] : undefined
      },
      'the epoch-2 checkpoint certified on both nodes',
      30_000,
    )
    expect(c2a.digest).toBe(c2b.digest)
    // Exactly the two nodes' validators voted; the third validator (held by nobody) did not.
    expect(c2a.voters.map((v) => v.voter).sort()).toEqual([hexKey(0), hexKey(1)].sort())
    // Node a signed its own vote and heard b's over the network.
    const heard = await waitFor(() => {
      const v = votesA.filter((e) => e.kind === 'CheckpointVote')
      return v.length >= 2 ? v : undefined
    }, 'both checkpoint votes on node a')
    expect(heard.find((e) => e.signer === hexKey(0))?.source).toBe('local')
    expect(['gossip', 'sync']).toContain(heard.find((e) => e.signer === hexKey(1))?.source)
    // Epoch 2's set is the one the checkpoint names, on both nodes.
    for (const n of [a, b]) {
      const set = n.queries.validatorSet(2)
      expect(set.checkpoint).toBe(c2a.digest)
      expect(set.validators.map((v) => [v.account, v.weight]).sort()).toEqual(
        c2a.content.validators.map((v) => [v.account, v.weight]).sort(),
      )
    }

    // Node b goes down; in epoch 2 past the delay node a votes alone: a third of the weight, and
    // nothing certifies, not even a round later.
    await b.stop()
    clock.advance(EPOCH)
    await waitFor(() => a.queries.checkpoints().some((c) => c.epoch === 3), 'node a’s epoch-3 vote')
    clock.advance(ROUND)
    await new Promise((r) => setTimeout(r, 300))
    const alone = (a.queries.checkpoints() as unknown as Checkpoint[]).filter((c) => c.epoch === 3)
    expect(alone).toHaveLength(1)
    expect(alone[0]!.certified).toBe(false)
    expect(alone[0]!.voters.map((v) => v.voter)).toEqual([hexKey(0)])

    // Back up, b syncs and votes in the current round: the checkpoint certifies and fixes epoch 3.
    b = await testNode(homeB, clock, {
      api: { enabled: false },
      network: { enabled: true, listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [address], loopback: true },
    })
    cleanups.push(() => b.stop())
    await b.start()
    const [c3a] = await waitFor(
      () => {
        const x = certifiedOf(a, 3)
        const y = certifiedOf(b, 3)
        return x !== undefined && y !== undefined ? [x, y] : undefined
      },
      'the epoch-3 checkpoint certified on both nodes',
      30_000,
    )
    expect(c3a.voters.map((v) => v.voter).sort()).toEqual([hexKey(0), hexKey(1)].sort())
    for (const n of [a, b]) expect(n.queries.validatorSet(3).checkpoint).toBe(c3a.digest)
    expect(a.queries.roots()).toEqual(b.queries.roots())
  }, 120_000)
})
