/**
 * Which network a data dir belongs to (DESIGN §1 "join a network", §7): the first start (or
 * `init`) writes the genesis hash into the data dir, and every later start checks it, so a node
 * never mixes one network's history with another genesis. A mismatch is a typed error naming both
 * hashes and what to do.
 */
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { NodeError } from './errors.js'
import { writeFileAtomic } from './fs-atomic.js'

/** The file in the data dir holding the genesis hash it was made with. */
export const DATA_DIR_GENESIS_FILE = 'GENESIS'

/** Details of a genesis/data-dir mismatch (on the error, for scripts). */
export interface GenesisMismatch {
  dataDir: string
  /** The hash the data dir was made with. */
  stored: string
  /** The hash of the genesis the node was given. */
  given: string
}

/** A data dir made with another genesis (see the file comment). */
export class GenesisMismatchError extends NodeError {
  readonly mismatch: GenesisMismatch

  constructor(m: GenesisMismatch) {
    super(
      'GENESIS_MISMATCH',
      `the data dir ${m.dataDir} was made with genesis ${m.stored}, but this node was given genesis ` +
        `${m.given}. Start it with the genesis file that data dir belongs to, or use an empty data ` +
        `dir (another --data-dir, or delete ${m.dataDir}) to join the network of genesis ${m.given}.`,
      'genesis',
    )
    this.name = 'GenesisMismatchError'
    this.mismatch = m
  }
}

/**
 * Binds `dataDir` to the genesis `hash`: writes the hash when the data dir has none yet, and throws
 * GenesisMismatchError when it holds another one.
 */
export async function bindDataDirGenesis(dataDir: string, hash: string): Promise<void> {
  const file = join(dataDir, DATA_DIR_GENESIS_FILE)
  let stored: string | null = null
  try {
    stored = (await readFile(file, 'utf8')).trim()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  if (stored === null || stored === '') {
    await mkdir(dataDir, { recursive: true })
    await writeFileAtomic(file, `${hash}\n`, 0o644)
    return
  }
  if (stored !== hash) throw new GenesisMismatchError({ dataDir, stored, given: hash })
}
