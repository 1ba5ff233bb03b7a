import { readFile, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { ioError, TrustStoreError } from './errors.js'
import { writeNewFileSynced } from './fs-util.js'

/** Name of the lock file the file backend creates in its directory. */
export const TRUST_LOCK_FILE = 'trust.lock'

/**
 * Lock files this process holds or is acquiring (resolved paths). A lock file naming our own pid
 * that is not in here was left by an earlier process that had the same pid — after a container
 * restart pids repeat — so it is stale; one that is in here is a second open in this process.
 */
const HELD_IN_PROCESS = new Set<string>()

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
 * left by a dead process, or by an earlier process that had our pid, is taken over. Two processes taking over the same stale lock in the
 * same instant could both succeed; that needs a crash plus a race, and is accepted.
 */
export class DirectoryLock {
  private released = false

  private constructor(
    readonly path: string,
    private readonly id: string,
  ) {}

  /** Claims `dir`, or throws LOCKED naming the directory and the holder. */
  static async acquire(dir: string): Promise<DirectoryLock> {
    const path = join(dir, TRUST_LOCK_FILE)
    const id = resolve(path)
    if (HELD_IN_PROCESS.has(id)) {
      throw new TrustStoreError(
        'LOCKED',
        `trust store directory ${dir} is already open in this process (pid ${process.pid}, lock file ${path}). ` +
          'Close the other store first; only one store may open it.',
      )
    }
    // Reserved before the lock file exists, so a concurrent open in this process fails above.
    HELD_IN_PROCESS.add(id)
    try {
      return await DirectoryLock.#claim(dir, path, id)
    } catch (err) {
      HELD_IN_PROCESS.delete(id)
      throw err
    }
  }

  static async #claim(dir: string, path: string, id: string): Promise<DirectoryLock> {
    for (let attempt = 0; ; attempt++) {
      try {
        await writeNewFileSynced(path, `${process.pid}\n`)
        return new DirectoryLock(path, id)
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
      // Our own pid, but not a lock this process holds: a previous incarnation's leftover.
      const alive = holder === process.pid ? false : isAlive(holder)
      if (alive || attempt > 0) {
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
    try {
      await rm(this.path, { force: true })
    } finally {
      HELD_IN_PROCESS.delete(this.id)
    }
  }
}
