/** Backup and restore targets must be fresh: never overwrite a backup or a live data dir. */
import { readdir } from 'node:fs/promises'
import { StoreError } from '../errors.js'

/** True when `dir` does not exist or is an empty directory. */
export async function isFreshDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true
    throw err
  }
}

/** Throws TARGET_NOT_EMPTY unless `dir` is fresh. */
export async function assertFreshDir(dir: string, what: string): Promise<void> {
  if (!(await isFreshDir(dir)))
    throw new StoreError('TARGET_NOT_EMPTY', `${what} ${dir} is not empty; choose a new or empty directory`)
}
