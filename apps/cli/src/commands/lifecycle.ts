/**
 * Commands that open a node in this process through the node library (DESIGN §1, §7): `init`
 * (keys, token, data dir), `start` (run a node until a signal), `account` (the home's keystore),
 * `backup`, `recover` and `repair`.
 */
import type { Command } from 'commander'
import { handler, intOption, type Runtime } from '../context.js'
import { CliError } from '../errors.js'
import { createLogger } from '../log.js'
import { nodeFn } from '../node-lib.js'
import { emit, keyValues, table, toJson } from '../output.js'
import { progressBar } from '../progress.js'

const collect = (v: string, prev: string[] = []) => [...prev, v]

export function registerLifecycleCommands(program: Command, rt: Runtime): void {
  program
    .command('init')
    .description('create a home: a keystore (mode 0600), an API token, a config and a data dir')
    .option('--genesis <file>', 'genesis JSON of the network to join (default: a local devnet genesis)')
    .option('--data-dir <dir>', 'where the LevelDB store lives (default: <home>/data)')
    .option('--passphrase <text>', 'encrypt the keystore with this passphrase (or set AIMESH_PASSPHRASE)')
    .option('--seed <text>', 'derive keys from this seed and --index instead of at random (testnets only)')
    .option('--index <n>', 'node index for --seed', intOption('--index', 0, 1000), 0)
    .option('--force', 'overwrite an existing home')
    .action(
      handler(rt, async (ctx, o: Record<string, unknown>) => {
        const init = await nodeFn('initHome')
        const r = await init({
          home: ctx.home,
          genesis: o.genesis,
          dataDir: o.dataDir,
          passphrase: o.passphrase ?? ctx.env.AIMESH_PASSPHRASE,
          seed: o.seed,
          index: o.index,
          force: o.force === true,
        })
        emit(ctx.io, ctx.json, r, (x: Record<string, unknown>) =>
          [`initialized ${ctx.home}`, keyValues(Object.entries(x)), '', 'next: aimesh start'].join('\n'),
        )
      }),
    )

  const account = program.command('account').description("manage the home's keystore accounts")

  account
    .command('new')
    .description('create an account in the keystore')
    .argument('<name>', 'a name to refer to it by (e.g. miner-1)')
    .option('--role <role>', 'publisher, miner or validator (repeatable)', collect)
    .action(
      handler(rt, async (ctx, name: string, o: { role?: string[] }) => {
        const r = await (await nodeFn('createAccount'))({ home: ctx.home, name, roles: o.role ?? [] })
        emit(ctx.io, ctx.json, r, (x: { address?: string }) => `created ${name} ${x.address ?? ''}`.trim())
      }),
    )

  account
    .command('list')
    .description('list the keystore accounts')
    .action(
      handler(rt, async (ctx) => {
        const accounts: { name: string; address: string; roles?: string[] }[] = await (
          await nodeFn('listAccounts')
        )({ home: ctx.home })
        emit(ctx.io, ctx.json, { accounts }, (x) =>
          x.accounts.length
            ? table(
                ['NAME', 'ADDRESS', 'ROLES'],
                x.accounts.map((a) => [a.name, a.address, (a.roles ?? []).join(',')]),
              )
            : 'no accounts',
        )
      }),
    )

  account
    .command('export')
    .description("print an account's key file (keep it secret)")
    .argument('<name>', 'account name')
    .action(
      handler(rt, async (ctx, name: string) => {
        const r = await (await nodeFn('exportAccount'))({ home: ctx.home, name })
        ctx.io.out(typeof r === 'string' ? r : toJson(r))
      }),
    )

  account
    .command('import')
    .description('import an account from a key file made by `account export`')
    .argument('<file>', 'key file path')
    .option('--name <name>', 'name to store it under')
    .action(
      handler(rt, async (ctx, file: string, o: { name?: string }) => {
        const r = await (await nodeFn('importAccount'))({ home: ctx.home, file, name: o.name })
        emit(
          ctx.io,
          ctx.json,
          r,
          (x: { name?: string; address?: string }) => `imported ${x.name ?? ''} ${x.address ?? ''}`,
        )
      }),
    )

  const backup = program.command('backup').description('back up, list, verify and restore the node store')

  backup
    .command('create')
    .description('write a backup now: through the running node, or with --offline from a stopped one')
    .option('--offline', 'open the data dir directly (the node must be stopped)')
    .action(
      handler(rt, async (ctx, o: { offline?: boolean }) => {
        if (!o.offline) {
          const r = await ctx.api().backup()
          return emit(ctx.io, ctx.json, r, (x) => `backup written\n${keyValues(Object.entries(x))}`)
        }
        const bar = progressBar(ctx.io, ctx.json, 'backup')
        const r = await (await nodeFn('createBackup'))({
          home: ctx.home,
          onProgress: (done: number, total: number) => bar.update(done, total),
        })
        bar.stop()
        emit(
          ctx.io,
          ctx.json,
          r,
          (x: Record<string, unknown>) => `backup written\n${keyValues(Object.entries(x))}`,
        )
      }),
    )

  backup
    .command('list')
    .description('list backups, newest first')
    .action(
      handler(rt, async (ctx) => {
        const backups: Record<string, unknown>[] = await (await nodeFn('listBackups'))({ home: ctx.home })
        emit(ctx.io, ctx.json, { backups }, (x) =>
          x.backups.length
            ? table(
                ['ID', 'CREATED', 'KIND', 'MESSAGES'],
                x.backups.map((b) => [
                  String(b.id ?? b.path),
                  String(b.createdAt ?? ''),
                  String(b.kind ?? ''),
                  String(b.messages ?? ''),
                ]),
              )
            : 'no backups',
        )
      }),
    )

  backup
    .command('verify')
    .description("check a backup's manifest and checksums (default: every backup)")
    .argument('[backup]', 'backup id or path')
    .action(
      handler(rt, async (ctx, id: string | undefined) => {
        const r: { ok: boolean } & Record<string, unknown> = await (await nodeFn('verifyBackup'))({
          home: ctx.home,
          backup: id,
        })
        emit(ctx.io, ctx.json, r, (x) => (x.ok ? 'backup verified' : `backup damaged: ${toJson(x, 0)}`))
        if (!r.ok)
          throw new CliError(
            'BACKUP_DAMAGED',
            'the backup failed verification; restore an older one (aimesh backup list)',
          )
      }),
    )

  backup
    .command('restore')
    .description('restore a backup into a fresh data dir (the node must be stopped)')
    .argument('[backup]', 'backup id or path (default: the newest good one)')
    .option('--to <dir>', 'target data dir (default: the home data dir; it must be empty)')
    .action(
      handler(rt, async (ctx, id: string | undefined, o: { to?: string }) => {
        const bar = progressBar(ctx.io, ctx.json, 'restore')
        const r = await (await nodeFn('restoreBackup'))({
          home: ctx.home,
          backup: id,
          target: o.to,
          onProgress: (done: number, total: number) => bar.update(done, total),
        })
        bar.stop()
        emit(ctx.io, ctx.json, r, (x: Record<string, unknown>) => `restored\n${keyValues(Object.entries(x))}`)
      }),
    )

  program
    .command('recover')
    .description('disaster recovery: restore the newest good backup, sync the rest from peers, compare roots')
    .option(
      '-b, --bootstrap <multiaddr>',
      'a peer to sync from (repeatable; default: the configured ones)',
      collect,
    )
    .option('--data-dir <dir>', 'data dir to rebuild (default: from the home)')
    .option('--p2p-port <port>', 'libp2p TCP port while recovering', intOption('--p2p-port', 0, 65535))
    .option('--timeout <seconds>', 'give up syncing after this long', intOption('--timeout', 1, 86_400), 120)
    .action(
      handler(
        rt,
        async (ctx, o: { bootstrap?: string[]; dataDir?: string; p2pPort?: number; timeout: number }) => {
          const bar = progressBar(ctx.io, ctx.json, 'recover')
          const r: { rootsMatch?: boolean } & Record<string, unknown> = await (await nodeFn('recover'))({
            home: ctx.home,
            dataDir: o.dataDir,
            bootstrap: o.bootstrap,
            p2pPort: o.p2pPort,
            timeoutMs: o.timeout * 1000,
            logger: createLogger({ level: 'warn' }),
            onProgress: (done: number, total: number) => bar.update(done, total),
          })
          bar.stop()
          emit(ctx.io, ctx.json, r, (x) => `recovery report\n${keyValues(Object.entries(x))}`)
          if (r.rootsMatch === false)
            throw new CliError(
              'ROOTS_DIFFER',
              "recovered, but this node's state root differs from its peers'; start the node to let anti-entropy finish, then check `aimesh status`",
            )
        },
      ),
    )

  program
    .command('repair')
    .description('rebuild every derived record and index from the message log (the node must be stopped)')
    .option('--data-dir <dir>', 'data dir to repair (default: from the home)')
    .action(
      handler(rt, async (ctx, o: { dataDir?: string }) => {
        const r = await (await nodeFn('repair'))({ home: ctx.home, dataDir: o.dataDir })
        emit(
          ctx.io,
          ctx.json,
          r,
          (x: Record<string, unknown>) => `repaired\n${keyValues(Object.entries(x ?? {}))}`,
        )
      }),
    )
}
