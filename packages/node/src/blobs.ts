/**
 * Task input blobs (DESIGN §4): content-addressed by sha256 (`inputHash`), kept as files
 * `<blobDir>/<hash>` by the publisher's node, which serves them.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sha256, toHex } from '@aimesh/protocol'
import { writeFileAtomic } from './fs-atomic.js'

/** Largest task input a node accepts (16 MiB). */
export const MAX_BLOB_BYTES = 16 * 1024 * 1024

/** A directory of blobs by hash. */
export class BlobStore {
  constructor(readonly dir: string) {}

  /** Stores `bytes` and returns their hash (hex). */
  async put(bytes: Uint8Array): Promise<string> {
    if (bytes.length > MAX_BLOB_BYTES)
      throw new RangeError(`input is ${bytes.length} bytes, above ${MAX_BLOB_BYTES}`)
    const hash = toHex(sha256(bytes))
    await writeFileAtomic(join(this.dir, hash), bytes, 0o644)
    return hash
  }

  /** The blob with this hash, or undefined; a file whose bytes do not hash to its name is not served. */
  async get(hash: string): Promise<Uint8Array | undefined> {
    if (!/^[0-9a-f]{64}$/.test(hash)) return undefined
    try {
      const bytes = new Uint8Array(await readFile(join(this.dir, hash)))
      return toHex(sha256(bytes)) === hash ? bytes : undefined
    } catch {
      return undefined
    }
  }
}
