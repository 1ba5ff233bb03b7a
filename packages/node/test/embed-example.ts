import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createNode, init } from '@aimesh/node'

/** Embeds a node: a fresh home, no network, one task published and read back. */
export async function main(): Promise<{ taskId: string; status: string; stateRoot: string }> {
  const home = await mkdtemp(join(tmpdir(), 'aimesh-embed-'))
  try {
    // A home with a keystore (one account, "default"), a genesis and an API token.
    await init({ home })
    const node = await createNode({
      home,
      env: {}, // ignore AIMESH_* variables
      network: false, // no libp2p: a node for this process only
      config: { api: { enabled: false }, log: { level: 'warn' } },
    })
    node.events.on('task-status', (e) => console.log(`task ${e.taskId.slice(0, 8)}: ${e.from} → ${e.to}`))
    await node.start()
    try {
      await node.actions.profile({ account: 'default', publisher: true })
      const { id } = await node.actions.publishTask({
        account: 'default',
        title: 'Summarise this paragraph',
        taskType: 'GENERAL',
        difficulty: 'BEGINNER',
        reward: 1_000_000n,
        input: 'aimesh is a peer-to-peer node for an AI-mining network.',
      })
      const task = node.queries.task(id)
      return { taskId: id, status: String(task.status), stateRoot: node.queries.roots().stateRoot }
    } finally {
      await node.stop()
    }
  } finally {
    await rm(home, { recursive: true, force: true })
  }
}
