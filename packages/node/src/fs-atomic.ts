/**
 * Small durable file writes for the node's own files (genesis, config, token, key files, pending
 * reveals): write a temp file with the final mode, fsync, rename over the target, fsync the
 * directory. A crash leaves either the old file or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'

/** Writes `data` to `path` atomically with `mode` (exactly, whatever the umask). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  let created = false
  try {
    const handle = await open(tmp, 'wx', mode)
    created = true
    try {
      await handle.chmod(mode)
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(tmp, path)
    created = false
    await fsyncDir(dirname(path))
  } catch (err) {
    if (created) await unlink(tmp).catch(() => undefined)
    throw err
  }
}

/** Creates a directory (and parents) and sets its mode exactly. */
export async function makeDir(path: string, mode = 0o700): Promise<void> {
  await mkdir(path, { recursive: true, mode })
  await chmod(path, mode)
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic there.
  }
}
