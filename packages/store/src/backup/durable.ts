/**
 * fsync helpers for backups and restores: a rename is only durable once the renamed files, the
 * directory holding them and the parent holding the new name have all reached the disk.
 */
import { open, readdir } from 'node:fs/promises'
import { join } from 'node:path'

/** Writes a new file (refusing to overwrite one) and fsyncs it before returning. */
export async function writeFileDurable(path: string, data: Uint8Array | string): Promise<void> {
  const fh = await open(path, 'wx')
  try {
    await fh.writeFile(data)
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** fsyncs a file or directory by path. */
export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** fsyncs every regular file directly in `dir`, then `dir` itself. */
export async function fsyncDirTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true }))
    if (entry.isFile()) await fsyncPath(join(dir, entry.name))
  await fsyncPath(dir)
}
