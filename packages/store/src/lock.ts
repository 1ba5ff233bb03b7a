/**
 * Opening the root database. LevelDB's own LOCK file already keeps a second process out; this
 * turns its error into a StoreError('LOCKED') that names the data dir and says what to do.
 */
import { mkdir } from 'node:fs/promises'
import { Level } from 'level'
import type { RootDb } from './columns.js'
import { StoreError } from './errors.js'

interface CodedError {
  code?: unknown
  cause?: unknown
}

/** True when a level open error was caused by another holder of the LOCK file. */
export function isLockedError(err: unknown): boolean {
  const e = err as CodedError | null
  if (e === null || typeof e !== 'object') return false
  if (e.code === 'LEVEL_LOCKED') return true
  const cause = e.cause as CodedError | null | undefined
  return (
    e.code === 'LEVEL_DATABASE_NOT_OPEN' &&
    cause !== null &&
    typeof cause === 'object' &&
    cause.code === 'LEVEL_LOCKED'
  )
}

/** Opens (creating if needed) the LevelDB at `dir` with binary encodings; LOCKED if another process has it. */
export async function openRootDb(dir: string): Promise<RootDb> {
  await mkdir(dir, { recursive: true })
  const db = new Level<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' })
  try {
    await db.open()
  } catch (err) {
    if (isLockedError(err))
      throw new StoreError(
        'LOCKED',
        `data dir ${dir} is in use by another aimesh process (LevelDB LOCK is held); stop that node or choose another --data-dir`,
        { cause: err },
      )
    throw new StoreError('OPEN_FAILED', `could not open the store at ${dir}: ${(err as Error).message}`, {
      cause: err,
    })
  }
  return db
}
