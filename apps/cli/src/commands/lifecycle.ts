/**
 * Commands that open a node in this process through the node library (DESIGN §1, §7): `init`
 * (keys, token, data dir), `start` (run a node until a signal), `account` (the home's keystore),
 * `backup`, `recover` and `repair`.
 */

import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { type Context, handler, intOption, type Runtime } from '../context.js'
import { CliError } from '../errors.js'
import { createLogger } from '../log.js'
import { nodeFn } from '../node-lib.js'
import { emit, keyValues, table, toJson } from '../output.js'
import { progressBar } from '../progress.js'

const collect = (v: string, prev: string[] = []) => [...prev, v]

/** A keystore account as the node library lists it. */
interface AccountInfo {
  name: string
  address: string
  publicKey: string
  roles?: string[]
}

/** The home's resolved config (defaults < config file < AIMESH_* < the home given). */
async function homeConfig(
  ctx: Context,
): Promise<{ keystoreDir: string; dataDir: string; backupDir: string; home: string }> {
  return (await nodeFn('loadConfig'))({ options: { home: ctx.home }, env: ctx.env })
}

async function keystore(ctx: Context): Promise<{ keystoreDir: string; passphrase?: string }> {
  return { keystoreDir: (await homeConfig(ctx)).keystoreDir, passphrase: ctx.env.AIMESH_PASSPHRASE }
}

async function readStdin(): Promise<string> {
  let text = ''
  for await (const chunk of process.stdin) text += chunk
  return text
}

export function registerLifecycleCommands(program: Command, rt: Runtime): void {
  program
    .command('init')
    .description('create a home: a keystore (mode 0600), an API token, a genesis, a config and a data dir')
    .option(
      '--genesis <file>',
      'genesis JSON of the network to join (default: a one-node devnet of the new account)',
    )
    .option('--data-dir <dir>', 'where the LevelDB store lives (default: <home>/data)')
    .option('--account <name>', 'name of the first account', 'default')
    .option('--passphrase <text>', 'encrypt the keystore with this passphrase (or set AIMESH_PASSPHRASE)')
    .action(
      handler(
        rt,
        async (ctx, o: { genesis?: string; dataDir?: string; account: string; passphrase?: string }) => {
          const genesis =
            o.genesis === undefined ? undefined : (await (await nodeFn('loadGenesisFile'))(o.genesis)).genesis
          const r = await (await nodeFn('init'))({
            home: ctx.home,
            genesis,
            config: o.dataDir === undefined ? {} : { dataDir: o.dataDir },
            account: { name: o.account },
            passphrase: o.passphrase ?? ctx.env.AIMESH_PASSPHRASE,
          })
          const out = {
            home: r.config.home,
            dataDir: r.config.dataDir,
            keystore: r.config.keystoreDir,
            apiTokenFile: r.config.apiTokenFile,
            genesisHash: r.genesis.hash,
            networkId: r.genesis.genesis.networkId,
            account: r.account,
          }
          emit(ctx.io, ctx.json, out, (x) =>
            [
              `initialized ${x.home}`,
              keyValues([
                ['network', x.networkId],
                ['genesis', x.genesisHash],
                ['account', `${x.account?.name ?? '-'} ${x.account?.address ?? ''}`],
                ['data dir', x.dataDir],
                ['keystore', x.keystore],
                ['API token', x.apiTokenFile],
              ]),
              '',
              `next: aimesh --home ${x.home} start`,
            ].join('\n'),
          )
        },
      ),
    )

  const account = program.command('account').description("manage the home's keystore accounts")

  account
    .command('new')
    .description('create an account in the keystore')
    .argument('<name>', 'a name to refer to it by (e.g. miner-1)')
    .option(
      '--role <role>',
      'publisher, miner or validator (repeatable; default publisher and miner)',
      collect,
    )
    .action(
      handler(rt, async (ctx, name: string, o: { role?: string[] }) => {
        const r: AccountInfo = await (await nodeFn('accountNew'))({
          ...(await keystore(ctx)),
          name,
          roles: o.role,
        })
        emit(ctx.io, ctx.json, r, (x) => `created ${x.name} ${x.address}`)
      }),
    )

  account
    .command('list')
    .description('list the keystore accounts (no secrets)')
    .action(
      handler(rt, async (ctx) => {
        const accounts: AccountInfo[] = await (await nodeFn('accountList'))(await keystore(ctx))
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
    .description("print an account's key file (keep it secret; seal it with --export-passphrase)")
    .argument('<name>', 'account name')
    .option('--export-passphrase <text>', 'seal the exported key file with this passphrase')
    .action(
      handler(rt, async (ctx, name: string, o: { exportPassphrase?: string }) => {
        const text: string = await (await nodeFn('accountExport'))({
          ...(await keystore(ctx)),
          account: name,
          exportPassphrase: o.exportPassphrase,
        })
        ctx.io.out(text)
      }),
    )

  account
    .command('import')
    .description('import an account from a key file made by `account export` (or a 64-hex seed)')
    .argument('<file>', 'key file path, or - for standard input')
    .option('--name <name>', 'name to store it under')
    .option('--role <role>', 'publisher, miner or validator (repeatable)', collect)
    .option('--import-passphrase <text>', 'passphrase the key file was sealed with')
    .action(
      handler(
        rt,
        async (ctx, file: string, o: { name?: string; role?: string[]; importPassphrase?: string }) => {
          const text = file === '-' ? await readStdin() : await readFile(file, 'utf8')
          const r: AccountInfo = await (await nodeFn('accountImport'))({
            ...(await keystore(ctx)),
            text: text.trim(),
            name: o.name,
            roles: o.role,
            importPassphrase: o.importPassphrase,
          })
          emit(ctx.io, ctx.json, r, (x) => `imported ${x.name} ${x.address}`)
        },
      ),
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
