/**
 * Scheduled backups (DESIGN §7): a full backup into `<backupDir>/backup-<time>-full` every
 * `intervalMs`, keeping the newest `keep` (the store's backup and rotation), optionally encrypted
 * with a backup key file. The backup dir lives outside the data dir by default.
 */
import { type BackupStats, listBackups, readBackupKeyFile, type StateStore } from '@aimesh/store'
import { type BaseComponents, every, type Service } from './service.js'

/** The newest backup, as /health shows it. */
export interface BackupStatus {
  dir: string
  at: number
  kind: 'full' | 'incremental'
  entries: number | null
}

/** How backups are scheduled. */
export interface BackupInit {
  dir: string
  /** 0: no schedule (backups only on demand). */
  intervalMs: number
  keep: number
  keyFile?: string
}

/** See the file comment. */
export class BackupService implements Service {
  readonly name = 'backups'
  readonly #c: BaseComponents & { store: () => StateStore }
  readonly #init: BackupInit
  #loop: ReturnType<typeof every> | null = null
  #last: BackupStatus | null = null
  #key: Uint8Array | undefined
  #running: Promise<BackupStats> | null = null

  constructor(components: BaseComponents & { store: () => StateStore }, init: BackupInit) {
    this.#c = components
    this.#init = init
  }

  /** The newest backup, or null when there is none. */
  get last(): BackupStatus | null {
    return this.#last
  }

  async start(): Promise<void> {
    if (this.#init.keyFile !== undefined) this.#key = await readBackupKeyFile(this.#init.keyFile)
    const [newest] = await listBackups(this.#init.dir)
    if (newest !== undefined)
      this.#last = {
        dir: newest.dir,
        at: newest.manifest.createdAt,
        kind: newest.manifest.kind,
        entries: null,
      }
    if (this.#init.intervalMs === 0) return
    this.#loop = every(
      this.#init.intervalMs,
      this.#c.signal,
      async () => void (await this.backup()),
      (err) => this.#c.logger.error({ err }, 'scheduled backup failed'),
    )
  }

  async stop(): Promise<void> {
    await this.#loop?.idle()
    await this.#running?.catch(() => undefined)
  }

  /** Takes a full backup now and rotates old ones (one at a time). */
  async backup(): Promise<BackupStats> {
    while (this.#running !== null) await this.#running.catch(() => undefined)
    const run = this.#c.store().backupInto(this.#init.dir, {
      keep: this.#init.keep,
      now: this.#c.clock.now(),
      ...(this.#key === undefined ? {} : { key: this.#key }),
    })
    this.#running = run
    try {
      const stats = await run
      this.#last = {
        dir: stats.dir,
        at: stats.manifest.createdAt,
        kind: stats.manifest.kind,
        entries: stats.entries,
      }
      this.#c.logger.info({ dir: stats.dir, entries: stats.entries, bytes: stats.bytes }, 'backup written')
      return stats
    } finally {
      this.#running = null
    }
  }
}
