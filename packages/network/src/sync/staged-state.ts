/**
 * Where a joining node's checkpoint state lives until it is verified, and how it becomes the node's
 * data dir (DESIGN §5.6, §7; sync/checkpoint-join.ts). The state is written once, into a staging
 * store `<target>.checkpoint-import`; once verified and closed it is renamed to
 * `<target>.checkpoint-verified` (the commit point: one atomic rename), then swapped in for the
 * target, which holds no history (it is moved aside to `<target>.checkpoint-replaced` and removed).
 *
 * A crash anywhere leaves one of: an import dir (partial, discarded on the next start) beside an
 * untouched target, or a verified dir (complete) that `recoverStagedState` finishes swapping in. So
 * the target is either the empty store it was or the complete verified state, never a part of one.
 * Free of libp2p (the package's `./staged-state` entry): a node runs the recovery at every start.
 */
import { copyFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { StateStore, StoreError } from '@aimesh/store'

/** The three directories beside a target. */
export interface StagedPaths {
  /** Where an attempt writes (partial until verified). */
  importing: string
  /** A verified, closed state waiting to be swapped in. */
  verified: string
  /** The target's former (empty) store while the verified state takes its place. */
  replaced: string
}

/** The staging paths beside `target`. */
export function stagedPaths(target: string): StagedPaths {
  return {
    importing: `${target}.checkpoint-import`,
    verified: `${target}.checkpoint-verified`,
    replaced: `${target}.checkpoint-replaced`,
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw err
  }
}

/** True when the store holds any message id or an unfinished import (a node that has started before). */
export async function holdsHistory(store: StateStore): Promise<boolean> {
  if (await store.importPending()) return true
  for await (const _ of store.iterateTaskMessageIds()) return true
  return false
}

/** True when the store at `dir` exists and holds history. */
async function targetHoldsHistory(dir: string): Promise<boolean> {
  if (!(await exists(dir))) return false
  const store = await StateStore.open(dir)
  try {
    return await holdsHistory(store)
  } finally {
    await store.close()
  }
}

/** Refuses to replace a target that holds history (the join only ever fills an empty one). */
async function assertReplaceable(target: string): Promise<void> {
  if (await targetHoldsHistory(target))
    throw new StoreError(
      'TARGET_NOT_EMPTY',
      `cannot start ${target} from a checkpoint: it already holds messages; import into a fresh data dir`,
    )
}

/** Swaps a verified dir in for the target (see the file comment); every step may be repeated. */
async function swapIn(paths: StagedPaths, target: string): Promise<void> {
  if (await exists(target)) {
    await rm(paths.replaced, { recursive: true, force: true })
    await rename(target, paths.replaced)
  }
  await rename(paths.verified, target)
  await rm(paths.replaced, { recursive: true, force: true })
}

/**
 * Makes the closed, verified store at `paths.importing` the target: the files named in `carry` are
 * copied over from the target first, the rename to the verified dir is the commit point, then the
 * swap. Throws TARGET_NOT_EMPTY (and commits nothing) when the target holds history.
 */
export async function commitStagedState(target: string, opts: { carry?: string[] } = {}): Promise<void> {
  const paths = stagedPaths(target)
  await assertReplaceable(target)
  for (const name of opts.carry ?? []) {
    try {
      await copyFile(join(target, name), join(paths.importing, name))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  }
  await rm(paths.verified, { recursive: true, force: true })
  await rename(paths.importing, paths.verified)
  await swapIn(paths, target)
}

/** What `recoverStagedState` found beside a target. */
export type StagedRecovery = 'none' | 'discarded' | 'committed'

/**
 * Run before a node opens `target`: finishes swapping in a verified state a crash interrupted
 * ('committed'), or removes a partial import ('discarded'); 'none' when nothing was staged. A target
 * that holds history by then (started meanwhile without the network) keeps it: the verified state
 * is discarded.
 */
export async function recoverStagedState(target: string): Promise<StagedRecovery> {
  const paths = stagedPaths(target)
  let found: StagedRecovery = 'none'
  if (await exists(paths.verified)) {
    if (await targetHoldsHistory(target)) {
      await rm(paths.verified, { recursive: true, force: true })
      found = 'discarded'
    } else {
      await swapIn(paths, target)
      found = 'committed'
    }
  } else if (!(await exists(target)) && (await exists(paths.replaced))) {
    // Not reached by commitStagedState's order; put a target moved aside by hand back.
    await rename(paths.replaced, target)
  }
  if (await exists(paths.importing)) {
    await rm(paths.importing, { recursive: true, force: true })
    if (found === 'none') found = 'discarded'
  }
  await rm(paths.replaced, { recursive: true, force: true })
  return found
}
