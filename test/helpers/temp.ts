/** Temporary directories for one test file: made under the OS temp dir, all removed by `removeAll`. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Tracks every temp dir a test makes so `afterEach` can remove them all. */
export class TempDirs {
  readonly #dirs: string[] = []

  /** A fresh, empty directory. */
  async make(prefix = 'aimesh-e2e-'): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), prefix))
    this.#dirs.push(dir)
    return dir
  }

  /** Removes every directory made so far. */
  async removeAll(): Promise<void> {
    const dirs = this.#dirs.splice(0)
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
  }
}
