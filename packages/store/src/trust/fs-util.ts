import { randomBytes } from 'node:crypto'
import { open, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** Flushes a directory's entries (new names, renames) to disk; a no-op where dirs cannot be opened. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch (err) {
    // Windows cannot open directories; durability there rests on the file fsync alone.
    const code = (err as NodeJS.ErrnoException).code
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EACCES') throw err
  } finally {
    await handle?.close()
  }
}

/** Creates `path` (failing if it exists), writes `data` and fsyncs it. */
export async function writeNewFileSynced(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'wx', 0o600)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** A unique hidden sibling name for staging a write to `path`. */
export function tempSibling(path: string, tag = 'tmp'): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.${tag}`)
}

/**
 * Replaces `path` with `data` so readers see the old or the new content, never a mix:
 * write a temp file, fsync, rename over, fsync the directory.
 */
export async function atomicWriteFile(path: string, data: string | Uint8Array): Promise<void> {
  const temp = tempSibling(path)
  try {
    await writeNewFileSynced(temp, data)
    await rename(temp, path)
  } catch (err) {
    await rm(temp, { force: true })
    throw err
  }
  await fsyncDir(dirname(path))
}

/** True if something exists at `path`. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw err
  }
}
