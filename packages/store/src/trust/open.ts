import { FileTrustStore } from './file-trust-store.js'
import { LevelTrustStore, type LevelTrustStoreOptions } from './level-trust-store.js'
import { MemoryTrustStore } from './memory-trust-store.js'
import type { TrustStore } from './trust-store.js'

/** How to open a trust store: level is the default backend. */
export type OpenTrustStoreOptions =
  | ({ backend?: 'level' } & LevelTrustStoreOptions)
  | { backend: 'file'; dir: string }
  | { backend: 'memory' }

/** Opens a trust store with the chosen backend (level unless told otherwise). */
export async function openTrustStore(options: OpenTrustStoreOptions): Promise<TrustStore> {
  switch (options.backend) {
    case 'file':
      return FileTrustStore.open(options.dir)
    case 'memory':
      return MemoryTrustStore.open()
    default:
      return LevelTrustStore.open(options)
  }
}
