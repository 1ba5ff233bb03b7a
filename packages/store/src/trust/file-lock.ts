import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { ioError, TrustStoreError } from './errors.js'
import { writeNewFileSynced } from './fs-util.js'

/** Name of the lock file the file backend creates in its directory. */
export const TRUST_LOCK_FILE = 'trust.lock'

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else, so it still holds the lock.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readHolder(path: string): Promise<number | undefined> {
  try {
    const text = (await readFile(path, 'utf8')).trim()
    return /^\d+$/.test(text) ? Number(text) : undefined
  } catch {
    return undefined
  }
}

/**
 * An exclusive claim on a directory: a lock file created with O_EXCL holding our pid. A lock
 * left by a dead process is taken over. Two processes taking over the same stale lock in the
 * same instant could both succeed; that needs a crash plus a race, and is accepted.
 */
export class DirectoryLock {
  private released = false

  private constructor(readonly path: string) {}

  /** Claims `dir`, or throws LOCKED naming the directory and the holder. */
  static async acquire(dir: string): Promise<DirectoryLock> {
    const path = join(dir, TRUST_LOCK_FILE)
    for (let attempt = 0; ; attempt++) {
      try {
        await writeNewFileSynced(path, `${process.pid}\n`)
        return new DirectoryLock(path)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError(`creating lock file ${path}`, err)
      }
      const holder = await readHolder(path)
      if (holder === undefined) {
        throw new TrustStoreError(
          'LOCKED',
          `trust store directory ${dir} is locked (lock file ${path} has no readable pid). ` +
            'If no aimesh process is using it, delete the lock file and retry.',
        )
      }
      if (isAlive(holder) || attempt > 0) {
        throw new TrustStoreError(
          'LOCKED',
          `trust store directory ${dir} is in use by process ${holder} (lock file ${path}). ` +
            'Stop that process or use another data directory; only one process may open it.',
        )
      }
      await rm(path, { force: true })
    }
  }

  /** Removes the lock file; idempotent. */
  async release(): Promise<void> {
    if (this.released) return
    this.released = true
    await rm(this.path, { force: true })
  }
}
