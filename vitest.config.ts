import { configDefaults, defineConfig } from 'vitest/config'

/**
 * Suites left out of the fast loop (`npm run test:unit`; `npm test` runs everything): SIGKILL and
 * multi-process crash suites, multi-node and real-process suites, whole-simulation and long
 * property suites (each several seconds). Cross-package suites in test/ are all of this kind. A new
 * suite of that kind is added here, or named `*.slow.test.ts` (`*.e2e.test.ts` / `*-e2e.test.ts`
 * for end-to-end suites).
 */
const SLOW_SUITES = [
  '**/*.slow.test.ts',
  '**/*.e2e.test.ts',
  '**/*-e2e.test.ts',
  'test/**/*.test.ts',
  // SIGKILL, child processes, file locks across processes
  'packages/store/test/crash.test.ts',
  'packages/store/test/backup-restore-kill.test.ts',
  'packages/store/test/lock.test.ts',
  'packages/store/test/trust/file-trust-store.test.ts',
  'apps/cli/test/supervisor.test.ts',
  // several libp2p nodes, a whole node, real HTTP
  'packages/network/test/network-basics.test.ts',
  'packages/network/test/gossip-pipeline.test.ts',
  'packages/node/test/lifecycle.test.ts',
  'packages/node/test/api.test.ts',
  'packages/node/test/keystore.test.ts',
  'packages/node/test/network.test.ts',
  'packages/node/test/backups.test.ts',
  'packages/node/test/duties.test.ts',
  'packages/node/test/profile-work.test.ts',
  'packages/network/test/invalid-signature-peer.test.ts',
  'packages/network/test/dht-two-hops.test.ts',
  'packages/network/test/five-node-line.test.ts',
  'packages/network/test/parents-first.test.ts',
  'packages/network/test/stock-peer.test.ts',
  // long properties over whole workloads
  'packages/engine/test/order-independence.test.ts',
  'packages/simulation/test/workload.test.ts',
  'packages/engine/test/consensus-collusion.test.ts',
  'packages/engine/test/failed-write.test.ts',
  'packages/engine/test/finality.test.ts',
  'packages/engine/test/verdict-order.test.ts',
  'packages/engine/test/startup.test.ts',
  'packages/engine/test/repair.test.ts',
  'packages/engine/test/alert-roundtrip.test.ts',
  'packages/engine/test/group-commit.test.ts',
  'packages/engine/test/behaviour.test.ts',
  'packages/protocol/test/envelope.test.ts',
  'packages/protocol/test/envelope-untrusted.test.ts',
  'packages/protocol/test/verify.test.ts',
  'packages/store/test/backup.test.ts',
  'packages/store/test/write-path.test.ts',
  'packages/store/test/integrity.test.ts',
  'packages/store/test/store.test.ts',
  'packages/store/test/trust/transactions.property.test.ts',
]

/** Every suite. */
const ALL_SUITES = ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/**/*.test.ts']

export default defineConfig({
  test: {
    setupFiles: ['packages/protocol/src/shim/promise-with-resolvers.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ALL_SUITES, exclude: [...configDefaults.exclude, ...SLOW_SUITES] },
      },
      { extends: true, test: { name: 'slow', include: SLOW_SUITES } },
    ],
  },
})
