import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileTrustStore } from '../../src/trust/file-trust-store.js'
import { LevelTrustStore } from '../../src/trust/level-trust-store.js'
import { MemoryTrustStore } from '../../src/trust/memory-trust-store.js'
import type { TrustScore, TrustStore, TrustUpdate } from '../../src/trust/trust-store.js'

/** A temp directory and its removal. */
export function tempDir(tag = 'trust'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `aimesh-${tag}-`))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Opens fresh stores of one backend; `dispose` closes them and removes their files. */
export interface BackendFactory {
  name: 'level' | 'file' | 'memory'
  open(): Promise<TrustStore>
  dispose(): Promise<void>
}

/** A factory for each backend, each store in its own temp directory. */
export function makeFactory(name: BackendFactory['name']): BackendFactory {
  const opened: TrustStore[] = []
  const dirs: (() => void)[] = []
  return {
    name,
    async open() {
      let store: TrustStore
      if (name === 'memory') store = await MemoryTrustStore.open()
      else {
        const { dir, cleanup } = tempDir(name)
        dirs.push(cleanup)
        store =
          name === 'file'
            ? await FileTrustStore.open(dir)
            : await LevelTrustStore.open({ path: join(dir, 'db') })
      }
      opened.push(store)
      return store
    },
    async dispose() {
      for (const s of opened.splice(0)) await s.close()
      for (const c of dirs.splice(0)) c()
    },
  }
}

/** A canonical 64-hex account id built from a byte. */
export function hexAccount(byte: number): string {
  return byte.toString(16).padStart(2, '0').repeat(32)
}

/** A valid score record with overrides. */
export function score(account: string, value = 0.5, extra: Partial<TrustScore> = {}): TrustScore {
  return {
    account,
    score: value,
    verifiedSuccesses: 0,
    unverifiedSuccesses: 0,
    failures: 0,
    lastUpdated: 1_700_000_000_000,
    ...extra,
  }
}

/** A valid update record with overrides. */
export function update(account: string, timestamp: number, extra: Partial<TrustUpdate> = {}): TrustUpdate {
  return { account, delta: 0.05, kind: 'verified-success', timestamp, scoreAfter: 0.55, ...extra }
}
