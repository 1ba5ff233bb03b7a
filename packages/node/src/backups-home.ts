/**
 * Backups of a home while no node runs in it (DESIGN §7; the CLI's `backup create/list/verify/
 * restore` and `repair`): the same store functions the running node's backup service uses, found
 * through the home's config. A running node holds the store's lock: back it up through its API.
 */
import { basename, resolve } from 'node:path'
import { Engine, LevelEngineStore } from '@aimesh/engine'
import { toHex } from '@aimesh/protocol'
import {
  type BackupListing,
  type BackupVerification,
  listBackups as listStoreBackups,
  type RestoreStats,
  readBackupKeyFile,
  restoreBackup as restoreStoreBackup,
  StateStore,
  verifyBackup as verifyStoreBackup,
} from '@aimesh/store'
import { loadConfig, type NodeConfig, type NodeConfigInput } from './config.js'
import { NodeError } from './errors.js'
import { loadGenesisFile } from './genesis-file.js'

/** Which home (and config layers) an offline backup function works on. */
export interface HomeOptions {
  home?: string
  config?: NodeConfigInput
  env?: NodeJS.ProcessEnv
  /** Called with (done, total) steps, for a progress bar. */
  onProgress?: (done: number, total: number) => void
}

/** A backup as listed. */
export interface BackupSummary {
  id: string
  dir: string
  kind: 'full' | 'incremental'
  createdAt: number
  createdAtIso: string
  encrypted: boolean
  base: string | null
  entries: number
}

async function configOf(o: HomeOptions): Promise<NodeConfig> {
  return loadConfig({
    options: { ...o.config, ...(o.home === undefined ? {} : { home: o.home }) },
    ...(o.env === undefined ? {} : { env: o.env }),
  })
}

async function keyOf(config: NodeConfig): Promise<{ key?: Uint8Array }> {
  return config.backup.keyFile === undefined ? {} : { key: await readBackupKeyFile(config.backup.keyFile) }
}

function summary(b: BackupListing): BackupSummary {
  const m = b.manifest
  return {
    id: m.id,
    dir: b.dir,
    kind: m.kind,
    createdAt: m.createdAt,
    createdAtIso: m.createdAtIso,
    encrypted: m.encrypted,
    base: m.base?.id ?? null,
    entries: m.files.reduce((n, f) => n + f.count, 0),
  }
}

/** Every backup of the home, newest first. */
export async function listBackups(o: HomeOptions = {}): Promise<BackupSummary[]> {
  const config = await configOf(o)
  return (await listStoreBackups(config.backupDir)).map(summary)
}

/** The backup named by id, directory name or path; NO_BACKUP when there is none. */
async function findBackup(config: NodeConfig, ref: string | undefined): Promise<BackupListing> {
  const all = await listStoreBackups(config.backupDir)
  const found =
    ref === undefined
      ? all.find((b) => b.manifest.kind === 'full')
      : all.find((b) => b.manifest.id === ref || basename(b.dir) === ref || b.dir === resolve(ref))
  if (found === undefined)
    throw new NodeError(
      'NO_BACKUP',
      ref === undefined
        ? `no backup in ${config.backupDir}`
        : `no backup "${ref}" in ${config.backupDir}; list them with \`aimesh backup list\``,
      'backup',
    )
  return found
}

/** Writes a full backup of the home's data dir (no node may be running in it). */
export async function createBackup(o: HomeOptions = {}): Promise<BackupSummary & { bytes: number }> {
  const config = await configOf(o)
  o.onProgress?.(0, 1)
  const store = await StateStore.open(config.dataDir)
  try {
    const stats = await store.backupInto(config.backupDir, {
      keep: config.backup.keep,
      ...(await keyOf(config)),
    })
    o.onProgress?.(1, 1)
    return {
      ...summary({ dir: stats.dir, manifest: stats.manifest }),
      entries: stats.entries,
      bytes: stats.bytes,
    }
  } finally {
    await store.close()
  }
}

/** Verifies a backup (the newest full one by default) without changing anything. */
export async function verifyBackup(o: HomeOptions & { backup?: string } = {}): Promise<BackupVerification> {
  const config = await configOf(o)
  const b = await findBackup(config, o.backup)
  return verifyStoreBackup(b.dir, await keyOf(config))
}

/**
 * Restores a full backup (with the incrementals built on it) into `target` (default the home's
 * data dir), which must be empty.
 */
export async function restoreBackup(
  o: HomeOptions & { backup?: string; target?: string } = {},
): Promise<RestoreStats & { backup: string }> {
  const config = await configOf(o)
  const b = await findBackup(config, o.backup)
  if (b.manifest.kind !== 'full')
    throw new NodeError(
      'BAD_INPUT',
      `${b.dir} is an incremental backup; restore the full backup it builds on`,
      'backup',
    )
  const incrementals = (await listStoreBackups(config.backupDir))
    .filter((x) => x.manifest.kind === 'incremental' && x.manifest.base?.id === b.manifest.id)
    .sort((x, y) => x.manifest.createdAt - y.manifest.createdAt)
    .map((x) => x.dir)
  o.onProgress?.(0, 1)
  const stats = await restoreStoreBackup(b.dir, o.target ?? config.dataDir, {
    ...(await keyOf(config)),
    incrementals,
  })
  o.onProgress?.(1, 1)
  return { ...stats, backup: b.dir }
}

/** Rebuilds every derived record and index from the message log (no node may be running). */
export async function repair(o: HomeOptions & { dataDir?: string } = {}): Promise<{
  dataDir: string
  messages: number
  stateRoot: string
  derivedDigest: string
  integrityOk: boolean
}> {
  const config = await configOf(o)
  const { genesis } = await loadGenesisFile(config.genesisFile)
  const dataDir = o.dataDir ?? config.dataDir
  const store = await StateStore.open(dataDir)
  try {
    const engine = await Engine.open({ store: new LevelEngineStore(store), genesis })
    await engine.repair()
    const report = await store.checkIntegrity()
    return {
      dataDir,
      messages: engine.messageCount,
      stateRoot: toHex(engine.stateRoot()),
      derivedDigest: toHex(engine.derivedDigest()),
      integrityOk: report.ok,
    }
  } finally {
    await store.close()
  }
}
