/**
 * Disaster recovery (DESIGN §7): restore the newest backup that verifies (with the incrementals
 * built on it) into a fresh data dir, start the node, sync the rest from peers, compare the state
 * root with the roots peers report, and say what came from where.
 */
import { readdir, rename } from 'node:fs/promises'
import {
  type BackupListing,
  listBackups,
  readBackupKeyFile,
  restoreBackup,
  verifyBackup,
} from '@aimesh/store'
import { loadConfig } from './config.js'
import { NodeError } from './errors.js'
import { type AimeshNode, createNode, type NodeOptions } from './node.js'

/** How to recover. */
export interface RecoverOptions extends NodeOptions {
  /** Move a non-empty data dir aside (`<dataDir>.before-recover-<time>`) instead of refusing. */
  moveAside?: boolean
  /** How long to wait for a first peer before syncing (default 30 s). */
  peerTimeoutMs?: number
  /** Called with each step, for progress output. */
  onStep?: (step: string) => void
}

/** What recovery did (printed by `aimesh recover`). */
export interface RecoveryReport {
  dataDir: string
  movedAside: string | null
  /** The backup restored, or null when none verified (everything then comes from peers). */
  backup: {
    dir: string
    id: string
    createdAt: number
    entries: number
    incrementals: number
    skipped: { dir: string; problem: string }[]
  } | null
  /** The state right after the restore. */
  fromBackup: { messages: number; tasks: number; stateRoot: string }
  /** What each peer contributed in the sync pass. */
  fromPeers: { peerId: string; tasks: number; messages: number }[]
  /** The state at the end. */
  final: { messages: number; tasks: number; stateRoot: string; derivedDigest: string }
  /** The roots peers report. */
  peerRoots: { peerId: string; stateRoot: string }[]
  /** True when every peer reports our root, false when one differs, null with no peer to ask. */
  rootsMatch: boolean | null
}

async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true
    throw err
  }
}

/** Recovers a node's data dir (see the file comment). The node is stopped again at the end. */
export async function recover(options: RecoverOptions = {}): Promise<RecoveryReport> {
  const step = options.onStep ?? (() => {})
  const config = await loadConfig({
    options: { ...options.config, ...(options.home === undefined ? {} : { home: options.home }) },
    ...(options.env === undefined ? {} : { env: options.env }),
  })
  let movedAside: string | null = null
  if (!(await isEmptyDir(config.dataDir))) {
    if (options.moveAside !== true)
      throw new NodeError(
        'BAD_INPUT',
        `data dir ${config.dataDir} is not empty; recovery restores into a fresh one: move it away (or pass --move-aside)`,
        'dataDir',
      )
    movedAside = `${config.dataDir}.before-recover-${new Date().toISOString().replace(/[:.]/g, '-')}`
    await rename(config.dataDir, movedAside)
    step(`moved the old data dir to ${movedAside}`)
  }

  const key = config.backup.keyFile === undefined ? undefined : await readBackupKeyFile(config.backup.keyFile)
  const all = await listBackups(config.backupDir)
  const skipped: { dir: string; problem: string }[] = []
  let chosen: { full: BackupListing; incrementals: string[] } | null = null
  for (const full of all.filter((b) => b.manifest.kind === 'full')) {
    const check = await verifyBackup(full.dir, key === undefined ? {} : { key })
    if (!check.ok) {
      skipped.push({ dir: full.dir, problem: check.problems.map((p) => p.message).join('; ') })
      continue
    }
    const incrementals: string[] = []
    const built = all
      .filter((b) => b.manifest.kind === 'incremental' && b.manifest.base?.id === full.manifest.id)
      .sort((x, y) => x.manifest.createdAt - y.manifest.createdAt)
    for (const inc of built) {
      const c = await verifyBackup(inc.dir, key === undefined ? {} : { key })
      if (!c.ok) {
        skipped.push({ dir: inc.dir, problem: c.problems.map((p) => p.message).join('; ') })
        break
      }
      incrementals.push(inc.dir)
    }
    chosen = { full, incrementals }
    break
  }
  let backup: RecoveryReport['backup'] = null
  if (chosen !== null) {
    step(`restoring ${chosen.full.dir}`)
    const stats = await restoreBackup(chosen.full.dir, config.dataDir, {
      ...(key === undefined ? {} : { key }),
      incrementals: chosen.incrementals,
    })
    backup = {
      dir: chosen.full.dir,
      id: chosen.full.manifest.id,
      createdAt: chosen.full.manifest.createdAt,
      entries: stats.entries,
      incrementals: stats.incrementalsApplied,
      skipped,
    }
  } else step('no backup verifies: everything will come from peers')

  const node = await createNode({ ...options, config: { ...options.config, api: { enabled: false } } })
  await node.start()
  try {
    const fromBackup = counts(node)
    let fromPeers: RecoveryReport['fromPeers'] = []
    let peerRoots: RecoveryReport['peerRoots'] = []
    const network = node.network
    if (network !== null) {
      step('waiting for peers')
      const until = Date.now() + (options.peerTimeoutMs ?? 30_000)
      while (network.peers().length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100))
      step('syncing from peers')
      fromPeers = (await network.syncNow()).peers
      peerRoots = await network.peerRoots()
    }
    const final = { ...counts(node), derivedDigest: node.queries.roots().derivedDigest }
    return {
      dataDir: config.dataDir,
      movedAside,
      backup,
      fromBackup,
      fromPeers,
      final,
      peerRoots,
      rootsMatch: peerRoots.length === 0 ? null : peerRoots.every((p) => p.stateRoot === final.stateRoot),
    }
  } finally {
    await node.stop()
  }
}

function counts(node: AimeshNode): { messages: number; tasks: number; stateRoot: string } {
  const s = node.queries.status()
  return { messages: s.messages as number, tasks: s.tasks as number, stateRoot: s.stateRoot as string }
}
