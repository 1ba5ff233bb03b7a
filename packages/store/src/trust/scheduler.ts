import { nextTrustBackupDir, rotateTrustBackups, type TrustBackupManifest } from './backup.js'
import type { TrustStore, TrustUpdate } from './trust-store.js'

/** A single update moving trust by at least this much triggers a backup (seed BackupConfig: 0.1). */
export const SIGNIFICANT_TRUST_DELTA = 0.1
/** Default time between backups (seed BackupConfig: 24 hours). */
export const DEFAULT_TRUST_BACKUP_INTERVAL_MS = 24 * 60 * 60 * 1000
/** Default number of updates since the last backup that triggers another. */
export const DEFAULT_TRUST_BACKUP_EVERY_UPDATES = 1000
/**
 * Default minimum time between change-triggered backups ('significant-change', 'update-count').
 * Without it a burst of significant updates takes a backup per update and rotation deletes every
 * older backup within seconds. A change inside the spacing is backed up when it ends.
 */
export const MIN_CHANGE_BACKUP_INTERVAL_MS = 60_000
/** Default number of scheduler backups kept; older ones are deleted. */
export const DEFAULT_TRUST_BACKUPS_KEPT = 7

/** What started a backup. */
export type TrustBackupReason = 'interval' | 'significant-change' | 'update-count' | 'manual'

/** A backup the scheduler took. */
export interface ScheduledTrustBackup {
  dir: string
  reason: TrustBackupReason
  manifest: TrustBackupManifest
}

/** Tuning for {@link TrustBackupScheduler}. */
export interface TrustBackupSchedulerOptions {
  /** Directory holding the rotated backups (one subdirectory each). */
  dir: string
  intervalMs?: number
  /** |delta| at or above this triggers a backup; Infinity disables. */
  significantDelta?: number
  /** This many updates since the last backup trigger one; 0 disables. */
  updatesPerBackup?: number
  /** Newest backups kept. */
  keep?: number
  /** Minimum time between change-triggered backups (timer and manual backups ignore it); 0 disables. */
  minChangeIntervalMs?: number
  /** Clock for backup names; tests pass their own. */
  now?: () => number
  onBackup?: (backup: ScheduledTrustBackup) => void
  /** Called when a scheduled backup fails; the scheduler keeps running. */
  onError?: (err: unknown) => void
}

/** Backs a trust store up on a timer and on significant change, keeping the newest K backups. */
export class TrustBackupScheduler {
  private readonly intervalMs: number
  private readonly significantDelta: number
  private readonly updatesPerBackup: number
  private readonly keep: number
  private readonly minChangeIntervalMs: number
  private readonly now: () => number
  private timer: NodeJS.Timeout | undefined
  /** Runs while change-triggered backups must wait (since the last one started). */
  private cooldown: NodeJS.Timeout | undefined
  /** A change that arrived during the cooldown; backed up when it ends. */
  private deferred: TrustBackupReason | undefined
  private unsubscribe: (() => void) | undefined
  private updatesSinceBackup = 0
  private running: Promise<void> | undefined
  private pending: TrustBackupReason | undefined
  /** The most recent backup taken, if any. */
  lastBackup: ScheduledTrustBackup | undefined
  /** The most recent scheduled-backup failure, if any. */
  lastError: unknown

  /** Prepares a scheduler for `store`; nothing runs until start(). */
  constructor(
    private readonly store: TrustStore,
    private readonly options: TrustBackupSchedulerOptions,
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_TRUST_BACKUP_INTERVAL_MS
    this.significantDelta = options.significantDelta ?? SIGNIFICANT_TRUST_DELTA
    this.updatesPerBackup = options.updatesPerBackup ?? DEFAULT_TRUST_BACKUP_EVERY_UPDATES
    this.keep = Math.max(1, options.keep ?? DEFAULT_TRUST_BACKUPS_KEPT)
    this.minChangeIntervalMs = Math.max(0, options.minChangeIntervalMs ?? MIN_CHANGE_BACKUP_INTERVAL_MS)
    this.now = options.now ?? Date.now
    if (!(this.intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${this.intervalMs}`)
  }

  /** True between start() and stop(). */
  get started(): boolean {
    return this.timer !== undefined
  }

  /** Starts the timer and the change watch; idempotent. */
  start(): void {
    if (this.timer) return
    // unref: a pending backup must never keep the process alive on its own.
    this.timer = setInterval(() => this.trigger('interval'), this.intervalMs).unref()
    this.unsubscribe = this.store.onUpdates((updates) => this.observe(updates))
  }

  /** Stops scheduling and waits for a backup in progress to finish. */
  async stop(): Promise<void> {
    clearInterval(this.timer)
    this.timer = undefined
    clearTimeout(this.cooldown)
    this.cooldown = undefined
    this.deferred = undefined
    this.unsubscribe?.()
    this.unsubscribe = undefined
    this.pending = undefined
    await this.idle()
  }

  /** Resolves once no scheduled backup is running. */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  /** Takes a backup now (after any running one) and rotates; throws on failure. */
  async runNow(): Promise<ScheduledTrustBackup> {
    await this.idle()
    return this.take('manual')
  }

  private observe(updates: readonly TrustUpdate[]): void {
    this.updatesSinceBackup += updates.length
    if (updates.some((u) => Math.abs(u.delta) >= this.significantDelta)) this.trigger('significant-change')
    else if (this.updatesPerBackup > 0 && this.updatesSinceBackup >= this.updatesPerBackup) {
      this.trigger('update-count')
    }
  }

  private trigger(reason: TrustBackupReason): void {
    if (isChange(reason) && this.cooldown) {
      this.deferred ??= reason
      return
    }
    if (this.running) {
      // Coalesce: one more backup after the current one covers everything that happened meanwhile.
      this.pending ??= reason
      return
    }
    this.running = this.loop(reason).finally(() => {
      this.running = undefined
    })
  }

  private async loop(first: TrustBackupReason): Promise<void> {
    let reason: TrustBackupReason | undefined = first
    while (reason) {
      this.pending = undefined
      if (isChange(reason)) this.startCooldown()
      try {
        await this.take(reason)
      } catch (err) {
        this.lastError = err
        this.options.onError?.(err)
      }
      reason = this.started ? this.pending : undefined
      if (reason !== undefined && isChange(reason) && this.cooldown) {
        this.deferred ??= reason
        reason = undefined
      }
    }
  }

  private startCooldown(): void {
    if (this.minChangeIntervalMs === 0) return
    clearTimeout(this.cooldown)
    // unref: like the interval timer, the spacing must never keep the process alive.
    this.cooldown = setTimeout(() => {
      this.cooldown = undefined
      const reason = this.deferred
      this.deferred = undefined
      if (reason !== undefined && this.started) this.trigger(reason)
    }, this.minChangeIntervalMs).unref()
  }

  private async take(reason: TrustBackupReason): Promise<ScheduledTrustBackup> {
    this.updatesSinceBackup = 0
    const dir = await nextTrustBackupDir(this.options.dir, this.now())
    const manifest = await this.store.backup(dir)
    await rotateTrustBackups(this.options.dir, this.keep)
    const backup = { dir, reason, manifest }
    this.lastBackup = backup
    this.options.onBackup?.(backup)
    return backup
  }
}

function isChange(reason: TrustBackupReason): boolean {
  return reason === 'significant-change' || reason === 'update-count'
}
