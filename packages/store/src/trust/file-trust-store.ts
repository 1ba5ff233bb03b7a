import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { BaseTrustStore } from './base-trust-store.js'
import type { TrustBatch } from './batch.js'
import { ioError, TrustStoreError } from './errors.js'
import { DirectoryLock } from './file-lock.js'
import { atomicWriteFile } from './fs-util.js'
import { CURRENT_TRUST_SCHEMA_VERSION, parseTrustDocument, type TrustDocument } from './migrations.js'
import { TrustState } from './state.js'
import type { ListUpdatesOptions, TrustCounts, TrustScore, TrustUpdate } from './trust-store.js'

/** The single data file of the file backend; scores and updates share it so one rename commits both. */
export const TRUST_DATA_FILE = 'trust.json'

interface FileContents {
  state: TrustState
  lastBackupAt: number | null
}

/**
 * Trust store in one human-readable JSON file per directory, rewritten by write-then-rename on
 * every commit (so cost grows with the data: meant for small deployments), guarded by a lock file.
 */
export class FileTrustStore extends BaseTrustStore {
  readonly backend = 'file' as const
  private readonly file: string

  private constructor(
    readonly dir: string,
    private readonly lock: DirectoryLock,
    private contents: FileContents,
  ) {
    super(dir)
    this.file = join(dir, TRUST_DATA_FILE)
  }

  /** Opens (creating if needed) the store in `dir`, locking it and migrating old data. */
  static async open(dir: string): Promise<FileTrustStore> {
    try {
      await mkdir(dir, { recursive: true })
    } catch (err) {
      throw ioError(`creating trust store directory ${dir}`, err)
    }
    const lock = await DirectoryLock.acquire(dir)
    try {
      await removeStaleTemps(dir)
      const contents = await load(dir)
      return new FileTrustStore(dir, lock, contents)
    } catch (err) {
      await lock.release()
      throw err
    }
  }

  private async persist(contents: FileContents): Promise<void> {
    await writeContents(this.file, contents)
    this.contents = contents
  }

  protected async readScore(account: string): Promise<TrustScore | undefined> {
    return this.contents.state.getScore(account)
  }

  protected async readAllScores(): Promise<TrustScore[]> {
    return this.contents.state.listScores()
  }

  protected async readUpdates(account: string, options: ListUpdatesOptions): Promise<TrustUpdate[]> {
    return this.contents.state.listUpdates(account, options)
  }

  protected async readCounts(): Promise<TrustCounts> {
    return { scores: this.contents.state.scoreCount, updates: this.contents.state.updateCount }
  }

  protected async writeBatch(batch: TrustBatch): Promise<void> {
    await this.persist({ ...this.contents, state: this.contents.state.applied(batch) })
  }

  protected async removeUpdatesBefore(cutoff: number): Promise<number> {
    const { state, removed } = this.contents.state.withoutUpdatesBefore(cutoff)
    if (removed > 0) await this.persist({ ...this.contents, state })
    return removed
  }

  protected async readDocument(): Promise<TrustDocument> {
    return this.contents.state.toDocument()
  }

  protected async replaceDocument(doc: TrustDocument): Promise<void> {
    await this.persist({ ...this.contents, state: TrustState.fromDocument(doc) })
  }

  protected async readLastBackupAt(): Promise<number | null> {
    return this.contents.lastBackupAt
  }

  protected async writeLastBackupAt(at: number): Promise<void> {
    await this.persist({ ...this.contents, lastBackupAt: at })
  }

  protected async measureSize(): Promise<number> {
    return (await stat(this.file)).size
  }

  protected async closeBackend(): Promise<void> {
    await this.lock.release()
  }
}

async function writeContents(file: string, contents: FileContents): Promise<void> {
  const body = { ...contents.state.toDocument(), lastBackupAt: contents.lastBackupAt }
  try {
    await atomicWriteFile(file, `${JSON.stringify(body, null, 2)}\n`)
  } catch (err) {
    throw ioError(`writing ${file}`, err)
  }
}

/** Reads the data file (creating it when absent), migrating older schemas in one rename. */
async function load(dir: string): Promise<FileContents> {
  const file = join(dir, TRUST_DATA_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(`reading ${file}`, err)
    const fresh: FileContents = { state: TrustState.empty(), lastBackupAt: null }
    await writeContents(file, fresh)
    return fresh
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new TrustStoreError(
      'DATA_CORRUPT',
      `${file} is not valid JSON; restore a trust backup into ${dir} or move the file aside`,
      { cause: err },
    )
  }
  const doc = parseTrustDocument(value, file)
  const raw = value as { schemaVersion: number; lastBackupAt?: unknown }
  const lastBackupAt = typeof raw.lastBackupAt === 'number' ? raw.lastBackupAt : null
  const contents: FileContents = { state: TrustState.fromDocument(doc), lastBackupAt }
  if (raw.schemaVersion < CURRENT_TRUST_SCHEMA_VERSION) await writeContents(file, contents)
  return contents
}

/** Deletes temp files a crashed writer left behind; safe because we hold the lock. */
async function removeStaleTemps(dir: string): Promise<void> {
  const prefix = `.${TRUST_DATA_FILE}.`
  for (const name of await readdir(dir)) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) await rm(join(dir, name), { force: true })
  }
}
